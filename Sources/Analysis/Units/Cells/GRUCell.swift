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
    for b in 0..<s.batch {
      var j = 0
      while j + 8 <= s.hidden {
        forwardGroup(s, b, j, 8, dense: dense)
        j += 8
      }
      if j < s.hidden { forwardGroup(s, b, j, s.hidden - j, dense: dense) }
    }
  }

  @_transparent
  private static func forwardGroup(
    _ s: CellStep<Float>, _ b: Int, _ j: Int, _ n: Int, dense: Bool
  ) {
    let h = s.hidden, k = b * h + j
    let g = s.gates + b * 3 * h + j, hp = s.hiddenProduct + b * 3 * h + j
    let x = s.input.row(b) + j
    var xr = CellLanes.load(x, n), xz = CellLanes.load(x + h, n)
    var xn = CellLanes.load(x + 2 * h, n)
    if dense {
      xr += CellLanes.load(g, n)
      xz += CellLanes.load(g + h, n)
      xn += CellLanes.load(g + 2 * h, n)
    }
    let r = VectorMath.sigmoid(xr + CellLanes.load(hp, n))
    let z = VectorMath.sigmoid(xz + CellLanes.load(hp + h, n))
    let pn = CellLanes.load(hp + 2 * h, n) + CellLanes.load(s.hiddenBias + 2 * h + j, n)
    let nn = VectorMath.tanh(xn.addingProduct(r, pn))
    CellLanes.store(pn, s.hiddenProjection + k, n)
    CellLanes.store(r, g, n)
    CellLanes.store(z, g + h, n)
    CellLanes.store(nn, g + 2 * h, n)
    // (1 − z) n + z h, as the generic path rounds it.
    let next = ((1 - z) * nn).addingProduct(z, CellLanes.load(s.statePrevious + k, n))
    CellLanes.store(next, s.state + k, n)
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
    let h = s.hidden, k = b * h + j, row = b * 3 * h + j
    let g = s.gates + row
    let dx = s.dInput + row, dhp = s.dHidden + row, sink = s.inputGradient.row(b) + j
    let r = CellLanes.load(g, n), z = CellLanes.load(g + h, n), nn = CellLanes.load(g + 2 * h, n)
    let dh = CellLanes.load(s.dState + k, n)
    let dn = dh * (1 - z) * (1 - nn * nn)
    let dz = dh * (CellLanes.load(s.statePrevious + k, n) - nn) * z * (1 - z)
    let dr = dn * CellLanes.load(s.hiddenProjection + k, n) * r * (1 - r)
    let dnr = dn * r
    CellLanes.store(dr, dx, n)
    CellLanes.store(dz, dx + h, n)
    CellLanes.store(dn, dx + 2 * h, n)
    CellLanes.store(dr, dhp, n)
    CellLanes.store(dz, dhp + h, n)
    CellLanes.store(dnr, dhp + 2 * h, n)
    CellLanes.add(dr, sink, n)
    CellLanes.add(dz, sink + h, n)
    CellLanes.add(dn, sink + 2 * h, n)
    CellLanes.add(dnr, s.dHiddenBias + 2 * h + j, n)
    CellLanes.store(dh * z, s.dStatePrevious + k, n)
  }
}
