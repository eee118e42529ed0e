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
    let h = s.hidden
    for b in 0..<s.batch {
      let row = Forward(gates: s.gates + b * h, input: s.input.row(b), state: s.state + b * h)
      var j = 0
      while j + 8 <= h {
        forwardGroup(row, j, 8)
        j += 8
      }
      if j < h { forwardTail(row, j, h - j) }
    }
  }

  /// One row's pointers, `(H)` each.
  private struct Forward {
    let gates: UnsafeMutablePointer<Float>
    let input: UnsafeMutablePointer<Float>
    let state: UnsafeMutablePointer<Float>
  }

  /// The last `n` < 8 lanes of a row go through an out-of-line copy of the group: one inlined
  /// body per lanes function keeps it within the inliner's budget.
  @inline(never)
  private static func forwardTail(_ r: Forward, _ j: Int, _ n: Int) { forwardGroup(r, j, n) }

  @_transparent
  private static func forwardGroup(_ r: Forward, _ j: Int, _ n: Int) {
    let v = VectorMath.tanh(CellLanes.load(r.gates + j, n) + CellLanes.load(r.input + j, n))
    CellLanes.store(v, r.gates + j, n)
    CellLanes.store(v, r.state + j, n)
  }

  private static func backwardLanes(_ s: CellGradientStep<Float>) {
    let h = s.hidden
    for b in 0..<s.batch {
      let row = Backward(
        gates: s.gates + b * h, dState: s.dState + b * h, dInput: s.dInput + b * h,
        inputGradient: s.inputGradient.row(b))
      var j = 0
      while j + 8 <= h {
        backwardGroup(row, j, 8)
        j += 8
      }
      if j < h { backwardTail(row, j, h - j) }
    }
  }

  private struct Backward {
    let gates: UnsafePointer<Float>
    let dState: UnsafePointer<Float>
    let dInput: UnsafeMutablePointer<Float>
    let inputGradient: UnsafeMutablePointer<Float>
  }

  @inline(never)
  private static func backwardTail(_ r: Backward, _ j: Int, _ n: Int) { backwardGroup(r, j, n) }

  @_transparent
  private static func backwardGroup(_ r: Backward, _ j: Int, _ n: Int) {
    let v = CellLanes.load(r.gates + j, n)
    let da = CellLanes.load(r.dState + j, n) * (1 - v * v)
    CellLanes.store(da, r.dInput + j, n)
    CellLanes.add(da, r.inputGradient + j, n)
  }
}
