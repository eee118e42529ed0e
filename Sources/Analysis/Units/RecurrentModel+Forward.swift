extension RecurrentModel {
  /// Runs the cell over `input` from a zero state and the readout on `h_n`; the activations
  /// stay on `tape` for `backward`. Returns nothing: read `tape.readout`, `tape.finalState`.
  ///
  /// Each time step is one product, `W_hh h_{t−1}`, and one pass of the cell's forward step
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
    tape.prepare(batch: batch, length: length)
    let (h, gw) = (hiddenSize, gateWidth)
    let apart = unit.keepsHiddenProjection
    parameters.withUnsafeBufferPointer { p in
      let p = p.baseAddress!
      projectInput(input, parameters: p, tape: tape)
      var clock = tape.clockStart()
      if let initial {
        tape.states.base.update(from: initial.hidden, count: batch * h)
        if unit.hasCellState { tape.cells.base.update(from: initial.cell!, count: batch * h) }
      } else {
        tape.states.base.update(repeating: 0, count: batch * h)
        if unit.hasCellState { tape.cells.base.update(repeating: 0, count: batch * h) }
      }
      tape.clockStop(.gatherScatter, clock)
      input.withTokenPointer { ids in
        for t in 0..<length {
          let hPrev = UnsafePointer(tape.states.pointer(at: t * batch * h))
          let gates = tape.gates.pointer(at: t * batch * gw)
          let hProduct = apart ? tape.hiddenProduct.base : tape.unused.base
          // hPrev: (B, H), weight_hh: (G·H, H) -> gates (after the dense input product, if
          // any) or, for units that keep it apart, hProduct: (B, G·H)
          tape.product(
            transB: true, m: batch, n: gw, k: h, hPrev, lda: h, p + weightHH, ldb: h,
            accumulate: !apart && ids == nil, apart ? hProduct : gates, ldc: gw)
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
            hiddenBias: p + biasHH)
          switch unit {
          case .vrnn: VanillaRNNCell.forward(step)
          case .lstm: LSTMCell.forward(step)
          case .gru: GRUCell.forward(step)
          }
          tape.clockStop(.activations, clock)
        }
      }
      // h_n: (B, H), readout.weight: (D, H) -> output: (B, D)
      clock = tape.clockStart()
      let out = tape.output.base
      for b in 0..<batch { (out + b * outputSize).update(from: p + readoutBias, count: outputSize) }
      tape.clockStop(.gatherScatter, clock)
      tape.product(
        transB: true, m: batch, n: outputSize, k: h,
        UnsafePointer(tape.states.pointer(at: length * batch * h)), lda: h, p + readoutWeight,
        ldb: h, accumulate: true, out, ldc: outputSize)
    }
  }

  /// Prepares the input rows the cell steps add: `tape.inputBias` `(G·H)` = `b_ih`, plus
  /// `b_hh` in the unit's `combinedBiasBlocks`; for token input the table
  /// `weight_ihᵀ + inputBias` `(I, G·H)`, for dense input the product `W_ih x_t` of every
  /// step into `tape.gates` `(L, B, G·H)`.
  private func projectInput(
    _ input: SequenceInput<T>, parameters p: UnsafePointer<T>, tape: RecurrentTape<T>
  ) {
    let gw = gateWidth
    let rows = input.batch * input.length
    let clock = tape.clockStart()
    let bias = tape.inputBias.base
    for j in 0..<gw { bias[j] = p[biasIH + j] }
    for block in unit.combinedBiasBlocks {
      for j in (block * hiddenSize)..<((block + 1) * hiddenSize) { bias[j] += p[biasHH + j] }
    }
    switch input {
    case .tokens(let ids, _, _):
      precondition(ids.count == rows, "token input has \(ids.count) ids, expected \(rows)")
      for id in ids {
        precondition(id >= 0 && Int(id) < inputSize, "token \(id) outside 0..<\(inputSize)")
      }
      // table: (I, G·H) = weight_ihᵀ + bias: a token's projection is one row of it.
      let table = tape.inputTable.base
      for i in 0..<inputSize {
        for j in 0..<gw { table[i * gw + j] = p[weightIH + j * inputSize + i] + bias[j] }
      }
      tape.clockStop(.gatherScatter, clock)
    case .dense(let values, _, _):
      precondition(values.count == rows * inputSize, "dense input has \(values.count) values, expected \(rows * inputSize)")
      tape.clockStop(.gatherScatter, clock)
      // x: (L·B, I), weight_ih: (G·H, I) -> gates: (L·B, G·H)
      values.withUnsafeBufferPointer { x in
        tape.product(
          transB: true, m: rows, n: gw, k: inputSize, x.baseAddress!, lda: inputSize,
          p + weightIH, ldb: inputSize, accumulate: false, tape.gates.base, ldc: gw)
      }
    }
  }
}

extension SequenceInput {
  /// `body` with the token ids `(L·B)`, time-major, or nil for dense input.
  func withTokenPointer<R>(_ body: (UnsafePointer<Int32>?) -> R) -> R {
    switch self {
    case .tokens(let ids, _, _): ids.withUnsafeBufferPointer { body($0.baseAddress) }
    case .dense: body(nil)
    }
  }
}

/// The state a forward pass starts from, `(B, H)` each: `hidden` = h_0, and `cell` = c_0 for
/// units with a cell state (`nil` otherwise).
struct InitialState<T: Scalar> {
  let hidden: UnsafePointer<T>
  let cell: UnsafePointer<T>?
}
