import CellKernels

/// The minLSTM cell (Feng et al. 2024, "Were RNNs All We Needed?", sequential form), blocks
/// f, i, h̃. Its gates read only the input, and f and i are normalised to sum to one, so the
/// state is a convex mix of `h_{t−1}` and the candidate:
///
///     f = σ(W_f x + b_f)     i = σ(W_i x + b_i)     h̃ = W_h x + b_h
///     f′ = f / (f + i)       i′ = i / (f + i)
///     h_t = f′ ⊙ h_{t−1} + i′ ⊙ h̃
///
/// Backward, with dh = ∂J/∂h_t, s = f + i and u = dh ⊙ (h_{t−1} − h̃) (= ∂J/∂f′ − ∂J/∂i′):
///
///     da_f = u ⊙ (i′ / s) ⊙ f(1 − f)     da_i = −u ⊙ (f′ / s) ⊙ i(1 − i)
///     da_h = dh ⊙ i′                      ∂J/∂h_{t−1} = dh ⊙ f′
///
/// The weights are `weight_ih_lk` `(3H, I)` and `bias_ih_lk` `(3H)` in block order f, i, h̃,
/// as the reference module `Tests/AnalysisTests/Fixtures/min_units.py` names them.
enum MinLSTMCell {
  /// gates: (`W_ih x_t` when `gatesHoldInputProduct`) in, f, i and (dense input only) h̃ out;
  /// state = h_t.
  static func forward<T: Scalar>(_ s: CellStep<T>) {
    if T.self == Float.self {
      return CellKernel.forward(s.asFloat, memstudy_minlstm_forward_8, memstudy_minlstm_forward_16)
    }
    let h = s.hidden
    for b in 0..<s.batch {
      let g = s.gates + b * 3 * h, x = s.input.row(b), row = b * h
      for j in 0..<h {
        var (af, ai, ah) = (x[j], x[h + j], x[2 * h + j])
        if s.gatesHoldInputProduct {
          af += g[j]
          ai += g[h + j]
          ah += g[2 * h + j]
        }
        let f = T.sigmoid(af), i = T.sigmoid(ai)
        g[j] = f
        g[h + j] = i
        if s.gatesHoldInputProduct { g[2 * h + j] = ah }  // else the token's row holds it
        let sum = f + i
        s.state[row + j] = f / sum * s.statePrevious[row + j] + i / sum * ah
      }
    }
  }

  /// Writes dInput (when kept) and ∂J/∂h_{t−1} (the whole of it: there is no product) into
  /// dStatePrevious; adds the input projection's gradient to the row's input gradient.
  static func backward<T: Scalar>(_ s: CellGradientStep<T>) {
    if T.self == Float.self {
      return CellKernel.backward(s.asFloat, memstudy_minlstm_backward_8, memstudy_minlstm_backward_16)
    }
    let h = s.hidden
    for b in 0..<s.batch {
      let g = s.gates + b * 3 * h, dx = s.dInput.map { $0 + b * 3 * h }, sink = s.inputGradient.row(b)
      // h̃: the token's row of the input table, or the tape's for dense input.
      let x = s.input.ids == nil ? UnsafePointer(g) : UnsafePointer(s.input.row(b))
      for j in 0..<h {
        let k = b * h + j
        let (f, i, candidate) = (g[j], g[h + j], x[2 * h + j])
        let sum = f + i
        let (fn, inorm) = (f / sum, i / sum)
        let dh = s.dState[k]
        let u = dh * (s.statePrevious[k] - candidate)
        let df = u * (inorm / sum) * f * (1 - f)
        let di = -u * (fn / sum) * i * (1 - i)
        let dCandidate = dh * inorm
        dx?[j] = df
        dx?[h + j] = di
        dx?[2 * h + j] = dCandidate
        sink[j] += df
        sink[h + j] += di
        sink[2 * h + j] += dCandidate
        s.dStatePrevious[k] = dh * fn
      }
    }
  }
}
