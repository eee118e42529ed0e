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
  /// gradient feeds `dh_{t−1}` at once, and a chunk's gradients feed the weight gradients
  /// together while they are still in cache. The cell's backward step adds each row to its
  /// input-gradient row (the token's table row, or the bias for dense input) as it goes.
  /// Subnormal numbers are flushed to zero on the way (`SubnormalFlush`).
  public func backward(
    _ input: SequenceInput<T>, tape: RecurrentTape<T>, dOutput: [T],
    dHidden: [T]? = nil, dFinalCell: [T]? = nil, gradients: inout [T]
  ) {
    SubnormalFlush.around {
      flushedBackward(
        input, tape: tape, dOutput: dOutput, dHidden: dHidden, dFinalCell: dFinalCell,
        gradients: &gradients)
    }
  }

  private func flushedBackward(
    _ input: SequenceInput<T>, tape: RecurrentTape<T>, dOutput: [T],
    dHidden: [T]?, dFinalCell: [T]?, gradients: inout [T]
  ) {
    let (batch, length, h, gw) = (tape.batch, tape.length, hiddenSize, gateWidth)
    precondition(input.batch == batch && input.length == length, "backward on another batch")
    precondition(!tape.keepsLargerBuffers, "backward on a forward-only tape")
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
        if unit.hasCellState {
          let dc = tape.dCell.base
          if let dFinalCell {
            precondition(dFinalCell.count == bh)
            dc.update(from: dFinalCell, count: bh)
          } else {
            dc.update(repeating: 0, count: bh)
          }
        }
        let apart = unit.keepsHiddenProjection
        tape.dHiddenBias.zero()
        tape.dInputBias.zero()
        let inputGradient = input.isTokens ? tape.dInputTable : tape.dInputBias
        if input.isTokens { tape.dInputTable.zero() }
        let chunkRows = tape.chunk * batch
        var end = length
        input.withTokenPointer { ids in
          while end > 0 {
            let start = max(0, end - tape.chunk)
            for t in stride(from: end - 1, through: start, by: -1) {
              if let dHidden {
                dHidden.withUnsafeBufferPointer { up in
                  for i in 0..<bh { dh[i] += up[t * bh + i] }
                }
              }
              let slot = (t - start) * batch * gw
              let dX = tape.dInputProjection.pointer(at: slot)
              let dHProj = apart ? tape.dHiddenProjection.pointer(at: slot) : dX
              let clock = tape.clockStart()
              let (cells, unused) = (unit.hasCellState, tape.unused.base)
              let step = CellGradientStep(
                batch: batch, hidden: h, gates: UnsafePointer(tape.gates.pointer(at: t * batch * gw)),
                statePrevious: UnsafePointer(tape.states.pointer(at: t * bh)),
                cellPrevious: UnsafePointer(cells ? tape.cells.pointer(at: t * bh) : unused),
                cellTanh: UnsafePointer(cells ? tape.cellTanh.pointer(at: t * bh) : unused),
                hiddenProjection: UnsafePointer(
                  apart ? tape.hiddenProjection.pointer(at: t * tape.keptPerStep) : unused),
                dState: UnsafePointer(dh), dCell: cells ? tape.dCell.base : unused,
                dStatePrevious: dhPrev, dInput: dX, dHidden: dHProj,
                inputGradient: InputRows(base: inputGradient.base, ids: ids.map { $0 + t * batch }, width: gw),
                dHiddenBias: tape.dHiddenBias.base)
              switch unit {
              case .vrnn: VanillaRNNCell.backward(step)
              case .lstm: LSTMCell.backward(step)
              case .gru: GRUCell.backward(step)
              }
              tape.clockStop(.activations, clock)
              // dHProj: (B, G·H), weight_hh: (G·H, H) -> dh_{t−1}: (B, H), added to the
              // direct path's part when the cell wrote one.
              tape.product(
                m: batch, n: h, k: gw, UnsafePointer(dHProj), lda: gw, p + weightHH, ldb: h,
                accumulate: unit.hasDirectStatePath, dhPrev, ldc: h)
              swap(&dh, &dhPrev)
            }
            let rows = (end - start) * batch
            precondition(rows <= chunkRows)
            let dXChunk = UnsafePointer(tape.dInputProjection.base)
            let dHChunk = apart ? UnsafePointer(tape.dHiddenProjection.base) : dXChunk
            // dHProj: (rows, G·H), h_{start…end−1}: (rows, H) -> d weight_hh: (G·H, H)
            tape.product(
              transA: true, m: gw, n: h, k: rows, dHChunk, lda: gw,
              UnsafePointer(tape.states.pointer(at: start * bh)), ldb: h, accumulate: true,
              g + weightHH, ldc: h)
            if case .dense(let values, _, _) = input {
              // dX: (rows, G·H), x: (rows, I) -> d weight_ih: (G·H, I)
              values.withUnsafeBufferPointer { x in
                tape.product(
                  transA: true, m: gw, n: inputSize, k: rows, dXChunk, lda: gw,
                  x.baseAddress! + start * batch * inputSize, ldb: inputSize, accumulate: true,
                  g + weightIH, ldc: inputSize)
              }
            }
            end = start
          }
        }
        let clock = tape.clockStart()
        defer { tape.clockStop(.gatherScatter, clock) }
        // d inputBias: the dense rows' sum, or for tokens the table gradient's column sums
        // (every row of the table holds the bias once).
        let dBias = tape.dInputBias.base
        if input.isTokens {
          let table = tape.dInputTable.base
          for i in 0..<inputSize {
            for j in 0..<gw { dBias[j] += table[i * gw + j] }
          }
          // The table gradient, transposed: the one-hot product without the zeros.
          for j in 0..<gw {
            for i in 0..<inputSize { g[weightIH + j * inputSize + i] += table[i * gw + j] }
          }
        }
        // inputBias = b_ih + b_hh in the combined blocks: both get its gradient there.
        for j in 0..<gw { g[biasIH + j] += dBias[j] }
        for block in 0..<unit.gateCount {
          let combined = unit.combinedBiasBlocks.contains(block)
          let source = combined ? dBias : tape.dHiddenBias.base
          for j in (block * h)..<((block + 1) * h) { g[biasHH + j] += source[j] }
        }
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
