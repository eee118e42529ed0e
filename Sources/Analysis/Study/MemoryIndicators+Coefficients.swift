extension MemoryIndicators {
  /// The memory coefficients and what their fit leaves unexplained.
  struct CoefficientFit {
    /// β_k, k = 0 (last token read) … n − 1.
    var beta: [Double]
    /// Mean cosine between `ŝ_i − ȳ` and `S(x_i) − S̄` (both centred on their test-set means).
    var fidelity: Double
    /// Mean `‖r_i‖ / ‖S(x_i) − S̄‖`.
    var interference: Double
  }

  /// How the normal equations are assembled; both give the same system up to rounding.
  enum NormalEquations {
    /// Through the Gram matrix of the distinct tokens of the test set: `N·n²/2` look-ups,
    /// independent of `d`; needs `U²` memory for `U` distinct tokens.
    case gram
    /// Through one `(n, d)` matrix of centred vectors per sequence: `N·n²·d` multiply-adds,
    /// no vocabulary-sized memory. The reference the Gram path is tested against.
    case direct
    /// `gram` while the Gram matrix stays small (≤ 2048 distinct tokens), else `direct`.
    case automatic
  }

  /// Pooled least squares with an intercept over all sequences `i` and dimensions `j` of
  ///
  ///     y_i = ŝ_i − ȳ  ≈  (1/n) Σ_{k=0}^{n−1} β_k z_{i,k},     z_{i,k} = e_{x_{i,n−k}} − ē_k
  ///
  /// where `ȳ` is the mean output and `ē_k` the mean token vector at distance `k`, both over the
  /// test set (METHOD.md §3). Centring each position on its own mean is what makes the fit an
  /// intercept model: a readout that outputs any constant has `y ≡ 0` and so `β ≡ 0`, whatever
  /// the corpus's windows favour, and the exact `S(x)` has `y_i = (1/n) Σ_k z_{i,k}`, so `β ≡ 1`.
  /// (The previous fit centred on the sampling mean `μ`; on a corpus whose windows differ from
  /// `μ` it read the gap between the two as memory.)
  ///
  /// The normal equations `A β = b` are assembled from the vectors centred on `μ`, `ẽ = e − μ`,
  /// (small numbers, whatever `ē_k` is) and `m_k = ē_k − μ`:
  ///
  ///     A_kl = (1/n²) (Σ_i ⟨ẽ_{x_{i,n−k}}, ẽ_{x_{i,n−l}}⟩ − N ⟨m_k, m_l⟩)
  ///     b_k  = (1/n)  Σ_i ⟨ẽ_{x_{i,n−k}}, y_i⟩          (Σ_i y_i = 0 removes the `m_k` term)
  ///
  /// `A` is symmetric positive semi-definite; it is singular only when some distance is not
  /// identifiable (fewer pooled rows than `n`, or a position whose token never varies), and the
  /// Cholesky solve's guard handles that case.
  static func fitCoefficients(
    decoded: Matrix<Double>, tokens: [Int32], length n: Int, space: SemanticSpace,
    method: NormalEquations = .automatic
  ) -> CoefficientFit {
    precondition(n >= 1 && tokens.count % n == 0, "\(tokens.count) tokens are not rows of \(n)")
    let count = tokens.count / n
    let d = space.dimension
    precondition(
      decoded.rows == count && decoded.cols == d,
      "decoded is \(decoded.rows)×\(decoded.cols), expected \(count)×\(d)")
    precondition(
      decoded.storage.allSatisfy(\.isFinite),
      "decoded outputs must be finite (a diverged cell is not evaluated)")

    let y = centredOnTheirMean(decoded)
    // Renumber the tokens the test set uses: the Gram matrix is sized by them, not by V.
    var localOf = [Int](repeating: -1, count: space.vocabularySize)
    var used: [Int] = []
    let local: [Int] = tokens.map { token in
      let w = Int(token)
      if localOf[w] < 0 {
        localOf[w] = used.count
        used.append(w)
      }
      return localOf[w]
    }
    // ẽ: (U, d)
    let centred = space.centredVectors(used)
    // m: (n, d), row k = mean_i ẽ_{x_{i,n−k}} = ē_k − μ
    let positionMeans = positionMeans(local: local, length: n, centred: centred)
    let useGram = method == .gram || (method == .automatic && used.count <= 2048)
    var (a, b) =
      useGram
      ? gramNormalEquations(y: y, local: local, length: n, centred: centred)
      : directNormalEquations(y: y, local: local, length: n, centred: centred)
    // n²·A −= N·M Mᵀ (lower triangle, as both assemblies fill it).
    for k in 0..<n {
      for l in k..<n {
        var dot = 0.0
        for j in 0..<d { dot += positionMeans[k, j] * positionMeans[l, j] }
        a[l, k] -= Double(count) * dot
      }
    }
    let scaleA = 1 / Double(n * n)
    for i in a.storage.indices { a.storage[i] *= scaleA }
    for k in 0..<n { b[k] /= Double(n) }
    let beta = Cholesky.guarded(a).solve(b)

    let (fidelity, interference) = residualStatistics(
      y: y, local: local, length: n, centred: centred, positionMeans: positionMeans, beta: beta)
    return CoefficientFit(beta: beta, fidelity: fidelity, interference: interference)
  }
}

private extension MemoryIndicators {
  /// `n²·A` (lower triangle) and `n·b` through `G = Ẽ Ẽᵀ` and `P = Y Ẽᵀ`.
  // y: (N, d), local: (N, n) token indices into centred: (U, d) -> a: (n, n), b: (n)
  static func gramNormalEquations(
    y: Matrix<Double>, local: [Int], length n: Int, centred: Matrix<Double>
  ) -> (Matrix<Double>, [Double]) {
    let u = centred.rows
    let count = y.rows
    let gram = Matrix.product(centred, transposed: false, centred, transposed: true)  // (U, U)
    let projection = Matrix.product(y, transposed: false, centred, transposed: true)  // (N, U)
    var a = Matrix<Double>(rows: n, cols: n)
    var b = [Double](repeating: 0, count: n)
    gram.storage.withUnsafeBufferPointer { g in
      projection.storage.withUnsafeBufferPointer { p in
        local.withUnsafeBufferPointer { x in
          a.storage.withUnsafeMutableBufferPointer { a in
            for i in 0..<count {
              // Distance k reads position n − 1 − k (0-based) of sequence i.
              let last = i * n + n - 1
              for k in 0..<n {
                let xk = x[last - k]
                b[k] += p[i * u + xk]
                let row = xk * u
                for l in k..<n { a[l * n + k] += g[row + x[last - l]] }
              }
            }
          }
        }
      }
    }
    return (a, b)
  }

  /// `n²·A` and `n·b` as sums of per-sequence products `E_i E_iᵀ` and `E_i y_i`.
  // y: (N, d), local: (N, n) token indices into centred: (U, d) -> a: (n, n), b: (n)
  static func directNormalEquations(
    y: Matrix<Double>, local: [Int], length n: Int, centred: Matrix<Double>
  ) -> (Matrix<Double>, [Double]) {
    let d = centred.cols
    var a = Matrix<Double>(rows: n, cols: n)
    var b = [Double](repeating: 0, count: n)
    // e: (n, d), row k = ẽ_{x_{i,n−k}}
    var e = [Double](repeating: 0, count: n * d)
    for i in 0..<y.rows {
      let last = i * n + n - 1
      for k in 0..<n {
        let w = local[last - k]
        for j in 0..<d { e[k * d + j] = centred[w, j] }
      }
      y.storage.withUnsafeBufferPointer { yp in
        let yi = yp.baseAddress! + i * d
        gemm(transB: true, m: n, n: n, k: d, e, lda: d, e, ldb: d, beta: 1, &a.storage, ldc: n)
        gemm(m: n, n: 1, k: d, e, lda: d, yi, ldb: 1, beta: 1, &b, ldc: 1)
      }
    }
    return (a, b)
  }

  /// `ŝ − ȳ`, `ȳ` the mean row, computed as `ŝ_0 + mean_i (ŝ_i − ŝ_0)`: a readout that outputs
  /// one constant then gives exact zeros, where `Σ ŝ_i / N` would leave rounding of `ŝ_0`'s size.
  // decoded: (N, d) -> (N, d)
  static func centredOnTheirMean(_ decoded: Matrix<Double>) -> Matrix<Double> {
    let (count, d) = (decoded.rows, decoded.cols)
    var shift = [Double](repeating: 0, count: d)
    for i in 0..<count {
      for j in 0..<d { shift[j] += decoded[i, j] - decoded[0, j] }
    }
    var y = decoded
    for j in 0..<d {
      let mean = decoded[0, j] + shift[j] / Double(count)
      for i in 0..<count { y[i, j] = decoded[i, j] - mean }
    }
    return y
  }

  /// `m_k = mean_i ẽ_{x_{i,n−k}}`, the test set's mean token vector at distance `k`, less `μ`.
  // local: (N, n) token indices into centred: (U, d) -> (n, d)
  static func positionMeans(local: [Int], length n: Int, centred: Matrix<Double>) -> Matrix<Double> {
    let d = centred.cols
    let count = local.count / n
    var m = Matrix<Double>(rows: n, cols: d)
    for i in 0..<count {
      let last = i * n + n - 1
      for k in 0..<n {
        let w = local[last - k]
        for j in 0..<d { m[k, j] += centred[w, j] }
      }
    }
    for i in m.storage.indices { m.storage[i] /= Double(count) }
    return m
  }

  /// Fidelity and interference of the fit, both on the test-set-centred semantics:
  ///
  ///     F = mean_i cos(ŝ_i − ȳ, S(x_i) − S̄),    I = mean_i ‖r_i‖ / ‖S(x_i) − S̄‖
  ///
  /// with `S(x_i) − S̄ = (1/n) Σ_k z_{i,k}` and `r_i = y_i − (1/n) Σ_k β_k z_{i,k}`.
  ///
  /// A sequence whose centred centroid is zero (its tokens cancel, or every test sequence is the
  /// same) has no semantics to retain: its cosine and relative residual are undefined, and it is
  /// left out of both means. A readout with `ŝ_i = ȳ` has no direction; its cosine counts as 0
  /// (nothing retained). When every sequence is left out, both indicators are 0.
  static func residualStatistics(
    y: Matrix<Double>, local: [Int], length n: Int, centred: Matrix<Double>,
    positionMeans m: Matrix<Double>, beta: [Double]
  ) -> (fidelity: Double, interference: Double) {
    let d = centred.cols
    // "Zero" is relative to the largest centred token vector: exact cancellation in S(x) − S̄
    // leaves rounding of order 1e-16 of it, far below this, while a genuine centroid of n
    // tokens is at least of order 1/n of it.
    var largest = 0.0
    for w in 0..<centred.rows {
      var norm2 = 0.0
      for j in 0..<d { norm2 += centred[w, j] * centred[w, j] }
      largest = max(largest, norm2.squareRoot())
    }
    let zero = 1e-12 * largest
    let inverseN = 1 / Double(n)
    // Σ_k m_k and Σ_k β_k m_k, subtracted once per sequence.
    var meanSum = [Double](repeating: 0, count: d)
    var weightedMeanSum = [Double](repeating: 0, count: d)
    for k in 0..<n {
      for j in 0..<d {
        meanSum[j] += m[k, j]
        weightedMeanSum[j] += beta[k] * m[k, j]
      }
    }
    var cosines = 0.0
    var ratios = 0.0
    var kept = 0
    var target = [Double](repeating: 0, count: d)
    var fitted = [Double](repeating: 0, count: d)
    for i in 0..<y.rows {
      for j in 0..<d {
        target[j] = -meanSum[j]
        fitted[j] = -weightedMeanSum[j]
      }
      let last = i * n + n - 1
      for k in 0..<n {
        let w = local[last - k]
        for j in 0..<d {
          target[j] += centred[w, j]
          fitted[j] += beta[k] * centred[w, j]
        }
      }
      var targetNorm2 = 0.0
      var yNorm2 = 0.0
      var dot = 0.0
      var residual2 = 0.0
      for j in 0..<d {
        let t = target[j] * inverseN
        let r = y[i, j] - fitted[j] * inverseN
        targetNorm2 += t * t
        yNorm2 += y[i, j] * y[i, j]
        dot += y[i, j] * t
        residual2 += r * r
      }
      let targetNorm = targetNorm2.squareRoot()
      guard targetNorm > zero else { continue }
      let yNorm = yNorm2.squareRoot()
      kept += 1
      ratios += residual2.squareRoot() / targetNorm
      if yNorm > 0 { cosines += dot / (yNorm * targetNorm) }
    }
    guard kept > 0 else { return (0, 0) }
    return (cosines / Double(kept), ratios / Double(kept))
  }
}
