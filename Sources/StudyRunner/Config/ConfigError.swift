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

  static let shownProblems = 50

  /// The config's file name (or "preset NAME").
  public var source: String
  public var problems: [Problem]

  public var description: String {
    let plural = problems.count == 1 ? "problem" : "problems"
    // A hostile config can have a problem per list item; the first ones say what is wrong.
    let shown = problems.prefix(Self.shownProblems).map { "  - \($0)" }
    let more = problems.count > Self.shownProblems ? ["  … and \(problems.count - Self.shownProblems) more"] : []
    return (["\(Echo.value(source, limit: 200)): \(problems.count) \(plural):"] + shown + more)
      .joined(separator: "\n")
  }
}

/// Text from a config echoed in a message: one line, at most `limit` characters, so a 400 KB
/// value or a binary blob does not flood the terminal; control and bidirectional-control
/// characters (which could rewrite or reorder the terminal's line) shown as U+FFFD.
enum Echo {
  static func value(_ text: String, limit: Int = 60) -> String {
    var line = String.UnicodeScalarView()
    for scalar in text.unicodeScalars.prefix(limit) {
      line.append(scalar == "\n" ? "⏎" : visible(scalar))
    }
    let cut = text.unicodeScalars.count > limit ? "… (\(text.utf8.count) bytes)" : ""
    return String(line) + cut
  }

  /// Each line of a multi-line message cut to `limit` characters, at most `lines` lines.
  static func lines(_ text: String, limit: Int = 160, lines: Int = 8) -> String {
    let all = text.split(separator: "\n", omittingEmptySubsequences: false)
    var out = all.prefix(lines).map { line in
      var shown = String.UnicodeScalarView(line.unicodeScalars.prefix(limit).map(visible))
      if line.unicodeScalars.count > limit { shown.append("…") }
      return String(shown)
    }
    if all.count > lines { out.append("…") }
    return out.joined(separator: "\n")
  }

  private static func visible(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
    switch scalar.value {
    case 0x00..<0x20, 0x7F..<0xA0, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: "\u{FFFD}"
    default: scalar
    }
  }
}
