import Analysis

/// The method's formulas (Analysis' `MathML` tree) serialised to the MathML Core subset that
/// browsers render without JavaScript or web fonts and that the Nu checker accepts, written by
/// `HTMLWriter` (MathML is part of HTML).
extension MathML {
  var markup: Markup {
    var w = HTMLWriter()
    write(to: &w)
    return w.markup
  }

  /// The `<math>` element, inline or as a display block.
  func math(display: Bool) -> Markup {
    .element("math", ["display": display ? "block" : nil], markup: markup)
  }

  private func write(to w: inout HTMLWriter) {
    switch self {
    case .i(let s): w.element("mi", text: s)
    case .upright(let s): w.element("mi", ["mathvariant": "normal"], text: s)
    // Lone brackets keep their text size: stretching is for `fence`, around tall content.
    case .o(let s) where "()[]{}".contains(s): w.element("mo", ["stretchy": "false"], text: s)
    case .o(let s): w.element("mo", text: s)
    case .n(let s): w.element("mn", text: s)
    case .text(let s): w.element("mtext", text: s)
    case .row(let items): w.element("mrow") { w in items.forEach { $0.write(to: &w) } }
    case .sub(let a, let b): w.element("msub") { w in a.write(to: &w); b.write(to: &w) }
    case .sup(let a, let b): w.element("msup") { w in a.write(to: &w); b.write(to: &w) }
    case .subsup(let a, let b, let c):
      w.element("msubsup") { w in a.write(to: &w); b.write(to: &w); c.write(to: &w) }
    case .frac(let a, let b): w.element("mfrac") { w in a.write(to: &w); b.write(to: &w) }
    case .underover(let a, let b, let c):
      w.element("munderover") { w in a.write(to: &w); b.write(to: &w); c.write(to: &w) }
    case .under(let a, let b): w.element("munder") { w in a.write(to: &w); b.write(to: &w) }
    case .sqrt(let a): w.element("msqrt") { w in a.write(to: &w) }
    case .fence(let open, let items, let close):
      w.element("mrow") { w in
        w.element("mo", text: open)
        items.forEach { $0.write(to: &w) }
        w.element("mo", text: close)
      }
    case .accent(let a, let mark):
      w.element("mover", ["accent": "true"]) { w in
        a.write(to: &w)
        w.element("mo", text: mark)
      }
    }
  }
}
