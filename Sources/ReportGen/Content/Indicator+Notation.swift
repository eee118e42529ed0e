import Analysis

extension Indicator {
  /// The indicator's symbol in the report's notation (the method section defines it).
  var htmlSymbol: Markup {
    let symbol = entry.symbol
    return symbol.sub.map { .text(symbol.base) + .element("sub", text: $0) } ?? .text(symbol.base)
  }

  /// The same symbol in LaTeX.
  var latexSymbol: String { entry.symbol.latex }

  /// The indicators of the fit of METHOD.md §3–§4, in table order: the in-length indicators
  /// table shows these.
  static let fitted = allCases.filter { !$0.isSubstitution }
}
