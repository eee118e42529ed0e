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

extension Marker {
  /// Whether the registry of the marker's kind has its name: a figure of `FigureKind`, a table
  /// of `TableKind`, a block of `BlockKind`, an equation or inline symbol of `Formulas`, a
  /// reference to any of these or to a section (any slug: headings are known only after cmark).
  var isKnown: Bool {
    switch kind {
    case .figure: FigureKind(rawValue: name) != nil
    case .table: TableKind(rawValue: name) != nil
    case .block: BlockKind(rawValue: name) != nil
    case .equation: Formulas.display[name] != nil
    case .math: Formulas.inline[name] != nil
    case .ref:
      if name.hasPrefix("fig-") { FigureKind(rawValue: String(name.dropFirst(4))) != nil }
      else if name.hasPrefix("tab-") { TableKind(rawValue: String(name.dropFirst(4))) != nil }
      else if name.hasPrefix("eq-") { Formulas.display[String(name.dropFirst(3))] != nil }
      else { name.hasPrefix("sec-") }
    }
  }

  /// The names a template may write for each kind, for the error message.
  private static func known(_ kind: Kind, reference name: String) -> [String] {
    switch kind {
    case .figure: FigureKind.allCases.map(\.name)
    case .table: TableKind.allCases.map(\.name)
    case .block: BlockKind.allCases.map(\.name)
    case .equation: Formulas.display.keys.sorted()
    case .math: Formulas.inline.keys.sorted()
    case .ref:
      if name.hasPrefix("fig-") { FigureKind.allCases.map { "fig.\($0.name)" } }
      else if name.hasPrefix("tab-") { TableKind.allCases.map { "tab.\($0.name)" } }
      else { Formulas.display.keys.sorted().map { "eq.\($0)" } }
    }
  }

  /// Throws for the first marker of the rendered Markdown `text` whose name is unknown
  /// (`isKnown`), naming the template file, the name as the template wrote it and the names
  /// allowed.
  static func checkNames(in text: String, file: String) throws {
    var rest = Substring(text)
    while let open = rest.firstIndex(of: Self.open) {
      let inner = rest.index(after: open)
      guard let close = rest[inner...].firstIndex(of: Self.close) else { return }
      // Mustache escaped the marker's punctuation for Markdown (`figure\:memory\-length`),
      // which cmark undoes; no name has a backslash of its own.
      let unescaped = rest[inner..<close].filter { $0 != "\\" }
      if let marker = Marker(inner: unescaped[...]), !marker.isKnown {
        let written = marker.kind == .ref
          ? "ref." + marker.name.replacingOccurrences(of: "-", with: ".", options: [], range: marker.name.range(of: "-"))
          : "\(marker.kind.templateName).\(marker.name)"
        throw ReportError.unknownTemplateName(
          file: file, name: String(written.prefix(200)), allowed: known(marker.kind, reference: marker.name))
      }
      rest = rest[rest.index(after: close)...]
    }
  }
}

extension Marker.Kind {
  /// The context key a template writes for markers of this kind (`{{figure.…}}`, `{{eq.…}}`).
  var templateName: String {
    switch self {
    case .figure: "figure"
    case .table: "table"
    case .equation: "eq"
    case .block: "block"
    case .ref: "ref"
    case .math: "m"
    }
  }
}
