import CellKernels

/// The minGRU cell (Feng et al. 2024, "Were RNNs All We Needed?", sequential form), blocks
/// z, h̃. Its gates read only the input, so a step has no product and the state update is an
/// elementwise linear recurrence in `h`:
///
///     z = σ(W_z x + b_z)     h̃ = W_h x + b_h
///     h_t = (1 − z) ⊙ h_{t−1} + z ⊙ h̃
///
/// Backward, with dh = ∂J/∂h_t:
///
///     da_z = dh ⊙ (h̃ − h_{t−1}) ⊙ z(1 − z)     da_h = dh ⊙ z
///     ∂J/∂h_{t−1} = dh ⊙ (1 − z)
///
/// The weights are `weight_ih_lk` `(2H, I)` and `bias_ih_lk` `(2H)` in block order z, h̃, as
/// the reference module `Tests/AnalysisTests/Fixtures/min_units.py` names them.
enum MinGRUCell {
  /// gates: (`W_ih x_t` when `gatesHoldInputProduct`) in, z and (dense input only) h̃ out;
  /// state = h_t.
  static func forward<T: Scalar>(_ s: CellStep<T>) {
    if T.self == Float.self {
      return CellKernel.forward(s.asFloat, memstudy_mingru_forward_8, memstudy_mingru_forward_16)
    }
    let h = s.hidden
    for b in 0..<s.batch {
      let g = s.gates + b * 2 * h, x = s.input.row(b), row = b * h
      for j in 0..<h {
        var (az, ah) = (x[j], x[h + j])
        if s.gatesHoldInputProduct {
          az += g[j]
          ah += g[h + j]
        }
        let z = T.sigmoid(az)
        g[j] = z
        if s.gatesHoldInputProduct { g[h + j] = ah }  // else the token's row holds it
        s.state[row + j] = (1 - z) * s.statePrevious[row + j] + z * ah
      }
    }
  }

  /// Writes dInput (when kept) and ∂J/∂h_{t−1} (the whole of it: there is no product) into
  /// dStatePrevious; adds the input projection's gradient to the row's input gradient.
  static func backward<T: Scalar>(_ s: CellGradientStep<T>) {
    if T.self == Float.self {
      return CellKernel.backward(s.asFloat, memstudy_mingru_backward_8, memstudy_mingru_backward_16)
    }
    let h = s.hidden
    for b in 0..<s.batch {
      let g = s.gates + b * 2 * h, dx = s.dInput.map { $0 + b * 2 * h }, sink = s.inputGradient.row(b)
      // h̃: the token's row of the input table, or the tape's for dense input.
      let x = s.input.ids == nil ? UnsafePointer(g) : UnsafePointer(s.input.row(b))
      for j in 0..<h {
        let k = b * h + j
        let (z, candidate) = (g[j], x[h + j])
        let dh = s.dState[k]
        let dz = dh * (candidate - s.statePrevious[k]) * z * (1 - z)
        let dCandidate = dh * z
        dx?[j] = dz
        dx?[h + j] = dCandidate
        sink[j] += dz
        sink[h + j] += dCandidate
        s.dStatePrevious[k] = dh * (1 - z)
      }
    }
  }
}
