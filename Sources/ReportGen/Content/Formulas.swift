import Analysis

/// The formulas of METHOD.md in MathML: display equations (numbered by the pipeline) and the
/// inline symbols the templates use by name (`{{m.beta_k}}`).
enum Formulas {
  private typealias M = MathML

  private static func eTilde(_ sub: M) -> M { .sub(.accent(.i("e"), "\u{02DC}"), sub) }
  private static let mu = M.i("μ")
  private static let thetaRec = M.sub(.i("θ"), .text("rec"))
  /// The test-set mean `ē_t`.
  private static func eBar(_ sub: M) -> M { .sub(.accent(.i("e"), "\u{00AF}"), sub) }

  /// The substitution coefficients' symbols: `Δŝ_i`, `Δe_i`, `x_i^(t)`.
  private static let deltaS = M.sub(.row([.upright("Δ"), M.s_hat]), .i("i"))
  private static let deltaE = M.sub(.row([.upright("Δ"), .i("e")]), .i("i"))
  private static let xSubstituted = M.subsup(.i("x"), .i("i"), .row([.o("("), .i("t"), .o(")")]))
  private static func angle(_ a: M, _ b: M) -> M { .row([.o("⟨"), a, .o(","), b, .o("⟩")]) }

  /// The min units' symbols: `W_g e_{x_t} + b_g`, `h̃`, `h_t`, `h_{t−1}`.
  private static func affine(_ gate: String) -> [M] {
    [.sub(.i("W"), .i(gate)), .sub(.i("e"), .sub(.i("x"), .i("t"))), .o("+"), .sub(.i("b"), .i(gate))]
  }
  private static let hTilde = M.accent(.i("h"), "\u{02DC}")
  private static let hT = M.sub(.i("h"), .i("t"))
  private static let hPrev = M.sub(.i("h"), .row([.i("t"), .o("−"), .n("1")]))

  /// Display equations by name: the indicators' own (`Indicator.entry`) and the method's others.
  static let display: [String: MathML] = Dictionary(
    Indicator.allCases.map { ($0.entry.equationName, $0.entry.equation) }, uniquingKeysWith: { first, _ in first }
  ).merging(others) { indicator, _ in indicator }

  /// The display equations that define no indicator, in the order the method introduces them.
  static let others: [String: MathML] = [
    "centroid": .row([
      M.s_x, .o("="), M.oneOverN,
      .underover(.o("∑"), .row([.i("t"), .o("="), .n("1")]), .i("n")),
      .sub(.i("e"), .sub(.i("x"), .i("t"))),
    ]),
    "centred": .row([
      mu, .o("="), .underover(.o("∑"), .row([.i("w"), .o("="), .n("1")]), .i("V")),
      M.call(.i("p"), [.i("w")]), .sub(.i("e"), .i("w")), .o(","),
      M.gap, eTilde(.i("w")), .o("="), .sub(.i("e"), .i("w")), .o("−"), mu,
    ]),
    "readout": .row([
      M.s_hat, .o("="), .sub(.i("W"), .i("o")), .sub(.i("h"), .i("n")), .o("+"), .sub(.i("b"), .i("o")),
      .o(","), M.gap,
      .i("ℒ"), .o("="), .frac(.n("1"), .i("d")), .sup(M.norm([M.s_hat, .o("−"), M.s_x]), .n("2")),
    ]),
    "beta": .row([
      M.s_hat, .o("−"), M.s_hat_bar, .o("≈"), M.oneOverN,
      .underover(.o("∑"), .row([.i("t"), .o("="), .n("1")]), .i("n")),
      .sub(.i("β"), .row([.i("n"), .o("−"), .i("t")])),
      .row([.o("("), .sub(.i("e"), .sub(.i("x"), .i("t"))), .o("−"), eBar(.i("t")), .o(")")]),
    ]),
    "substitution": .row([
      deltaE, .o("="), .frac(
        .row([.sub(.i("e"), .sub(.i("x"), .row([.sub(.i("π"), .i("t")), .o("("), .i("i"), .o(")"), .o(","), .i("t")]))),
              .o("−"), .sub(.i("e"), .sub(.i("x"), .row([.i("i"), .o(","), .i("t")])))]),
        .i("n")),
      .o(","), M.gap,
      deltaS, .o("="), M.call(M.s_hat, [xSubstituted]), .o("−"), M.call(M.s_hat, [.sub(.i("x"), .i("i"))]),
    ]),
    "sigma": .row([
      .sub(.i("σ"), .row([.i("n"), .o("−"), .i("t")])), .o("="),
      .frac(
        .row([.under(.o("∑"), .i("i")), angle(deltaS, deltaE)]),
        .row([.under(.o("∑"), .i("i")), .sup(M.norm([deltaE]), .n("2"))])),
    ]),
    "mingru": .row([
      .i("z"), .o("="), M.call(.i("σ"), affine("z")), .o(","), M.gap, hTilde, .o("="), .row(affine("h")),
      .o(","), M.gap,
      hT, .o("="), .row([.o("("), .n("1"), .o("−"), .i("z"), .o(")")]), .o("⊙"), hPrev, .o("+"),
      .i("z"), .o("⊙"), hTilde,
    ]),
    "minlstm": .row([
      .i("f"), .o("="), M.call(.i("σ"), affine("f")), .o(","), M.gap,
      .i("i"), .o("="), M.call(.i("σ"), affine("i")), .o(","), M.gap,
      hT, .o("="), .frac(.i("f"), .row([.i("f"), .o("+"), .i("i")])), .o("⊙"), hPrev, .o("+"),
      .frac(.i("i"), .row([.i("f"), .o("+"), .i("i")])), .o("⊙"), hTilde,
    ]),
    "recommendation": .row([
      .sup(.i("L"), .o("*")), .o("="), .i("max"),
      M.set([.i("L"), .o(":"), M.call(.subsup(.i("SMR"), .i("σ"), .text("95\u{00A0}%\u{00A0}lower")), [.i("L")]), .o("≥"), thetaRec]),
    ]),
    "interval": .row([
      .accent(.i("x"), "¯"), .o("±"), .sub(.i("t"), .row([.n("0.975"), .o(","), .i("m"), .o("−"), .n("1")])),
      .frac(.i("s"), .sqrt(.i("m"))),
    ]),
  ]

  /// Inline symbols by name.
  static let inline: [String: MathML] = [
    "beta_k": M.beta_k,
    "sigma_k": M.sigma_k,
    "smr_sub": M.smrSub,
    "pi_t": .sub(.i("π"), .i("t")),
    "x_i": .sub(.i("x"), .i("i")),
    "x_i_t": xSubstituted,
    "beta_0": .sub(.i("β"), .n("0")),
    "k": .i("k"), "n": .i("n"), "t": .i("t"), "L": .i("L"), "d": .i("d"), "V": .i("V"), "H": .i("H"),
    "m": .i("m"), "w": .i("w"), "r": .i("r"), "A": .i("A"),
    "theta": .i("θ"), "theta_rec": thetaRec, "tau": .i("τ"), "mu": mu,
    "Lstar": .sup(.i("L"), .o("*")),
    "x": .i("x"),
    "p_w": M.call(.i("p"), [.i("w")]),
    "e_w": .sub(.i("e"), .i("w")),
    "e_xt": .sub(.i("e"), .sub(.i("x"), .i("t"))),
    "h_tilde": hTilde,
    "etilde_w": eTilde(.i("w")),
    "R_d": .sup(.i("ℝ"), .i("d")),
    "S_x": M.s_x, "s_hat": M.s_hat, "h_n": .sub(.i("h"), .i("n")),
    "R2_k": .subsup(.i("R"), .i("k"), .n("2")),
    "n_eq_L": .row([.i("n"), .o("="), .i("L")]),
    "n_ne_L": .row([.i("n"), .o("≠"), .i("L")]),
    "k_eq_0": .row([.i("k"), .o("="), .n("0")]),
    "s_hat_bar": M.s_hat_bar, "S_bar": M.s_bar, "ebar_t": eBar(.i("t")),
  ]
}
