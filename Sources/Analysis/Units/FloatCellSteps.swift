/// The elementwise halves of the cell steps for Float, eight lanes at a time with
/// `VectorMath`'s polynomial activations: the fast paths that `RecurrentModel`'s generic
/// steps take when `T` is Float (same equations and layouts; see there).
///
/// Gates are laid out `(B, G·H)`; a row's hidden units run in lanes of 8, the last `H mod 8`
/// through the same code with padded lanes.
enum FloatCellSteps {
  typealias Lanes = VectorMath.Lanes

  /// Calls `body(j, lanes)` for j = 0, 8, 16, … < h, with lanes = min(8, h − j).
  ///
  /// Full groups pass the constant 8, so that once `body` is inlined its loads and stores
  /// compile to plain vector moves; only the tail takes the lane-by-lane path.
  @inline(__always)
  static func forEachLane(_ h: Int, _ body: (Int, Int) -> Void) {
    var j = 0
    while j + 8 <= h {
      body(j, 8)
      j += 8
    }
    if j < h { body(j, h - j) }
  }

  // MARK: - Forward

  /// gates: pre-activations in, h = tanh(·) out; hNext = h.
  static func vrnn(
    batch: Int, hidden h: Int, _ gates: UnsafeMutablePointer<Float>,
    _ hNext: UnsafeMutablePointer<Float>
  ) {
    for b in 0..<batch {
      let g = gates + b * h, out = hNext + b * h
      forEachLane(h) { j, n in
        let v = VectorMath.tanh(VectorMath.load(g + j, count: n))
        VectorMath.store(v, g + j, count: n)
        VectorMath.store(v, out + j, count: n)
      }
    }
  }

  /// gates: pre-activations of i, f, g, o in, activations out.
  static func lstm(
    batch: Int, hidden h: Int, _ gates: UnsafeMutablePointer<Float>,
    cPrev: UnsafePointer<Float>, cNext: UnsafeMutablePointer<Float>,
    cTanh: UnsafeMutablePointer<Float>, _ hNext: UnsafeMutablePointer<Float>
  ) {
    for b in 0..<batch {
      let g = gates + b * 4 * h, row = b * h
      forEachLane(h) { j, n in
        let i = VectorMath.sigmoid(VectorMath.load(g + j, count: n))
        let f = VectorMath.sigmoid(VectorMath.load(g + h + j, count: n))
        let gg = VectorMath.tanh(VectorMath.load(g + 2 * h + j, count: n))
        let o = VectorMath.sigmoid(VectorMath.load(g + 3 * h + j, count: n))
        VectorMath.store(i, g + j, count: n)
        VectorMath.store(f, g + h + j, count: n)
        VectorMath.store(gg, g + 2 * h + j, count: n)
        VectorMath.store(o, g + 3 * h + j, count: n)
        let c = (i * gg).addingProduct(f, VectorMath.load(cPrev + row + j, count: n))
        let tc = VectorMath.tanh(c)
        VectorMath.store(c, cNext + row + j, count: n)
        VectorMath.store(tc, cTanh + row + j, count: n)
        VectorMath.store(o * tc, hNext + row + j, count: n)
      }
    }
  }

  /// gates: the input projections of r, z, n in, their activations out.
  static func gru(
    batch: Int, hidden h: Int, _ gates: UnsafeMutablePointer<Float>,
    hProj: UnsafePointer<Float>, _ hPrev: UnsafePointer<Float>,
    _ hNext: UnsafeMutablePointer<Float>
  ) {
    for b in 0..<batch {
      let g = gates + b * 3 * h, hp = hProj + b * 3 * h, row = b * h
      forEachLane(h) { j, n in
        let r = VectorMath.sigmoid(
          VectorMath.load(g + j, count: n) + VectorMath.load(hp + j, count: n))
        let z = VectorMath.sigmoid(
          VectorMath.load(g + h + j, count: n) + VectorMath.load(hp + h + j, count: n))
        let nn = VectorMath.tanh(
          VectorMath.load(g + 2 * h + j, count: n)
            .addingProduct(r, VectorMath.load(hp + 2 * h + j, count: n)))
        VectorMath.store(r, g + j, count: n)
        VectorMath.store(z, g + h + j, count: n)
        VectorMath.store(nn, g + 2 * h + j, count: n)
        // (1 − z) n + z h, as the generic path rounds it.
        let next = ((1 - z) * nn).addingProduct(z, VectorMath.load(hPrev + row + j, count: n))
        VectorMath.store(next, hNext + row + j, count: n)
      }
    }
  }

  // MARK: - Backward

  static func vrnnBackward(
    batch: Int, hidden h: Int, _ gates: UnsafePointer<Float>, _ dh: UnsafePointer<Float>,
    _ dA: UnsafeMutablePointer<Float>
  ) {
    for b in 0..<batch {
      let row = b * h
      forEachLane(h) { j, n in
        let v = VectorMath.load(gates + row + j, count: n)
        let d = VectorMath.load(dh + row + j, count: n)
        VectorMath.store(d * (1 - v * v), dA + row + j, count: n)
      }
    }
  }

  static func lstmBackward(
    batch: Int, hidden h: Int, _ gates: UnsafePointer<Float>, cPrev: UnsafePointer<Float>,
    cTanh: UnsafePointer<Float>, _ dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>,
    _ dA: UnsafeMutablePointer<Float>
  ) {
    for b in 0..<batch {
      let g = gates + b * 4 * h, d = dA + b * 4 * h, row = b * h
      forEachLane(h) { j, n in
        let i = VectorMath.load(g + j, count: n), f = VectorMath.load(g + h + j, count: n)
        let gg = VectorMath.load(g + 2 * h + j, count: n)
        let o = VectorMath.load(g + 3 * h + j, count: n)
        let tc = VectorMath.load(cTanh + row + j, count: n)
        let dhK = VectorMath.load(dh + row + j, count: n)
        let dcK = VectorMath.load(dc + row + j, count: n) + dhK * o * (1 - tc * tc)
        VectorMath.store(dcK * gg * i * (1 - i), d + j, count: n)
        VectorMath.store(
          dcK * VectorMath.load(cPrev + row + j, count: n) * f * (1 - f), d + h + j, count: n)
        VectorMath.store(dcK * i * (1 - gg * gg), d + 2 * h + j, count: n)
        VectorMath.store(dhK * tc * o * (1 - o), d + 3 * h + j, count: n)
        VectorMath.store(dcK * f, dc + row + j, count: n)
      }
    }
  }

  static func gruBackward(
    batch: Int, hidden h: Int, _ gates: UnsafePointer<Float>, hProj: UnsafePointer<Float>,
    _ hPrev: UnsafePointer<Float>, _ dh: UnsafePointer<Float>,
    _ dX: UnsafeMutablePointer<Float>, _ dHProj: UnsafeMutablePointer<Float>,
    dhPrev: UnsafeMutablePointer<Float>
  ) {
    for b in 0..<batch {
      let g = gates + b * 3 * h, hp = hProj + b * 3 * h, row = b * h
      let dx = dX + b * 3 * h, dhp = dHProj + b * 3 * h
      forEachLane(h) { j, n in
        let r = VectorMath.load(g + j, count: n), z = VectorMath.load(g + h + j, count: n)
        let nn = VectorMath.load(g + 2 * h + j, count: n)
        let dhK = VectorMath.load(dh + row + j, count: n)
        let dn = dhK * (1 - z) * (1 - nn * nn)
        let dz = dhK * (VectorMath.load(hPrev + row + j, count: n) - nn) * z * (1 - z)
        let dr = dn * VectorMath.load(hp + 2 * h + j, count: n) * r * (1 - r)
        VectorMath.store(dr, dx + j, count: n)
        VectorMath.store(dz, dx + h + j, count: n)
        VectorMath.store(dn, dx + 2 * h + j, count: n)
        VectorMath.store(dr, dhp + j, count: n)
        VectorMath.store(dz, dhp + h + j, count: n)
        VectorMath.store(dn * r, dhp + 2 * h + j, count: n)
        VectorMath.store(dhK * z, dhPrev + row + j, count: n)
      }
    }
  }
}

extension UnsafePointer {
  /// The same memory as Float, for fast paths taken after checking `T.self == Float.self`.
  @inline(__always) var asFloat: UnsafePointer<Float> {
    UnsafeRawPointer(self).assumingMemoryBound(to: Float.self)
  }
}

extension UnsafeMutablePointer {
  /// The same memory as Float, for fast paths taken after checking `T.self == Float.self`.
  @inline(__always) var asFloat: UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer(self).assumingMemoryBound(to: Float.self)
  }
}
