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
  ///
  /// The time steps run backwards in chunks of `tape.chunk`: each step's pre-activation
  /// gradient feeds `dh_{t−1}` at once, and a chunk's gradients feed the weight and bias
  /// gradients together while they are still in cache.
  public func backward(
    _ input: SequenceInput<T>, tape: RecurrentTape<T>, dOutput: [T],
    dHidden: [T]? = nil, dFinalCell: [T]? = nil, gradients: inout [T]
  ) {
    let (batch, length, h, gw) = (tape.batch, tape.length, hiddenSize, gateWidth)
    precondition(input.batch == batch && input.length == length, "backward on another batch")
    precondition(gradients.count == parameters.count)
    precondition(dOutput.isEmpty || dOutput.count == batch * outputSize)
    precondition(dHidden == nil || dHidden!.count == length * batch * h)
    let bh = batch * h
    parameters.withUnsafeBufferPointer { p in
      gradients.withUnsafeMutableBufferPointer { g in
        let (p, g) = (p.baseAddress!, g.baseAddress!)
        var dh = tape.dState.base
        var dhPrev = tape.dStatePrevious.base
        dh.update(repeating: 0, count: bh)
        let hFinal = UnsafePointer(tape.states.pointer(at: length * bh))
        if !dOutput.isEmpty {
          dOutput.withUnsafeBufferPointer { dOut in
            let dOut = dOut.baseAddress!
            // dOut: (B, D), h_n: (B, H) -> d readout.weight: (D, H)
            tape.product(
              transA: true, m: outputSize, n: h, k: batch, dOut, lda: outputSize, hFinal,
              ldb: h, accumulate: true, g + readoutWeight, ldc: h)
            addColumnSums(dOut, rows: batch, cols: outputSize, into: g + readoutBias)
            // dOut: (B, D), readout.weight: (D, H) -> dh_n: (B, H)
            tape.product(
              m: batch, n: h, k: outputSize, dOut, lda: outputSize, p + readoutWeight, ldb: h,
              accumulate: false, dh, ldc: h)
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
        tape.dBiasIH.zero()
        tape.dBiasHH.zero()
        if input.isTokens { tape.dInputTable.zero() }
        let chunkRows = tape.chunk * batch
        var end = length
        while end > 0 {
          let start = max(0, end - tape.chunk)
          for t in stride(from: end - 1, through: start, by: -1) {
            if let dHidden {
              dHidden.withUnsafeBufferPointer { up in
                for i in 0..<bh { dh[i] += up[t * bh + i] }
              }
            }
            let gates = UnsafePointer(tape.gates.pointer(at: t * batch * gw))
            let slot = (t - start) * batch * gw
            let dX = tape.dInputProjection.pointer(at: slot)
            let hPrev = UnsafePointer(tape.states.pointer(at: t * bh))
            // dhPrev collects the direct paths (GRU's z ⊙ h) before the W_hh product adds in.
            let dHProj: UnsafeMutablePointer<T>
            let clock = tape.clockStart()
            switch unit {
            case .vrnn:
              Self.vrnnStepBackward(batch: batch, hidden: h, gates, dh, dX)
              dHProj = dX
            case .lstm:
              Self.lstmStepBackward(
                batch: batch, hidden: h, gates, cPrev: tape.cells.pointer(at: t * bh),
                cTanh: tape.cellTanh.pointer(at: t * bh), dh, dc: tape.dCell.base, dX)
              dHProj = dX
            case .gru:
              dHProj = tape.dHiddenProjection.pointer(at: slot)
              Self.gruStepBackward(
                batch: batch, hidden: h, gates,
                hProj: tape.hiddenProjection.pointer(at: t * batch * gw), hPrev, dh, dX, dHProj,
                dhPrev: dhPrev)
            }
            tape.clockStop(.activations, clock)
            // dHProj: (B, G·H), weight_hh: (G·H, H) -> dh_{t−1}: (B, H)
            tape.product(
              m: batch, n: h, k: gw, UnsafePointer(dHProj), lda: gw, p + weightHH, ldb: h,
              accumulate: unit == .gru, dhPrev, ldc: h)
            swap(&dh, &dhPrev)
          }
          let rows = (end - start) * batch
          precondition(rows <= chunkRows)
          let dXChunk = UnsafePointer(tape.dInputProjection.base)
          let dHChunk = unit == .gru ? UnsafePointer(tape.dHiddenProjection.base) : dXChunk
          // dHProj: (rows, G·H), h_{start…end−1}: (rows, H) -> d weight_hh: (G·H, H)
          tape.product(
            transA: true, m: gw, n: h, k: rows, dHChunk, lda: gw,
            UnsafePointer(tape.states.pointer(at: start * bh)), ldb: h, accumulate: true,
            g + weightHH, ldc: h)
          let clock = tape.clockStart()
          addColumnSums(dHChunk, rows: rows, cols: gw, into: tape.dBiasHH.base)
          if unit == .gru { addColumnSums(dXChunk, rows: rows, cols: gw, into: tape.dBiasIH.base) }
          tape.clockStop(.gatherScatter, clock)
          accumulateInputWeightGradient(
            input, dXChunk, firstRow: start * batch, rows: rows, into: g + weightIH, tape: tape)
          end = start
        }
        let clock = tape.clockStart()
        defer { tape.clockStop(.gatherScatter, clock) }
        // The vanilla RNN and the LSTM add both biases to the same sum: one gradient for both.
        let dBiasIH = unit == .gru ? tape.dBiasIH.base : tape.dBiasHH.base
        for j in 0..<gw {
          g[biasHH + j] += tape.dBiasHH.base[j]
          g[biasIH + j] += dBiasIH[j]
        }
        if input.isTokens {
          // The scatter-added table, transposed: the one-hot product without the zeros.
          let table = tape.dInputTable.base
          for j in 0..<gw {
            for i in 0..<inputSize { g[weightIH + j * inputSize + i] += table[i * gw + j] }
          }
        }
      }
    }
  }

  /// d weight_ih `(G·H, I)` from a chunk's input-projection gradients `(rows, G·H)`, which
  /// start at time-major row `firstRow` of the input.
  private func accumulateInputWeightGradient(
    _ input: SequenceInput<T>, _ dX: UnsafePointer<T>, firstRow: Int, rows: Int,
    into dW: UnsafeMutablePointer<T>, tape: RecurrentTape<T>
  ) {
    let gw = gateWidth
    switch input {
    case .tokens(let ids, _, _):
      // Scatter-add each row into its token's row of a token-major table (transposed into
      // dW once, after the last chunk).
      let table = tape.dInputTable.base
      let clock = tape.clockStart()
      defer { tape.clockStop(.gatherScatter, clock) }
      ids.withUnsafeBufferPointer { ids in
        for r in 0..<rows {
          let row = table + Int(ids[firstRow + r]) * gw
          let d = dX + r * gw
          for j in 0..<gw { row[j] += d[j] }
        }
      }
    case .dense(let values, _, _):
      // dX: (rows, G·H), x: (rows, I) -> d weight_ih: (G·H, I)
      values.withUnsafeBufferPointer { x in
        tape.product(
          transA: true, m: gw, n: inputSize, k: rows, dX, lda: gw,
          x.baseAddress! + firstRow * inputSize, ldb: inputSize, accumulate: true, dW,
          ldc: inputSize)
      }
    }
  }

  // MARK: - Cell step backward passes

  /// h = tanh(a): da = dh ⊙ (1 − h²).
  @inline(__always)
  static func vrnnStepBackward(
    batch: Int, hidden h: Int, _ gates: UnsafePointer<T>, _ dh: UnsafePointer<T>,
    _ dA: UnsafeMutablePointer<T>
  ) {
    if T.self == Float.self {
      return FloatCellSteps.vrnnBackward(batch: batch, hidden: h, gates.asFloat, dh.asFloat, dA.asFloat)
    }
    for i in 0..<(batch * h) {
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
    if T.self == Float.self {
      return FloatCellSteps.lstmBackward(
        batch: batch, hidden: h, gates.asFloat, cPrev: cPrev.asFloat, cTanh: cTanh.asFloat,
        dh.asFloat, dc: dc.asFloat, dA.asFloat)
    }
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
    if T.self == Float.self {
      return FloatCellSteps.gruBackward(
        batch: batch, hidden: h, gates.asFloat, hProj: hProj.asFloat, hPrev.asFloat,
        dh.asFloat, dX.asFloat, dHProj.asFloat, dhPrev: dhPrev.asFloat)
    }
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
