extension RecurrentModel {
  /// Backpropagation through time for the last `forward` on `tape`, top layer first.
  ///
  /// - `dOutput`: ∂J/∂ŝ, `(B, D)` (from the loss); may be empty when the readout is unused.
  /// - `dHidden`: optional ∂J/∂h_t for every output `h_1 … h_L`, `(L, B, H)` (PyTorch's
  ///   upstream gradient on `output`).
  /// - `dFinalCell`: optional ∂J/∂c_n of the top layer, `(B, H)`, LSTM only.
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
    let (batch, length, h) = (tape.batch, tape.length, hiddenSize)
    precondition(input.batch == batch && input.length == length, "backward on another batch")
    precondition(tape.lower.count == layers - 1, "a tape for \(tape.lower.count + 1) layers")
    precondition(!tape.keepsLargerBuffers, "backward on a forward-only tape")
    if case .projected = input { preconditionFailure("backward on projected input (forward only)") }
    precondition(gradients.count == parameters.count)
    precondition(dOutput.isEmpty || dOutput.count == batch * outputSize)
    precondition(dHidden == nil || dHidden!.count == length * batch * h)
    precondition(dFinalCell == nil || (unit.hasCellState && dFinalCell!.count == batch * h))
    let bh = batch * h
    parameters.withUnsafeBufferPointer { p in
      gradients.withUnsafeMutableBufferPointer { g in
        let (p, g) = (p.baseAddress!, g.baseAddress!)
        // ∂J/∂h_n of the top layer, from the readout.
        let dhFinal = tape.dState.base
        dhFinal.update(repeating: 0, count: bh)
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
              accumulate: false, dhFinal, ldc: h)
          }
        }
        // The top layer first: each layer's input gradient is the upstream gradient of the
        // outputs of the layer below.
        input.withSource { source in
          for k in stride(from: layers - 1, through: 0, by: -1) {
            let layerTape = tape.layer(k)
            let top = k == layers - 1
            if !top { layerTape.dState.zero() }
            let dc = layerTape.dCell
            if unit.hasCellState {
              if top, let dFinalCell { dc.base.update(from: dFinalCell, count: bh) } else { dc.zero() }
            }
            let below = k > 0 ? tape.layer(k - 1) : nil
            let reads = below.map { LayerSource<T>.dense(UnsafePointer($0.states.pointer(at: bh))) } ?? source
            let body = { (upstream: UnsafePointer<T>?) in
              self.backwardLayer(
                self.stack[k], reading: reads, parameters: p, gradients: g, tape: layerTape,
                upstream: upstream, dInput: below?.dOutputs.base)
            }
            if !top {
              body(UnsafePointer(layerTape.dOutputs.base))
            } else if let dHidden {
              dHidden.withUnsafeBufferPointer { body($0.baseAddress!) }
            } else {
              body(nil)
            }
          }
        }
      }
    }
  }

  /// Backpropagation through one layer whose `tape.dState` (and `tape.dCell`) hold ∂J/∂h_n
  /// (∂J/∂c_n). `upstream`: ∂J/∂h_t of its outputs `(L, B, H)`, when any; `dInput`: where to
  /// write ∂J/∂x_t `(L, B, I)` of its dense input, for a layer above another.
  private func backwardLayer(
    _ layer: LayerTensors, reading source: LayerSource<T>, parameters p: UnsafePointer<T>,
    gradients g: UnsafeMutablePointer<T>, tape: RecurrentTape<T>, upstream: UnsafePointer<T>?,
    dInput: UnsafeMutablePointer<T>?
  ) {
    let (batch, length, h, gw) = (tape.batch, tape.length, hiddenSize, gateWidth)
    let (bh, width) = (batch * h, layer.inputSize)
    var dh = tape.dState.base
    var dhPrev = tape.dStatePrevious.base
    let apart = unit.keepsHiddenProjection
    tape.dHiddenBias.zero()
    tape.dInputBias.zero()
    let ids = source.tokens
    let inputGradient = ids != nil ? tape.dInputTable : tape.dInputBias
    // The input projection's gradient rows are read by the dense weight gradient and by the
    // layer below; for token input into the bottom layer only their sums (the table's
    // gradient) are kept, and the cells need not write them.
    let keepsInputProjection = ids == nil || dInput != nil
    if ids != nil { tape.dInputTable.zero() }
    let chunkRows = tape.chunk * batch
    var end = length
    while end > 0 {
      let start = max(0, end - tape.chunk)
      for t in stride(from: end - 1, through: start, by: -1) {
        if let upstream {
          for i in 0..<bh { dh[i] += upstream[t * bh + i] }
        }
        let slot = (t - start) * batch * gw
        let dX = tape.dInputProjection.pointer(at: slot)
        let dHProj = apart ? tape.dHiddenProjection.pointer(at: slot) : dX
        let clock = tape.clockStart()
        let (cells, unused) = (unit.hasCellState, tape.unused.base)
        let stepIds = ids.map { $0 + t * batch }
        let step = CellGradientStep(
          batch: batch, hidden: h, gates: UnsafePointer(tape.gates.pointer(at: t * batch * gw)),
          statePrevious: UnsafePointer(tape.states.pointer(at: t * bh)),
          cellPrevious: UnsafePointer(cells ? tape.cells.pointer(at: t * bh) : unused),
          cellTanh: UnsafePointer(cells ? tape.cellTanh.pointer(at: t * bh) : unused),
          hiddenProjection: UnsafePointer(
            apart ? tape.hiddenProjection.pointer(at: t * tape.keptPerStep) : unused),
          dState: UnsafePointer(dh), dCell: cells ? tape.dCell.base : unused,
          dStatePrevious: dhPrev, dInput: keepsInputProjection ? dX : nil, dHidden: dHProj,
          input: InputRows(base: ids == nil ? tape.inputBias.base : tape.inputTable.base, ids: stepIds, width: gw),
          inputGradient: InputRows(base: inputGradient.base, ids: stepIds, width: gw),
          dHiddenBias: tape.dHiddenBias.base)
        unit.backward(step)
        tape.clockStop(.activations, clock)
        if let weightHH = layer.weightHH {
          // dHProj: (B, G·H), weight_hh: (G·H, H) -> dh_{t−1}: (B, H), added to the
          // direct path's part when the cell wrote one.
          tape.product(
            m: batch, n: h, k: gw, UnsafePointer(dHProj), lda: gw, p + weightHH, ldb: h,
            accumulate: unit.hasDirectStatePath, dhPrev, ldc: h)
        }  // else the cell wrote all of dh_{t−1}
        swap(&dh, &dhPrev)
      }
      let rows = (end - start) * batch
      precondition(rows <= chunkRows)
      let dXChunk = UnsafePointer(tape.dInputProjection.base)
      let dHChunk = apart ? UnsafePointer(tape.dHiddenProjection.base) : dXChunk
      if let weightHH = layer.weightHH {
        // dHProj: (rows, G·H), h_{start…end−1}: (rows, H) -> d weight_hh: (G·H, H)
        tape.product(
          transA: true, m: gw, n: h, k: rows, dHChunk, lda: gw,
          UnsafePointer(tape.states.pointer(at: start * bh)), ldb: h, accumulate: true,
          g + weightHH, ldc: h)
      }
      if case .dense(let x) = source {
        // dX: (rows, G·H), x: (rows, I) -> d weight_ih: (G·H, I)
        tape.product(
          transA: true, m: gw, n: width, k: rows, dXChunk, lda: gw, x + start * batch * width,
          ldb: width, accumulate: true, g + layer.weightIH, ldc: width)
      }
      if let dInput {
        // dX: (rows, G·H), weight_ih: (G·H, I) -> the input's gradient rows: (rows, I)
        tape.product(
          m: rows, n: width, k: gw, dXChunk, lda: gw, p + layer.weightIH, ldb: width,
          accumulate: false, dInput + start * batch * width, ldc: width)
      }
      end = start
    }
    let clock = tape.clockStart()
    defer { tape.clockStop(.gatherScatter, clock) }
    // d inputBias: the dense rows' sum, or for tokens the table gradient's column sums
    // (every row of the table holds the bias once).
    let dBias = tape.dInputBias.base
    if ids != nil {
      let table = tape.dInputTable.base
      for i in 0..<width {
        for j in 0..<gw { dBias[j] += table[i * gw + j] }
      }
      // The table gradient, transposed: the one-hot product without the zeros.
      for j in 0..<gw {
        for i in 0..<width { g[layer.weightIH + j * width + i] += table[i * gw + j] }
      }
    }
    // inputBias = b_ih + b_hh in the combined blocks: both get its gradient there.
    for j in 0..<gw { g[layer.biasIH + j] += dBias[j] }
    guard let biasHH = layer.biasHH else { return }
    for block in 0..<unit.gateCount {
      let combined = unit.combinedBiasBlocks.contains(block)
      let source = combined ? dBias : tape.dHiddenBias.base
      for j in (block * h)..<((block + 1) * h) { g[biasHH + j] += source[j] }
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
