/// `C = op(A) · B` (or `C += op(A) · B` when `accumulate`) for Float on row-major buffers,
/// with a register-tiled kernel and no packing.
///
/// `op(A)` is `(m, k)` (`A` stored `(k, m)` when `transA`), `B` is `(k, n)`, `C` is `(m, n)`.
/// The shapes of a training step (m, n ≤ a few hundred, k ≤ a few thousand) are too small for
/// BLAS's packing of both operands to pay for itself; this kernel streams `B` rows from
/// cache instead. `gemm` (BLAS) stays the reference (`naiveGemm` tests both) and does the
/// large products.
///
/// The kernel keeps a 4 × 16 block of C in eight 8-lane registers and per step of k
/// broadcasts four values of A against two vectors of B: 8 FMAs per 6 loads, enough
/// independent FMAs to cover their latency. (A 6 × 16 block, twelve accumulators, spills:
/// the compiler hoists all six broadcasts, and 12 + 6 + 2 exceeds AVX2's sixteen registers.)
public func tiledGemm(
  transA: Bool = false, m: Int, n: Int, k: Int,
  _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
  accumulate: Bool, _ c: UnsafeMutablePointer<Float>, ldc: Int
) {
  guard m > 0, n > 0 else { return }
  // op(A)[i, p] sits at a + i·rowStep + p·depthStep.
  let (rowStep, depthStep) = transA ? (1, lda) : (lda, 1)
  // Depth blocks keep a block's slices of A and B in L1 for the sweep over C.
  let depthBlock = 256
  var p0 = 0
  repeat {
    let kc = min(depthBlock, k - p0)
    let add = accumulate || p0 > 0
    let aBlock = a + p0 * depthStep, bBlock = b + p0 * ldb
    var j = 0
    while j + 16 <= n {
      var i = 0
      while i < m {
        TiledKernel.block4x16(
          kc, aBlock + i * rowStep, rowStep, depthStep, rows: min(4, m - i),
          bBlock + j, ldb, c + i * ldc + j, ldc, add)
        i += 4
      }
      j += 16
    }
    if j + 8 <= n {
      var i = 0
      while i < m {
        TiledKernel.block4x8(
          kc, aBlock + i * rowStep, rowStep, depthStep, rows: min(4, m - i),
          bBlock + j, ldb, c + i * ldc + j, ldc, add)
        i += 4
      }
      j += 8
    }
    // The last n mod 8 columns: dot products.
    for col in j..<n {
      for i in 0..<m {
        var sum: Float = 0
        for p in 0..<kc { sum += aBlock[i * rowStep + p * depthStep] * bBlock[p * ldb + col] }
        c[i * ldc + col] = add ? c[i * ldc + col] + sum : sum
      }
    }
    p0 += kc
  } while p0 < k
}

private enum TiledKernel {
  typealias Lanes = SIMD8<Float>

  @inline(__always)
  static func load(_ p: UnsafePointer<Float>) -> Lanes {
    UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
  }

  @inline(__always)
  static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Float>, add: Bool) {
    let out = add ? UnsafeRawPointer(p).loadUnaligned(as: Lanes.self) + v : v
    UnsafeMutableRawPointer(p).storeBytes(of: out, as: Lanes.self)
  }

  /// C[0..<rows, 0..<16] (+)= A[0..<rows, 0..<k] · B[0..<k, 0..<16], rows ≤ 4.
  /// Rows past `rows` repeat the last valid row of A (so every load stays inside A) and are
  /// not stored.
  @inline(__always)
  static func block4x16(
    _ k: Int, _ a: UnsafePointer<Float>, _ rowStep: Int, _ depthStep: Int, rows: Int,
    _ b: UnsafePointer<Float>, _ ldb: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int,
    _ add: Bool
  ) {
    let last = rows - 1
    var a0 = a, a1 = a + min(1, last) * rowStep, a2 = a + min(2, last) * rowStep
    var a3 = a + min(3, last) * rowStep
    var c00 = Lanes(), c01 = Lanes(), c10 = Lanes(), c11 = Lanes()
    var c20 = Lanes(), c21 = Lanes(), c30 = Lanes(), c31 = Lanes()
    var pb = b
    for _ in 0..<k {
      let b0 = load(pb), b1 = load(pb + 8)
      let x0 = Lanes(repeating: a0.pointee), x1 = Lanes(repeating: a1.pointee)
      let x2 = Lanes(repeating: a2.pointee), x3 = Lanes(repeating: a3.pointee)
      c00 = c00.addingProduct(x0, b0); c01 = c01.addingProduct(x0, b1)
      c10 = c10.addingProduct(x1, b0); c11 = c11.addingProduct(x1, b1)
      c20 = c20.addingProduct(x2, b0); c21 = c21.addingProduct(x2, b1)
      c30 = c30.addingProduct(x3, b0); c31 = c31.addingProduct(x3, b1)
      a0 += depthStep; a1 += depthStep; a2 += depthStep; a3 += depthStep
      pb += ldb
    }
    store(c00, c, add: add); store(c01, c + 8, add: add)
    if rows > 1 { store(c10, c + ldc, add: add); store(c11, c + ldc + 8, add: add) }
    if rows > 2 { store(c20, c + 2 * ldc, add: add); store(c21, c + 2 * ldc + 8, add: add) }
    if rows > 3 { store(c30, c + 3 * ldc, add: add); store(c31, c + 3 * ldc + 8, add: add) }
  }

  /// `block4x16` for 8 columns.
  @inline(__always)
  static func block4x8(
    _ k: Int, _ a: UnsafePointer<Float>, _ rowStep: Int, _ depthStep: Int, rows: Int,
    _ b: UnsafePointer<Float>, _ ldb: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int,
    _ add: Bool
  ) {
    let last = rows - 1
    var a0 = a, a1 = a + min(1, last) * rowStep, a2 = a + min(2, last) * rowStep
    var a3 = a + min(3, last) * rowStep
    var c0 = Lanes(), c1 = Lanes(), c2 = Lanes(), c3 = Lanes()
    var pb = b
    for _ in 0..<k {
      let b0 = load(pb)
      c0 = c0.addingProduct(Lanes(repeating: a0.pointee), b0)
      c1 = c1.addingProduct(Lanes(repeating: a1.pointee), b0)
      c2 = c2.addingProduct(Lanes(repeating: a2.pointee), b0)
      c3 = c3.addingProduct(Lanes(repeating: a3.pointee), b0)
      a0 += depthStep; a1 += depthStep; a2 += depthStep; a3 += depthStep
      pb += ldb
    }
    store(c0, c, add: add)
    if rows > 1 { store(c1, c + ldc, add: add) }
    if rows > 2 { store(c2, c + 2 * ldc, add: add) }
    if rows > 3 { store(c3, c + 3 * ldc, add: add) }
  }
}
