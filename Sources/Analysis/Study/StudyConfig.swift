/// What a study runs: the semantic space, the grid and the training and evaluation set-up.
///
/// Keys are snake_case in YAML and JSON (`train_lengths`, `learning_rate`); the presets in
/// `StudyConfig+Presets.swift` are ordinary values of this type.
public struct StudyConfig: Codable, Equatable, Sendable {
  public var name: String
  public var space: SpaceConfig
  public var units: [UnitKind]
  public var hidden: [Int]
  public var trainLengths: [Int]
  /// Test lengths besides the training lengths; `nil` means the training lengths alone.
  public var testLengths: [Int]?
  public var seeds: [Int]
  public var training: TrainingConfig
  public var evaluation: EvaluationConfig

  public init(
    name: String, space: SpaceConfig, units: [UnitKind], hidden: [Int], trainLengths: [Int],
    testLengths: [Int]? = nil, seeds: [Int], training: TrainingConfig = .init(),
    evaluation: EvaluationConfig = .init()
  ) {
    self.name = name
    self.space = space
    self.units = units
    self.hidden = hidden
    self.trainLengths = trainLengths
    self.testLengths = testLengths
    self.seeds = seeds
    self.training = training
    self.evaluation = evaluation
  }

  /// The lengths every cell is evaluated at, ascending: the test lengths and every training
  /// length, so that each cell has its in-length evaluation (`n = L`), which the indicators
  /// table and the recommendation rule read, whatever `test_lengths` lists.
  public var effectiveTestLengths: [Int] { Array(Set((testLengths ?? []) + trainLengths)).sorted() }
}

public struct EvaluationConfig: Codable, Equatable, Sendable {
  /// Test sequences per test length.
  public var sequences: Int = 1024
  /// θ of the effective memory length.
  public var threshold: Double = 0.5
  /// θ_rec of the recommendation rule.
  public var recommendThreshold: Double = 0.9
  /// Ridge penalty of the memory-capacity probes.
  public var probe: Double = 1e-3

  public init(
    sequences: Int = 1024, threshold: Double = 0.5, recommendThreshold: Double = 0.9,
    probe: Double = 1e-3
  ) {
    self.sequences = sequences
    self.threshold = threshold
    self.recommendThreshold = recommendThreshold
    self.probe = probe
  }
}
