/// The formulas of METHOD.md in MathML: display equations (numbered by the pipeline) and the
/// inline symbols the templates use by name (`{{m.beta_k}}`).
enum Formulas {
  private typealias M = MathML

  /// `f(args)`, with the parentheses first and last in their own row so MathML gives them fence
  /// spacing (tight) rather than the spacing of an infix operator.
  private static func call(_ f: M, _ args: [M]) -> M { .row([f, .row([.o("(")] + args + [.o(")")])]) }
  private static func set(_ items: [M]) -> M { .row([.o("{")] + items + [.o("}")]) }

  private static let beta_k = M.sub(.i("β"), .i("k"))
  private static let s_hat = M.accent(.i("s"), "\u{02C6}")
  private static func eTilde(_ sub: M) -> M { .sub(.accent(.i("e"), "\u{02DC}"), sub) }
  private static let mu = M.i("μ")
  private static let s_x = call(.i("S"), [.i("x")])
  private static func mean(_ body: [M]) -> M { .row([.upright("E"), .fence("[", body, "]")]) }
  private static func norm(_ body: [M]) -> M { .row([.o("‖"), .row(body), .o("‖")]) }
  private static let oneOverN = M.frac(.n("1"), .i("n"))
  private static let thetaRec = M.sub(.i("θ"), .text("rec"))
  private static let gap = M.text("\u{2003}")
  /// Test-set means: `ŝ̄`, `S̄`, `ē_t`.
  private static let s_hat_bar = M.accent(s_hat, "\u{00AF}")
  private static let s_bar = M.accent(.i("S"), "\u{00AF}")
  private static func eBar(_ sub: M) -> M { .sub(.accent(.i("e"), "\u{00AF}"), sub) }

  /// The substitution coefficients' symbols: `σ_k`, `Δŝ_i`, `Δe_i`, `x_i^(t)`.
  private static let sigma_k = M.sub(.i("σ"), .i("k"))
  private static let deltaS = M.sub(.row([.upright("Δ"), s_hat]), .i("i"))
  private static let deltaE = M.sub(.row([.upright("Δ"), .i("e")]), .i("i"))
  private static let xSubstituted = M.subsup(.i("x"), .i("i"), .row([.o("("), .i("t"), .o(")")]))
  private static func angle(_ a: M, _ b: M) -> M { .row([.o("⟨"), a, .o(","), b, .o("⟩")]) }
  private static let smrSub = M.sub(.i("SMR"), .i("σ"))

  /// The min units' symbols: `W_g e_{x_t} + b_g`, `h̃`, `h_t`, `h_{t−1}`.
  private static func affine(_ gate: String) -> [M] {
    [.sub(.i("W"), .i(gate)), .sub(.i("e"), .sub(.i("x"), .i("t"))), .o("+"), .sub(.i("b"), .i(gate))]
  }
  private static let hTilde = M.accent(.i("h"), "\u{02DC}")
  private static let hT = M.sub(.i("h"), .i("t"))
  private static let hPrev = M.sub(.i("h"), .row([.i("t"), .o("−"), .n("1")]))

  /// Display equations by name, in the order the method introduces them.
  static let display: [String: MathML] = [
    "centroid": .row([
      s_x, .o("="), oneOverN,
      .underover(.o("∑"), .row([.i("t"), .o("="), .n("1")]), .i("n")),
      .sub(.i("e"), .sub(.i("x"), .i("t"))),
    ]),
    "centred": .row([
      mu, .o("="), .underover(.o("∑"), .row([.i("w"), .o("="), .n("1")]), .i("V")),
      call(.i("p"), [.i("w")]), .sub(.i("e"), .i("w")), .o(","),
      gap, eTilde(.i("w")), .o("="), .sub(.i("e"), .i("w")), .o("−"), mu,
    ]),
    "readout": .row([
      s_hat, .o("="), .sub(.i("W"), .i("o")), .sub(.i("h"), .i("n")), .o("+"), .sub(.i("b"), .i("o")),
      .o(","), gap,
      .i("ℒ"), .o("="), .frac(.n("1"), .i("d")), .sup(norm([s_hat, .o("−"), s_x]), .n("2")),
    ]),
    "beta": .row([
      s_hat, .o("−"), s_hat_bar, .o("≈"), oneOverN,
      .underover(.o("∑"), .row([.i("t"), .o("="), .n("1")]), .i("n")),
      .sub(.i("β"), .row([.i("n"), .o("−"), .i("t")])),
      .row([.o("("), .sub(.i("e"), .sub(.i("x"), .i("t"))), .o("−"), eBar(.i("t")), .o(")")]),
    ]),
    "substitution": .row([
      deltaE, .o("="), .frac(
        .row([.sub(.i("e"), .sub(.i("x"), .row([.sub(.i("π"), .i("t")), .o("("), .i("i"), .o(")"), .o(","), .i("t")]))),
              .o("−"), .sub(.i("e"), .sub(.i("x"), .row([.i("i"), .o(","), .i("t")])))]),
        .i("n")),
      .o(","), gap,
      deltaS, .o("="), call(s_hat, [xSubstituted]), .o("−"), call(s_hat, [.sub(.i("x"), .i("i"))]),
    ]),
    "sigma": .row([
      .sub(.i("σ"), .row([.i("n"), .o("−"), .i("t")])), .o("="),
      .frac(
        .row([.under(.o("∑"), .i("i")), angle(deltaS, deltaE)]),
        .row([.under(.o("∑"), .i("i")), .sup(norm([deltaE]), .n("2"))])),
    ]),
    "smr_sub": .row([
      call(smrSub, [.i("n")]), .o("="), oneOverN,
      .underover(.o("∑"), .row([.i("k"), .o("="), .n("0")]), .row([.i("n"), .o("−"), .n("1")])),
      call(.i("min"), [.n("1"), .o(","), call(.i("max"), [.n("0"), .o(","), sigma_k])]),
    ]),
    "smr": .row([
      call(.i("SMR"), [.i("n")]), .o("="), oneOverN,
      .underover(.o("∑"), .row([.i("k"), .o("="), .n("0")]), .row([.i("n"), .o("−"), .n("1")])), beta_k,
    ]),
    "fidelity": .row([
      call(.i("F"), [.i("n")]), .o("="),
      mean([call(.i("cos"), [s_hat, .o("−"), s_hat_bar, .o(","), s_x, .o("−"), s_bar])]),
    ]),
    "interference": .row([
      call(.i("I"), [.i("n")]), .o("="),
      mean([.frac(norm([.i("r")]), norm([s_x, .o("−"), s_bar]))]),
    ]),
    "eml": .row([
      call(.sub(.i("EML"), .i("θ")), [.i("n")]), .o("="),
      .i("max"), set([.i("k"), .o(":"), .sub(.i("β"), .i("j")), .o("≥"), .i("θ"),
      .text("\u{00A0}for all\u{00A0}"), .i("j"), .o("<"), .i("k")]),
    ]),
    "tau": .row([
      beta_k, .o("≈"), .i("A"), .sup(.upright("e"), .row([.o("−"), .i("k"), .o("/"), .i("τ")])),
      .o(","), gap, .n("0"), .o("≤"), .i("k"), .o("<"), .sub(.i("k"), .n("0")), .o(","), gap,
      .sub(.i("k"), .n("0")), .o("="), .i("min"), set([.i("k"), .o(":"), beta_k, .o("≤"), .n("0.05")]),
    ]),
    "mc": .row([
      .i("MC"), .o("="),
      .under(.o("∑"), .i("k")), call(.i("max"), [.n("0"), .o(","), .subsup(.i("R"), .i("k"), .n("2"))]),
    ]),
    "mingru": .row([
      .i("z"), .o("="), call(.i("σ"), affine("z")), .o(","), gap, hTilde, .o("="), .row(affine("h")),
      .o(","), gap,
      hT, .o("="), .row([.o("("), .n("1"), .o("−"), .i("z"), .o(")")]), .o("⊙"), hPrev, .o("+"),
      .i("z"), .o("⊙"), hTilde,
    ]),
    "minlstm": .row([
      .i("f"), .o("="), call(.i("σ"), affine("f")), .o(","), gap,
      .i("i"), .o("="), call(.i("σ"), affine("i")), .o(","), gap,
      hT, .o("="), .frac(.i("f"), .row([.i("f"), .o("+"), .i("i")])), .o("⊙"), hPrev, .o("+"),
      .frac(.i("i"), .row([.i("f"), .o("+"), .i("i")])), .o("⊙"), hTilde,
    ]),
    "recommendation": .row([
      .sup(.i("L"), .o("*")), .o("="), .i("max"),
      set([.i("L"), .o(":"), call(.subsup(.i("SMR"), .i("σ"), .text("95\u{00A0}%\u{00A0}lower")), [.i("L")]), .o("≥"), thetaRec]),
    ]),
    "interval": .row([
      .accent(.i("x"), "¯"), .o("±"), .sub(.i("t"), .row([.n("0.975"), .o(","), .i("m"), .o("−"), .n("1")])),
      .frac(.i("s"), .sqrt(.i("m"))),
    ]),
  ]

  /// Inline symbols by name.
  static let inline: [String: MathML] = [
    "beta_k": beta_k,
    "sigma_k": sigma_k,
    "smr_sub": smrSub,
    "pi_t": .sub(.i("π"), .i("t")),
    "x_i": .sub(.i("x"), .i("i")),
    "x_i_t": xSubstituted,
    "beta_0": .sub(.i("β"), .n("0")),
    "k": .i("k"), "n": .i("n"), "t": .i("t"), "L": .i("L"), "d": .i("d"), "V": .i("V"), "H": .i("H"),
    "m": .i("m"), "w": .i("w"), "r": .i("r"), "A": .i("A"),
    "theta": .i("θ"), "theta_rec": thetaRec, "tau": .i("τ"), "mu": mu,
    "Lstar": .sup(.i("L"), .o("*")),
    "x": .i("x"),
    "p_w": call(.i("p"), [.i("w")]),
    "e_w": .sub(.i("e"), .i("w")),
    "e_xt": .sub(.i("e"), .sub(.i("x"), .i("t"))),
    "h_tilde": hTilde,
    "etilde_w": eTilde(.i("w")),
    "R_d": .sup(.i("ℝ"), .i("d")),
    "S_x": s_x, "s_hat": s_hat, "h_n": .sub(.i("h"), .i("n")),
    "R2_k": .subsup(.i("R"), .i("k"), .n("2")),
    "n_eq_L": .row([.i("n"), .o("="), .i("L")]),
    "n_ne_L": .row([.i("n"), .o("≠"), .i("L")]),
    "k_eq_0": .row([.i("k"), .o("="), .n("0")]),
    "s_hat_bar": s_hat_bar, "S_bar": s_bar, "ebar_t": eBar(.i("t")),
  ]
}
