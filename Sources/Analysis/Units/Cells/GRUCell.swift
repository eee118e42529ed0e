import CellKernels

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
      return CellKernel.forward(s.asFloat, memstudy_gru_forward_8, memstudy_gru_forward_16)
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

  /// Writes dInput (when kept), dHidden and the direct path dh ⊙ z into dStatePrevious; adds
  /// the input projection's gradient to the row's input gradient and the n block of dHidden
  /// to dHiddenBias.
  static func backward<T: Scalar>(_ s: CellGradientStep<T>) {
    if T.self == Float.self {
      return CellKernel.backward(s.asFloat, memstudy_gru_backward_8, memstudy_gru_backward_16)
    }
    let h = s.hidden, dbn = s.dHiddenBias + 2 * h
    for b in 0..<s.batch {
      let g = s.gates + b * 3 * h, pn = s.hiddenProjection + b * h
      let dx = s.dInput.map { $0 + b * 3 * h }, dhp = s.dHidden + b * 3 * h
      let sink = s.inputGradient.row(b)
      for j in 0..<h {
        let k = b * h + j
        let (r, z, n) = (g[j], g[h + j], g[2 * h + j])
        let dh = s.dState[k]
        let dn = dh * (1 - z) * (1 - n * n)
        let dz = dh * (s.statePrevious[k] - n) * z * (1 - z)
        let dr = dn * pn[j] * r * (1 - r)
        dx?[j] = dr
        dx?[h + j] = dz
        dx?[2 * h + j] = dn
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
}
