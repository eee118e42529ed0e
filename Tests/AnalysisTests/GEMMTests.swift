import Testing
@testable import Analysis

@Suite struct GEMMTests {
  @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
  func blasMatchesNaiveProduct(transA: Bool, transB: Bool) {
    var rng = RandomGenerator(seed: 7)
    let (m, n, k) = (5, 7, 3)
    let a = (0..<(m * k)).map { _ in rng.normal() }
    let b = (0..<(k * n)).map { _ in rng.normal() }
    let c0 = (0..<(m * n)).map { _ in rng.normal() }
    let lda = transA ? m : k
    let ldb = transB ? k : n
    var fast = c0
    var slow = c0
    gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a, lda: lda, b, ldb: ldb, beta: 2, &fast, ldc: n)
    naiveGemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a, lda: lda, b, ldb: ldb, beta: 2, &slow, ldc: n)
    expectClose(fast, slow, absolute: 1e-12, relative: 1e-12)
  }

  @Test func floatGemmMatchesNaive() {
    var rng = RandomGenerator(seed: 8)
    let (m, n, k) = (9, 4, 6)
    let a: [Float] = (0..<(m * k)).map { _ in Float(rng.normal()) }
    let b: [Float] = (0..<(k * n)).map { _ in Float(rng.normal()) }
    var fast = [Float](repeating: 0, count: m * n)
    var slow = fast
    gemm(m: m, n: n, k: k, a, lda: k, b, ldb: n, &fast, ldc: n)
    naiveGemm(m: m, n: n, k: k, a, lda: k, b, ldb: n, &slow, ldc: n)
    expectClose(fast, slow, absolute: 1e-5, relative: 1e-5)
  }
}

/// The register-tiled Float kernel against the triple loop, over shapes that hit every edge:
/// row blocks of 4 with a remainder, 16- and 8-column blocks with a remainder, and depths
/// past one depth block (256).
@Suite struct TiledGEMMTests {
  static let shapes = [(1, 1, 1), (4, 16, 3), (5, 7, 2), (7, 25, 9), (13, 40, 300), (64, 64, 256), (3, 33, 513)]

  @Test(arguments: [false, true], [false, true])
  func matchesNaiveProduct(transA: Bool, accumulate: Bool) {
    var rng = RandomGenerator(seed: 9)
    for (m, n, k) in Self.shapes {
      // Padded leading dimensions, so that a stride mix-up reads the wrong values.
      let lda = (transA ? m : k) + 3, ldb = n + 2, ldc = n + 1
      let a: [Float] = (0..<((transA ? k : m) * lda)).map { _ in Float(rng.normal()) }
      let b: [Float] = (0..<(k * ldb)).map { _ in Float(rng.normal()) }
      let c0: [Float] = (0..<(m * ldc)).map { _ in Float(rng.normal()) }
      var fast = c0
      var slow = c0
      tiledGemm(
        transA: transA, m: m, n: n, k: k, a, lda: lda, b, ldb: ldb, accumulate: accumulate,
        &fast, ldc: ldc)
      naiveGemm(
        transA: transA, m: m, n: n, k: k, a, lda: lda, b, ldb: ldb, beta: accumulate ? 1 : 0,
        &slow, ldc: ldc)
      // Padding columns of C must be left alone.
      for i in 0..<m { slow[i * ldc + n] = c0[i * ldc + n]; }
      // Float sums of up to 513 products of unit normals: ~1e-6 relative to √k.
      expectClose(fast, slow, absolute: 2e-5 * Double(k).squareRoot(), relative: 1e-5, "\(m)×\(n)×\(k)")
    }
  }
}
