import CellKernels

/// The Elman cell with tanh (`torch.nn.RNN`):
///
///     h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)
///
/// Backward, with a = the pre-activation: ∂J/∂a = ∂J/∂h_t ⊙ (1 − h_t²), shared by the input
/// and the hidden projection (and both biases).
enum VanillaRNNCell {
  /// gates: `W_hh h_{t−1}` (+ `W_ih x_t`) in, h_t out; state = h_t.
  static func forward<T: Scalar>(_ s: CellStep<T>) {
    if T.self == Float.self {
      return CellKernel.forward(s.asFloat, memstudy_vrnn_forward_8, memstudy_vrnn_forward_16)
    }
    let h = s.hidden
    for b in 0..<s.batch {
      let g = s.gates + b * h, x = s.input.row(b), out = s.state + b * h
      for j in 0..<h {
        let v = T.tanh(g[j] + x[j])
        g[j] = v
        out[j] = v
      }
    }
  }

  /// dHidden = ∂J/∂a (also the input projection's); the input-gradient row += ∂J/∂a.
  static func backward<T: Scalar>(_ s: CellGradientStep<T>) {
    if T.self == Float.self {
      return CellKernel.backward(s.asFloat, memstudy_vrnn_backward_8, memstudy_vrnn_backward_16)
    }
    let h = s.hidden
    for b in 0..<s.batch {
      let g = s.gates + b * h, dh = s.dState + b * h, d = s.dHidden + b * h
      let dx = s.inputGradient.row(b)
      for j in 0..<h {
        let v = g[j]
        let da = dh[j] * (1 - v * v)
        d[j] = da
        dx[j] += da
      }
    }
  }
}
