/// Adam with PyTorch's defaults and arithmetic (`torch.optim.Adam`, single-tensor path):
///
///     m ← m + (1 − β1)(g − m)             v ← β2 v + (1 − β2) g²
///     p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)
///
/// The bias corrections are computed in Double, as Python does, then rounded once; β1ᵗ and
/// β2ᵗ by `PortableMath.power`, the same bits on every machine.
struct Adam<T: Scalar>: Sendable {
  var learningRate: Double
  let beta1: Double
  let beta2: Double
  let epsilon: Double
  private(set) var step = 0
  private var m: [T]
  private var v: [T]

  init(
    parameterCount: Int, learningRate: Double, beta1: Double = 0.9, beta2: Double = 0.999,
    epsilon: Double = 1e-8
  ) {
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    m = [T](repeating: 0, count: parameterCount)
    v = [T](repeating: 0, count: parameterCount)
  }

  mutating func update(_ parameters: inout [T], gradients: [T]) {
    precondition(parameters.count == m.count && gradients.count == m.count)
    step += 1
    let stepSize = T(learningRate / (1 - PortableMath.power(beta1, step)))
    let correction2Sqrt = T((1 - PortableMath.power(beta2, step)).squareRoot())
    let (oneMinusB1, b2, oneMinusB2, eps) = (T(1 - beta1), T(beta2), T(1 - beta2), T(epsilon))
    parameters.withUnsafeMutableBufferPointer { p in
      m.withUnsafeMutableBufferPointer { m in
        v.withUnsafeMutableBufferPointer { v in
          gradients.withUnsafeBufferPointer { g in
            for i in 0..<p.count {
              let gi = g[i]
              m[i] += oneMinusB1 * (gi - m[i])
              v[i] = b2 * v[i] + oneMinusB2 * gi * gi
              let denom = v[i].squareRoot() / correction2Sqrt + eps
              p[i] -= stepSize * (m[i] / denom)
            }
          }
        }
      }
    }
  }
}
