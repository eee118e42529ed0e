/// Global-norm clipping as `torch.nn.utils.clip_grad_norm_`: with `‖g‖` the 2-norm of all
/// gradients together, every gradient is scaled by `min(1, maxNorm / (‖g‖ + 1e-6))`.
enum GradientClipping {
  /// Clips in place and returns the norm before clipping (non-finite when the gradients are).
  @discardableResult
  static func clip<T: Scalar>(_ gradients: inout [T], maxNorm: Double) -> Double {
    var sum = 0.0
    for g in gradients { sum += Double(g) * Double(g) }
    let norm = sum.squareRoot()
    let coefficient = maxNorm / (norm + 1e-6)
    if coefficient < 1 {
      let c = T(coefficient)
      for i in gradients.indices { gradients[i] *= c }
    }
    return norm
  }
}
