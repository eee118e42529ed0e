/// The Cholesky factor `A = L·Lᵀ` of a symmetric positive-definite matrix, and solves with it.
///
/// The systems it serves are small (the `n × n` normal equations of the memory coefficients, the
/// `H × H` ridge system of the memory-capacity probes), so plain loops suffice: `n³/6`
/// multiply-adds for the factor, `n²` per right-hand side for a solve.
struct Cholesky: Sendable {
  let order: Int
  /// L: (order, order), row-major; only the lower triangle is meaningful.
  private var lower: [Double]

  /// Factors `a` (only its lower triangle is read); `nil` when a pivot is not positive and
  /// finite, i.e. `a` is not numerically positive definite.
  init?(_ a: Matrix<Double>) {
    precondition(a.rows == a.cols, "Cholesky needs a square matrix, got \(a.rows)×\(a.cols)")
    let n = a.rows
    var l = [Double](repeating: 0, count: n * n)
    for j in 0..<n {
      var pivot = a[j, j]
      for p in 0..<j { pivot -= l[j * n + p] * l[j * n + p] }
      guard pivot > 0, pivot.isFinite else { return nil }
      let diagonal = pivot.squareRoot()
      l[j * n + j] = diagonal
      for i in (j + 1)..<n {
        var sum = a[i, j]
        for p in 0..<j { sum -= l[i * n + p] * l[j * n + p] }
        l[i * n + j] = sum / diagonal
      }
    }
    order = n
    lower = l
  }

  /// Factors `a + δ·I` with the smallest `δ` of a short ladder that makes it positive definite.
  ///
  /// The first rung, `relativeGuard · mean(diag a)`, is a numerical guard, not a regulariser:
  /// it keeps a Gram matrix that is positive definite in exact arithmetic from failing on
  /// rounding, and shifts a well-conditioned solution only at relative order
  /// `relativeGuard · cond(a)`. Each later rung is 100 times larger; a matrix of zeros (no
  /// signal at all) gets `δ = 1`, which leaves its zero right-hand sides at a zero solution.
  static func guarded(_ a: Matrix<Double>, relativeGuard: Double = 1e-12) -> Cholesky {
    let n = a.rows
    var trace = 0.0
    for i in 0..<n { trace += a[i, i] }
    let scale = n > 0 && trace > 0 && trace.isFinite ? trace / Double(n) : 1
    var delta = relativeGuard * scale
    while true {
      var shifted = a
      for i in 0..<n { shifted[i, i] += delta }
      if let factor = Cholesky(shifted) { return factor }
      precondition(delta < scale, "matrix is far from positive definite (or not finite)")
      delta *= 100
    }
  }

  /// Solves `A·x = b` for one right-hand side.
  func solve(_ b: [Double]) -> [Double] {
    precondition(b.count == order)
    let rhs = Matrix(rows: order, cols: 1, storage: b)
    return solve(rhs).storage
  }

  /// Solves `A·X = B` for every column of `B`: (order, m) -> (order, m).
  ///
  /// Forward then back substitution, one row of `B` at a time, so the inner loop runs along
  /// contiguous memory for every column at once.
  func solve(_ b: Matrix<Double>) -> Matrix<Double> {
    precondition(b.rows == order, "right-hand side has \(b.rows) rows, system has \(order)")
    let n = order
    let m = b.cols
    var x = b.storage
    // L·y = b
    for i in 0..<n {
      for p in 0..<i {
        let lip = lower[i * n + p]
        if lip == 0 { continue }
        for c in 0..<m { x[i * m + c] -= lip * x[p * m + c] }
      }
      let inverse = 1 / lower[i * n + i]
      for c in 0..<m { x[i * m + c] *= inverse }
    }
    // Lᵀ·x = y
    for i in stride(from: n - 1, through: 0, by: -1) {
      for p in (i + 1)..<n {
        let lpi = lower[p * n + i]
        if lpi == 0 { continue }
        for c in 0..<m { x[i * m + c] -= lpi * x[p * m + c] }
      }
      let inverse = 1 / lower[i * n + i]
      for c in 0..<m { x[i * m + c] *= inverse }
    }
    return Matrix(rows: n, cols: m, storage: x)
  }
}
