import Analysis

/// The built-in studies. Each is an ordinary config file's text: `memstudy run --preset NAME
/// --print-config` prints it as a starting point for one's own.
public enum Preset: String, CaseIterable, Sendable {
  case quick, paper

  public var yaml: String {
    switch self {
    case .quick: Self.quickYAML
    case .paper: Self.paperYAML
    }
  }

  public func config() throws(ConfigError) -> StudyConfig {
    try ConfigLoader.load(yaml: yaml, source: "preset \(rawValue)")
  }

  static let quickYAML = """
    # memstudy quick preset: the three units at hidden size 32, one-hot tokens,
    # training lengths 5 to 160 (the vanilla RNN and the LSTM fall below the
    # recommendation threshold at different lengths), 3 seeds. About a minute
    # on 2 cores.
    name: Quick memory study
    space:
      kind: onehot
      vocab: 16
    units: [vrnn, lstm, gru]
    hidden: [32]
    train_lengths: [5, 10, 20, 40, 80, 160]
    test_lengths: [5, 10, 20, 40, 80, 160, 320]
    seeds: [1, 2, 3]
    training:
      batch: 64
      learning_rate: 0.005
      clip: 1.0
      max_steps: 2000
      patience: 4
      validation: 256
      validate_every: 50
    evaluation:
      sequences: 512
      threshold: 0.5
      recommend_threshold: 0.9
      probe: 0.001

    """

  static let paperYAML = """
    # memstudy paper preset: the three units at hidden sizes 64 and 128, one-hot
    # tokens (V = 32), training lengths 5 to 160, test lengths up to 320, 3 seeds.
    # About 12 minutes on 2 cores.
    name: Memory of vanilla RNN, LSTM and GRU units
    space:
      kind: onehot
      vocab: 32
    units: [vrnn, lstm, gru]
    hidden: [64, 128]
    train_lengths: [5, 10, 20, 40, 80, 160]
    test_lengths: [5, 10, 20, 40, 80, 160, 320]
    seeds: [1, 2, 3]
    training:
      batch: 64
      learning_rate: 0.003
      clip: 1.0
      max_steps: 3000
      patience: 6
      validation: 512
      validate_every: 50
    evaluation:
      sequences: 1024
      threshold: 0.5
      recommend_threshold: 0.9
      probe: 0.001

    """
}
