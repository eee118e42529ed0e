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
    if T.self == Float.self { return forwardLanes(s.asFloat) }
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
  /// dInput and adds them to the row's input gradient.
  static func backward<T: Scalar>(_ s: CellGradientStep<T>) {
    if T.self == Float.self { return backwardLanes(s.asFloat) }
    let h = s.hidden
    for b in 0..<s.batch {
      let g = s.gates + b * 4 * h, d = s.dInput + b * 4 * h, dx = s.inputGradient.row(b)
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

  // MARK: - Float, eight lanes

  private static func forwardLanes(_ s: CellStep<Float>) {
    let h = s.hidden
    for b in 0..<s.batch {
      let row = Forward(
        h: h, gates: s.gates + b * 4 * h, input: s.input.row(b),
        cellPrevious: s.cellPrevious + b * h, cell: s.cell + b * h,
        cellTanh: s.cellTanh + b * h, state: s.state + b * h)
      var j = 0
      while j + 8 <= h {
        forwardGroup(row, j, 8)
        j += 8
      }
      if j < h { forwardTail(row, j, h - j) }
    }
  }

  /// One row's pointers: gates and input `(4H)`, the rest `(H)`.
  private struct Forward {
    let h: Int
    let gates, input: UnsafeMutablePointer<Float>
    let cellPrevious: UnsafePointer<Float>
    let cell, cellTanh, state: UnsafeMutablePointer<Float>
  }

  /// The last `n` < 8 lanes of a row go through an out-of-line copy of the group: one inlined
  /// body per lanes function keeps it within the inliner's budget.
  @inline(never)
  private static func forwardTail(_ r: Forward, _ j: Int, _ n: Int) { forwardGroup(r, j, n) }

  @_transparent
  private static func forwardGroup(_ r: Forward, _ j: Int, _ n: Int) {
    let h = r.h, g = r.gates + j, x = r.input + j
    let i = VectorMath.sigmoid(CellLanes.load(g, n) + CellLanes.load(x, n))
    let f = VectorMath.sigmoid(CellLanes.load(g + h, n) + CellLanes.load(x + h, n))
    let gg = VectorMath.tanh(CellLanes.load(g + 2 * h, n) + CellLanes.load(x + 2 * h, n))
    let o = VectorMath.sigmoid(CellLanes.load(g + 3 * h, n) + CellLanes.load(x + 3 * h, n))
    CellLanes.store(i, g, n)
    CellLanes.store(f, g + h, n)
    CellLanes.store(gg, g + 2 * h, n)
    CellLanes.store(o, g + 3 * h, n)
    let c = (i * gg).addingProduct(f, CellLanes.load(r.cellPrevious + j, n))
    let tc = VectorMath.tanh(c)
    CellLanes.store(c, r.cell + j, n)
    CellLanes.store(tc, r.cellTanh + j, n)
    CellLanes.store(o * tc, r.state + j, n)
  }

  private static func backwardLanes(_ s: CellGradientStep<Float>) {
    let h = s.hidden
    for b in 0..<s.batch {
      let row = Backward(
        h: h, gates: s.gates + b * 4 * h, dInput: s.dInput + b * 4 * h,
        inputGradient: s.inputGradient.row(b), cellPrevious: s.cellPrevious + b * h,
        cellTanh: s.cellTanh + b * h, dState: s.dState + b * h, dCell: s.dCell + b * h)
      var j = 0
      while j + 8 <= h {
        backwardGroup(row, j, 8)
        j += 8
      }
      if j < h { backwardTail(row, j, h - j) }
    }
  }

  private struct Backward {
    let h: Int
    let gates: UnsafePointer<Float>
    let dInput, inputGradient: UnsafeMutablePointer<Float>
    let cellPrevious, cellTanh, dState: UnsafePointer<Float>
    let dCell: UnsafeMutablePointer<Float>
  }

  @inline(never)
  private static func backwardTail(_ r: Backward, _ j: Int, _ n: Int) { backwardGroup(r, j, n) }

  @_transparent
  private static func backwardGroup(_ r: Backward, _ j: Int, _ n: Int) {
    let h = r.h, g = r.gates + j, d = r.dInput + j, dx = r.inputGradient + j
    let i = CellLanes.load(g, n), f = CellLanes.load(g + h, n)
    let gg = CellLanes.load(g + 2 * h, n), o = CellLanes.load(g + 3 * h, n)
    let tc = CellLanes.load(r.cellTanh + j, n), dh = CellLanes.load(r.dState + j, n)
    let dc = CellLanes.load(r.dCell + j, n) + dh * o * (1 - tc * tc)
    let di = dc * gg * i * (1 - i)
    let df = dc * CellLanes.load(r.cellPrevious + j, n) * f * (1 - f)
    let dg = dc * i * (1 - gg * gg)
    let dOut = dh * tc * o * (1 - o)
    CellLanes.store(di, d, n)
    CellLanes.store(df, d + h, n)
    CellLanes.store(dg, d + 2 * h, n)
    CellLanes.store(dOut, d + 3 * h, n)
    CellLanes.add(di, dx, n)
    CellLanes.add(df, dx + h, n)
    CellLanes.add(dg, dx + 2 * h, n)
    CellLanes.add(dOut, dx + 3 * h, n)
    CellLanes.store(dc * f, r.dCell + j, n)
  }
}
