import Analysis

/// What the in-length tables (HTML and LaTeX) show for one indicator of a unit, hidden size and
/// training length, seeds pooled: both tables render this, so they give the same numbers,
/// precision and rules for undefined values.
enum InLengthValue: Equatable {
  /// No seed was evaluated there (every seed diverged).
  case missing
  /// Seeds were evaluated, but not this indicator (σ where `evaluation.substitution` skipped it,
  /// or results from before σ existed).
  case notMeasured
  /// The seed-pooled mean and its 95 % interval, to `decimals` places.
  case interval(Interval, decimals: Int)
  /// τ where no seed's β decays.
  case noDecay
  /// τ where some seed's β does not decay or decays slower than over ten lengths: past that the
  /// fitted slope is noise around zero, and an interval across seeds would be meaningless.
  case beyond(Int)

  /// The values of `indicators` (in that order) from the seeds' evaluations at `n = L`.
  static func row(
    _ results: StudyResults, unit: UnitKind, size: NetworkSize, length: Int, _ indicators: [Indicator]
  ) -> [InLengthValue] {
    let evals = results.evaluations(unit: unit, size: size, trainLength: length, testLength: length)
    return indicators.map { of($0, evals, length: length) }
  }

  static func of(_ indicator: Indicator, _ evaluations: [EvalResult], length: Int) -> InLengthValue {
    guard !evaluations.isEmpty else { return .missing }
    let evals = evaluations.filter { indicator.isMeasured(in: $0) }
    guard !evals.isEmpty else { return .notMeasured }
    let values = evals.compactMap { indicator.value(in: $0) }.filter(\.isFinite)
    if indicator == .tau || indicator == .tauSub {
      if values.isEmpty { return .noDecay }
      if values.count < evals.count || values.contains(where: { $0 > 10 * Double(length) }) {
        return .beyond(10 * length)
      }
    }
    guard !values.isEmpty else { return .missing }
    return .interval(SeedStatistics.interval(values), decimals: indicator.decimals)
  }
}
