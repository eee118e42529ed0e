import Testing
@testable import Analysis

/// Every product path against the triple-loop reference (to rounding), and against the
/// defined summation order (to the bit): the paths must agree with each other exactly, on
/// shapes that leave partial tiles in every direction.
@Suite struct GEMMTests {
  /// (m, n, k): single elements, tails of 4- and 8-row tiles and of 16- and 32-column
  /// panels, the training step's own shapes, and more rows than one block of op(A).
  static let shapes: [(Int, Int, Int)] = [
    (1, 1, 1), (5, 7, 3), (9, 33, 17), (13, 70, 65), (8, 32, 64), (3, 129, 2), (64, 64, 64),
    (17, 48, 200), (200, 45, 40), (130, 20, 100),
  ]
  /// (alpha, beta): overwrite, accumulate, and the general rule.
  static let scalings: [(Double, Double)] = [(1, 0), (1, 1), (0.5, 2), (-1.5, 0)]

  @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
  func everyPathMatchesNaiveAndTheDefinedOrder(transA: Bool, transB: Bool) {
    var rng = RandomGenerator(seed: 7)
    for (m, n, k) in Self.shapes {
      for (alpha, beta) in Self.scalings {
        check(Float.self, transA, transB, m, n, k, alpha, beta, &rng)
        check(Double.self, transA, transB, m, n, k, alpha, beta, &rng)
      }
    }
  }

  /// Products of a NaN-filled `C` with beta = 0 overwrite it, on every path.
  @Test func betaZeroClearsNaN() {
    let a: [Float] = [1, 2, 3, 4, 5, 6]
    for path in ProductPath.available {
      var c = [Float](repeating: .nan, count: 4)
      gemm(path: path, m: 2, n: 2, k: 3, a, lda: 3, a, ldb: 2, &c, ldc: 2)
      #expect(c == [22, 28, 49, 64], "\(path)")
    }
  }

  @Test func portableIsAlwaysAvailableAndSelectedIsAvailable() {
    #expect(ProductPath.available.first == .portable)
    #expect(ProductPath.available.contains(ProductPath.selected))
  }

  private func check<T: Scalar>(
    _: T.Type, _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int,
    _ alpha: Double, _ beta: Double, _ rng: inout RandomGenerator
  ) {
    // Row strides wider than the rows, so that reading past a row's end would show.
    let (lda, ldb, ldc) = ((transA ? m : k) + 3, (transB ? k : n) + 2, n + 5)
    let a = (0..<((transA ? k : m) * lda)).map { _ in T(rng.normal()) }
    let b = (0..<((transB ? n : k) * ldb)).map { _ in T(rng.normal()) }
    let c0 = (0..<(m * ldc)).map { _ in T(rng.normal()) }
    let (alpha, beta) = (T(alpha), T(beta))
    var naive = c0
    naiveGemm(
      transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb,
      beta: beta, &naive, ldc: ldc)
    var ordered = c0
    Self.definedOrder(
      transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb,
      beta: beta, &ordered, ldc: ldc)
    let label = "\(T.self) m \(m) n \(n) k \(k) transA \(transA) transB \(transB) alpha \(alpha) beta \(beta)"
    let tolerance = T.self == Float.self ? 1e-4 : 1e-12
    for path in ProductPath.available {
      var fast = c0
      gemm(
        path: path, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a,
        lda: lda, b, ldb: ldb, beta: beta, &fast, ldc: ldc)
      expectClose(fast, naive, absolute: tolerance, relative: tolerance, "\(path) \(label)")
      let differing = zip(fast, ordered).filter { !($0 == $1 && $0.sign == $1.sign) }.count
      #expect(differing == 0, "\(path) \(label): \(differing) elements differ from the defined order")
    }
  }

  /// The order `fixedOrderProduct` defines, one element at a time: a chain of fused
  /// multiply-adds over k, starting from c when alpha = beta = 1.
  static func definedOrder<T: Scalar>(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: T, _ a: [T], lda: Int,
    _ b: [T], ldb: Int, beta: T, _ c: inout [T], ldc: Int
  ) {
    for i in 0..<m {
      for j in 0..<n {
        var sum: T = alpha == 1 && beta == 1 ? c[i * ldc + j] : 0
        for p in 0..<k {
          let aip = transA ? a[p * lda + i] : a[i * lda + p]
          let bpj = transB ? b[j * ldb + p] : b[p * ldb + j]
          sum = sum.addingProduct(aip, bpj)
        }
        if alpha == 1 && (beta == 0 || beta == 1) {
          c[i * ldc + j] = sum
        } else {
          let scaled = alpha * sum
          c[i * ldc + j] = beta == 0 ? scaled : scaled + beta * c[i * ldc + j]
        }
      }
    }
  }
}

