/// The formulas of STUDY.md in MathML: display equations (numbered by the pipeline) and the
/// inline symbols the templates use by name (`{{m.beta_k}}`).
enum Formulas {
  private typealias M = MathML

  private static let beta_k = M.sub(.i("β"), .i("k"))
  private static let s_hat = M.i("ŝ")
  private static let mu = M.i("μ")
  private static let s_x = M.row([.i("S"), .o("("), .i("x"), .o(")")])
  private static func mean(_ body: [M]) -> M { .row([.upright("E"), .o("["), .row(body), .o("]")]) }
  private static func norm(_ body: [M]) -> M { .row([.o("‖"), .row(body), .o("‖")]) }
  private static let oneOverN = M.frac(.n("1"), .i("n"))
  private static let thetaRec = M.sub(.i("θ"), .text("rec"))

  /// Display equations by name, in the order the method introduces them.
  static let display: [String: MathML] = [
    "centroid": .row([
      s_x, .o("="), oneOverN,
      .underover(.o("∑"), .row([.i("t"), .o("="), .n("1")]), .i("n")),
      .sub(.i("e"), .sub(.i("x"), .i("t"))),
    ]),
    "centred": .row([
      mu, .o("="), .underover(.o("∑"), .row([.i("w"), .o("="), .n("1")]), .i("V")),
      .i("p"), .o("("), .i("w"), .o(")"), .sub(.i("e"), .i("w")), .o(","),
      .text("\u{2003}"), .sub(.i("ẽ"), .i("w")), .o("="), .sub(.i("e"), .i("w")), .o("−"), mu,
    ]),
    "readout": .row([
      s_hat, .o("="), .sub(.i("W"), .i("o")), .sub(.i("h"), .i("n")), .o("+"), .sub(.i("b"), .i("o")),
      .o(","), .text("\u{2003}"),
      .i("ℒ"), .o("="), .frac(.n("1"), .i("d")), .sup(norm([s_hat, .o("−"), s_x]), .n("2")),
    ]),
    "beta": .row([
      s_hat, .o("−"), mu, .o("≈"), oneOverN,
      .underover(.o("∑"), .row([.i("t"), .o("="), .n("1")]), .i("n")),
      .sub(.i("β"), .row([.i("n"), .o("−"), .i("t")])), .sub(.i("ẽ"), .sub(.i("x"), .i("t"))),
    ]),
    "smr": .row([
      .i("SMR"), .o("("), .i("n"), .o(")"), .o("="), oneOverN,
      .underover(.o("∑"), .row([.i("k"), .o("="), .n("0")]), .row([.i("n"), .o("−"), .n("1")])), beta_k,
    ]),
    "fidelity": .row([
      .i("F"), .o("("), .i("n"), .o(")"), .o("="),
      mean([.i("cos"), .o("("), s_hat, .o("−"), mu, .o(","), s_x, .o("−"), mu, .o(")")]),
    ]),
    "interference": .row([
      .i("I"), .o("("), .i("n"), .o(")"), .o("="),
      mean([.frac(norm([.i("r")]), norm([s_x, .o("−"), mu]))]),
    ]),
    "eml": .row([
      .sub(.i("EML"), .i("θ")), .o("("), .i("n"), .o(")"), .o("="),
      .i("max"), .o("{"), .i("k"), .o(":"), .sub(.i("β"), .i("j")), .o("≥"), .i("θ"),
      .text(" for all "), .i("j"), .o("<"), .i("k"), .o("}"),
    ]),
    "tau": .row([
      beta_k, .o("≈"), .i("A"), .sup(.upright("e"), .row([.o("−"), .i("k"), .o("/"), .i("τ")])),
      .o(","), .text("\u{2003}"), .i("k"), .o(":"), beta_k, .o(">"), .n("0.05"),
    ]),
    "mc": .row([
      .i("MC"), .o("="),
      .under(.o("∑"), .i("k")), .i("max"), .o("("), .n("0"), .o(","), .subsup(.i("R"), .i("k"), .n("2")), .o(")"),
    ]),
    "recommendation": .row([
      .sup(.i("L"), .o("*")), .o("="), .i("max"),
      .o("{"), .i("L"), .o(":"), .sub(.i("SMR"), .text("95 % lower")), .o("("), .i("L"), .o(")"),
      .o("≥"), thetaRec, .o("}"),
    ]),
    "interval": .row([
      .accent(.i("x"), "¯"), .o("±"), .sub(.i("t"), .row([.n("0.975"), .o(","), .i("m"), .o("−"), .n("1")])),
      .frac(.i("s"), .row([.o("√"), .i("m")])),
    ]),
  ]

  /// Inline symbols by name.
  static let inline: [String: MathML] = [
    "beta_k": beta_k,
    "beta_0": .sub(.i("β"), .n("0")),
    "k": .i("k"), "n": .i("n"), "t": .i("t"), "L": .i("L"), "d": .i("d"), "V": .i("V"), "H": .i("H"),
    "m": .i("m"), "w": .i("w"), "r": .i("r"), "A": .i("A"),
    "theta": .i("θ"), "theta_rec": thetaRec, "tau": .i("τ"), "mu": mu,
    "Lstar": .sup(.i("L"), .o("*")),
    "x": .i("x"),
    "p_w": .row([.i("p"), .o("("), .i("w"), .o(")")]),
    "e_w": .sub(.i("e"), .i("w")),
    "e_xt": .sub(.i("e"), .sub(.i("x"), .i("t"))),
    "etilde_w": .sub(.i("ẽ"), .i("w")),
    "R_d": .sup(.i("ℝ"), .i("d")),
    "S_x": s_x, "s_hat": s_hat, "h_n": .sub(.i("h"), .i("n")),
    "R2_k": .subsup(.i("R"), .i("k"), .n("2")),
    "n_eq_L": .row([.i("n"), .o("="), .i("L")]),
    "n_ne_L": .row([.i("n"), .o("≠"), .i("L")]),
    "k_eq_0": .row([.i("k"), .o("="), .n("0")]),
  ]
}
