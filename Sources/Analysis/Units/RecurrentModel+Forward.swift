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
      tape.states.base.update(repeating: 0, count: batch * h)
      if unit == .lstm { tape.cells.base.update(repeating: 0, count: batch * h) }
      for t in 0..<length {
        let hPrev = tape.states.pointer(at: t * batch * h)
        let hNext = tape.states.pointer(at: (t + 1) * batch * h)
        let xProj = tape.inputProjection.pointer(at: t * batch * gw)
        let hProj = tape.hiddenProjection.pointer(at: t * batch * gw)
        let gates = tape.gates.pointer(at: t * batch * gw)
        // hPrev: (B, H), weight_hh: (G·H, H) -> hProj: (B, G·H)
        for b in 0..<batch { (hProj + b * gw).update(from: p + biasHH, count: gw) }
        gemm(
          transB: true, m: batch, n: gw, k: h, UnsafePointer(hPrev), lda: h,
          p + weightHH, ldb: h, beta: 1, hProj, ldc: gw)
        switch unit {
        case .vrnn:
          Self.vrnnStep(batch * h, xProj, hProj, gates, hNext)
        case .lstm:
          Self.lstmStep(
            batch: batch, hidden: h, xProj, hProj, gates,
            cPrev: tape.cells.pointer(at: t * batch * h),
            cNext: tape.cells.pointer(at: (t + 1) * batch * h),
            cTanh: tape.cellTanh.pointer(at: t * batch * h), hNext)
        case .gru:
          Self.gruStep(batch: batch, hidden: h, xProj, hProj, gates, hPrev, hNext)
        }
      }
      // h_n: (B, H), readout.weight: (D, H) -> output: (B, D)
      let out = tape.output.base
      for b in 0..<batch { (out + b * outputSize).update(from: p + readoutBias, count: outputSize) }
      gemm(
        transB: true, m: batch, n: outputSize, k: h,
        UnsafePointer(tape.states.pointer(at: length * batch * h)), lda: h,
        p + readoutWeight, ldb: h, beta: 1, out, ldc: outputSize)
    }
  }

  /// Fills `tape.inputProjection` `(L, B, G·H)` with `W_ih x_t + b_ih`.
  private func projectInput(
    _ input: SequenceInput<T>, parameters p: UnsafePointer<T>, tape: RecurrentTape<T>
  ) {
    let gw = gateWidth
    let rows = input.batch * input.length
    switch input {
    case .tokens(let ids, _, _):
      // table: (I, G·H) = weight_ihᵀ + bias_ih, so each token's projection is one row copy.
      let table = tape.inputTable.base
      for i in 0..<inputSize {
        for j in 0..<gw { table[i * gw + j] = p[weightIH + j * inputSize + i] + p[biasIH + j] }
      }
      ids.withUnsafeBufferPointer { ids in
        for r in 0..<rows {
          let token = Int(ids[r])
          precondition(token >= 0 && token < inputSize, "token \(token) outside 0..<\(inputSize)")
          tape.inputProjection.pointer(at: r * gw).update(from: table + token * gw, count: gw)
        }
      }
    case .dense(let values, _, _):
      precondition(values.count == rows * inputSize, "dense input has \(values.count) values, expected \(rows * inputSize)")
      let xProj = tape.inputProjection.base
      for r in 0..<rows { (xProj + r * gw).update(from: p + biasIH, count: gw) }
      // x: (L·B, I), weight_ih: (G·H, I) -> xProj: (L·B, G·H)
      values.withUnsafeBufferPointer { x in
        gemm(
          transB: true, m: rows, n: gw, k: inputSize, x.baseAddress!, lda: inputSize,
          p + weightIH, ldb: inputSize, beta: 1, xProj, ldc: gw)
      }
    }
  }

  // MARK: - Cell steps (elementwise; `n` = B·H, gates laid out (B, G·H))

  /// h = tanh(xProj + hProj); the gate buffer keeps h for the backward pass.
  @inline(__always)
  static func vrnnStep(
    _ n: Int, _ xProj: UnsafePointer<T>, _ hProj: UnsafePointer<T>,
    _ gates: UnsafeMutablePointer<T>, _ hNext: UnsafeMutablePointer<T>
  ) {
    for i in 0..<n {
      let v = T.tanh(xProj[i] + hProj[i])
      gates[i] = v
      hNext[i] = v
    }
  }

  @inline(__always)
  static func lstmStep(
    batch: Int, hidden h: Int, _ xProj: UnsafePointer<T>, _ hProj: UnsafePointer<T>,
    _ gates: UnsafeMutablePointer<T>, cPrev: UnsafePointer<T>, cNext: UnsafeMutablePointer<T>,
    cTanh: UnsafeMutablePointer<T>, _ hNext: UnsafeMutablePointer<T>
  ) {
    let gw = 4 * h
    for b in 0..<batch {
      let x = xProj + b * gw, hp = hProj + b * gw, g = gates + b * gw
      for j in 0..<h {
        let i = T.sigmoid(x[j] + hp[j])
        let f = T.sigmoid(x[h + j] + hp[h + j])
        let gg = T.tanh(x[2 * h + j] + hp[2 * h + j])
        let o = T.sigmoid(x[3 * h + j] + hp[3 * h + j])
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

  @inline(__always)
  static func gruStep(
    batch: Int, hidden h: Int, _ xProj: UnsafePointer<T>, _ hProj: UnsafePointer<T>,
    _ gates: UnsafeMutablePointer<T>, _ hPrev: UnsafePointer<T>,
    _ hNext: UnsafeMutablePointer<T>
  ) {
    let gw = 3 * h
    for b in 0..<batch {
      let x = xProj + b * gw, hp = hProj + b * gw, g = gates + b * gw
      for j in 0..<h {
        let r = T.sigmoid(x[j] + hp[j])
        let z = T.sigmoid(x[h + j] + hp[h + j])
        let n = T.tanh(x[2 * h + j] + r * hp[2 * h + j])
        g[j] = r
        g[h + j] = z
        g[2 * h + j] = n
        hNext[b * h + j] = (1 - z) * n + z * hPrev[b * h + j]
      }
    }
  }
}
