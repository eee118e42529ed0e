import CellKernels

/// The LSTM cell (`torch.nn.LSTM`), gate blocks i, f, g, o:
///
///     i = σ(W_ii x + b_ii + W_hi h + b_hi)     f = σ(W_if x + b_if + W_hf h + b_hf)
///     g = tanh(W_ig x + b_ig + W_hg h + b_hg)  o = σ(W_io x + b_io + W_ho h + b_ho)
///     c_t = f ⊙ c_{t−1} + i ⊙ g                h_t = o ⊙ tanh(c_t)
///
/// Backward, with dh = ∂J/∂h_t, dc = ∂J/∂c_t (from t + 1) and a_· the pre-activations:
///
///     dc ← dc + dh ⊙ o ⊙ (1 − tanh²c_t)
///     da_i = dc ⊙ g ⊙ i(1 − i)        da_f = dc ⊙ c_{t−1} ⊙ f(1 − f)
///     da_g = dc ⊙ i ⊙ (1 − g²)        da_o = dh ⊙ tanh c_t ⊙ o(1 − o)
///     ∂J/∂c_{t−1} = dc ⊙ f
///
/// The four pre-activation gradients are shared by the input and the hidden projection.
enum LSTMCell {
  /// gates: `W_hh h_{t−1}` (+ `W_ih x_t`) in, i, f, g, o out; c_t, tanh c_t, h_t out.
  static func forward<T: Scalar>(_ s: CellStep<T>) {
    if T.self == Float.self {
      return CellKernel.forward(s.asFloat, memstudy_lstm_forward_8, memstudy_lstm_forward_16)
    }
    let h = s.hidden
    for b in 0..<s.batch {
      let g = s.gates + b * 4 * h, x = s.input.row(b), row = b * h
      for j in 0..<h {
        let i = T.sigmoid(g[j] + x[j])
        let f = T.sigmoid(g[h + j] + x[h + j])
        let gg = T.tanh(g[2 * h + j] + x[2 * h + j])
        let o = T.sigmoid(g[3 * h + j] + x[3 * h + j])
        g[j] = i
        g[h + j] = f
        g[2 * h + j] = gg
        g[3 * h + j] = o
        let c = i * gg + f * s.cellPrevious[row + j]
        let tc = T.tanh(c)
        s.cell[row + j] = c
        s.cellTanh[row + j] = tc
        s.state[row + j] = o * tc
      }
    }
  }

  /// Reads dState and dCell (updated in place to ∂J/∂c_{t−1}); writes the four blocks of
  /// dHidden (also the input projection's) and adds them to the row's input gradient.
  static func backward<T: Scalar>(_ s: CellGradientStep<T>) {
    if T.self == Float.self {
      return CellKernel.backward(s.asFloat, memstudy_lstm_backward_8, memstudy_lstm_backward_16)
    }
    let h = s.hidden
    for b in 0..<s.batch {
      let g = s.gates + b * 4 * h, d = s.dHidden + b * 4 * h, dx = s.inputGradient.row(b)
      for j in 0..<h {
        let k = b * h + j
        let (i, f, gg, o) = (g[j], g[h + j], g[2 * h + j], g[3 * h + j])
        let tc = s.cellTanh[k], dh = s.dState[k]
        let dc = s.dCell[k] + dh * o * (1 - tc * tc)
        let di = dc * gg * i * (1 - i)
        let df = dc * s.cellPrevious[k] * f * (1 - f)
        let dg = dc * i * (1 - gg * gg)
        let dOut = dh * tc * o * (1 - o)
        d[j] = di
        d[h + j] = df
        d[2 * h + j] = dg
        d[3 * h + j] = dOut
        dx[j] += di
        dx[h + j] += df
        dx[2 * h + j] += dg
        dx[3 * h + j] += dOut
        s.dCell[k] = dc * f
      }
    }
  }
}
