import Analysis

/// One row of the held-memory table (HTML and LaTeX alike): in length (n = L), the held memory
/// SMR_σ, the fit's SMR, the gap between them, and the σ curve's EML and τ, seeds pooled.
struct HeldMemoryRow {
  /// The table's columns after the unit, hidden size and length.
  enum Column: CaseIterable {
    case held, fitted, gap, eml, tau

    var html: Markup {
      switch self {
      case .held: Indicator.smrSub.htmlSymbol + .text(" (held)")
      case .fitted: Indicator.smr.htmlSymbol + .text(" (fit)")
      case .gap: .text("Gap")
      case .eml: Indicator.emlSub.htmlSymbol
      case .tau: Indicator.tauSub.htmlSymbol
      }
    }

    var latex: String {
      switch self {
      case .held: Indicator.smrSub.latexSymbol
      case .fitted: "SMR (fit)"
      case .gap: "Gap"
      case .eml: Indicator.emlSub.latexSymbol
      case .tau: Indicator.tauSub.latexSymbol
      }
    }
  }

  static let columns = Column.allCases
  let values: [InLengthValue]

  init(_ results: StudyResults, unit: UnitKind, size: NetworkSize, length: Int) {
    let evals = results.evaluations(unit: unit, size: size, trainLength: length, testLength: length)
    values = Self.columns.map { column in
      switch column {
      case .held: InLengthValue.of(.smrSub, evals, length: length)
      case .fitted: InLengthValue.of(.smr, evals, length: length)
      case .eml: InLengthValue.of(.emlSub, evals, length: length)
      case .tau: InLengthValue.of(.tauSub, evals, length: length)
      case .gap: Self.gap(evals)
      }
    }
  }

  /// SMR − SMR_σ per seed, pooled: what the fit credits beyond what the network holds.
  static func gap(_ evals: [EvalResult]) -> InLengthValue {
    guard !evals.isEmpty else { return .missing }
    let gaps = evals.compactMap { e in e.smrSub.map { e.smr - $0 } }.filter(\.isFinite)
    guard !gaps.isEmpty else { return .notMeasured }
    return .interval(SeedStatistics.interval(gaps), decimals: Indicator.smr.decimals)
  }
}
