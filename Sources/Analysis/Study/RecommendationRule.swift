import Foundation

/// The recommended training sequence length of METHOD.md §5.
///
/// For each unit and hidden size, `L*` is the largest training length of the grid whose
/// in-length held memory `SMR_σ(L)` (METHOD.md §3b) has a 95 % lower bound (Student-t across
/// seeds) of at least `θ_rec`. When no length qualifies, the shortest is recommended and marked
/// unqualified. A study that did not measure σ at every in-length evaluation
/// (`evaluation.substitution: none`, or results from before σ existed) is ruled on the fit's
/// SMR instead, and the reason says so (`RuleMeasure`).
///
/// Two guards keep a length from qualifying on too little: it needs at least two evaluated
/// seeds (one seed's "interval" is the point itself), and a seed that diverged there counts as
/// `SMR = 0` (training at that length is unreliable), so the interval pools every seed that ran.
/// The reason text says which of the two applied.
///
/// `Recommendation`'s numbers are the rule's: mean and lower bound over the evaluated seeds and
/// the diverged ones at 0. They are `nil` when the recommended length has no evaluated seed (all
/// diverged), and the lower bound is `nil` when a single seed ran at all.
public enum RecommendationRule {
  /// Seeds a length needs evaluated before its interval can qualify it.
  static let minimumSeeds = 2

  /// One recommendation per unit (in config order) and size (hidden sizes in config order,
  /// then depths in config order).
  public static func recommendations(for results: StudyResults) -> [Recommendation] {
    results.config.units.flatMap { unit in
      results.config.sizes.map { size in recommendation(unit: unit, size: size, in: results) }
    }
  }

  /// The measure the rule reads in `results`: held memory where every in-length evaluation
  /// measured σ, else the fit's SMR.
  public static func measure(for results: StudyResults) -> RuleMeasure {
    let inLength = results.cells.filter { $0.status == .ok }.flatMap { cell in
      cell.eval.filter { $0.length == cell.trainLength }
    }
    // No evaluated cell at all (every seed diverged): the config says what would have been read.
    if inLength.isEmpty { return results.config.evaluation.effectiveSubstitution == .none ? .fitted : .held }
    return inLength.allSatisfy(\.hasSubstitution) ? .held : .fitted
  }

  /// What the rule knows about one training length of one unit and hidden size.
  struct Evidence {
    let length: Int
    /// In-length SMR (the rule's measure) of each seed that trained and was evaluated at `n = L`.
    let evaluated: [Double]
    /// Seeds that diverged at this length.
    let diverged: Int
    /// Mean EML over the evaluated seeds.
    let eml: Double?

    /// The values the rule pools: a diverged seed counts as SMR 0.
    var values: [Double] { evaluated + [Double](repeating: 0, count: diverged) }

    /// The interval over `values`; `nil` with no evaluated seed.
    var interval: Interval? { evaluated.isEmpty ? nil : SeedStatistics.interval(values) }

    func qualifies(_ threshold: Double) -> Bool {
      guard evaluated.count >= minimumSeeds, let interval else { return false }
      return interval.lower >= threshold
    }
  }

  /// The recommendation for one unit at one size.
  public static func recommendation(
    unit: UnitKind, size: NetworkSize, in results: StudyResults
  ) -> Recommendation {
    let threshold = results.config.evaluation.recommendThreshold
    let lengths = Array(Set(results.config.trainLengths)).sorted()
    precondition(!lengths.isEmpty, "a study needs at least one training length")
    let measure = measure(for: results)
    let evidence = lengths.map {
      gather(unit: unit, size: size, length: $0, measure: measure, in: results)
    }
    let rule = "95 % lower bound ≥ \(format(threshold))"
    let name = measure.name
    let compared = { (value: Double) in format(value, against: threshold) }
    let allDiverged = evidence.filter { $0.evaluated.isEmpty && $0.diverged > 0 }.map(\.length)
    let divergedNote =
      allDiverged.isEmpty
      ? ""
      : " Every seed diverged at L = \(allDiverged.map(String.init).joined(separator: ", ")), "
        + "so \(allDiverged.count == 1 ? "that length does" : "those lengths do") not qualify."

    if let best = evidence.indices.last(where: { evidence[$0].qualifies(threshold) }),
      let chosen = evidence[best].interval
    {
      let length = lengths[best]
      var reason =
        "L = \(length) is the longest training length whose in-length \(name) has a \(rule) "
        + "(\(compared(chosen.lower)), mean \(format(chosen.mean)) over \(pooled(evidence[best])))"
      if best + 1 < lengths.count {
        reason += "; at L = \(lengths[best + 1]) " + shortfall(evidence[best + 1], threshold) + "."
      } else {
        reason += "; it is the longest length of the grid."
      }
      let explained = best + 1 < lengths.count ? [lengths[best + 1]] : []
      if !allDiverged.isEmpty, allDiverged != explained { reason += divergedNote }
      return Recommendation(
        unit: unit, hidden: size.hidden, layers: size.layers, recommendedLength: length, qualified: true,
        smrLower: chosen.lower, smrMean: chosen.mean, eml: evidence[best].eml,
        reason: reason + measure.note, measure: measure)
    }

    // No length qualifies: recommend the shortest, and say how far the best one fell short.
    let shortest = evidence[0]
    var reason =
      "No training length has an in-length \(name) with a \(rule) over at least "
      + "\(minimumSeeds) evaluated seeds"
    let candidates = evidence.filter { $0.evaluated.count >= minimumSeeds }
    if let top = candidates.max(by: { $0.interval!.lower < $1.interval!.lower }) {
      reason +=
        " (the highest is \(compared(top.interval!.lower)) at L = \(top.length), "
        + "over \(pooled(top)))"
    } else if evidence.contains(where: { !$0.evaluated.isEmpty }) {
      reason += " (no length has \(minimumSeeds) evaluated seeds)"
    } else {
      reason += " (no length has an evaluated seed)"
    }
    reason += "; the shortest, L = \(shortest.length), is recommended"
    if let interval = shortest.interval {
      reason +=
        shortest.values.count >= 2
        ? " (lower bound \(compared(interval.lower)), mean \(format(interval.mean)) over \(pooled(shortest)))."
        : " (\(name) \(format(interval.mean)) from 1 seed, no interval)."
    } else {
      reason += ", without an SMR of its own."
    }
    reason += divergedNote + measure.note
    let interval = shortest.interval
    return Recommendation(
      unit: unit, hidden: size.hidden, layers: size.layers, recommendedLength: shortest.length, qualified: false,
      smrLower: shortest.values.count >= 2 ? interval?.lower : nil, smrMean: interval?.mean,
      eml: shortest.eml, reason: reason, measure: measure)
  }
}

private extension RecommendationRule {
  static func gather(
    unit: UnitKind, size: NetworkSize, length: Int, measure: RuleMeasure, in results: StudyResults
  ) -> Evidence {
    let cells = results.cells.filter { $0.unit == unit && $0.size == size && $0.trainLength == length }
    let values = results.evaluations(unit: unit, size: size, trainLength: length, testLength: length)
      .compactMap { e in measure.value(in: e).map { (value: $0, eval: e) } }
      .filter(\.value.isFinite)
    let emls = values.compactMap { measure.eml.value(in: $0.eval) }
    return Evidence(
      length: length, evaluated: values.map(\.value),
      diverged: cells.filter { $0.status == .diverged }.count,
      eml: emls.isEmpty ? nil : emls.reduce(0, +) / Double(emls.count))
  }

  /// Why a length that does not qualify falls short, after "at L = …".
  static func shortfall(_ e: Evidence, _ threshold: Double) -> String {
    if e.evaluated.isEmpty {
      return e.diverged > 0 ? "every seed diverged" : "there is no in-length evaluation"
    }
    if e.evaluated.count < minimumSeeds {
      return "only \(seeds(e.evaluated.count)) was evaluated"
        + (e.diverged > 0 ? " (\(e.diverged) diverged)" : "")
        + ", and the rule needs \(minimumSeeds)"
    }
    let interval = e.interval!
    return "the lower bound is \(format(interval.lower, against: threshold)) (mean \(format(interval.mean)) over \(pooled(e)))"
  }

  /// "3 seeds", or "3 seeds, 1 of them diverged and counted as SMR 0".
  static func pooled(_ e: Evidence) -> String {
    let total = e.values.count
    guard e.diverged > 0 else { return seeds(total) }
    return "\(seeds(total)), \(e.diverged) of them diverged and counted as 0"
  }

  /// Two decimals, locale-free, so reasons are stable in snapshots.
  static func format(_ value: Double) -> String {
    format(value, decimals: 2)
  }

  static func format(_ value: Double, decimals: Int) -> String {
    String(format: "%.\(decimals)f", locale: Locale(identifier: "en_US_POSIX"), value)
  }

  static func seeds(_ count: Int) -> String {
    count == 1 ? "1 seed" : "\(count) seeds"
  }
}

extension RecommendationRule {
  /// `value` with as many decimals as it takes (`minimumDecimals` at least, six at most) for the
  /// printed number to compare with `threshold`, printed the same way, as the value itself does:
  /// a lower bound of 0.8992 against 0.9 reads "0.899", not "0.90", which would look like it
  /// qualifies.
  public static func format(_ value: Double, against threshold: Double, minimumDecimals: Int = 2) -> String {
    for decimals in min(minimumDecimals, 6)...6 {
      let shown = format(value, decimals: decimals)
      let bound = format(threshold, decimals: decimals)
      guard let printed = Double(shown), let limit = Double(bound) else { return shown }
      let sameSide = (printed >= limit) == (value >= threshold)
      let apart = (shown == bound) == (value == threshold)
      if sameSide && apart { return shown }
    }
    return format(value, decimals: 6)
  }
}

/// The in-length number the recommendation rule reads (METHOD.md §5).
public enum RuleMeasure: String, Codable, Sendable {
  /// Held memory `SMR_σ`, from the substitution coefficients (§3b): the rule's measure.
  case held = "smr_sub"
  /// The fit's SMR (§3), read only when σ was not measured.
  case fitted = "smr"

  /// The sequence memory rate the rule reads, and the effective memory length of the same
  /// curve that a recommendation reports beside it.
  public var smr: Indicator {
    switch self {
    case .held: .smrSub
    case .fitted: .smr
    }
  }

  public var eml: Indicator {
    switch self {
    case .held: .emlSub
    case .fitted: .eml
    }
  }

  /// The number in one evaluation; `nil` where it was not measured.
  public func value(in e: EvalResult) -> Double? { smr.value(in: e) }

  /// Its name in reasons and captions.
  public var name: String {
    switch self {
    case .held: "held memory SMR_σ"
    case .fitted: "SMR"
    }
  }

  /// What a reason adds when the rule could not read held memory.
  var note: String {
    switch self {
    case .held: ""
    case .fitted:
      " The substitution coefficients were not measured in length (evaluation.substitution: none, or results written before memstudy measured them), so the rule read the fit's SMR, which on correlated tokens includes what the network infers."
    }
  }
}
