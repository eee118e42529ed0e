import Analysis

/// The study's configuration as YAML, for the appendix when the CLI does not pass the text it
/// read. Keys are snake_case like the config files; strings are always double-quoted (YAML's
/// double-quoted style is a superset of JSON strings), so no value can change the structure.
enum ConfigYAML {
  static func render(_ c: StudyConfig) -> String {
    var lines = ["name: \(quoted(c.name))", "space:", "  kind: \(c.space.kind.rawValue)"]
    switch c.space {
    case .onehot(let vocab):
      lines.append("  vocab: \(vocab)")
    case .gaussian(let vocab, let dim, let seed):
      lines += ["  vocab: \(vocab)", "  dim: \(dim)", "  seed: \(seed)"]
    case .embeddings(let source):
      lines += ["  seed: \(source.seed)", "  vectors: \(quoted(source.vectors))", "  corpus: \(quoted(source.corpus))"]
      if let split = source.split { lines.append("  split: \(flow(split))") }
      if let windows = source.windows { lines.append("  windows: \(windows.rawValue)") }
    }
    lines.append("units: [\(c.units.map(\.rawValue).joined(separator: ", "))]")
    lines.append("hidden: \(flow(c.hidden))")
    // One layer is the default; a study of one-layer networks reads as it did before depth.
    if c.layers != [1] { lines.append("layers: \(flow(c.layers))") }
    lines.append("train_lengths: \(flow(c.trainLengths))")
    if let t = c.testLengths { lines.append("test_lengths: \(flow(t))") }
    lines.append("seeds: \(flow(c.seeds))")
    let t = c.training
    lines += [
      "training:", "  batch: \(t.batch)", "  learning_rate: \(number(t.learningRate))",
      "  clip: \(number(t.clip))", "  max_steps: \(t.maxSteps)", "  patience: \(t.patience)",
      "  validation: \(t.validation)", "  validate_every: \(t.validateEvery)",
    ]
    let e = c.evaluation
    lines += [
      "evaluation:", "  sequences: \(e.sequences)", "  threshold: \(number(e.threshold))",
      "  recommend_threshold: \(number(e.recommendThreshold))", "  probe: \(number(e.probe))",
    ]
    // Results written before σ existed have no setting: they measured nothing, which the
    // report says; their appendix leaves the key out rather than claim the default.
    if let substitution = e.substitution { lines.append("  substitution: \(substitution.rawValue)") }
    if let count = e.substitutionSequences { lines.append("  substitution_sequences: \(count)") }
    return lines.joined(separator: "\n") + "\n"
  }

  static func flow(_ values: [Int]) -> String { "[" + values.map(String.init).joined(separator: ", ") + "]" }

  /// Shortest round-tripping decimal; Swift's description is locale-free (`0.003`, `1e-05`).
  static func number(_ x: Double) -> String {
    guard x.isFinite else { return x.isNaN ? ".nan" : (x > 0 ? ".inf" : "-.inf") }
    return x.description
  }

  /// A YAML double-quoted scalar: backslash, quote and every non-printable escaped.
  static func quoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value):
        out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16, uppercase: true)
      case "\u{FEFF}", "\u{2028}", "\u{2029}":
        out += "\\u" + String(scalar.value, radix: 16, uppercase: true)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
