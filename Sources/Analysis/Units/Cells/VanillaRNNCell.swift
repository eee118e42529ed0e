/// The Elman cell with tanh (`torch.nn.RNN`):
///
///     h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)
///
/// Backward, with a = the pre-activation: ∂J/∂a = ∂J/∂h_t ⊙ (1 − h_t²), shared by the input
/// and the hidden projection (and both biases).
enum VanillaRNNCell {
  /// gates: `W_hh h_{t−1}` (+ `W_ih x_t`) in, h_t out; state = h_t.
  static func forward<T: Scalar>(_ s: CellStep<T>) {
    if T.self == Float.self { return forwardLanes(s.asFloat) }
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

  /// dInput = ∂J/∂a; the input-gradient row += ∂J/∂a.
  static func backward<T: Scalar>(_ s: CellGradientStep<T>) {
    if T.self == Float.self { return backwardLanes(s.asFloat) }
    let h = s.hidden
    for b in 0..<s.batch {
      let g = s.gates + b * h, dh = s.dState + b * h, d = s.dInput + b * h
      let dx = s.inputGradient.row(b)
      for j in 0..<h {
        let v = g[j]
        let da = dh[j] * (1 - v * v)
        d[j] = da
        dx[j] += da
      }
    }
  }

  // MARK: - Float, eight lanes

  private static func forwardLanes(_ s: CellStep<Float>) {
    for b in 0..<s.batch {
      var j = 0
      while j + 8 <= s.hidden {
        forwardGroup(s, b, j, 8)
        j += 8
      }
      if j < s.hidden { forwardGroup(s, b, j, s.hidden - j) }
    }
  }

  @_transparent
  private static func forwardGroup(_ s: CellStep<Float>, _ b: Int, _ j: Int, _ n: Int) {
    let h = s.hidden
    let g = s.gates + b * h + j, x = s.input.row(b) + j, out = s.state + b * h + j
    let v = VectorMath.tanh(CellLanes.load(g, n) + CellLanes.load(x, n))
    CellLanes.store(v, g, n)
    CellLanes.store(v, out, n)
  }

  private static func backwardLanes(_ s: CellGradientStep<Float>) {
    for b in 0..<s.batch {
      var j = 0
      while j + 8 <= s.hidden {
        backwardGroup(s, b, j, 8)
        j += 8
      }
      if j < s.hidden { backwardGroup(s, b, j, s.hidden - j) }
    }
  }

  @_transparent
  private static func backwardGroup(_ s: CellGradientStep<Float>, _ b: Int, _ j: Int, _ n: Int) {
    let k = b * s.hidden + j
    let v = CellLanes.load(s.gates + k, n)
    let da = CellLanes.load(s.dState + k, n) * (1 - v * v)
    CellLanes.store(da, s.dInput + k, n)
    CellLanes.add(da, s.inputGradient.row(b) + j, n)
  }
}
