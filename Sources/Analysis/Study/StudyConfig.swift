/// What a study runs: the semantic space, the grid and the training and evaluation set-up.
///
/// Keys are snake_case in YAML and JSON (`train_lengths`, `learning_rate`); the presets in
/// `StudyConfig+Presets.swift` are ordinary values of this type.
public struct StudyConfig: Codable, Equatable, Sendable {
  public var name: String
  public var space: SpaceConfig
  public var units: [UnitKind]
  public var hidden: [Int]
  /// Stacked layers `K` of the grid (`[1]` unless given).
  @LayerCounts public var layers: [Int]
  public var trainLengths: [Int]
  /// Test lengths besides the training lengths; `nil` means the training lengths alone.
  @Nullable public var testLengths: [Int]?
  public var seeds: [Int]
  public var training: TrainingConfig
  public var evaluation: EvaluationConfig

  public init(
    name: String, space: SpaceConfig, units: [UnitKind], hidden: [Int], layers: [Int] = [1],
    trainLengths: [Int], testLengths: [Int]? = nil, seeds: [Int], training: TrainingConfig = .init(),
    evaluation: EvaluationConfig = .init()
  ) {
    self.name = name
    self.space = space
    self.units = units
    self.hidden = hidden
    self.layers = layers
    self.trainLengths = trainLengths
    self.testLengths = testLengths
    self.seeds = seeds
    self.training = training
    self.evaluation = evaluation
  }

  /// The deepest stack a study trains: deeper ones add cost, not a question this study asks.
  public static let maximumLayers = 8

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
  /// The test lengths at which the substitution coefficients σ_k are measured (METHOD.md §3b);
  /// `nil` in results written before σ existed (read as `inLength`, the default).
  @Nullable public var substitution: SubstitutionLengths?
  /// How many of the test sequences (the first ones) σ_k is measured on; `nil` in results
  /// written before σ existed.
  @Nullable public var substitutionSequences: Int?

  /// σ's default number of test sequences: its standard error for a unit that holds the
  /// sequence stays under 0.01 (measured on the quick preset: at most 0.004 with 512), so the
  /// clipping bias of SMR_σ stays under 0.005, at a quarter of the cost of 1024.
  public static let defaultSubstitutionSequences = 256

  public init(
    sequences: Int = 1024, threshold: Double = 0.5, recommendThreshold: Double = 0.9,
    probe: Double = 1e-3, substitution: SubstitutionLengths = .inLength,
    substitutionSequences: Int = defaultSubstitutionSequences
  ) {
    self.sequences = sequences
    self.threshold = threshold
    self.recommendThreshold = recommendThreshold
    self.probe = probe
    self.substitution = substitution
    self.substitutionSequences = substitutionSequences
  }

  /// `substitution`, its default where unset.
  public var effectiveSubstitution: SubstitutionLengths { substitution ?? .inLength }

  /// The test sequences σ is measured on: `substitution_sequences`, at most `sequences`.
  public var effectiveSubstitutionSequences: Int {
    min(sequences, substitutionSequences ?? Self.defaultSubstitutionSequences)
  }
}

/// Where a study measures the substitution coefficients σ_k (`evaluation.substitution`): they
/// cost about (n + 1)/2 forward passes of the test set at test length n.
public enum SubstitutionLengths: String, Codable, CaseIterable, Sendable {
  /// At the training length only (n = L), which the recommendation rule reads.
  case inLength = "in_length"
  /// At every test length.
  case all
  /// Nowhere: the rule then falls back to the fit's SMR, and the report says so.
  case none

  /// Whether a cell trained at `trainLength` is measured at test length `length`.
  public func measures(length: Int, trainLength: Int) -> Bool {
    switch self {
    case .inLength: length == trainLength
    case .all: true
    case .none: false
    }
  }
}
