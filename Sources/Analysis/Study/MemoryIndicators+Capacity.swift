extension MemoryIndicators {
  /// Jaeger's short-term memory capacity of a trained cell, in tokens.
  ///
  /// For each lag `k = 0 … n−1`, a ridge probe `ẽ_{x_{n−k}} ≈ W_kᵀ z + c_k` from the standardised
  /// state `z = (h_n − h̄)/s` is fitted on the first half of the sequences, minimising
  /// `(1/m) Σ_i ‖target_i − prediction_i‖² + ridge·‖W_k‖²`, and scored on the second half by the
  /// variance-weighted
  ///
  ///     R²_k = 1 − Σ_j SSres_j / Σ_j SStot_j        (j over the d dimensions)
  ///
  ///     MC = Σ_k max(0, R²_k)
  ///
  /// `s² = tr(C)/H` is the state's mean variance per unit (`C` the fit half's covariance of
  /// `h_n`), so the penalty is relative to the state's scale: a unit whose state varies little
  /// (typically the LSTM, whose `h = o ⊙ tanh(c)` is damped by its output gate) is not shrunk more
  /// than one whose state fills `[−1, 1]`, and MC is unchanged when `h_n` is multiplied by a
  /// constant. One scale for all units, not one per unit: a unit with a tiny variance (dead, or
  /// saturated) is not blown up to the size of the others. The penalty is per fitted sequence, so
  /// its strength does not depend on `N` either.
  ///
  /// One token fully recoverable from `h_n` counts 1 whatever `d` is, so a token costs as many
  /// state dimensions as its vectors span. Because the probes are linear, the population value is
  /// at most `H·λ_max(Σ)/tr(Σ)` tokens for any cell, `Σ` the covariance of the token vectors:
  /// `H/r` for vectors isotropic in `r` dimensions (onehot: `r = V − 1`, so H = 64, V = 32 caps
  /// MC near 2), and `H` for one-dimensional tokens, which a linear network with generic weights
  /// reaches (Jaeger 2001).
  ///
  /// The intercept `c_k` (the fit half's target mean) absorbs `μ`, so the probes are fitted on
  /// the vectors `e` themselves. Every lag shares the design matrix `h_n`, so the `H × H` system
  /// is factored once and every lag's targets are right-hand sides of the same solve.
  ///
  /// - Parameters:
  ///   - finalStates: h_n: (N, H); the first `N/2` rows fit, the rest score.
  ///   - tokens: (N, length) row-major token ids.
  ///   - ridge: penalty per fitted sequence, relative to the state's mean variance; 0 is allowed
  ///     (the solve's guard then handles a rank-deficient `h_n`, e.g. a saturated or dead unit).
  public static func memoryCapacity(
    finalStates h: Matrix<Double>, tokens: [Int32], length n: Int, space: SemanticSpace,
    ridge: Double
  ) -> Double {
    let count = h.rows
    let width = h.cols
    let d = space.dimension
    precondition(tokens.count == count * n, "\(tokens.count) tokens for \(count) sequences of \(n)")
    precondition(count >= 4, "memory capacity needs at least 4 sequences (2 to fit, 2 to score)")
    precondition(ridge >= 0 && ridge.isFinite, "ridge penalty must be finite and ≥ 0")
    let fitCount = count / 2
    let testCount = count - fitCount

    // Centre both halves on the fit half's mean state: the intercept of the probes.
    var stateMean = [Double](repeating: 0, count: width)
    for i in 0..<fitCount {
      for c in 0..<width { stateMean[c] += h[i, c] }
    }
    for c in 0..<width { stateMean[c] /= Double(fitCount) }
    var fitStates = Matrix<Double>(rows: fitCount, cols: width)
    var testStates = Matrix<Double>(rows: testCount, cols: width)
    for i in 0..<count {
      for c in 0..<width {
        let centred = h[i, c] - stateMean[c]
        if i < fitCount { fitStates[i, c] = centred } else { testStates[i - fitCount, c] = centred }
      }
    }
    // (HᵀH/m + ridge·s²·I): (H, H), factored once for every lag. Scaling the penalty by s²
    // gives the same weights (up to 1/s) as standardising h_n to z = h/s, with no division.
    var system = Matrix.product(fitStates, transposed: true, fitStates)
    for i in system.storage.indices { system.storage[i] /= Double(fitCount) }
    var trace = 0.0
    for c in 0..<width { trace += system[c, c] }
    // A state that never varies (trace 0) keeps a zero penalty: the solve's guard returns zero
    // weights and every R² is ≤ 0.
    let scaledRidge = ridge * trace / Double(width)
    for c in 0..<width { system[c, c] += scaledRidge }
    let factor = Cholesky.guarded(system)

    // Lags are processed in blocks whose targets fill at most ~4096 columns, bounding memory.
    let lagsPerBlock = max(1, 4096 / d)
    var capacity = 0.0
    for firstLag in stride(from: 0, to: n, by: lagsPerBlock) {
      let lags = firstLag..<min(n, firstLag + lagsPerBlock)
      let columns = lags.count * d
      // targets: (N, lags·d), block b = e_{x_{i,n−k}} for k = firstLag + b
      var fitTargets = Matrix<Double>(rows: fitCount, cols: columns)
      var testTargets = Matrix<Double>(rows: testCount, cols: columns)
      for i in 0..<count {
        for (block, k) in lags.enumerated() {
          let w = Int(tokens[i * n + n - 1 - k])
          for j in 0..<d {
            let value = space.vectors[w, j]
            if i < fitCount {
              fitTargets[i, block * d + j] = value
            } else {
              testTargets[i - fitCount, block * d + j] = value
            }
          }
        }
      }
      let fitMean = columnMeans(fitTargets)
      for i in 0..<fitCount {
        for c in 0..<columns { fitTargets[i, c] -= fitMean[c] }
      }
      // W = (HᵀH/m + ridge·s²·I)⁻¹ Hᵀ Y / m: (H, lags·d)
      var rhs = Matrix.product(fitStates, transposed: true, fitTargets)
      for i in rhs.storage.indices { rhs.storage[i] /= Double(fitCount) }
      let weights = factor.solve(rhs)
      let predicted = Matrix.product(testStates, weights)  // (testCount, lags·d), less c_k

      let testMean = columnMeans(testTargets)
      for block in 0..<lags.count {
        var residual = 0.0
        var total = 0.0
        for i in 0..<testCount {
          for j in (block * d)..<((block + 1) * d) {
            let target = testTargets[i, j]
            let error = target - (predicted[i, j] + fitMean[j])
            residual += error * error
            total += (target - testMean[j]) * (target - testMean[j])
          }
        }
        // A lag whose scored tokens all have the same vector carries nothing to remember; its
        // R² is 0/0 and counts as 0.
        guard total > 0 else { continue }
        capacity += max(0, 1 - residual / total)
      }
    }
    return capacity
  }
}

extension MemoryIndicators {
  /// The mean of each column of `m` (of the memory-capacity probes' states and targets, and of
  /// `StateProbe`'s features and centroids).
  static func columnMeans(_ m: Matrix<Double>) -> [Double] {
    var means = [Double](repeating: 0, count: m.cols)
    for i in 0..<m.rows {
      for c in 0..<m.cols { means[c] += m[i, c] }
    }
    return means.map { $0 / Double(max(m.rows, 1)) }
  }
}
