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

public enum SpaceKind: String, Codable, CaseIterable, Sendable {
  case onehot, gaussian, embeddings
}

public struct SpaceConfig: Codable, Equatable, Sendable {
  public var kind: SpaceKind
  /// Vocabulary size (onehot, gaussian); read from the vectors file for embeddings.
  public var vocab: Int?
  /// Vector dimension (gaussian); `vocab` for onehot; read from the file for embeddings.
  public var dim: Int?
  /// Seed of the space itself (gaussian vectors; the corpus split of embeddings), independent
  /// of the cell seeds.
  public var seed: Int?
  /// Word-vector text file (word2vec text, GloVe text, fastText `.vec`), embeddings only.
  public var vectors: String?
  /// Corpus, one sentence or paragraph per line, embeddings only.
  public var corpus: String?
  /// Percent of the corpus lines in the training, validation and test parts (embeddings
  /// only; `nil` means 80 / 10 / 10).
  public var split: [Int]?
  /// Where windows are cut from (embeddings only; `nil` means `stream`).
  public var windows: CorpusWindows?
  /// `sha256:<hex>` of the vectors and corpus files, filled in by the runner, which records
  /// the files by name and content (never by where they lived) in the study's results.
  public var vectorsHash: String?
  public var corpusHash: String?

  public init(
    kind: SpaceKind, vocab: Int? = nil, dim: Int? = nil, seed: Int? = nil,
    vectors: String? = nil, corpus: String? = nil, split: [Int]? = nil,
    windows: CorpusWindows? = nil, vectorsHash: String? = nil, corpusHash: String? = nil
  ) {
    self.kind = kind
    self.vocab = vocab
    self.dim = dim
    self.seed = seed
    self.vectors = vectors
    self.corpus = corpus
    self.split = split
    self.windows = windows
    self.vectorsHash = vectorsHash
    self.corpusHash = corpusHash
  }

  /// The split of the corpus lines, in percent: training, validation, test.
  public static let defaultSplit = [80, 10, 10]
}

/// Where the sequences of an embeddings study are cut from (METHOD.md §1).
public enum CorpusWindows: String, Codable, CaseIterable, Sendable {
  /// Contiguous windows of one part's token stream (its lines in file order, concatenated):
  /// a window may cross line ends, so every length up to the part's size exists.
  case stream
  /// Contiguous windows within one line.
  case sentence
}

/// The disjoint parts of a corpus: training sequences, validation sequences (early stopping)
/// and test sequences (the indicators) never share a line.
public enum CorpusPart: String, Codable, CaseIterable, Sendable {
  case training, validation, test
}

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
