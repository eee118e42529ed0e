/// Mean squared error over every element, as `torch.nn.MSELoss()` (reduction "mean"):
/// `J = (1/(B·D)) Σ (ŝ − s)²`.
enum MeanSquaredError {
  /// The loss, accumulated in Double so that long sums stay exact enough to compare runs.
  static func loss<T: Scalar>(_ prediction: [T], _ target: [T]) -> Double {
    precondition(prediction.count == target.count && !prediction.isEmpty)
    var sum = 0.0
    for i in prediction.indices {
      let d = Double(prediction[i]) - Double(target[i])
      sum += d * d
    }
    return sum / Double(prediction.count)
  }

  /// ∂J/∂ŝ = 2 (ŝ − s) / (B·D), written into `gradient`.
  static func gradient<T: Scalar>(_ prediction: [T], _ target: [T], into gradient: inout [T]) {
    precondition(prediction.count == target.count)
    if gradient.count != prediction.count { gradient = [T](repeating: 0, count: prediction.count) }
    let scale = 2 / T(prediction.count)
    for i in prediction.indices { gradient[i] = scale * (prediction[i] - target[i]) }
  }
}
