import Analysis
import Foundation
import Yams

/// Reads a study config from YAML and validates every key and value, collecting all
/// problems (key path, value, what is allowed, "did you mean" for misspelt keys) before
/// anything runs.
public enum ConfigLoader {
  /// Parses and validates `yaml`. Relative `vectors`/`corpus` paths are resolved against
  /// `baseDirectory` (the config file's folder).
  public static func load(
    yaml: String, source: String, baseDirectory: URL? = nil
  ) throws(ConfigError) -> StudyConfig {
    let root: Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch {
      throw ConfigError(source: source, problems: [.init(path: "", line: nil, message: "not valid YAML: \(Echo.lines("\(error)"))")])
    }
    var reader = NodeReader()
    guard let root, let top = reader.mapping(root, path: "", allowed: Keys.top) else {
      throw ConfigError(source: source, problems: reader.problems.isEmpty
        ? [.init(path: "", line: nil, message: "the config is empty; expected a mapping with keys \(Keys.top.joined(separator: ", "))")]
        : reader.problems)
    }
    let config = reader.readConfig(top, baseDirectory: baseDirectory)
    if let config, reader.problems.isEmpty {
      if let problem = memoryProblem(config, top: top) {
        throw ConfigError(source: source, problems: [problem])
      }
      // The test set must determine what is fitted on it, whether or not `evaluation` is
      // written. An embeddings space's dimension is in its vectors file: checked once read.
      if let size = config.declaredSpaceSize {
        let written: Node?
        if case .mapping(let m) = top["evaluation"] { written = m["sequences"] } else { written = nil }
        let problems = determinationProblems(
          for: config, dimension: size.dimension, line: written?.mark.map { $0.line },
          defaulted: written == nil)
        if !problems.isEmpty { throw ConfigError(source: source, problems: problems) }
      }
      return config
    }
    throw ConfigError(source: source, problems: reader.problems)
  }

  /// Loads a config file; returns its text too, kept as written for the study's records.
  public static func load(file: URL) throws -> (config: StudyConfig, text: String) {
    let text: String
    do {
      // A config is a few hundred bytes; a megabyte is surely not one.
      text = try TextFile.read(file, maxBytes: 1_000_000)
    } catch {
      throw ConfigError(source: file.path, problems: [.init(path: "", line: nil, message: "cannot be used as a config: it \(error)")])
    }
    let config = try load(yaml: text, source: file.lastPathComponent, baseDirectory: file.deletingLastPathComponent())
    return (config, text)
  }

  /// Warnings that do not stop a study, e.g. a space wider than a hidden size (METHOD.md §1).
  static func warnings(for config: StudyConfig, dimension: Int) -> [String] {
    config.hidden.filter { $0 < dimension }.map { h in
      "hidden size \(h) is smaller than the space dimension \(dimension): a linear readout cannot represent the space, so the study measures the readout, not memory"
    }
  }

  /// What makes the test set too small to determine the fits made on it, from the effective
  /// config (defaults included, every training length among the test lengths):
  ///
  /// - the memory coefficients: `n` of them are fitted by pooled least squares on `N·d` numbers
  ///   (`N` test sequences of dimension `d`), so `N·d ≥ n` at the longest test length;
  /// - the memory-capacity probes: an `H`-dimensional ridge fit on `N/2` sequences and scored on
  ///   the other half, so `N ≥ 2H` at the largest hidden size.
  ///
  /// `line` is where `evaluation.sequences` is written; `defaulted` says it is not written.
  static func determinationProblems(
    for config: StudyConfig, dimension d: Int, line: Int? = nil, defaulted: Bool = false
  ) -> [ConfigError.Problem] {
    let n = config.evaluation.sequences
    let value = defaulted ? "\(n) (the default)" : "\(n)"
    var problems: [ConfigError.Problem] = []
    let (rows, overflow) = n.multipliedReportingOverflow(by: d)
    if let longest = config.effectiveTestLengths.max(), !overflow, rows < longest {
      let needed = longest / d + (longest % d == 0 ? 0 : 1)
      problems.append(.init(
        path: "evaluation.sequences", line: line,
        message: "\(value) test sequences of dimension \(d) give \(rows) numbers to fit the \(longest) memory coefficients of test length \(longest); expected at least \(needed) (sequences × dimension ≥ the longest test length)"))
    }
    // n < 2H, written so that a huge H cannot overflow.
    if let widest = config.hidden.max(), widest > n / 2 {
      let needed = widest <= Int.max / 2 ? String(2 * widest) : "2 × \(widest)"
      problems.append(.init(
        path: "evaluation.sequences", line: line,
        message: "\(value) is too few for memory-capacity probes at hidden size \(widest); expected at least \(needed) (half of the sequences fit an H-dimensional probe, half score it)"))
    }
    return problems
  }

  enum Keys {
    static let top = ["name", "space", "units", "hidden", "layers", "train_lengths", "test_lengths", "seeds", "training", "evaluation"]
    static let space = ["kind", "vocab", "dim", "seed", "vectors", "corpus", "split", "windows"]
    static let training = ["batch", "learning_rate", "clip", "max_steps", "patience", "validation", "validate_every"]
    static let evaluation = ["sequences", "threshold", "recommend_threshold", "probe", "substitution", "substitution_sequences"]
  }
}

/// Walks the YAML tree, recording a problem for every key or value it cannot accept.
struct NodeReader {
  var problems: [ConfigError.Problem] = []

  mutating func fail(_ path: String, _ node: Node?, _ message: String) {
    problems.append(.init(path: path, line: node?.mark.map { $0.line }, message: message))
  }

  func show(_ node: Node) -> String {
    switch node {
    case .scalar(let s): "'\(Echo.value(s.string))'"
    case .sequence: "a list"
    case .mapping: "a mapping"
    case .alias: "an alias"
    }
  }

  /// A mapping whose keys are all in `allowed`; unknown keys are reported with a suggestion.
  mutating func mapping(_ node: Node, path: String, allowed: [String]) -> [String: Node]? {
    guard case .mapping(let mapping) = node else {
      fail(path, node, "\(show(node)) is not allowed; expected a mapping with keys \(allowed.joined(separator: ", "))")
      return nil
    }
    var out: [String: Node] = [:]
    for (keyNode, value) in mapping {
      let key = keyNode.string ?? ""
      let keyPath = path.isEmpty ? Echo.value(key) : "\(path).\(Echo.value(key))"
      if allowed.contains(key) {
        out[key] = value
      } else {
        let hint = Suggestion.closest(to: key, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
        fail(keyPath, keyNode, "unknown key\(hint); allowed keys: \(allowed.joined(separator: ", "))")
      }
    }
    return out
  }

  mutating func int(_ node: Node?, _ path: String, min: Int, default value: Int? = nil) -> Int? {
    guard let node else {
      if value == nil { fail(path, nil, "is required (an integer ≥ \(min))") }
      return value
    }
    guard case .scalar = node, let v = node.int else {
      fail(path, node, "\(show(node)) is not allowed; expected an integer ≥ \(min)")
      return nil
    }
    guard v >= min else {
      fail(path, node, "\(show(node)) is not allowed; expected an integer ≥ \(min)")
      return nil
    }
    return v
  }

  mutating func number(
    _ node: Node?, _ path: String, above lower: Double, atMost upper: Double = .infinity,
    default value: Double
  ) -> Double? {
    guard let node else { return value }
    let allowed = upper.isFinite ? "a number in (\(lower.formatted), \(upper.formatted)]" : "a number > \(lower.formatted)"
    guard case .scalar = node, let v = node.float, v.isFinite else {
      fail(path, node, "\(show(node)) is not allowed; expected \(allowed)")
      return nil
    }
    guard v > lower, v <= upper else {
      fail(path, node, "\(show(node)) is not allowed; expected \(allowed)")
      return nil
    }
    return v
  }

  mutating func string(_ node: Node?, _ path: String) -> String? {
    guard let node else { return nil }
    guard case .scalar(let s) = node else {
      fail(path, node, "\(show(node)) is not allowed; expected a string")
      return nil
    }
    return s.string
  }

  mutating func intList(_ node: Node?, _ path: String, min: Int, required: Bool) -> [Int]? {
    guard let node else {
      if required { fail(path, nil, "is required (a list of integers ≥ \(min))") }
      return nil
    }
    let items: [Node]
    switch node {
    case .sequence(let seq): items = Array(seq)
    case .scalar where node.int != nil: items = [node]
    default:
      fail(path, node, "\(show(node)) is not allowed; expected a list of integers ≥ \(min)")
      return nil
    }
    guard !items.isEmpty else {
      fail(path, node, "the list is empty; expected at least one integer ≥ \(min)")
      return nil
    }
    var out: [Int] = []
    var ok = true
    for (i, item) in items.enumerated() {
      if let v = int(item, "\(path)[\(i)]", min: min) { out.append(v) } else { ok = false }
    }
    guard ok else { return nil }
    if Set(out).count != out.count {
      fail(path, node, "\(out) repeats a value; each must appear once")
      return nil
    }
    return out
  }

  mutating func enumList<E: RawRepresentable & CaseIterable>(
    _ node: Node?, _ path: String, default value: [E]
  ) -> [E]? where E.RawValue == String {
    guard let node else { return value }
    let allowed = E.allCases.map(\.rawValue)
    let items: [Node]
    switch node {
    case .sequence(let seq): items = Array(seq)
    case .scalar: items = [node]
    default:
      fail(path, node, "\(show(node)) is not allowed; expected a list of \(allowed.joined(separator: ", "))")
      return nil
    }
    guard !items.isEmpty else {
      fail(path, node, "the list is empty; expected some of \(allowed.joined(separator: ", "))")
      return nil
    }
    var out: [E] = []
    for (i, item) in items.enumerated() {
      if let v = enumValue(item, "\(path)[\(i)]", E.self) { out.append(v) }
    }
    guard out.count == items.count else { return nil }
    if Set(out.map(\.rawValue)).count != out.count {
      fail(path, node, "\(out.map(\.rawValue)) repeats a value; each must appear once")
      return nil
    }
    return out
  }

  mutating func enumValue<E: RawRepresentable & CaseIterable>(
    _ node: Node?, _ path: String, _ type: E.Type
  ) -> E? where E.RawValue == String {
    let allowed = E.allCases.map(\.rawValue)
    guard let node else {
      fail(path, nil, "is required (one of \(allowed.joined(separator: ", ")))")
      return nil
    }
    guard case .scalar(let s) = node, let v = E(rawValue: s.string) else {
      let hint = node.string.flatMap { Suggestion.closest(to: $0, in: allowed) }.map { " (did you mean '\($0)'?)" } ?? ""
      fail(path, node, "\(show(node)) is not allowed\(hint); allowed values: \(allowed.joined(separator: ", "))")
      return nil
    }
    return v
  }
}

extension Double {
  /// `1` rather than `1.0`, `0.001` as written: how a config author would write the bound.
  fileprivate var formatted: String {
    self == rounded() && abs(self) < 1e15 ? String(Int(self)) : "\(self)"
  }
}
