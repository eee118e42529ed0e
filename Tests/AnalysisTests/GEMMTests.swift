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

