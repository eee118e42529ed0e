/// A point of a loss curve: the training loss averaged over a window of steps, or a
/// validation check.
public struct LossPoint: Codable, Equatable, Sendable {
  public var step: Int
  public var loss: Double

  public init(step: Int, loss: Double) {
    self.step = step
    self.loss = loss
  }
}
