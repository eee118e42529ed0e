import Foundation
import Analysis

/// The built-in studies. Each is an ordinary config file's text: `memstudy run --preset NAME
/// --print-config` prints it as a starting point for one's own.
public enum Preset: String, CaseIterable, Sendable {
  case quick, paper, text, depth, modern

  public var yaml: String {
    switch self {
    case .quick: Self.quickYAML
    case .paper: Self.paperYAML
    case .text: Self.textYAML
    case .depth: Self.depthYAML
    case .modern: Self.modernYAML
    }
  }

  /// The preset's config; its files (the text preset's corpus and vectors) are read from
  /// `directory`, the current directory unless given.
  public func config(directory: URL? = nil) throws(ConfigError) -> StudyConfig {
    if self == .text {
      let base = directory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
      let missing = Self.textFiles.filter { !FileManager.default.isReadableFile(atPath: base.appendingPathComponent($0.path).path) }
      if !missing.isEmpty {
        let names = missing.map(\.path).joined(separator: " and ")
        throw ConfigError(source: "preset text", problems: [.init(
          path: "space", line: nil,
          message: "\(names) \(missing.count == 1 ? "is" : "are") missing: run scripts/text-corpus first, from the repository's folder (it installs wordnet-base and fasttext, extracts the WordNet glosses as a corpus and trains word vectors on them), then run the preset from that folder")])
      }
      return try ConfigLoader.load(yaml: yaml, source: "preset \(rawValue)", baseDirectory: base)
    }
    return try ConfigLoader.load(yaml: yaml, source: "preset \(rawValue)")
  }

  /// The files `scripts/text-corpus` makes, relative to the repository's folder.
  static let textFiles = [(key: "corpus", path: "data/text/glosses.txt"), (key: "vectors", path: "data/text/vectors.vec")]

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
      substitution: in_length
      substitution_sequences: 256

    """

  static let modernYAML = """
    # memstudy modern preset: the quick preset's grid with minGRU and minLSTM
    # (Feng et al. 2024, "Were RNNs All We Needed?") beside the three classic
    # units: hidden size 32, one-hot tokens, training lengths 5 to 160, 3 seeds.
    # A few minutes on 2 cores.
    name: Memory of classic and minimal recurrent units
    space:
      kind: onehot
      vocab: 16
    units: [vrnn, lstm, gru, mingru, minlstm]
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
      substitution: in_length
      substitution_sequences: 256

    """

  static let depthYAML = """
    # memstudy depth preset: the quick preset's grid at 1 and 2 stacked layers (as
    # torch.nn.RNN/LSTM/GRU with num_layers = 2): the three units at hidden size 32,
    # one-hot tokens, training lengths 5 to 160, 3 seeds. A few minutes on 2 cores.
    name: Depth and memory of vanilla RNN, LSTM and GRU units
    space:
      kind: onehot
      vocab: 16
    units: [vrnn, lstm, gru]
    hidden: [32]
    layers: [1, 2]
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
      substitution: in_length
      substitution_sequences: 256

    """

  static let textYAML = """
    # memstudy text preset: the three units on real English, the glosses of WordNet 3.0
    # (about 118 000 lines, 1.5 M tokens) with 32-dimensional fastText skip-gram vectors
    # trained on them. Make both first with scripts/text-corpus. Hidden size 32 = d, training
    # lengths 5 to 160 cut from each part's token stream, 3 seeds. A few minutes on 2 cores.
    name: Memory of vanilla RNN, LSTM and GRU units on WordNet glosses
    space:
      kind: embeddings
      vectors: data/text/vectors.vec
      corpus: data/text/glosses.txt
      split: [80, 10, 10]
      windows: stream
      seed: 0
    units: [vrnn, lstm, gru]
    hidden: [32]
    train_lengths: [5, 10, 20, 40, 80, 160]
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
      substitution: in_length
      substitution_sequences: 256

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
      substitution: in_length
      substitution_sequences: 256

    """
}
