import Foundation

/// The recommended training sequence length of METHOD.md §5.
///
/// For each unit and hidden size, `L*` is the largest training length of the grid whose
/// in-length sequence memory rate `SMR(L)` has a 95 % lower bound (Student-t across seeds)
/// of at least `θ_rec`. When no length qualifies, the shortest is recommended and marked
/// unqualified.
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

  /// One recommendation per unit (in config order) and hidden size (in config order).
  public static func recommendations(for results: StudyResults) -> [Recommendation] {
    results.config.units.flatMap { unit in
      results.config.hidden.map { hidden in recommendation(unit: unit, hidden: hidden, in: results) }
    }
  }

  /// What the rule knows about one training length of one unit and hidden size.
  struct Evidence {
    let length: Int
    /// In-length SMR of each seed that trained and was evaluated at `n = L`.
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

  /// The recommendation for one unit at one hidden size.
  public static func recommendation(
    unit: UnitKind, hidden: Int, in results: StudyResults
  ) -> Recommendation {
    let threshold = results.config.evaluation.recommendThreshold
    let lengths = Array(Set(results.config.trainLengths)).sorted()
    precondition(!lengths.isEmpty, "a study needs at least one training length")
    let evidence = lengths.map { gather(unit: unit, hidden: hidden, length: $0, in: results) }
    let rule = "95 % lower bound ≥ \(format(threshold))"
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
        "L = \(length) is the longest training length whose in-length SMR has a \(rule) "
        + "(\(format(chosen.lower)), mean \(format(chosen.mean)) over \(pooled(evidence[best])))"
      if best + 1 < lengths.count {
        reason += "; at L = \(lengths[best + 1]) " + shortfall(evidence[best + 1]) + "."
      } else {
        reason += "; it is the longest length of the grid."
      }
      let explained = best + 1 < lengths.count ? [lengths[best + 1]] : []
      if !allDiverged.isEmpty, allDiverged != explained { reason += divergedNote }
      return Recommendation(
        unit: unit, hidden: hidden, recommendedLength: length, qualified: true,
        smrLower: chosen.lower, smrMean: chosen.mean, eml: evidence[best].eml, reason: reason)
    }

    // No length qualifies: recommend the shortest, and say how far the best one fell short.
    let shortest = evidence[0]
    var reason =
      "No training length has an in-length SMR with a \(rule) over at least "
      + "\(minimumSeeds) evaluated seeds"
    let candidates = evidence.filter { $0.evaluated.count >= minimumSeeds }
    if let top = candidates.max(by: { $0.interval!.lower < $1.interval!.lower }) {
      reason +=
        " (the highest is \(format(top.interval!.lower)) at L = \(top.length), "
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
        ? " (lower bound \(format(interval.lower)), mean \(format(interval.mean)) over \(pooled(shortest)))."
        : " (SMR \(format(interval.mean)) from 1 seed, no interval)."
    } else {
      reason += ", without an SMR of its own."
    }
    reason += divergedNote
    let interval = shortest.interval
    return Recommendation(
      unit: unit, hidden: hidden, recommendedLength: shortest.length, qualified: false,
      smrLower: shortest.values.count >= 2 ? interval?.lower : nil, smrMean: interval?.mean,
      eml: shortest.eml, reason: reason)
  }
}

private extension RecommendationRule {
  static func gather(unit: UnitKind, hidden: Int, length: Int, in results: StudyResults) -> Evidence {
    let cells = results.cells.filter { $0.unit == unit && $0.hidden == hidden && $0.trainLength == length }
    let inLength = results.evaluations(unit: unit, hidden: hidden, trainLength: length, testLength: length)
      .filter(\.smr.isFinite)
    let emls = inLength.map { Double($0.eml) }
    return Evidence(
      length: length, evaluated: inLength.map(\.smr),
      diverged: cells.filter { $0.status == .diverged }.count,
      eml: emls.isEmpty ? nil : emls.reduce(0, +) / Double(emls.count))
  }

  /// Why a length that does not qualify falls short, after "at L = …".
  static func shortfall(_ e: Evidence) -> String {
    if e.evaluated.isEmpty {
      return e.diverged > 0 ? "every seed diverged" : "there is no in-length evaluation"
    }
    if e.evaluated.count < minimumSeeds {
      return "only \(seeds(e.evaluated.count)) was evaluated"
        + (e.diverged > 0 ? " (\(e.diverged) diverged)" : "")
        + ", and the rule needs \(minimumSeeds)"
    }
    let interval = e.interval!
    return "the lower bound is \(format(interval.lower)) (mean \(format(interval.mean)) over \(pooled(e)))"
  }

  /// "3 seeds", or "3 seeds, 1 of them diverged and counted as SMR 0".
  static func pooled(_ e: Evidence) -> String {
    let total = e.values.count
    guard e.diverged > 0 else { return seeds(total) }
    return "\(seeds(total)), \(e.diverged) of them diverged and counted as SMR 0"
  }

  /// Two decimals, locale-free, so reasons are stable in snapshots.
  static func format(_ value: Double) -> String {
    String(format: "%.2f", locale: Locale(identifier: "en_US_POSIX"), value)
  }

  static func seeds(_ count: Int) -> String {
    count == 1 ? "1 seed" : "\(count) seeds"
  }
}
