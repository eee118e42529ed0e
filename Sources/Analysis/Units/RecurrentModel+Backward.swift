extension RecurrentModel {
  /// Backpropagation through time for the last `forward` on `tape`.
  ///
  /// - `dOutput`: ∂J/∂ŝ, `(B, D)` (from the loss); may be empty when the readout is unused.
  /// - `dHidden`: optional ∂J/∂h_t for every output `h_1 … h_L`, `(L, B, H)` (PyTorch's
  ///   upstream gradient on `output`).
  /// - `dFinalCell`: optional ∂J/∂c_n, `(B, H)`, LSTM only.
  ///
  /// Gradients are *accumulated* into `gradients` (laid out like `parameters`); the caller
  /// zeroes them.
  public func backward(
    _ input: SequenceInput<T>, tape: RecurrentTape<T>, dOutput: [T],
    dHidden: [T]? = nil, dFinalCell: [T]? = nil, gradients: inout [T]
  ) {
    let (batch, length, h, gw) = (tape.batch, tape.length, hiddenSize, gateWidth)
    precondition(input.batch == batch && input.length == length, "backward on another batch")
    precondition(gradients.count == parameters.count)
    precondition(dOutput.isEmpty || dOutput.count == batch * outputSize)
    let bh = batch * h
    parameters.withUnsafeBufferPointer { p in
      gradients.withUnsafeMutableBufferPointer { g in
        let (p, g) = (p.baseAddress!, g.baseAddress!)
        let dh = tape.dState.base
        dh.update(repeating: 0, count: bh)
        let hFinal = UnsafePointer(tape.states.pointer(at: length * bh))
        if !dOutput.isEmpty {
          dOutput.withUnsafeBufferPointer { dOut in
            let dOut = dOut.baseAddress!
            // dOut: (B, D), h_n: (B, H) -> d readout.weight: (D, H)
            gemm(
              transA: true, m: outputSize, n: h, k: batch, dOut, lda: outputSize, hFinal,
              ldb: h, beta: 1, g + readoutWeight, ldc: h)
            addColumnSums(dOut, rows: batch, cols: outputSize, into: g + readoutBias)
            // dOut: (B, D), readout.weight: (D, H) -> dh_n: (B, H)
            gemm(
              m: batch, n: h, k: outputSize, dOut, lda: outputSize, p + readoutWeight, ldb: h,
              beta: 0, dh, ldc: h)
          }
        }
        if unit == .lstm {
          let dc = tape.dCell.base
          if let dFinalCell {
            precondition(dFinalCell.count == bh)
            dc.update(from: dFinalCell, count: bh)
          } else {
            dc.update(repeating: 0, count: bh)
          }
        }
        let dhPrev = tape.dStatePrevious.base
        for t in stride(from: length - 1, through: 0, by: -1) {
          if let dHidden {
            precondition(dHidden.count == length * bh)
            dHidden.withUnsafeBufferPointer { up in
              for i in 0..<bh { dh[i] += up[t * bh + i] }
            }
          }
          let gates = UnsafePointer(tape.gates.pointer(at: t * batch * gw))
          let dX = tape.dInputProjection.pointer(at: t * batch * gw)
          let hPrev = UnsafePointer(tape.states.pointer(at: t * bh))
          // dhPrev collects the direct paths (GRU's z ⊙ h) before the W_hh product adds in.
          let dHProj: UnsafeMutablePointer<T>
          switch unit {
          case .vrnn:
            Self.vrnnStepBackward(bh, gates, dh, dX)
            dHProj = dX
            dhPrev.update(repeating: 0, count: bh)
          case .lstm:
            Self.lstmStepBackward(
              batch: batch, hidden: h, gates, cPrev: tape.cells.pointer(at: t * bh),
              cTanh: tape.cellTanh.pointer(at: t * bh), dh, dc: tape.dCell.base, dX)
            dHProj = dX
            dhPrev.update(repeating: 0, count: bh)
          case .gru:
            dHProj = tape.dHiddenProjection.pointer(at: t * batch * gw)
            Self.gruStepBackward(
              batch: batch, hidden: h, gates, hProj: tape.hiddenProjection.pointer(at: t * batch * gw),
              hPrev, dh, dX, dHProj, dhPrev: dhPrev)
          }
          // dHProj: (B, G·H), weight_hh: (G·H, H) -> dh_{t−1}: (B, H)
          gemm(
            m: batch, n: h, k: gw, UnsafePointer(dHProj), lda: gw, p + weightHH, ldb: h,
            beta: 1, dhPrev, ldc: h)
          dh.update(from: dhPrev, count: bh)
        }
        let rows = length * batch
        let dXAll = UnsafePointer(tape.dInputProjection.base)
        let dHAll = unit == .gru ? UnsafePointer(tape.dHiddenProjection.base) : dXAll
        // dHProj: (L·B, G·H), h_{0…L−1}: (L·B, H) -> d weight_hh: (G·H, H)
        gemm(
          transA: true, m: gw, n: h, k: rows, dHAll, lda: gw, UnsafePointer(tape.states.base),
          ldb: h, beta: 1, g + weightHH, ldc: h)
        addColumnSums(dHAll, rows: rows, cols: gw, into: g + biasHH)
        addColumnSums(dXAll, rows: rows, cols: gw, into: g + biasIH)
        accumulateInputWeightGradient(input, dXAll, rows: rows, into: g + weightIH, tape: tape)
      }
    }
  }

  /// d weight_ih `(G·H, I)` from the input-projection gradients `(L·B, G·H)`.
  private func accumulateInputWeightGradient(
    _ input: SequenceInput<T>, _ dX: UnsafePointer<T>, rows: Int,
    into dW: UnsafeMutablePointer<T>, tape: RecurrentTape<T>
  ) {
    let gw = gateWidth
    switch input {
    case .tokens(let ids, _, _):
      // Scatter-add each row into its token's row of a token-major table, then add the
      // table transposed: the one-hot product, without the zeros.
      let table = tape.dInputTable.base
      tape.dInputTable.zero()
      ids.withUnsafeBufferPointer { ids in
        for r in 0..<rows {
          let row = table + Int(ids[r]) * gw
          let d = dX + r * gw
          for j in 0..<gw { row[j] += d[j] }
        }
      }
      for j in 0..<gw {
        for i in 0..<inputSize { dW[j * inputSize + i] += table[i * gw + j] }
      }
    case .dense(let values, _, _):
      // dX: (L·B, G·H), x: (L·B, I) -> d weight_ih: (G·H, I)
      values.withUnsafeBufferPointer { x in
        gemm(
          transA: true, m: gw, n: inputSize, k: rows, dX, lda: gw, x.baseAddress!,
          ldb: inputSize, beta: 1, dW, ldc: inputSize)
      }
    }
  }

  // MARK: - Cell step backward passes

  /// h = tanh(a): da = dh ⊙ (1 − h²).
  @inline(__always)
  static func vrnnStepBackward(
    _ n: Int, _ gates: UnsafePointer<T>, _ dh: UnsafePointer<T>, _ dA: UnsafeMutablePointer<T>
  ) {
    for i in 0..<n {
      let v = gates[i]
      dA[i] = dh[i] * (1 - v * v)
    }
  }

  /// Reads dh and dc (∂J/∂c_t, updated in place to ∂J/∂c_{t−1}); writes the pre-activation
  /// gradient of all four gates, shared by the input and hidden projections.
  @inline(__always)
  static func lstmStepBackward(
    batch: Int, hidden h: Int, _ gates: UnsafePointer<T>, cPrev: UnsafePointer<T>,
    cTanh: UnsafePointer<T>, _ dh: UnsafePointer<T>, dc: UnsafeMutablePointer<T>,
    _ dA: UnsafeMutablePointer<T>
  ) {
    let gw = 4 * h
    for b in 0..<batch {
      let g = gates + b * gw, d = dA + b * gw
      for j in 0..<h {
        let k = b * h + j
        let (i, f, gg, o) = (g[j], g[h + j], g[2 * h + j], g[3 * h + j])
        let tc = cTanh[k]
        let dcK = dc[k] + dh[k] * o * (1 - tc * tc)
        d[j] = dcK * gg * i * (1 - i)
        d[h + j] = dcK * cPrev[k] * f * (1 - f)
        d[2 * h + j] = dcK * i * (1 - gg * gg)
        d[3 * h + j] = dh[k] * tc * o * (1 - o)
        dc[k] = dcK * f
      }
    }
  }

  /// GRU: the input and hidden projections get different gradients in the n block
  /// (`b_hn` sits inside r ⊙ (…)); `dhPrev` receives the direct path z ⊙ dh.
  @inline(__always)
  static func gruStepBackward(
    batch: Int, hidden h: Int, _ gates: UnsafePointer<T>, hProj: UnsafePointer<T>,
    _ hPrev: UnsafePointer<T>, _ dh: UnsafePointer<T>, _ dX: UnsafeMutablePointer<T>,
    _ dHProj: UnsafeMutablePointer<T>, dhPrev: UnsafeMutablePointer<T>
  ) {
    let gw = 3 * h
    for b in 0..<batch {
      let g = gates + b * gw, hp = hProj + b * gw, dx = dX + b * gw, dhp = dHProj + b * gw
      for j in 0..<h {
        let k = b * h + j
        let (r, z, n) = (g[j], g[h + j], g[2 * h + j])
        let dhK = dh[k]
        let dn = dhK * (1 - z) * (1 - n * n)
        let dz = dhK * (hPrev[k] - n) * z * (1 - z)
        let dr = dn * hp[2 * h + j] * r * (1 - r)
        dx[j] = dr
        dx[h + j] = dz
        dx[2 * h + j] = dn
        dhp[j] = dr
        dhp[h + j] = dz
        dhp[2 * h + j] = dn * r
        dhPrev[k] = dhK * z
      }
    }
  }
}

/// `sums[j] += Σ_r m[r, j]` for a row-major `(rows, cols)` matrix.
@inline(__always)
func addColumnSums<T: Scalar>(
  _ m: UnsafePointer<T>, rows: Int, cols: Int, into sums: UnsafeMutablePointer<T>
) {
  for r in 0..<rows {
    let row = m + r * cols
    for j in 0..<cols { sums[j] += row[j] }
  }
}
