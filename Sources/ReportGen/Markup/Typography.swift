/// Prose the pipeline writes from results (the abstract's findings, the recommendation's reasons)
/// in the report's typography: an apostrophe after a letter as ’, and the indicators' subscripted
/// names (`SMR_σ`, `θ_rec`: plain text in the CLI and CSV) set as subscripts, in HTML, in a
/// Markdown template's math and in LaTeX.
///
/// Templates get the same from cmark's smart punctuation and their `{{m.*}}` math; values a
/// template inserts are escaped first (an apostrophe becomes `&#39;`, which cmark leaves
/// straight), so they are typeset here.
enum Typography {
  /// Plain-text names and their subscripted form: `SMR_σ` is SMR with subscript σ.
  private typealias Name = (plain: String, base: String, sub: String, math: String, latex: String)
  private static let subscripted: [Name] = [
    ("SMR_σ", "SMR", "σ", "smr_sub", #"SMR$_\sigma$"#),
    ("θ_rec", "θ", "rec", "theta_rec", #"$\theta_{\mathrm{rec}}$"#),
  ]

  /// ’ for every `'` that follows a letter (possessives, elisions); other quotes are left as
  /// they are.
  static func apostrophes(_ text: String) -> String {
    guard text.contains("'") else { return text }
    var out = ""
    var previous: Character?
    for c in text {
      out.append(c == "'" && (previous?.isLetter ?? false) ? "’" : c)
      previous = c
    }
    return out
  }

  /// `text` escaped for HTML, with typographic apostrophes and `SMR<sub>σ</sub>`.
  static func html(_ text: String) -> Markup {
    pieces(apostrophes(text)).reduce(Markup.empty) { markup, piece in
      guard let name = piece.name else { return markup + .text(piece.text) }
      return markup + .text(name.base) + .element("sub", text: name.sub)
    }
  }

  /// `text` escaped for LaTeX, with `SMR$_\sigma$` and `$\theta_{\mathrm{rec}}$` (LaTeX sets
  /// its own apostrophes).
  static func latex(_ text: String) -> String {
    pieces(text).map { $0.name?.latex ?? LaTeXEscaping.escaped($0.text) }.joined()
  }

  /// `text` cut into plain runs and the subscripted names between them, in order.
  private static func pieces(_ text: String) -> [(text: String, name: Name?)] {
    var result: [(text: String, name: Name?)] = [(text, nil)]
    for name in subscripted {
      result = result.flatMap { piece -> [(text: String, name: Name?)] in
        guard piece.name == nil else { return [piece] }
        let runs = piece.text.components(separatedBy: name.plain)
        return runs.enumerated().flatMap { i, run in (i > 0 ? [(name.plain, name)] : []) + [(run, nil)] }
      }
    }
    return result.filter { $0.name != nil || !$0.text.isEmpty }
  }

  /// `text` (already neutralised of markers) for a Markdown template: typographic apostrophes,
  /// and `SMR_σ` as the inline math marker `{{m.smr_sub}}` would place.
  static func markdown(_ text: String) -> String {
    var out = apostrophes(text)
    for name in subscripted {
      out = out.replacingOccurrences(of: name.plain, with: Marker(.math, name.math).text)
    }
    return out
  }

  /// `text` with the space of "95 %" (a digit, a space, a percent sign) made a no-break space,
  /// so a line never ends between a number and its unit. Bytes, not characters: a page carries
  /// megabytes of base64, which holds neither spaces nor `%`.
  static func percentsKeptWithTheirNumbers(_ text: String) -> String {
    let bytes = Array(text.utf8)
    guard bytes.count >= 3 else { return text }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + 64)
    for (i, byte) in bytes.enumerated() {
      if byte == 0x20, i > 0, i + 1 < bytes.count, bytes[i + 1] == 0x25, (0x30...0x39).contains(bytes[i - 1]) {
        out += [0xC2, 0xA0]
      } else {
        out.append(byte)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
