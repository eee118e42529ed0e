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
  /// gates: (`W_ih x_t` when `gatesHoldInputProduct`) in, z, h̃ out; state = h_t.
  static func forward<T: Scalar>(_ s: CellStep<T>) {
    if T.self == Float.self {
      let f = s.asFloat
      return f.gatesHoldInputProduct ? forwardLanes(f, dense: true) : forwardLanes(f, dense: false)
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
        g[h + j] = ah
        s.state[row + j] = (1 - z) * s.statePrevious[row + j] + z * ah
      }
    }
  }

  /// Writes dInput and ∂J/∂h_{t−1} (the whole of it: there is no product) into
  /// dStatePrevious; adds dInput to the row's input gradient.
  static func backward<T: Scalar>(_ s: CellGradientStep<T>) {
    if T.self == Float.self { return backwardLanes(s.asFloat) }
    let h = s.hidden
    for b in 0..<s.batch {
      let g = s.gates + b * 2 * h, dx = s.dInput + b * 2 * h, sink = s.inputGradient.row(b)
      for j in 0..<h {
        let k = b * h + j
        let (z, candidate) = (g[j], g[h + j])
        let dh = s.dState[k]
        let dz = dh * (candidate - s.statePrevious[k]) * z * (1 - z)
        let dCandidate = dh * z
        dx[j] = dz
        dx[h + j] = dCandidate
        sink[j] += dz
        sink[h + j] += dCandidate
        s.dStatePrevious[k] = dh * (1 - z)
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
        h: h, gates: s.gates + b * 2 * h, input: s.input.row(b),
        statePrevious: s.statePrevious + b * h, state: s.state + b * h)
      var j = 0
      while j + 8 <= h {
        forwardGroup(row, j, 8, dense: dense)
        j += 8
      }
      if j < h { forwardTail(row, j, h - j, dense: dense) }
    }
  }

  /// One row's pointers: gates and input `(2H)`, the states `(H)`.
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
    var az = CellLanes.load(x, n), ah = CellLanes.load(x + h, n)
    if dense {
      az += CellLanes.load(g, n)
      ah += CellLanes.load(g + h, n)
    }
    let z = VectorMath.sigmoid(az)
    CellLanes.store(z, g, n)
    CellLanes.store(ah, g + h, n)
    // (1 − z) h + z h̃, as the generic path rounds it.
    let next = (1 - z) * CellLanes.load(r.statePrevious + j, n) + z * ah
    CellLanes.store(next, r.state + j, n)
  }

  private static func backwardLanes(_ s: CellGradientStep<Float>) {
    let h = s.hidden
    for b in 0..<s.batch {
      let row = Backward(
        h: h, gates: s.gates + b * 2 * h, dInput: s.dInput + b * 2 * h,
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
    let z = CellLanes.load(g, n), candidate = CellLanes.load(g + h, n)
    let dh = CellLanes.load(r.dState + j, n)
    let dz = dh * (candidate - CellLanes.load(r.statePrevious + j, n)) * z * (1 - z)
    let dCandidate = dh * z
    CellLanes.store(dz, dx, n)
    CellLanes.store(dCandidate, dx + h, n)
    CellLanes.add(dz, sink, n)
    CellLanes.add(dCandidate, sink + h, n)
    CellLanes.store(dh * (1 - z), r.dStatePrevious + j, n)
  }
}
