import Analysis

/// The abstract's sentences, written from the results: where units stop differing, which unit
/// holds most at the longest length, the recommended lengths, and what failed.
struct Findings {
  var retention: String
  var leader: String
  var recommendation: String
  var failures: String
  /// On a corpus: what the fit credits beyond what each unit holds, at the longest length.
  var heldGap: String
  /// With depth as an axis: what stacking changes in the recommended lengths and held memory.
  var depth: String
  /// For a probed model: what it holds at each length, and the longest length it holds.
  var probe: String

  init(_ results: StudyResults, grid: StudyGrid) {
    // Several sizes: the abstract speaks of the largest (widest, then deepest), and says so.
    let h = grid.sizes.last ?? NetworkSize(hidden: 0)
    let atH = grid.sizePhrase(h)
    // The rule's measure: held memory where σ was measured, else the fit's SMR.
    let measure = RecommendationRule.measure(for: results)
    let name = measure.name
    let smr: [UnitKind: [Int: Interval]] = Dictionary(uniqueKeysWithValues: grid.units.map { u in
      (u, Dictionary(uniqueKeysWithValues: grid.trainLengths.compactMap { l in
        results.interval(unit: u, size: h, trainLength: l) { measure.value(in: $0) }.map { (l, $0) }
      }))
    })
    func f(_ x: Double) -> String { NumberFormat.display(x, decimals: 2) }

    // The longest length up to which every unit keeps nearly all (spread of means ≤ 0.05).
    let together = grid.trainLengths.prefix { l in
      let means = grid.units.compactMap { smr[$0]?[l]?.mean }
      return means.count == grid.units.count && (means.max()! - means.min()!) <= 0.05
    }
    if let last = together.last {
      let floor = together.flatMap { l in grid.units.compactMap { smr[$0]?[l]?.mean } }.min()!
      let all = grid.units.count == 2 ? "Both units" : grid.units.count > 2 ? "All \(ReportText.word(grid.units.count)) units" : "The unit"
      retention =
        together.count == grid.trainLengths.count
        ? "\(all) \(grid.units.count == 1 ? "retains" : "retain") at least \(f(floor)) of a sequence's semantics (\(name)) at every training length tested\(atH), up to L = \(last)."
        : "Up to L = \(last), \(all.lowercased()) retain at least \(f(floor)) of a sequence's semantics (\(name))\(atH); beyond it they separate."
    } else {
      retention = "The units differ in how much of a sequence they retain from the shortest training length tested\(atH)."
    }

    // Who holds most at the longest training length that has data for every unit.
    if let l = grid.trainLengths.last(where: { l in grid.units.allSatisfy { smr[$0]?[l] != nil } }), grid.units.count > 1 {
      let ranked = grid.units.sorted { smr[$0]![l]!.mean > smr[$1]![l]!.mean }
      let others = ranked.dropFirst().map { "the \($0.displayName) (\(f(smr[$0]![l]!.mean)))" }
      leader = "At L = \(l) the \(ranked[0].displayName) retains the most (\(name) \(f(smr[ranked[0]]![l]!.mean))), ahead of \(ReportText.list(others))."
    } else {
      leader = ""
    }

    let theta = NumberFormat.display(results.config.evaluation.recommendThreshold, decimals: 2)
    let recs = grid.units.compactMap { u in results.recommendations.first { $0.unit == u && $0.size == h } }
    if recs.isEmpty {
      recommendation = ""
    } else {
      let parts = recs.enumerated().map { i, r in
        (i == 0 ? "sequences of \(r.recommendedLength) tokens" : "\(r.recommendedLength)") + " for the \(r.unit.displayName)"
      }
      var text = "Taking the longest training length whose \(name) has a 95 % lower bound of at least \(theta), we recommend training on \(ReportText.list(parts))\(atH)."
      let atLimit = recs.filter { $0.qualified && $0.recommendedLength == grid.trainLengths.last }.map { "the \($0.unit.displayName)" }
      if !atLimit.isEmpty {
        text += " For \(ReportText.list(atLimit)) that is the longest length tested: \(atLimit.count == 1 ? "its" : "their") limit lies beyond the grid."
      }
      let none = recs.filter { !$0.qualified }.map { "the \($0.unit.displayName)" }
      if !none.isEmpty {
        text += " For \(ReportText.list(none)) no length met the rule, and the shortest is given."
      }
      recommendation = text
    }

    heldGap = Self.heldGap(results, grid: grid, size: h)
    depth = Self.depth(results, grid: grid)
    probe = Self.probe(results, grid: grid)

    let runs = RunOutcome.Tally(results)
    var notes: [String] = []
    if runs.diverged > 0 { notes.append("\(runs.diverged) diverged") }
    if runs.improving > 0 { notes.append("\(runs.improving) reached the step cap while still improving") }
    if runs.stalled > 0 { notes.append("\(runs.stalled) stalled at a high loss at the step cap") }
    if runs.cappedUnknown > 0 { notes.append("\(runs.cappedUnknown) stopped at the step cap") }
    // A sentence never starts with a bare number.
    failures = notes.isEmpty ? "" : "Of the \(results.cells.count) runs, \(ReportText.list(notes)); they are listed in the results."
  }

  /// "Held memory SMR_σ is 0.80 at L = 5, 0.55 at L = 10 and 0.29 at L = 20 (mean of 3 probes);
  /// its 95 % lower bound reaches 0.90 up to L = 5.": a probed model, in one sentence.
  static func probe(_ results: StudyResults, grid: StudyGrid) -> String {
    guard results.probe != nil, let unit = grid.units.first, let size = grid.sizes.first else { return "" }
    let measure = RecommendationRule.measure(for: results)
    let values = grid.trainLengths.compactMap { l in
      results.interval(unit: unit, size: size, trainLength: l) { measure.value(in: $0) }
        .map { "\(NumberFormat.display($0.mean, decimals: 2)) at L = \(l)" }
    }
    guard !values.isEmpty else { return "" }
    let theta = NumberFormat.display(results.config.evaluation.recommendThreshold, decimals: 2)
    var text = "Its \(measure.name) is \(ReportText.list(values)) (mean of \(grid.seedCount) probes)"
    if let rec = results.recommendations.first(where: { $0.unit == unit && $0.size == size }) {
      text += rec.qualified
        ? "; the longest length whose 95 % lower bound reaches \(theta) is L = \(rec.recommendedLength) tokens."
        : "; at no length tested does its 95 % lower bound reach \(theta)."
    } else {
      text += "."
    }
    return text
  }

  /// "With 2 stacked layers instead of 1, the recommended length is 20 → 20 tokens for the
  /// vanilla RNN, …; held memory SMR_σ changes most at L = 40 for the vanilla RNN (0.14 → 0.57),
  /// …": the shallowest against the deepest network of the widest hidden size, per unit.
  static func depth(_ results: StudyResults, grid: StudyGrid) -> String {
    guard grid.severalDepths, let hidden = grid.sizes.map(\.hidden).max() else { return "" }
    let depths = grid.sizes.filter { $0.hidden == hidden }.map(\.layers)
    guard let lo = depths.min(), let hi = depths.max(), lo != hi else { return "" }
    let (a, b) = (NetworkSize(hidden: hidden, layers: lo), NetworkSize(hidden: hidden, layers: hi))
    let measure = RecommendationRule.measure(for: results)
    let f = { (x: Double) in NumberFormat.display(x, decimals: 2) }
    var lengths: [String] = []
    var changes: [String] = []
    for u in grid.units {
      let rec = { (s: NetworkSize) in results.recommendations.first { $0.unit == u && $0.size == s } }
      if let ra = rec(a), let rb = rec(b) {
        let tokens = lengths.isEmpty ? " tokens" : ""
        lengths.append("\(ra.recommendedLength) → \(rb.recommendedLength)\(tokens) for the \(u.displayName)")
      }
      let moves = grid.trainLengths.compactMap { l -> (Int, Double, Double)? in
        guard let x = results.interval(unit: u, size: a, trainLength: l, { measure.value(in: $0) }),
          let y = results.interval(unit: u, size: b, trainLength: l, { measure.value(in: $0) })
        else { return nil }
        return (l, x.mean, y.mean)
      }
      if let largest = moves.max(by: { abs($0.2 - $0.1) < abs($1.2 - $1.1) }) {
        changes.append("at L = \(largest.0) for the \(u.displayName) (\(f(largest.1)) → \(f(largest.2)))")
      }
    }
    guard !lengths.isEmpty else { return "" }
    let at = grid.severalHidden ? " at hidden size \(hidden)" : ""
    var text = "With \(hi) stacked layers instead of \(lo)\(at), the recommended length goes \(ReportText.list(lengths))"
    if !changes.isEmpty { text += "; \(measure.name) changes most \(ReportText.list(changes))" }
    return text + "."
  }

  /// "At L = 160 the fit's SMR against the held memory SMR_σ is 0.54 against 0.15 for the
  /// vanilla RNN, …":
  /// the gap between apparent and held memory at the longest length with both, per unit.
  static func heldGap(_ results: StudyResults, grid: StudyGrid, size h: NetworkSize) -> String {
    guard let l = grid.trainLengths.last(where: { l in
      grid.units.contains { results.interval(unit: $0, size: h, trainLength: l) { $0.smrSub } != nil }
    }) else { return "" }
    let parts = grid.units.compactMap { u -> String? in
      guard let fit = results.interval(unit: u, size: h, trainLength: l, { $0.smr }),
        let held = results.interval(unit: u, size: h, trainLength: l, { $0.smrSub })
      else { return nil }
      let f = { (x: Double) in NumberFormat.display(x, decimals: 2) }
      return "\(f(fit.mean)) against \(f(held.mean)) for the \(u.displayName)"
    }
    return "At L = \(l) the fit's SMR against the held memory SMR_σ is \(ReportText.list(parts))."
  }
}
