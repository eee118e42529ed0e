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
  /// gates: (`W_ih x_t` when `gatesHoldInputProduct`) in, f, i, h̃ out; state = h_t.
  static func forward<T: Scalar>(_ s: CellStep<T>) {
    if T.self == Float.self {
      let f = s.asFloat
      return f.gatesHoldInputProduct ? forwardLanes(f, dense: true) : forwardLanes(f, dense: false)
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
        g[2 * h + j] = ah
        let sum = f + i
        s.state[row + j] = f / sum * s.statePrevious[row + j] + i / sum * ah
      }
    }
  }

  /// Writes dInput and ∂J/∂h_{t−1} (the whole of it: there is no product) into
  /// dStatePrevious; adds dInput to the row's input gradient.
  static func backward<T: Scalar>(_ s: CellGradientStep<T>) {
    if T.self == Float.self { return backwardLanes(s.asFloat) }
    let h = s.hidden
    for b in 0..<s.batch {
      let g = s.gates + b * 3 * h, dx = s.dInput + b * 3 * h, sink = s.inputGradient.row(b)
      for j in 0..<h {
        let k = b * h + j
        let (f, i, candidate) = (g[j], g[h + j], g[2 * h + j])
        let sum = f + i
        let (fn, inorm) = (f / sum, i / sum)
        let dh = s.dState[k]
        let u = dh * (s.statePrevious[k] - candidate)
        let df = u * (inorm / sum) * f * (1 - f)
        let di = -u * (fn / sum) * i * (1 - i)
        let dCandidate = dh * inorm
        dx[j] = df
        dx[h + j] = di
        dx[2 * h + j] = dCandidate
        sink[j] += df
        sink[h + j] += di
        sink[2 * h + j] += dCandidate
        s.dStatePrevious[k] = dh * fn
      }
    }
  }

  // MARK: - Float, eight lanes

  /// `dense` is passed as a constant so that each variant compiles without a branch inside.
  @_transparent
  private static func forwardLanes(_ s: CellStep<Float>, dense: Bool) {
    let h = s.hidden
    for b in 0..<s.batch {
      let row = Forward(
        h: h, gates: s.gates + b * 3 * h, input: s.input.row(b),
        statePrevious: s.statePrevious + b * h, state: s.state + b * h)
      var j = 0
      while j + 8 <= h {
        forwardGroup(row, j, 8, dense: dense)
        j += 8
      }
      if j < h { forwardTail(row, j, h - j, dense: dense) }
    }
  }

  /// One row's pointers: gates and input `(3H)`, the states `(H)`.
  private struct Forward {
    let h: Int
    let gates, input: UnsafeMutablePointer<Float>
    let statePrevious: UnsafePointer<Float>
    let state: UnsafeMutablePointer<Float>
  }

  /// The last `n` < 8 lanes of a row go through an out-of-line copy of the group: one inlined
  /// body per lanes function keeps it within the inliner's budget.
  @inline(never)
  private static func forwardTail(_ r: Forward, _ j: Int, _ n: Int, dense: Bool) {
    forwardGroup(r, j, n, dense: dense)
  }

  @_transparent
  private static func forwardGroup(_ r: Forward, _ j: Int, _ n: Int, dense: Bool) {
    let h = r.h, g = r.gates + j, x = r.input + j
    var af = CellLanes.load(x, n), ai = CellLanes.load(x + h, n)
    var ah = CellLanes.load(x + 2 * h, n)
    if dense {
      af += CellLanes.load(g, n)
      ai += CellLanes.load(g + h, n)
      ah += CellLanes.load(g + 2 * h, n)
    }
    let f = VectorMath.sigmoid(af), i = VectorMath.sigmoid(ai)
    CellLanes.store(f, g, n)
    CellLanes.store(i, g + h, n)
    CellLanes.store(ah, g + 2 * h, n)
    // f′ h + i′ h̃, as the generic path rounds it.
    let sum = f + i
    let next = f / sum * CellLanes.load(r.statePrevious + j, n) + i / sum * ah
    CellLanes.store(next, r.state + j, n)
  }

  private static func backwardLanes(_ s: CellGradientStep<Float>) {
    let h = s.hidden
    for b in 0..<s.batch {
      let row = Backward(
        h: h, gates: s.gates + b * 3 * h, dInput: s.dInput + b * 3 * h,
        inputGradient: s.inputGradient.row(b), statePrevious: s.statePrevious + b * h,
        dState: s.dState + b * h, dStatePrevious: s.dStatePrevious + b * h)
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
    let statePrevious, dState: UnsafePointer<Float>
    let dStatePrevious: UnsafeMutablePointer<Float>
  }

  @inline(never)
  private static func backwardTail(_ r: Backward, _ j: Int, _ n: Int) { backwardGroup(r, j, n) }

  @_transparent
  private static func backwardGroup(_ r: Backward, _ j: Int, _ n: Int) {
    let h = r.h, g = r.gates + j, dx = r.dInput + j, sink = r.inputGradient + j
    let f = CellLanes.load(g, n), i = CellLanes.load(g + h, n)
    let candidate = CellLanes.load(g + 2 * h, n)
    let sum = f + i
    let fn = f / sum, inorm = i / sum
    let dh = CellLanes.load(r.dState + j, n)
    let u = dh * (CellLanes.load(r.statePrevious + j, n) - candidate)
    let df = u * (inorm / sum) * f * (1 - f)
    let di = -u * (fn / sum) * i * (1 - i)
    let dCandidate = dh * inorm
    CellLanes.store(df, dx, n)
    CellLanes.store(di, dx + h, n)
    CellLanes.store(dCandidate, dx + 2 * h, n)
    CellLanes.add(df, sink, n)
    CellLanes.add(di, sink + h, n)
    CellLanes.add(dCandidate, sink + 2 * h, n)
    CellLanes.store(dh * fn, r.dStatePrevious + j, n)
  }
}
