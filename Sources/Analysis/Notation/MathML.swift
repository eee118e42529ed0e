/// A small MathML tree, enough for the method's formulas: the indicators' defining equations
/// (`Indicator.entry`) are written with it here, beside the indicators; ReportGen serialises
/// it to the MathML Core subset that browsers render without JavaScript or web fonts.
public indirect enum MathML: Sendable {
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
}

/// The symbols the method's equations share: the indicators' here and the rest in ReportGen's
/// `Formulas` (`{{m.beta_k}}` and the display equations).
extension MathML {
  /// `f(args)`, with the parentheses first and last in their own row so MathML gives them fence
  /// spacing (tight) rather than the spacing of an infix operator.
  public static func call(_ f: MathML, _ args: [MathML]) -> MathML { .row([f, .row([.o("(")] + args + [.o(")")])]) }
  public static func set(_ items: [MathML]) -> MathML { .row([.o("{")] + items + [.o("}")]) }
  /// `E[body]`, an expectation over the test set.
  public static func mean(_ body: [MathML]) -> MathML { .row([.upright("E"), .fence("[", body, "]")]) }
  public static func norm(_ body: [MathML]) -> MathML { .row([.o("‖"), .row(body), .o("‖")]) }
  /// `Σ_{from}^{to}`.
  public static func sum(_ index: String, from: MathML, to: MathML) -> MathML {
    .underover(.o("∑"), .row([.i(index), .o("="), from]), to)
  }

  public static let beta_k = MathML.sub(.i("β"), .i("k"))
  public static let sigma_k = MathML.sub(.i("σ"), .i("k"))
  public static let s_hat = MathML.accent(.i("s"), "\u{02C6}")
  public static let s_x = call(.i("S"), [.i("x")])
  public static let oneOverN = MathML.frac(.n("1"), .i("n"))
  public static let smrSub = MathML.sub(.i("SMR"), .i("σ"))
  /// An em space between the parts of one display.
  public static let gap = MathML.text("\u{2003}")
  /// Test-set means: `ŝ̄`, `S̄`.
  public static let s_hat_bar = MathML.accent(s_hat, "\u{00AF}")
  public static let s_bar = MathML.accent(.i("S"), "\u{00AF}")
}
