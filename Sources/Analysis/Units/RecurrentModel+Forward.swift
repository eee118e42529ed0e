extension RecurrentModel {
  /// Layer 0's input products `W_ih e_w` of every row of `vectors` `(V, I)`, for
  /// `SequenceInput.projected`: computed as a dense forward pass computes them (the same
  /// product, subnormals flushed), so reading a word's row gives the same bits.
  public func inputProjections(of vectors: Matrix<T>) -> InputProjections<T> {
    precondition(vectors.cols == inputSize, "vectors of width \(vectors.cols) for input size \(inputSize)")
    let (v, gw, layer) = (vectors.rows, gateWidth, stack[0])
    var rows = [T](repeating: 0, count: v * gw)
    if v > 0 {
      SubnormalFlush.around {
        vectors.storage.withUnsafeBufferPointer { x in
          parameters.withUnsafeBufferPointer { p in
            rows.withUnsafeMutableBufferPointer { c in
              // vectors: (V, I), weight_ih: (G·H, I) -> (V, G·H)
              gemm(
                transB: true, m: v, n: gw, k: inputSize, x.baseAddress!, lda: inputSize,
                p.baseAddress! + layer.weightIH, ldb: inputSize, c.baseAddress!, ldc: gw)
            }
          }
        }
      }
    }
    return InputProjections(rows: rows, vocabulary: v, parameters: parameters)
  }

  /// Runs the layers over `input` from a zero state, each over the whole sequence before the
  /// next, and the readout on the top layer's `h_n`; the activations stay on `tape` for
  /// `backward`. Returns nothing: read `tape.readout`, `tape.finalState`.
  ///
  /// In each layer, each time step is one product, `W_hh h_{t−1}`, and one pass of the cell's forward step
  /// over its gates, which adds the input rows (a token's table row, or the bias row after
  /// the dense input product) as it applies the activations.
  ///
  /// Subnormal numbers are flushed to zero on the way (`SubnormalFlush`).
  public func forward(_ input: SequenceInput<T>, tape: RecurrentTape<T>) {
    SubnormalFlush.around { flushedForward(input, tape: tape, initial: nil) }
  }

  /// `forward` from the state `initial` instead of zero (PyTorch's `h0`, `c0`): the substituted
  /// sequences of the substitution coefficients start from the base pass's prefix states.
  /// The tape then holds `initial` as its first state.
  func forward(_ input: SequenceInput<T>, tape: RecurrentTape<T>, initial: InitialState<T>) {
    SubnormalFlush.around { flushedForward(input, tape: tape, initial: initial) }
  }

  private func flushedForward(
    _ input: SequenceInput<T>, tape: RecurrentTape<T>, initial: InitialState<T>?
  ) {
    let (batch, length) = (input.batch, input.length)
    switch input {
    case .tokens(let ids, _, _):
      precondition(ids.count == batch * length, "token input has \(ids.count) ids, expected \(batch * length)")
      for id in ids {
        precondition(id >= 0 && Int(id) < inputSize, "token \(id) outside 0..<\(inputSize)")
      }
    case .dense(let values, _, _):
      precondition(values.count == batch * length * inputSize, "dense input has \(values.count) values, expected \(batch * length * inputSize)")
    case .projected(let ids, _, _, let projections):
      precondition(ids.count == batch * length, "projected input has \(ids.count) ids, expected \(batch * length)")
      precondition(projections.belong(to: self), "input projections of another model")
      for id in ids {
        precondition(id >= 0 && Int(id) < projections.vocabulary, "token \(id) outside 0..<\(projections.vocabulary)")
      }
    }
    precondition(tape.lower.count == layers - 1, "a tape for \(tape.lower.count + 1) layers")
    precondition(initial.map { $0.hidden.count == layers } ?? true, "an initial state per layer")
    parameters.withUnsafeBufferPointer { p in
      let p = p.baseAddress!
      input.withSource { source in
        var source = source
        for k in 0..<layers {
          let layerTape = tape.layer(k)
          layerTape.prepare(batch: batch, length: length, feedsLayerAbove: k < layers - 1)
          forwardLayer(
            stack[k], reading: source, parameters: p, tape: layerTape,
            initial: initial.map { ($0.hidden[k], $0.cell?[k]) })
          // The next layer reads this one's outputs h_1 … h_L, (L, B, H).
          source = .dense(UnsafePointer(layerTape.states.pointer(at: batch * hiddenSize)))
        }
      }
      // h_n: (B, H), readout.weight: (D, H) -> output: (B, D)
      let clock = tape.clockStart()
      let out = tape.output.base
      for b in 0..<batch { (out + b * outputSize).update(from: p + readoutBias, count: outputSize) }
      tape.clockStop(.gatherScatter, clock)
      tape.product(
        transB: true, m: batch, n: outputSize, k: hiddenSize,
        UnsafePointer(tape.states.pointer(at: length * batch * hiddenSize)), lda: hiddenSize,
        p + readoutWeight, ldb: hiddenSize, accumulate: true, out, ldc: outputSize)
    }
  }

  /// One layer over the whole sequence, on `tape` (prepared for the batch shape): the input
  /// projection of `source`, then each time step's product `W_hh h_{t−1}` and cell step.
  private func forwardLayer(
    _ layer: LayerTensors, reading source: LayerSource<T>, parameters p: UnsafePointer<T>,
    tape: RecurrentTape<T>, initial: (hidden: UnsafePointer<T>, cell: UnsafePointer<T>?)?
  ) {
    let (batch, length) = (tape.batch, tape.length)
    let (h, gw) = (hiddenSize, gateWidth)
    let apart = unit.keepsHiddenProjection
    projectInput(source, layer: layer, parameters: p, tape: tape)
    var clock = tape.clockStart()
    if let initial {
      tape.states.base.update(from: initial.hidden, count: batch * h)
      if unit.hasCellState { tape.cells.base.update(from: initial.cell!, count: batch * h) }
    } else {
      tape.states.base.update(repeating: 0, count: batch * h)
      if unit.hasCellState { tape.cells.base.update(repeating: 0, count: batch * h) }
    }
    tape.clockStop(.gatherScatter, clock)
    let ids = source.tokens
    for t in 0..<length {
      let hPrev = UnsafePointer(tape.states.pointer(at: t * batch * h))
      let gates = tape.gates.pointer(at: t * batch * gw)
      let hProduct = apart ? tape.hiddenProduct.base : tape.unused.base
      if let weightHH = layer.weightHH {
        // hPrev: (B, H), weight_hh: (G·H, H) -> gates (after the dense input product, if
        // any) or, for units that keep it apart, hProduct: (B, G·H)
        tape.product(
          transB: true, m: batch, n: gw, k: h, hPrev, lda: h, p + weightHH, ldb: h,
          accumulate: !apart && ids == nil, apart ? hProduct : gates, ldc: gw)
      }
      // Without a hidden projection the gates hold the dense input product or nothing: the
      // cell reads them only when `gatesHoldInputProduct`.
      clock = tape.clockStart()
      let (cells, unused) = (unit.hasCellState, tape.unused.base)
      let step = CellStep(
        batch: batch, hidden: h, gates: gates, gatesHoldInputProduct: ids == nil,
        input: InputRows(base: ids == nil ? tape.inputBias.base : tape.inputTable.base,
                         ids: ids.map { $0 + t * batch }, width: gw),
        statePrevious: hPrev, state: tape.states.pointer(at: (t + 1) * batch * h),
        cellPrevious: UnsafePointer(cells ? tape.cells.pointer(at: t * batch * h) : unused),
        cell: cells ? tape.cells.pointer(at: (t + 1) * batch * h) : unused,
        cellTanh: cells ? tape.cellTanh.pointer(at: t * batch * h) : unused,
        hiddenProduct: UnsafePointer(hProduct),
        hiddenProjection: apart ? tape.hiddenProjection.pointer(at: t * tape.keptPerStep) : unused,
        hiddenBias: p + (layer.biasHH ?? layer.biasIH))
      unit.forward(step)
      tape.clockStop(.activations, clock)
    }
  }

  /// Prepares the input rows the cell steps add: `tape.inputBias` `(G·H)` = `b_ih`, plus
  /// `b_hh` in the unit's `combinedBiasBlocks` (none without a hidden projection); for token input the table
  /// `weight_ihᵀ + inputBias` `(I, G·H)`, for dense input the product `W_ih x_t` of every
  /// step into `tape.gates` `(L, B, G·H)` (for projected input, its words' rows of it).
  private func projectInput(
    _ source: LayerSource<T>, layer: LayerTensors, parameters p: UnsafePointer<T>,
    tape: RecurrentTape<T>
  ) {
    let gw = gateWidth
    let rows = tape.batch * tape.length
    let clock = tape.clockStart()
    let bias = tape.inputBias.base
    for j in 0..<gw { bias[j] = p[layer.biasIH + j] }
    if let biasHH = layer.biasHH {
      for block in unit.combinedBiasBlocks {
        for j in (block * hiddenSize)..<((block + 1) * hiddenSize) { bias[j] += p[biasHH + j] }
      }
    }
    switch source {
    case .tokens:
      // table: (I, G·H) = weight_ihᵀ + bias: a token's projection is one row of it.
      let (table, width) = (tape.inputTable.base, layer.inputSize)
      for i in 0..<width {
        for j in 0..<gw { table[i * gw + j] = p[layer.weightIH + j * width + i] + bias[j] }
      }
      tape.clockStop(.gatherScatter, clock)
    case .projected(let ids, let projections):
      // gates: (L·B, G·H), each row the word's projection: the product `.dense` would make.
      let gates = tape.gates.base
      for r in 0..<rows { (gates + r * gw).update(from: projections + Int(ids[r]) * gw, count: gw) }
      tape.clockStop(.gatherScatter, clock)
    case .dense(let x):
      tape.clockStop(.gatherScatter, clock)
      // x: (L·B, I), weight_ih: (G·H, I) -> gates: (L·B, G·H)
      tape.product(
        transB: true, m: rows, n: gw, k: layer.inputSize, x, lda: layer.inputSize,
        p + layer.weightIH, ldb: layer.inputSize, accumulate: false, tape.gates.base, ldc: gw)
    }
  }
}

/// What a layer reads, time-major: layer 0 the model's input, a layer above it the hidden
/// outputs of the one below.
enum LayerSource<T: Scalar> {
  /// Token ids `(L·B)`, read through the input table.
  case tokens(UnsafePointer<Int32>)
  /// Dense rows `(L·B, I)`.
  case dense(UnsafePointer<T>)
  /// Token ids `(L·B)` and their rows' input products `(V, G·H)` (see `InputProjections`).
  case projected(UnsafePointer<Int32>, UnsafePointer<T>)

  var tokens: UnsafePointer<Int32>? {
    if case .tokens(let ids) = self { ids } else { nil }
  }
}

extension SequenceInput {
  /// `body` with the input as layer 0 reads it.
  func withSource<R>(_ body: (LayerSource<T>) -> R) -> R {
    switch self {
    case .tokens(let ids, _, _): ids.withUnsafeBufferPointer { body(.tokens($0.baseAddress!)) }
    case .dense(let values, _, _): values.withUnsafeBufferPointer { body(.dense($0.baseAddress!)) }
    case .projected(let ids, _, _, let projections):
      ids.withUnsafeBufferPointer { ids in
        projections.rows.withUnsafeBufferPointer { body(.projected(ids.baseAddress!, $0.baseAddress!)) }
      }
    }
  }
}

/// The state a forward pass starts from, per layer, bottom first, `(B, H)` each: `hidden` =
/// h_0, and `cell` = c_0 for units with a cell state (`nil` otherwise).
struct InitialState<T: Scalar> {
  let hidden: [UnsafePointer<T>]
  let cell: [UnsafePointer<T>]?
}
