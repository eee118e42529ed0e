/// The scalar indicators of one trained cell at one test length (METHOD.md §4), in the order
/// every file and table lists them: `indicators.csv`'s metric column, the in-length tables of
/// the report and of the LaTeX export, and the checks on a read results or cell file.
///
/// A new indicator is a field of `EvalResult` and a case here; the compiler then lists every
/// switch that needs it (its value, the range a read value must lie in, its precision and its
/// notation in the report).
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
