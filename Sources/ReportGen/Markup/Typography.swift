/// Prose the pipeline writes from results (the abstract's findings, the recommendation's reasons)
/// in the report's typography: an apostrophe after a letter as ’, and the indicators' subscripted
/// names (`SMR_σ`, `θ_rec`: plain text in the CLI and CSV) set as subscripts.
///
/// Templates get the same from cmark's smart punctuation and their `{{m.*}}` math; values a
/// template inserts are escaped first (an apostrophe becomes `&#39;`, which cmark leaves
/// straight), so they are typeset here.
enum Typography {
  /// Plain-text names and their subscripted form: `SMR_σ` is SMR with subscript σ.
  private static let subscripted: [(plain: String, base: String, sub: String, math: String)] = [
    ("SMR_σ", "SMR", "σ", "smr_sub"),
    ("θ_rec", "θ", "rec", "theta_rec"),
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
    // Split at each name in turn, joining the escaped pieces with the subscripted form.
    func render(_ text: String, _ names: ArraySlice<(plain: String, base: String, sub: String, math: String)>) -> Markup {
      guard let name = names.first else { return .text(text) }
      var markup = Markup.empty
      for (i, piece) in text.components(separatedBy: name.plain).enumerated() {
        if i > 0 { markup = markup + .text(name.base) + .element("sub", text: name.sub) }
        markup = markup + render(piece, names.dropFirst())
      }
      return markup
    }
    return render(apostrophes(text), subscripted[...])
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
}
