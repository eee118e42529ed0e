/// How every cell of a study trains (METHOD.md §2): Adam on fresh batches, gradient clipping,
/// early stopping on a fixed validation set.
public struct TrainingConfig: Codable, Equatable, Sendable {
  public var batch: Int = 64
  public var learningRate: Double = 0.003
  /// Global gradient-norm bound (PyTorch's `clip_grad_norm_`).
  public var clip: Double = 1.0
  public var maxSteps: Int = 2000
  /// Validation checks without improvement before stopping early.
  public var patience: Int = 5
  /// Number of fixed validation sequences.
  public var validation: Int = 256
  /// Training steps between validation checks.
  public var validateEvery: Int = 50

  public init(
    batch: Int = 64, learningRate: Double = 0.003, clip: Double = 1.0, maxSteps: Int = 2000,
    patience: Int = 5, validation: Int = 256, validateEvery: Int = 50
  ) {
    self.batch = batch
    self.learningRate = learningRate
    self.clip = clip
    self.maxSteps = maxSteps
    self.patience = patience
    self.validation = validation
    self.validateEvery = validateEvery
  }
}
