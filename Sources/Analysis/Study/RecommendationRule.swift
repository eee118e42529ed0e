import Foundation

/// The recommended training sequence length of METHOD.md §5.
///
/// For each unit and hidden size, `L*` is the largest training length of the grid whose
/// in-length sequence memory rate `SMR(L)` has a 95 % lower bound (Student-t across seeds)
/// of at least `θ_rec`. When no length qualifies, the shortest is recommended and marked
/// unqualified. A length where every seed diverged has no SMR and never qualifies.
///
/// `Recommendation`'s numbers are not optional: when the recommended (shortest) length has no
/// evaluated seed at all, `smrLower`, `smrMean` and `eml` are 0 and the reason says so.
public enum RecommendationRule {
  /// One recommendation per unit (in config order) and hidden size (in config order).
  public static func recommendations(for results: StudyResults) -> [Recommendation] {
    results.config.units.flatMap { unit in
      results.config.hidden.map { hidden in recommendation(unit: unit, hidden: hidden, in: results) }
    }
  }

  /// The recommendation for one unit at one hidden size.
  public static func recommendation(
    unit: UnitKind, hidden: Int, in results: StudyResults
  ) -> Recommendation {
    let threshold = results.config.evaluation.recommendThreshold
    let lengths = Array(Set(results.config.trainLengths)).sorted()
    precondition(!lengths.isEmpty, "a study needs at least one training length")
    let smr = lengths.map { length in
      results.interval(unit: unit, hidden: hidden, trainLength: length) { $0.smr }
    }
    let diverged = lengths.indices.filter { index in
      smr[index] == nil
        && results.cells.contains {
          $0.unit == unit && $0.hidden == hidden && $0.trainLength == lengths[index]
            && $0.status == .diverged
        }
    }.map { lengths[$0] }
    func emlMean(_ length: Int) -> Double {
      results.interval(unit: unit, hidden: hidden, trainLength: length) { Double($0.eml) }?.mean ?? 0
    }
    let rule = "95 % lower bound ≥ \(format(threshold))"
    let divergedNote =
      diverged.isEmpty
      ? ""
      : " Every seed diverged at L = \(diverged.map(String.init).joined(separator: ", ")), "
        + "so \(diverged.count == 1 ? "that length does" : "those lengths do") not qualify."

    if let best = lengths.indices.last(where: { smr[$0].map { $0.lower >= threshold } ?? false }),
      let chosen = smr[best]
    {
      let length = lengths[best]
      var reason =
        "L = \(length) is the longest training length whose in-length SMR has a \(rule) "
        + "(\(format(chosen.lower)), mean \(format(chosen.mean)) over \(seeds(chosen.count)))"
      if best + 1 < lengths.count {
        let next = lengths[best + 1]
        if let failing = smr[best + 1] {
          reason +=
            "; at L = \(next) the lower bound is \(format(failing.lower)) "
            + "(mean \(format(failing.mean)) over \(seeds(failing.count)))."
        } else if diverged.contains(next) {
          reason += "; at L = \(next) every seed diverged."
        } else {
          reason += "; L = \(next) has no in-length evaluation."
        }
      } else {
        reason += "; it is the longest length of the grid."
      }
      if !diverged.isEmpty, !(best + 1 < lengths.count && diverged == [lengths[best + 1]]) {
        reason += divergedNote
      }
      return Recommendation(
        unit: unit, hidden: hidden, recommendedLength: length, qualified: true,
        smrLower: chosen.lower, smrMean: chosen.mean, eml: emlMean(length), reason: reason)
    }

    // No length qualifies: recommend the shortest, and say how far the best one fell short.
    let shortest = lengths[0]
    var reason = "No training length has an in-length SMR with a \(rule)"
    let evaluated = lengths.indices.filter { smr[$0] != nil }
    if let top = evaluated.max(by: { smr[$0]!.lower < smr[$1]!.lower }), let interval = smr[top] {
      reason +=
        " (the highest is \(format(interval.lower)) at L = \(lengths[top]), "
        + "over \(seeds(interval.count)))"
    } else {
      reason += " (no length has an evaluated seed)"
    }
    reason += "; the shortest, L = \(shortest), is recommended"
    if let first = smr[0] {
      reason += " (lower bound \(format(first.lower)), mean \(format(first.mean)))."
    } else {
      reason += ", without an SMR of its own."
    }
    reason += divergedNote
    return Recommendation(
      unit: unit, hidden: hidden, recommendedLength: shortest, qualified: false,
      smrLower: smr[0]?.lower ?? 0, smrMean: smr[0]?.mean ?? 0, eml: emlMean(shortest),
      reason: reason)
  }
}

private extension RecommendationRule {
  /// Two decimals, locale-free, so reasons are stable in snapshots.
  static func format(_ value: Double) -> String {
    String(format: "%.2f", locale: Locale(identifier: "en_US_POSIX"), value)
  }

  static func seeds(_ count: Int) -> String {
    count == 1 ? "1 seed" : "\(count) seeds"
  }
}
