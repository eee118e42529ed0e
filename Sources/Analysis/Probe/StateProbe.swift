/// Which final states a probe reads: the top layer's `h_n`, or every layer's `h_n` (and `c_n`
/// for the LSTM), as PyTorch's `(h_n, c_n)` lists them.
public enum ProbedState: String, Codable, CaseIterable, Sendable {
  case top, all

  /// The features' width for a model: `H`, or `K·H` (`2·K·H` with cell states).
  func width<T>(_ model: RecurrentModel<T>) -> Int {
    switch self {
    case .top: model.hiddenSize
    case .all: model.layers * model.hiddenSize * (model.unit.hasCellState ? 2 : 1)
    }
  }

  /// The features of the last forward pass on `tape`, `(B, width)`, into `out` at `offset`
  /// rows: layer by layer, `h_n` then `c_n`.
  func features<T>(of tape: RecurrentTape<T>, model: RecurrentModel<T>) -> [Double] {
    let (b, h) = (tape.batch, model.hiddenSize)
    switch self {
    case .top:
      return tape.finalState.map { Double($0) }
    case .all:
      var blocks: [[T]] = []
      for k in 0..<model.layers {
        blocks.append(tape.layer(k).finalState)
        if model.unit.hasCellState { blocks.append(tape.layer(k).finalCell) }
      }
      let width = blocks.count * h
      var out = [Double](repeating: 0, count: b * width)
      for (j, block) in blocks.enumerated() {
        for r in 0..<b {
          for i in 0..<h { out[r * width + j * h + i] = Double(block[r * h + i]) }
        }
      }
      return out
    }
  }
}

/// A linear readout of a network's final states, fitted after the fact (`memstudy probe`):
/// `ŝ = W ((f − m) / s) + b`, with `f` the `ProbedState` features, `m` and `s` their mean and
/// standard deviation on the probe's training windows (`s = 1` for a constant feature), `b` the
/// mean target and `W` the ridge solution
///
///     (Zᵀ Z + λ N I) W = Zᵀ (Y − b)
///
/// over the `N` training windows `Z` (standardised features) and `Y` (their centroids). It is a
/// lower bound on what the state holds: a nonlinear decoder could read more.
public struct StateProbe: Sendable, Equatable {
  public let state: ProbedState
  /// `(d, F)` row-major, folded with the standardisation: `ŝ = weight · f + bias`.
  public let weight: [Double]
  public let bias: [Double]
  public let features: Int
  public let outputs: Int
  /// λ, per training window.
  public let penalty: Double
  /// Mean squared error per output dimension on the validation windows, at `penalty`.
  public let validationLoss: Double

  /// The penalties tried, per training window: a ladder wide enough for standardised states.
  public static let penalties: [Double] = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1]

  /// Fits the probe on `(X, Y)` at each of `penalties` and keeps the one with the least mean
  /// squared error on `(Xv, Yv)`; the first of equals.
  static func fit(
    state: ProbedState, training x: Matrix<Double>, _ y: Matrix<Double>,
    validation xv: Matrix<Double>, _ yv: Matrix<Double>, penalties: [Double] = penalties
  ) -> StateProbe {
    precondition(x.rows == y.rows && xv.rows == yv.rows && x.cols == xv.cols && y.cols == yv.cols && x.rows > 0)
    let (n, f, d) = (x.rows, x.cols, y.cols)
    let mean = MemoryIndicators.columnMeans(x)
    var scale = [Double](repeating: 0, count: f)
    for r in 0..<n { for j in 0..<f { let c = x[r, j] - mean[j]; scale[j] += c * c } }
    for j in 0..<f {
      let sd = (scale[j] / Double(n)).squareRoot()
      scale[j] = sd > 1e-12 && sd.isFinite ? sd : 1
    }
    let yMean = MemoryIndicators.columnMeans(y)
    var z = Matrix<Double>(rows: n, cols: f)
    var yc = Matrix<Double>(rows: n, cols: d)
    for r in 0..<n {
      for j in 0..<f { z[r, j] = (x[r, j] - mean[j]) / scale[j] }
      for j in 0..<d { yc[r, j] = y[r, j] - yMean[j] }
    }
    // ZᵀZ (F, F) and ZᵀY (F, d), on the fixed-order kernels.
    var gram = Matrix<Double>(rows: f, cols: f)
    var cross = Matrix<Double>(rows: f, cols: d)
    z.storage.withUnsafeBufferPointer { zp in
      gram.storage.withUnsafeMutableBufferPointer { g in
        gemm(transA: true, m: f, n: f, k: n, zp.baseAddress!, lda: f, zp.baseAddress!, ldb: f, g.baseAddress!, ldc: f)
      }
      yc.storage.withUnsafeBufferPointer { yp in
        cross.storage.withUnsafeMutableBufferPointer { c in
          gemm(transA: true, m: f, n: d, k: n, zp.baseAddress!, lda: f, yp.baseAddress!, ldb: d, c.baseAddress!, ldc: d)
        }
      }
    }
    var best: StateProbe?
    for lambda in penalties {
      var system = gram
      for j in 0..<f { system[j, j] += lambda * Double(n) }
      let w = Cholesky.guarded(system).solve(cross)  // (F, d)
      // Folded: weight[o, j] = w[j, o] / s_j; bias[o] = ȳ_o − Σ_j weight[o, j] m_j.
      var weight = [Double](repeating: 0, count: d * f)
      var bias = yMean
      for o in 0..<d {
        for j in 0..<f {
          weight[o * f + j] = w[j, o] / scale[j]
          bias[o] -= weight[o * f + j] * mean[j]
        }
      }
      var probe = StateProbe(
        state: state, weight: weight, bias: bias, features: f, outputs: d, penalty: lambda,
        validationLoss: 0)
      let predicted = probe.apply(xv)
      var loss = 0.0
      for i in predicted.storage.indices { let e = predicted.storage[i] - yv.storage[i]; loss += e * e }
      probe = StateProbe(
        state: state, weight: weight, bias: bias, features: f, outputs: d, penalty: lambda,
        validationLoss: loss / Double(max(yv.count, 1)))
      if best == nil || probe.validationLoss < best!.validationLoss { best = probe }
    }
    return best!
  }

  /// `ŝ` for each row of `x` `(N, F)`: `(N, d)`.
  ///
  /// Each output is `bias[o]` plus `weight[o, j] · x[r, j]` added for j = 0 ..< F in order (a
  /// product and a sum, each rounded); the outputs of a row run side by side, from the weight
  /// transposed, so the additions of different outputs overlap.
  func apply(_ x: Matrix<Double>) -> Matrix<Double> {
    precondition(x.cols == features)
    var out = Matrix<Double>(rows: x.rows, cols: outputs)
    let (f, d, rows) = (features, outputs, x.rows)
    var transposed = [Double](repeating: 0, count: f * d)
    for o in 0..<d {
      for j in 0..<f { transposed[j * d + o] = weight[o * f + j] }
    }
    transposed.withUnsafeBufferPointer { w in
      x.storage.withUnsafeBufferPointer { x in
        out.storage.withUnsafeMutableBufferPointer { out in
          guard let out = out.baseAddress else { return }
          for r in 0..<rows {
            let row = out + r * d
            for o in 0..<d { row[o] = bias[o] }
            guard let w = w.baseAddress, let x = x.baseAddress else { continue }
            let features = x + r * f
            for j in 0..<f {
              let (xj, column) = (features[j], w + j * d)
              for o in 0..<d { row[o] += column[o] * xj }
            }
          }
        }
      }
    }
    return out
  }
}
