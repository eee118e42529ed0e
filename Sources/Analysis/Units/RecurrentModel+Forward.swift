extension RecurrentModel {
  /// Runs the cell over `input` from a zero state and the readout on `h_n`; the activations
  /// stay on `tape` for `backward`. Returns nothing: read `tape.readout`, `tape.finalState`.
  public func forward(_ input: SequenceInput<T>, tape: RecurrentTape<T>) {
    let (batch, length) = (input.batch, input.length)
    tape.prepare(batch: batch, length: length)
    let (h, gw) = (hiddenSize, gateWidth)
    parameters.withUnsafeBufferPointer { p in
      let p = p.baseAddress!
      projectInput(input, parameters: p, tape: tape)
      var clock = tape.clockStart()
      tape.states.base.update(repeating: 0, count: batch * h)
      if unit == .lstm { tape.cells.base.update(repeating: 0, count: batch * h) }
      tape.clockStop(.gatherScatter, clock)
      for t in 0..<length {
        let hPrev = UnsafePointer(tape.states.pointer(at: t * batch * h))
        let hNext = tape.states.pointer(at: (t + 1) * batch * h)
        let gates = tape.gates.pointer(at: t * batch * gw)
        switch unit {
        case .vrnn, .lstm:
          // The input projection already holds both biases: add the hidden product in place.
          // hPrev: (B, H), weight_hh: (G·H, H) -> gates: (B, G·H)
          tape.product(
            transB: true, m: batch, n: gw, k: h, hPrev, lda: h, p + weightHH, ldb: h,
            accumulate: true, gates, ldc: gw)
          clock = tape.clockStart()
          if unit == .vrnn {
            Self.vrnnStep(batch: batch, hidden: h, gates, hNext)
          } else {
            Self.lstmStep(
              batch: batch, hidden: h, gates,
              cPrev: tape.cells.pointer(at: t * batch * h),
              cNext: tape.cells.pointer(at: (t + 1) * batch * h),
              cTanh: tape.cellTanh.pointer(at: t * batch * h), hNext)
          }
          tape.clockStop(.activations, clock)
        case .gru:
          // GRU keeps W_hh h + b_hh apart: its n block is gated by r.
          let hProj = tape.hiddenProjection.pointer(at: t * batch * gw)
          clock = tape.clockStart()
          for b in 0..<batch { (hProj + b * gw).update(from: p + biasHH, count: gw) }
          tape.clockStop(.gatherScatter, clock)
          tape.product(
            transB: true, m: batch, n: gw, k: h, hPrev, lda: h, p + weightHH, ldb: h,
            accumulate: true, hProj, ldc: gw)
          clock = tape.clockStart()
          Self.gruStep(batch: batch, hidden: h, gates, UnsafePointer(hProj), hPrev, hNext)
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

  /// Fills `tape.gates` `(L, B, G·H)` with the input projections `W_ih x_t + b_ih`, plus
  /// `b_hh` for the vanilla RNN and the LSTM, whose gates add the two projections whole.
  private func projectInput(
    _ input: SequenceInput<T>, parameters p: UnsafePointer<T>, tape: RecurrentTape<T>
  ) {
    let gw = gateWidth
    let rows = input.batch * input.length
    let clock = tape.clockStart()
    defer { if input.isTokens { tape.clockStop(.gatherScatter, clock) } }
    // bias: (G·H), the constant part of every row.
    let bias = tape.inputBias.base
    for j in 0..<gw { bias[j] = unit == .gru ? p[biasIH + j] : p[biasIH + j] + p[biasHH + j] }
    let xProj = tape.gates.base
    switch input {
    case .tokens(let ids, _, _):
      // table: (I, G·H) = weight_ihᵀ + bias: a token's projection is one row of it.
      let table = tape.inputTable.base
      for i in 0..<inputSize {
        for j in 0..<gw { table[i * gw + j] = p[weightIH + j * inputSize + i] + bias[j] }
      }
      ids.withUnsafeBufferPointer { ids in
        for r in 0..<rows {
          let token = Int(ids[r])
          precondition(token >= 0 && token < inputSize, "token \(token) outside 0..<\(inputSize)")
          (xProj + r * gw).update(from: table + token * gw, count: gw)
        }
      }
    case .dense(let values, _, _):
      precondition(values.count == rows * inputSize, "dense input has \(values.count) values, expected \(rows * inputSize)")
      for r in 0..<rows { (xProj + r * gw).update(from: bias, count: gw) }
      tape.clockStop(.gatherScatter, clock)
      // x: (L·B, I), weight_ih: (G·H, I) -> xProj: (L·B, G·H)
      values.withUnsafeBufferPointer { x in
        tape.product(
          transB: true, m: rows, n: gw, k: inputSize, x.baseAddress!, lda: inputSize,
          p + weightIH, ldb: inputSize, accumulate: true, xProj, ldc: gw)
      }
    }
  }

  // MARK: - Cell steps (elementwise; gates laid out (B, G·H), pre-activations in place)

  /// h = tanh(a); the gate buffer keeps h for the backward pass.
  @inline(__always)
  static func vrnnStep(
    batch: Int, hidden h: Int, _ gates: UnsafeMutablePointer<T>, _ hNext: UnsafeMutablePointer<T>
  ) {
    if T.self == Float.self {
      return FloatCellSteps.vrnn(batch: batch, hidden: h, gates.asFloat, hNext.asFloat)
    }
    for i in 0..<(batch * h) {
      let v = T.tanh(gates[i])
      gates[i] = v
      hNext[i] = v
    }
  }

  @inline(__always)
  static func lstmStep(
    batch: Int, hidden h: Int, _ gates: UnsafeMutablePointer<T>, cPrev: UnsafePointer<T>,
    cNext: UnsafeMutablePointer<T>, cTanh: UnsafeMutablePointer<T>,
    _ hNext: UnsafeMutablePointer<T>
  ) {
    if T.self == Float.self {
      return FloatCellSteps.lstm(
        batch: batch, hidden: h, gates.asFloat, cPrev: cPrev.asFloat, cNext: cNext.asFloat,
        cTanh: cTanh.asFloat, hNext.asFloat)
    }
    let gw = 4 * h
    for b in 0..<batch {
      let g = gates + b * gw
      for j in 0..<h {
        let i = T.sigmoid(g[j])
        let f = T.sigmoid(g[h + j])
        let gg = T.tanh(g[2 * h + j])
        let o = T.sigmoid(g[3 * h + j])
        g[j] = i
        g[h + j] = f
        g[2 * h + j] = gg
        g[3 * h + j] = o
        let c = f * cPrev[b * h + j] + i * gg
        let tc = T.tanh(c)
        cNext[b * h + j] = c
        cTanh[b * h + j] = tc
        hNext[b * h + j] = o * tc
      }
    }
  }

  /// gates: the input projections in, r, z, n out.
  @inline(__always)
  static func gruStep(
    batch: Int, hidden h: Int, _ gates: UnsafeMutablePointer<T>, _ hProj: UnsafePointer<T>,
    _ hPrev: UnsafePointer<T>, _ hNext: UnsafeMutablePointer<T>
  ) {
    if T.self == Float.self {
      return FloatCellSteps.gru(
        batch: batch, hidden: h, gates.asFloat, hProj: hProj.asFloat, hPrev.asFloat,
        hNext.asFloat)
    }
    let gw = 3 * h
    for b in 0..<batch {
      let g = gates + b * gw, hp = hProj + b * gw
      for j in 0..<h {
        let r = T.sigmoid(g[j] + hp[j])
        let z = T.sigmoid(g[h + j] + hp[h + j])
        let n = T.tanh(g[2 * h + j] + r * hp[2 * h + j])
        g[j] = r
        g[h + j] = z
        g[2 * h + j] = n
        hNext[b * h + j] = (1 - z) * n + z * hPrev[b * h + j]
      }
    }
  }
}
