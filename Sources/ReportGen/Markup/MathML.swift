/// A small MathML tree, enough for the method's formulas, serialised to the MathML Core subset
/// that browsers render without JavaScript or web fonts and that the Nu checker accepts.
indirect enum MathML: Sendable {
  /// An identifier (`<mi>`): one letter is set in italic, longer names upright (MathML Core).
  case i(String)
  /// An upright identifier: `d` of a differential, function names of one letter.
  case upright(String)
  case o(String)
  case n(String)
  case text(String)
  case row([MathML])
  case sub(MathML, MathML)
  case sup(MathML, MathML)
  case subsup(MathML, MathML, MathML)
  case frac(MathML, MathML)
  /// A large operator with limits below and above (Σ).
  case underover(MathML, MathML, MathML)
  case under(MathML, MathML)
  /// An accent over a base (x̄).
  case accent(MathML, String)
  case sqrt(MathML)
  /// Content between delimiters that grow with it (brackets around a fraction).
  case fence(String, [MathML], String)

  var markup: String {
    switch self {
    case .i(let s): "<mi>\(MarkupEscaping.escaped(s))</mi>"
    case .upright(let s): "<mi mathvariant=\"normal\">\(MarkupEscaping.escaped(s))</mi>"
    // Lone brackets keep their text size: stretching is for `fence`, around tall content.
    case .o(let s) where "()[]{}".contains(s): "<mo stretchy=\"false\">\(MarkupEscaping.escaped(s))</mo>"
    case .o(let s): "<mo>\(MarkupEscaping.escaped(s))</mo>"
    case .n(let s): "<mn>\(MarkupEscaping.escaped(s))</mn>"
    case .text(let s): "<mtext>\(MarkupEscaping.escaped(s))</mtext>"
    case .row(let items): "<mrow>" + items.map(\.markup).joined() + "</mrow>"
    case .sub(let a, let b): "<msub>\(a.markup)\(b.markup)</msub>"
    case .sup(let a, let b): "<msup>\(a.markup)\(b.markup)</msup>"
    case .subsup(let a, let b, let c): "<msubsup>\(a.markup)\(b.markup)\(c.markup)</msubsup>"
    case .frac(let a, let b): "<mfrac>\(a.markup)\(b.markup)</mfrac>"
    case .underover(let a, let b, let c): "<munderover>\(a.markup)\(b.markup)\(c.markup)</munderover>"
    case .under(let a, let b): "<munder>\(a.markup)\(b.markup)</munder>"
    case .sqrt(let a): "<msqrt>\(a.markup)</msqrt>"
    case .fence(let open, let items, let close):
      "<mrow><mo>\(MarkupEscaping.escaped(open))</mo>" + items.map(\.markup).joined() + "<mo>\(MarkupEscaping.escaped(close))</mo></mrow>"
    case .accent(let a, let mark): "<mover accent=\"true\">\(a.markup)<mo>\(MarkupEscaping.escaped(mark))</mo></mover>"
    }
  }

  /// The `<math>` element, inline or as a display block.
  func math(display: Bool) -> String {
    "<math" + (display ? " display=\"block\"" : "") + ">" + markup + "</math>"
  }
}
