/// The GRU cell (`torch.nn.GRU`), gate blocks r, z, n; `b_hn` sits inside the reset product,
/// so the n block's hidden projection stays apart (`UnitKind.keepsHiddenProjection`):
///
///     r = σ(W_ir x + b_ir + W_hr h + b_hr)     z = σ(W_iz x + b_iz + W_hz h + b_hz)
///     n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
///     h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
///
/// Backward, with dh = ∂J/∂h_t and p_n = W_hn h_{t−1} + b_hn:
///
///     da_n = dh ⊙ (1 − z) ⊙ (1 − n²)     da_z = dh ⊙ (h_{t−1} − n) ⊙ z(1 − z)
///     da_r = da_n ⊙ p_n ⊙ r(1 − r)
///     input projection: (da_r, da_z, da_n)   hidden projection: (da_r, da_z, da_n ⊙ r)
///     ∂J/∂h_{t−1} = dh ⊙ z + (the W_hh product of the hidden projection's gradient)
///
/// The input table holds `b_ih + b_hh` in the r and z blocks and `b_in` alone in the n block.
enum GRUCell {
  /// hiddenProduct: `W_hh h_{t−1}` in; hiddenProjection `(B, H)`: its n block + b_hn out;
  /// gates: (`W_ih x_t` when `gatesHoldInputProduct`) in, r, z, n out; state = h_t.
  static func forward<T: Scalar>(_ s: CellStep<T>) {
    if T.self == Float.self {
      let f = s.asFloat
      return f.gatesHoldInputProduct ? forwardLanes(f, dense: true) : forwardLanes(f, dense: false)
    }
    let h = s.hidden, bn = s.hiddenBias + 2 * h
    for b in 0..<s.batch {
      let g = s.gates + b * 3 * h, hp = s.hiddenProduct + b * 3 * h, x = s.input.row(b)
      let row = b * h
      for j in 0..<h {
        var (xr, xz, xn) = (x[j], x[h + j], x[2 * h + j])
        if s.gatesHoldInputProduct {
          xr += g[j]
          xz += g[h + j]
          xn += g[2 * h + j]
        }
        let r = T.sigmoid(xr + hp[j])
        let z = T.sigmoid(xz + hp[h + j])
        let pn = hp[2 * h + j] + bn[j]
        let n = T.tanh(xn + r * pn)
        s.hiddenProjection[row + j] = pn
        g[j] = r
        g[h + j] = z
        g[2 * h + j] = n
        s.state[row + j] = (1 - z) * n + z * s.statePrevious[row + j]
      }
    }
  }

  /// Writes dInput, dHidden and the direct path dh ⊙ z into dStatePrevious; adds dInput to
  /// the row's input gradient and the n block of dHidden to dHiddenBias.
  static func backward<T: Scalar>(_ s: CellGradientStep<T>) {
    if T.self == Float.self { return backwardLanes(s.asFloat) }
    let h = s.hidden, dbn = s.dHiddenBias + 2 * h
    for b in 0..<s.batch {
      let g = s.gates + b * 3 * h, pn = s.hiddenProjection + b * h
      let dx = s.dInput + b * 3 * h, dhp = s.dHidden + b * 3 * h, sink = s.inputGradient.row(b)
      for j in 0..<h {
        let k = b * h + j
        let (r, z, n) = (g[j], g[h + j], g[2 * h + j])
        let dh = s.dState[k]
        let dn = dh * (1 - z) * (1 - n * n)
        let dz = dh * (s.statePrevious[k] - n) * z * (1 - z)
        let dr = dn * pn[j] * r * (1 - r)
        dx[j] = dr
        dx[h + j] = dz
        dx[2 * h + j] = dn
        dhp[j] = dr
        dhp[h + j] = dz
        dhp[2 * h + j] = dn * r
        sink[j] += dr
        sink[h + j] += dz
        sink[2 * h + j] += dn
        dbn[j] += dn * r
        s.dStatePrevious[k] = dh * z
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
        hiddenProduct: s.hiddenProduct + b * 3 * h, hiddenBiasN: s.hiddenBias + 2 * h,
        statePrevious: s.statePrevious + b * h, state: s.state + b * h,
        projectionN: s.hiddenProjection + b * h)
      var j = 0
      while j + 8 <= h {
        forwardGroup(row, j, 8, dense: dense)
        j += 8
      }
      if j < h { forwardTail(row, j, h - j, dense: dense) }
    }
  }

  /// One row's pointers: gates, input and hidden product `(3H)`, the rest `(H)`.
  private struct Forward {
    let h: Int
    let gates, input: UnsafeMutablePointer<Float>
    let hiddenProduct, hiddenBiasN, statePrevious: UnsafePointer<Float>
    let state, projectionN: UnsafeMutablePointer<Float>
  }

  /// The last `n` < 8 lanes of a row go through an out-of-line copy of the group: one inlined
  /// body per lanes function keeps it within the inliner's budget.
  @inline(never)
  private static func forwardTail(_ r: Forward, _ j: Int, _ n: Int, dense: Bool) {
    forwardGroup(r, j, n, dense: dense)
  }

  @_transparent
  private static func forwardGroup(_ r: Forward, _ j: Int, _ n: Int, dense: Bool) {
    let h = r.h, g = r.gates + j, x = r.input + j, hp = r.hiddenProduct + j
    var xr = CellLanes.load(x, n), xz = CellLanes.load(x + h, n)
    var xn = CellLanes.load(x + 2 * h, n)
    if dense {
      xr += CellLanes.load(g, n)
      xz += CellLanes.load(g + h, n)
      xn += CellLanes.load(g + 2 * h, n)
    }
    let rr = VectorMath.sigmoid(xr + CellLanes.load(hp, n))
    let z = VectorMath.sigmoid(xz + CellLanes.load(hp + h, n))
    let pn = CellLanes.load(hp + 2 * h, n) + CellLanes.load(r.hiddenBiasN + j, n)
    let nn = VectorMath.tanh(xn.addingProduct(rr, pn))
    CellLanes.store(pn, r.projectionN + j, n)
    CellLanes.store(rr, g, n)
    CellLanes.store(z, g + h, n)
    CellLanes.store(nn, g + 2 * h, n)
    // (1 − z) n + z h, as the generic path rounds it.
    let next = ((1 - z) * nn).addingProduct(z, CellLanes.load(r.statePrevious + j, n))
    CellLanes.store(next, r.state + j, n)
  }

  private static func backwardLanes(_ s: CellGradientStep<Float>) {
    let h = s.hidden
    for b in 0..<s.batch {
      let row = Backward(
        h: h, gates: s.gates + b * 3 * h, dInput: s.dInput + b * 3 * h,
        dHidden: s.dHidden + b * 3 * h, inputGradient: s.inputGradient.row(b),
        dHiddenBiasN: s.dHiddenBias + 2 * h, projectionN: s.hiddenProjection + b * h,
        statePrevious: s.statePrevious + b * h, dState: s.dState + b * h,
        dStatePrevious: s.dStatePrevious + b * h)
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
    let dInput, dHidden, inputGradient, dHiddenBiasN: UnsafeMutablePointer<Float>
    let projectionN, statePrevious, dState: UnsafePointer<Float>
    let dStatePrevious: UnsafeMutablePointer<Float>
  }

  @inline(never)
  private static func backwardTail(_ r: Backward, _ j: Int, _ n: Int) { backwardGroup(r, j, n) }

  @_transparent
  private static func backwardGroup(_ r: Backward, _ j: Int, _ n: Int) {
    let h = r.h, g = r.gates + j
    let dx = r.dInput + j, dhp = r.dHidden + j, sink = r.inputGradient + j
    let rr = CellLanes.load(g, n), z = CellLanes.load(g + h, n), nn = CellLanes.load(g + 2 * h, n)
    let dh = CellLanes.load(r.dState + j, n)
    let dn = dh * (1 - z) * (1 - nn * nn)
    let dz = dh * (CellLanes.load(r.statePrevious + j, n) - nn) * z * (1 - z)
    let dr = dn * CellLanes.load(r.projectionN + j, n) * rr * (1 - rr)
    let dnr = dn * rr
    CellLanes.store(dr, dx, n)
    CellLanes.store(dz, dx + h, n)
    CellLanes.store(dn, dx + 2 * h, n)
    CellLanes.store(dr, dhp, n)
    CellLanes.store(dz, dhp + h, n)
    CellLanes.store(dnr, dhp + 2 * h, n)
    CellLanes.add(dr, sink, n)
    CellLanes.add(dz, sink + h, n)
    CellLanes.add(dn, sink + 2 * h, n)
    CellLanes.add(dnr, r.dHiddenBiasN + j, n)
    CellLanes.store(dh * z, r.dStatePrevious + j, n)
  }
}
