import Testing
@testable import Analysis

@Suite struct CholeskyTests {
  /// `M Mᵀ + I`: symmetric positive definite.
  static func spd(_ n: Int, seed: UInt64) -> Matrix<Double> {
    var rng = RandomGenerator(seed: seed)
    let m = Matrix(rows: n, cols: n, storage: (0..<(n * n)).map { _ in rng.normal() })
    var a = Matrix.product(m, transposed: false, m, transposed: true)
    for i in 0..<n { a[i, i] += 1 }
    return a
  }

  @Test func solvesManyRightHandSidesAtOnce() throws {
    let a = Self.spd(6, seed: 4)
    var rng = RandomGenerator(seed: 5)
    let x = Matrix(rows: 6, cols: 3, storage: (0..<18).map { _ in rng.normal() })
    let b = Matrix.product(a, x)
    let factor = try #require(Cholesky(a))
    expectClose(factor.solve(b).storage, x.storage, absolute: 1e-12, relative: 1e-10)
    let column = (0..<6).map { b[$0, 1] }
    expectClose(factor.solve(column), (0..<6).map { x[$0, 1] }, absolute: 1e-12, relative: 1e-10)
  }

  @Test func rejectsAnIndefiniteMatrix() {
    let a = Matrix(rows: 2, cols: 2, storage: [1, 2, 2, 1])
    #expect(Cholesky(a) == nil)
  }

  @Test func guardedFactorSolvesAConsistentSingularSystem() {
    // Rank one: the exact factor may fail on rounding; the guarded one still reproduces b.
    let v = [1.0, 2, 3]
    let singular = Matrix(rows: 3, cols: 3, storage: v.flatMap { p in v.map { p * $0 } })
    let solution = Cholesky.guarded(singular).solve([14, 28, 42])
    let reproduced = Matrix.product(singular, Matrix(rows: 3, cols: 1, storage: solution)).storage
    expectClose(reproduced, [14, 28, 42], absolute: 1e-6, relative: 1e-6)
  }

  @Test func guardedFactorOfZerosKeepsZeroSolutions() {
    #expect(Cholesky.guarded(Matrix(rows: 2, cols: 2)).solve([0, 0]) == [0, 0])
  }
}
