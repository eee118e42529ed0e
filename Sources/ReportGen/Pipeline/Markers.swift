/// Placeholders the templates put where the pipeline's own markup goes (figures, tables,
/// equations, cross-references, inline math, code blocks). Delimited by two private-use code
/// points that neither Mustache, nor the Markdown escaping, nor cmark touch, so a marker passes
/// through templates and cmark unchanged and is replaced in the HTML afterwards.
struct Marker: Equatable, Hashable, Sendable {
  enum Kind: String, Sendable {
    /// A figure; the rest of its paragraph becomes the caption.
    case figure
    /// A table; the rest of its paragraph becomes the caption.
    case table
    /// A numbered display equation, alone in its paragraph.
    case equation
    /// A block of the pipeline's (downloads, code blocks), alone in its paragraph.
    case block
    /// "Figure 3", "Table 1", "(2)": a link to a numbered item, inline.
    case ref
    /// Inline MathML.
    case math
  }

  static let open: Character = "\u{E000}"
  static let close: Character = "\u{E001}"

  var kind: Kind
  var name: String

  /// The text a template receives: `\u{E000}figure:forgetting\u{E001}`.
  var text: String { "\(Self.open)\(kind.rawValue):\(name)\(Self.close)" }

  /// Parses the inside of a marker (between the delimiters).
  init?(inner: Substring) {
    guard let colon = inner.firstIndex(of: ":"), let kind = Kind(rawValue: String(inner[..<colon])) else { return nil }
    self.kind = kind
    self.name = String(inner[inner.index(after: colon)...])
  }

  init(_ kind: Kind, _ name: String) {
    self.kind = kind
    self.name = name
  }
}
