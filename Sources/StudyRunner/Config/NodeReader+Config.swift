import Analysis
import Foundation
import Yams

extension NodeReader {
  /// Builds the config from the top-level mapping; `nil` when any part failed.
  mutating func readConfig(_ top: [String: Node], baseDirectory: URL?) -> StudyConfig? {
    let name = string(top["name"], "name") ?? "study"
    if name.trimmingCharacters(in: .whitespaces).isEmpty { fail("name", top["name"], "an empty name is not allowed") }
    let space = top["space"].flatMap { readSpace($0, baseDirectory: baseDirectory) }
    if top["space"] == nil { fail("space", nil, "is required (a mapping with kind: onehot, gaussian or embeddings)") }
    let units = enumList(top["units"], "units", default: UnitKind.allCases)
    let hidden = intList(top["hidden"], "hidden", min: 1, required: true)
    var layers = intList(top["layers"], "layers", min: 1, required: false)
    if let deep = layers?.first(where: { $0 > StudyConfig.maximumLayers }) {
      fail("layers", top["layers"], "\(deep) is not allowed; expected layer counts from 1 to \(StudyConfig.maximumLayers)")
      layers = nil
    }
    let trainLengths = intList(top["train_lengths"], "train_lengths", min: 1, required: true)
    let testLengths = intList(top["test_lengths"], "test_lengths", min: 1, required: false)
    let seeds = intList(top["seeds"], "seeds", min: 0, required: true)
    let training = readTraining(top["training"])
    let evaluation = readEvaluation(top["evaluation"])
    guard let space, let units, let hidden, let trainLengths, let seeds, let training, let evaluation,
      top["test_lengths"] == nil || testLengths != nil, top["layers"] == nil || layers != nil
    else { return nil }
    return StudyConfig(
      name: name, space: space, units: units, hidden: hidden, layers: layers ?? [1],
      trainLengths: trainLengths,
      testLengths: testLengths, seeds: seeds, training: training, evaluation: evaluation)
  }

  mutating func readSpace(_ node: Node, baseDirectory: URL?) -> SpaceConfig? {
    guard let m = mapping(node, path: "space", allowed: ConfigLoader.Keys.space) else { return nil }
    guard let kind = enumValue(m["kind"], "space.kind", SpaceKind.self) else { return nil }
    func forbid(_ key: String, _ why: String) {
      if let n = m[key] { fail("space.\(key)", n, "is not allowed for kind \(kind.rawValue): \(why)") }
    }
    let before = problems.count
    var space: SpaceConfig?
    switch kind {
    case .onehot:
      let vocab = int(m["vocab"], "space.vocab", min: 2)
      forbid("dim", "a one-hot space has dim = vocab")
      forbid("vectors", "only embeddings read a vectors file")
      forbid("corpus", "only embeddings read a corpus")
      forbid("seed", "a one-hot space has no random part")
      forbid("split", "only embeddings split a corpus")
      forbid("windows", "only embeddings cut windows from a corpus")
      space = vocab.map { .onehot(vocab: $0) }
    case .gaussian:
      let vocab = int(m["vocab"], "space.vocab", min: 2)
      let dim = int(m["dim"], "space.dim", min: 1)
      let seed = int(m["seed"], "space.seed", min: 0, default: 0)
      forbid("vectors", "only embeddings read a vectors file")
      forbid("corpus", "only embeddings read a corpus")
      forbid("split", "only embeddings split a corpus")
      forbid("windows", "only embeddings cut windows from a corpus")
      if let vocab, let dim, let seed { space = .gaussian(vocab: vocab, dim: dim, seed: seed) }
    case .embeddings:
      forbid("vocab", "the vocabulary is read from the vectors file")
      forbid("dim", "the dimension is read from the vectors file")
      // The seed of an embeddings space is the corpus split's: which part each line falls in.
      let seed = int(m["seed"], "space.seed", min: 0, default: 0)
      let split = readSplit(m["split"])
      let windows = m["windows"].flatMap { enumValue($0, "space.windows", CorpusWindows.self) }
      var paths: [String: String] = [:]
      for key in ["vectors", "corpus"] {
        guard let path = string(m[key], "space.\(key)") else {
          if m[key] == nil { fail("space.\(key)", nil, "is required for kind embeddings (a file path)") }
          continue
        }
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path)
          : baseDirectory.map { $0.appendingPathComponent(path) } ?? URL(fileURLWithPath: path)
        if !FileManager.default.isReadableFile(atPath: url.path) {
          fail("space.\(key)", m[key], "'\(path)' is not a readable file (a relative path is read from the config file's folder)")
        }
        paths[key] = url.path
      }
      if let vectors = paths["vectors"], let corpus = paths["corpus"], let seed {
        space = .embeddings(EmbeddingsSource(vectors: vectors, corpus: corpus, seed: seed, split: split, windows: windows))
      }
    }
    return problems.count == before ? space : nil
  }

  /// Three whole percentages ≥ 1 summing to 100: training, validation, test.
  mutating func readSplit(_ node: Node?) -> [Int]? {
    guard let node else { return nil }
    let allowed = "a list of three whole percentages [training, validation, test], each ≥ 1, summing to 100 (default [80, 10, 10])"
    guard case .sequence(let seq) = node, seq.count == 3,
      case let values = seq.compactMap({ $0.int }), values.count == 3
    else {
      // A list reads as written ("[80, 10]"), not as "a list".
      let shown = node.sequence.map { "'[" + $0.map { $0.string ?? "…" }.joined(separator: ", ") + "]'" } ?? show(node)
      fail("space.split", node, "\(shown) is not allowed; expected \(allowed)")
      return nil
    }
    guard SpaceConfig.isValidSplit(values) else {
      fail("space.split", node, "\(values) is not allowed; expected \(allowed)")
      return nil
    }
    return values
  }

  mutating func readTraining(_ node: Node?) -> TrainingConfig? {
    let d = TrainingConfig()
    guard let node else { return d }
    guard let m = mapping(node, path: "training", allowed: ConfigLoader.Keys.training) else { return nil }
    let before = problems.count
    let t = TrainingConfig(
      batch: int(m["batch"], "training.batch", min: 1, default: d.batch) ?? 0,
      learningRate: number(m["learning_rate"], "training.learning_rate", above: 0, atMost: 1, default: d.learningRate) ?? 0,
      clip: number(m["clip"], "training.clip", above: 0, default: d.clip) ?? 0,
      maxSteps: int(m["max_steps"], "training.max_steps", min: 1, default: d.maxSteps) ?? 0,
      patience: int(m["patience"], "training.patience", min: 1, default: d.patience) ?? 0,
      validation: int(m["validation"], "training.validation", min: 1, default: d.validation) ?? 0,
      validateEvery: int(m["validate_every"], "training.validate_every", min: 1, default: d.validateEvery) ?? 0)
    return problems.count == before ? t : nil
  }

  mutating func readEvaluation(_ node: Node?) -> EvaluationConfig? {
    let d = EvaluationConfig()
    guard let node else { return d }
    guard let m = mapping(node, path: "evaluation", allowed: ConfigLoader.Keys.evaluation) else { return nil }
    let before = problems.count
    let e = EvaluationConfig(
      sequences: int(m["sequences"], "evaluation.sequences", min: 8, default: d.sequences) ?? 0,
      threshold: number(m["threshold"], "evaluation.threshold", above: 0, atMost: 1, default: d.threshold) ?? 0,
      recommendThreshold: number(m["recommend_threshold"], "evaluation.recommend_threshold", above: 0, atMost: 1, default: d.recommendThreshold) ?? 0,
      probe: number(m["probe"], "evaluation.probe", above: 0, default: d.probe) ?? 0,
      substitution: m["substitution"].flatMap { enumValue($0, "evaluation.substitution", SubstitutionLengths.self) }
        ?? d.effectiveSubstitution,
      substitutionSequences: int(
        m["substitution_sequences"], "evaluation.substitution_sequences", min: 8,
        default: EvaluationConfig.defaultSubstitutionSequences) ?? 0)
    return problems.count == before ? e : nil
  }
}

/// "Did you mean": the closest allowed word within a small edit distance.
enum Suggestion {
  static func closest(to word: String, in candidates: [String]) -> String? {
    let scored = candidates.map { ($0, distance(word.lowercased(), $0)) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    return best.1 <= max(2, word.count / 3) ? best.0 : nil
  }

  /// Levenshtein distance.
  static func distance(_ a: String, _ b: String) -> Int {
    let (a, b) = (Array(a), Array(b))
    var previous = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
      var current = [i] + [Int](repeating: 0, count: b.count)
      for j in 1...max(b.count, 1) where !b.isEmpty {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return a.isEmpty ? b.count : previous[b.count]
  }
}
