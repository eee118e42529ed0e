/// Everything wrong with a config, found before anything runs or is written.
public struct ConfigError: Error, CustomStringConvertible, Equatable, Sendable {
  public struct Problem: Equatable, Sendable, CustomStringConvertible {
    /// Dotted key path, e.g. `training.learning_rate`; empty for the whole document.
    public var path: String
    /// 1-based line in the config file, when known.
    public var line: Int?
    public var message: String

    public var description: String {
      let location = line.map { "line \($0): " } ?? ""
      return path.isEmpty ? "\(location)\(message)" : "\(location)\(path): \(message)"
    }
  }

  /// The config's file name (or "preset NAME").
  public var source: String
  public var problems: [Problem]

  public var description: String {
    let plural = problems.count == 1 ? "problem" : "problems"
    return (["\(source): \(problems.count) \(plural):"] + problems.map { "  - \($0)" })
      .joined(separator: "\n")
  }
}
