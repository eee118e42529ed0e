/// The scalar indicators of one trained cell at one test length (METHOD.md §4), in the order
/// every file and table lists them: `indicators.csv`'s metric column, the in-length tables of
/// the report and of the LaTeX export, and the checks on a read results or cell file.
///
/// A new indicator is a field of `EvalResult` and a case here; the compiler then lists every
/// switch that needs it: its value, the range a read value must lie in, its precision, and its
/// `entry` below: its symbol, its defining equation, its paragraph in the
/// report's method section and its row in docs/METHOD.md §4, which both list every case.
public enum Indicator: String, CaseIterable, Sendable {
  /// Sequence memory rate: the mean of the memory rates β_k (the fit: apparent memory).
  case smr
  /// Held memory: the mean of the substitution coefficients σ_k clipped to [0, 1].
  case smrSub = "smr_sub"
  /// Mean cosine between decoded and true centred semantics.
  case fidelity
  /// Mean relative norm of the β fit's residual.
  case interference
  /// Effective memory length at θ, in tokens.
  case eml
  /// Time constant of β_k's exponential decay; undefined when β does not decay.
  case tau
  /// Effective memory length of the σ curve.
  case emlSub = "eml_sub"
  /// Time constant of the σ curve.
  case tauSub = "tau_sub"
  /// Jaeger's memory capacity, in tokens.
  case memoryCapacity = "memory_capacity"

  /// The name in `indicators.csv` and in `results.json`.
  public var key: String { rawValue }

  /// Whether the indicator was measured in `e`: the substitution indicators only where σ was
  /// (`evaluation.substitution`); the others always.
  public func isMeasured(in e: EvalResult) -> Bool {
    isSubstitution ? e.hasSubstitution : true
  }

  /// Whether the indicator is computed from the substitution coefficients σ_k.
  public var isSubstitution: Bool {
    switch self {
    case .smrSub, .emlSub, .tauSub: true
    case .smr, .fidelity, .interference, .eml, .tau, .memoryCapacity: false
    }
  }

  /// The indicator's value in `e`; `nil` where it is undefined (τ without decay) or was not
  /// measured (`isMeasured`).
  public func value(in e: EvalResult) -> Double? {
    switch self {
    case .smr: e.smr
    case .smrSub: e.smrSub
    case .emlSub: e.emlSub.map(Double.init)
    case .tauSub: e.tauSub
    case .fidelity: e.fidelity
    case .interference: e.interference
    case .eml: Double(e.eml)
    case .tau: e.tau
    case .memoryCapacity: e.memoryCapacity
    }
  }

  /// Where a value read from a file may lie at test length `length`: a regression coefficient
  /// or a ratio of norms within ±1e100, a cosine, a count of tokens up to the length, a time
  /// constant up to 10⁹ lengths.
  func validRange(length: Int) -> ClosedRange<Double> {
    switch self {
    case .smr: Check.coefficient
    case .smrSub: 0...1
    case .fidelity: -1.000001...1.000001
    case .interference, .memoryCapacity: 0...Check.coefficient.upperBound
    case .eml, .emlSub: 0...Double(length)
    case .tau, .tauSub: Double.leastNonzeroMagnitude...(1e9 * Double(length) + 1)
    }
  }

  /// Decimals the report gives a seed-pooled mean and its interval.
  public var decimals: Int {
    switch self {
    case .smr, .smrSub, .fidelity, .interference: 3
    case .eml, .tau, .emlSub, .tauSub, .memoryCapacity: 1
    }
  }
}

/// What the report and docs/METHOD.md say of each indicator, beside its value: the one place
/// an indicator's notation, defining equation and prose are written. The report's method
/// section lists every case's `method` (the `{{> indicators}}` partial, in `methodOrder`), its
/// equations come from here (`{{eq.<equationName>}}`), and docs/METHOD.md §4's table is
/// generated from `name`, `notation` and `definition` (`MethodDocTests` holds it).
extension Indicator {
  public struct Entry: Sendable {
    /// The indicator in words, as METHOD.md §4 names it.
    public var name: String
    /// Its symbol in the tables: `base` with an optional subscript (HTML `SMR<sub>σ</sub>`),
    /// and the same in LaTeX.
    public var symbol: Symbol
    /// Its plain-text notation with its argument in METHOD.md (`SMR(n)`).
    public var notation: String
    /// The name of its display equation in the templates (`{{eq.smr}}`) and the page (`#eq-smr`);
    /// indicators defined alike on both curves share one (EML and EML_σ).
    public var equationName: String
    /// The display equation that defines it.
    public var equation: MathML
    /// METHOD.md §4's definition, in Markdown.
    public var definition: String
    /// Its text in the report's method section; `nil` when another indicator's text defines it.
    public var method: Method?
  }

  public struct Symbol: Sendable {
    public var base: String
    public var sub: String?
    public var latex: String
  }

  /// The method section's Markdown (a template: `{{m.…}}` symbols, `{{evaluation.…}}` values)
  /// before and after the indicator's equation. The entries are read in `methodOrder` as one
  /// text: an entry may continue the sentence of the one before it (fidelity continues SMR's),
  /// and one sentence may define two indicators (fidelity's defines interference, whose entry
  /// is its equation alone).
  public struct Method: Sendable {
    public var before: String
    public var after: String
  }

  /// The order of the method section's text; an indicator not listed follows these, in case order.
  public static let methodOrder: [Indicator] = [.smr, .fidelity, .interference, .smrSub, .eml, .tau, .memoryCapacity]

  public var entry: Entry {
    typealias M = MathML
    let toNMinus1 = M.row([.i("n"), .o("−"), .n("1")])
    switch self {
    case .smr:
      return Entry(
        name: "sequence memory rate", symbol: Symbol(base: "SMR", latex: "SMR"), notation: "SMR(n)",
        equationName: "smr",
        equation: .row([M.call(.i("SMR"), [.i("n")]), .o("="), M.oneOverN, M.sum("k", from: .n("0"), to: toNMinus1), M.beta_k]),
        definition: "mean of `β_k` over k: the share of the sequence's semantics retained, by the fit (apparent memory)",
        method: Method(
        before: #"""
        The sequence memory rate is the share of the sequence's semantics retained,
        """#,
        after: ""))
    case .smrSub:
      return Entry(
        name: "held memory", symbol: Symbol(base: "SMR", sub: "σ", latex: #"SMR$_\sigma$"#),
        notation: "SMR_σ(n)", equationName: "smr_sub",
        equation: .row([
          M.call(M.smrSub, [.i("n")]), .o("="), M.oneOverN, M.sum("k", from: .n("0"), to: toNMinus1),
          M.call(.i("min"), [.n("1"), .o(","), M.call(.i("max"), [.n("0"), .o(","), M.sigma_k])]),
        ]),
        definition: "`(1/n) Σ_k clip(σ_k, 0, 1)` (§3b): no position counts for more than all of its token, nor less than none, so over-weighting the last tokens cannot make up for forgotten ones (clipping biases a unit that holds everything down by about 0.4 × SE(σ_k)). What the rule of §5 reads",
        method: Method(
        before: #"""
        The *held memory* is the same mean over the substitution coefficients, each clipped to
        [0, 1] so that over-weighting the last tokens cannot make up for forgotten ones:
        """#,
        after: #"""
        Clipping biases a unit that holds everything down by about 0.4 times the standard error of
        {{m.sigma_k}}; the largest standard error of any in-length {{m.sigma_k}} in this study is
        {{evaluation.largestSE}}, a bias of at most {{evaluation.clipBias}}. The fit's SMR keeps its
        definition (unclipped) and is reported beside it as the apparent memory.
        """#))
    case .fidelity:
      return Entry(
        name: "semantic fidelity", symbol: Symbol(base: "F", latex: "$F$"), notation: "F(n)",
        equationName: "fidelity",
        equation: .row([
          M.call(.i("F"), [.i("n")]), .o("="),
          M.mean([M.call(.i("cos"), [M.s_hat, .o("−"), M.s_hat_bar, .o(","), M.s_x, .o("−"), M.s_bar])]),
        ]),
        definition: "mean cosine between `ŝ − μ` and `S(x) − μ`",
        method: Method(
        before: #"""
        the semantic fidelity is the mean cosine between decoded and true semantics, each centred on its
        test-set mean ({{m.S_bar}} for the centroids), and the
        interference is the mean size of the residual {{m.r}} of the fit of {{ref.eq.beta}}, relative to
        the semantics: what the network made up.
        """#,
        after: ""))
    case .interference:
      return Entry(
        name: "interference", symbol: Symbol(base: "I", latex: "$I$"), notation: "I(n)",
        equationName: "interference",
        equation: .row([
          M.call(.i("I"), [.i("n")]), .o("="),
          M.mean([.frac(M.norm([.i("r")]), M.norm([M.s_x, .o("−"), M.s_bar]))]),
        ]),
        definition: "mean `‖r‖ / ‖S(x) − μ‖`, `r` the residual of the fit: semantics the network made up",
        method: Method(
        before: "",
        after: ""))
    case .eml:
      return Entry(
        name: "effective memory length", symbol: Symbol(base: "EML", sub: "θ", latex: #"EML$_\theta$"#),
        notation: "EML_θ(n)", equationName: "eml",
        equation: .row([
          M.call(.sub(.i("EML"), .i("θ")), [.i("n")]), .o("="),
          .i("max"), M.set([.i("k"), .o(":"), .sub(.i("β"), .i("j")), .o("≥"), .i("θ"),
          .text("\u{00A0}for all\u{00A0}"), .i("j"), .o("<"), .i("k")]),
        ]),
        definition: "largest `k` with `β_j ≥ θ` for every `j < k` (θ = 0.5 unless set)",
        method: Method(
        before: #"""
        The effective memory length is the number of most recent tokens held at least at level
        {{m.theta}} = {{evaluation.theta}}:
        """#,
        after: ""))
    case .tau:
      return Entry(
        name: "time constant", symbol: Symbol(base: "τ", latex: #"$\tau$"#), notation: "τ",
        equationName: "tau",
        equation: .row([
          M.beta_k, .o("≈"), .i("A"), .sup(.upright("e"), .row([.o("−"), .i("k"), .o("/"), .i("τ")])),
          .o(","), M.gap, .n("0"), .o("≤"), .i("k"), .o("<"), .sub(.i("k"), .n("0")), .o(","), M.gap,
          .sub(.i("k"), .n("0")), .o("="), .i("min"), M.set([.i("k"), .o(":"), M.beta_k, .o("≤"), .n("0.05")]),
        ]),
        definition: "fit `β_k ≈ A·e^(−k/τ)` over the leading run of `k` (from 0 up to the first `β_k ≤ 0.05`); \"no decay\" when the slope is ≥ 0",
        method: Method(
        before: #"""
        The time constant {{m.tau}} comes from an exponential fit over the leading run of the curve,
        from {{m.k_eq_0}} up to the first {{m.beta_k}} ≤ 0.05 (what rises above 0.05 again further back is
        noise, not the decay of the last tokens read); a non-negative slope is reported as no decay.
        """#,
        after: ""))
    case .emlSub:
      // The same definitions on σ_k: the method says so once, after the indicators.
      return Entry(
        name: "effective memory length of σ", symbol: Symbol(base: "EML", sub: "θ,σ", latex: #"EML$_{\theta,\sigma}$"#),
        notation: "EML_σ", equationName: Indicator.eml.entry.equationName, equation: Indicator.eml.entry.equation,
        definition: "`EML_θ` of the `σ_k` curve (§3b)", method: nil)
    case .tauSub:
      return Entry(
        name: "time constant of σ", symbol: Symbol(base: "τ", sub: "σ", latex: #"$\tau_\sigma$"#),
        notation: "τ_σ", equationName: Indicator.tau.entry.equationName, equation: Indicator.tau.entry.equation,
        definition: "`τ` of the `σ_k` curve (§3b)", method: nil)
    case .memoryCapacity:
      return Entry(
        name: "memory capacity", symbol: Symbol(base: "MC", latex: "MC"), notation: "MC",
        equationName: "mc",
        equation: .row([
          .i("MC"), .o("="),
          .under(.o("∑"), .i("k")), M.call(.i("max"), [.n("0"), .o(","), .subsup(.i("R"), .i("k"), .n("2"))]),
        ]),
        definition: "Jaeger's short-term memory capacity on the trained cell: for each lag k, a ridge probe from the standardised `h_n` to `ẽ_{x_{n−k}}` (penalty relative to the state's scale) fitted on one set and scored (R², variance-weighted over dimensions) on another; `MC = Σ_k max(0, R²_k)`, in tokens. Jaeger's MC assumes independent inputs: on a corpus a probe also decodes an earlier token that the recent ones predict, so there the report marks MC as \"decodable, includes inference\"",
        method: Method(
        before: #"""
        The memory capacity is Jaeger's (2001) short-term memory capacity of the trained cell: for each
        lag {{m.k}}, a ridge probe maps the standardised {{m.h_n}} to the centred vector of
        the token read {{m.k}} steps before the end; it is fitted on one set of sequences and scored on
        another by {{m.R2_k}} (variance-weighted over dimensions), and
        """#,
        after: #"""
        counted in tokens{{#has.correlatedTokens}} (like the fit, MC assumes independent tokens: on
        this corpus a probe from {{m.h_n}} also decodes an earlier token that the recent ones predict, so
        MC here is what is decodable, inference included){{/has.correlatedTokens}}. The probe's penalty is {{evaluation.probe}} times the state's mean variance, so a
        unit whose state varies little (the LSTM's, damped by its output gate) is not shrunk more than
        another: MC does not change when {{m.h_n}} is multiplied by a constant. Because the probes are
        linear, MC cannot exceed *H* times the largest eigenvalue of Σ over its trace, with *H* the hidden size and Σ the covariance of the centred token vectors; for one-hot
        tokens over *V* words that is *H* / (*V* − 1). A unit can reproduce the centroid, a sum of tokens,
        while holding few of them one by one, so MC and SMR answer different questions.
        """#))
    }
  }
}
