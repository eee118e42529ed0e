import Foundation
import Testing
@testable import Analysis

@Suite struct RecommendationRuleTests {
  static let lengths = [5, 10, 20, 40]

  /// A study of vrnn and lstm at H = 64 whose in-length held memory SMR_σ per seed is
  /// `smr[unit][length]`, while the fit credits every seed with SMR 1 (as on text, where it
  /// counts inference): the rule must read σ. Without `held`, σ was not measured and the fit's
  /// SMR is `smr[unit][length]`. A `nil` seed value is a diverged cell.
  static func results(
    _ smr: [UnitKind: [Int: [Double?]]], units: [UnitKind] = [.vrnn, .lstm], hidden: [Int] = [64],
    held: Bool = true
  ) -> StudyResults {
    let config = StudyConfig(
      name: "test", space: .onehot(vocab: 8), units: units, hidden: hidden,
      trainLengths: lengths, seeds: [1, 2, 3])
    var cells: [CellResult] = []
    for unit in units {
      for h in hidden {
        for length in lengths {
          for (seed, value) in (smr[unit]?[length] ?? []).enumerated() {
            let eval = value.map { smr in
              // σ_k (or β_k) = smr for every k, so the EML at θ = 0.5 is n or 0.
              held
                ? EvalResult(
                  length: length, smr: 1, fidelity: 1, interference: 0, eml: length, tau: nil,
                  memoryRate: [Double](repeating: 1, count: length), memoryCapacity: 1,
                  memoryRateSub: [Double](repeating: smr, count: length),
                  memoryRateSubSe: [Double](repeating: 0.01, count: length), smrSub: smr,
                  emlSub: smr >= 0.5 ? length : 0, tauSub: nil)
                : EvalResult(
                  length: length, smr: smr, fidelity: smr, interference: 0,
                  eml: smr >= 0.5 ? length : 0, tau: nil,
                  memoryRate: [Double](repeating: smr, count: length), memoryCapacity: 1)
            }
            cells.append(
              CellResult(
                unit: unit, hidden: h, trainLength: length, seed: seed + 1,
                status: value == nil ? .diverged : .ok, divergedAtStep: value == nil ? 17 : nil,
                steps: 100, stoppedEarly: false, finalLoss: value == nil ? nil : 0.01,
                lossCurve: [], validationCurve: [], wallSeconds: 1,
                // A diverged cell's stray evaluation must be ignored, not pooled.
                eval: [eval ?? EvalResult(
                  length: length, smr: 0.99, fidelity: 1, interference: 0, eml: length, tau: nil,
                  memoryRate: [], memoryCapacity: 0)]))
          }
        }
      }
    }
    let provenance = Provenance(
      toolVersion: "test", gitCommit: nil, swiftVersion: "6", blas: "none", host: "test",
      cores: 1, startTime: "2026-01-01T00:00:00Z", wallSeconds: 0, command: "test")
    return StudyResults(config: config, provenance: provenance, cells: cells, recommendations: [])
  }

  /// `value` is there and within 1e-12 of `expected`.
  static func close(_ value: Double?, _ expected: Double) -> Bool {
    value.map { abs($0 - expected) < 1e-12 } ?? false
  }

  @Test func longestQualifyingLengthIsChosen() throws {
    let study = Self.results([
      .vrnn: [5: [1, 1, 1], 10: [0.99, 0.98, 0.99], 20: [0.95, 0.96, 0.94], 40: [0.2, 0.1, 0.15]],
      // Non-monotone: L = 10 has a wide interval, yet the longest qualifying length is 20.
      .lstm: [5: [1, 1, 1], 10: [0.99, 0.7, 0.99], 20: [0.97, 0.97, 0.97], 40: [0.5, 0.4, 0.45]],
    ])
    let all = RecommendationRule.recommendations(for: study)
    #expect(all.map(\.unit) == [.vrnn, .lstm], "config order")
    let vrnn = all[0]
    let interval = SeedStatistics.interval([0.95, 0.96, 0.94])
    #expect(vrnn.recommendedLength == 20)
    #expect(vrnn.qualified)
    #expect(vrnn.hidden == 64)
    #expect(Self.close(vrnn.smrLower, interval.lower))
    #expect(Self.close(vrnn.smrMean, 0.95))
    #expect(vrnn.eml == 20)
    #expect(
      vrnn.reason
        == "L = 20 is the longest training length whose in-length held memory SMR_σ has a 95 % lower bound ≥ 0.90 "
        + "(0.93, mean 0.95 over 3 seeds); at L = 40 the lower bound is 0.03 (mean 0.15 over 3 seeds).")
    #expect(all[1].recommendedLength == 20)
  }

  @Test func longestLengthOfTheGridCanQualify() {
    let study = Self.results([.vrnn: [5: [1, 1, 1], 10: [1, 1, 1], 20: [1, 1, 1], 40: [0.98, 0.97, 0.99]]], units: [.vrnn])
    let rec = RecommendationRule.recommendation(unit: .vrnn, size: NetworkSize(hidden: 64), in: study)
    #expect(rec.recommendedLength == 40 && rec.qualified)
    #expect(rec.reason.hasSuffix("; it is the longest length of the grid."), "\(rec.reason)")
  }

  @Test func noQualifyingLengthRecommendsTheShortest() {
    let study = Self.results([.vrnn: [5: [0.8, 0.85, 0.9], 10: [0.6, 0.7, 0.65], 20: [0.3, 0.2, 0.1]]], units: [.vrnn])
    let rec = RecommendationRule.recommendation(unit: .vrnn, size: NetworkSize(hidden: 64), in: study)
    let shortest = SeedStatistics.interval([0.8, 0.85, 0.9])
    #expect(rec.recommendedLength == 5)
    #expect(!rec.qualified)
    #expect(Self.close(rec.smrLower, shortest.lower))
    #expect(Self.close(rec.smrMean, 0.85))
    #expect(rec.eml == 5)
    #expect(rec.reason.hasPrefix("No training length has an in-length held memory SMR_σ with a 95 % lower bound ≥ 0.90"))
    #expect(rec.reason.contains("the shortest, L = 5, is recommended"))
  }

  @Test func oneEvaluatedSeedDoesNotQualifyALength() {
    // L = 20 ran with one seed only: its "interval" would be the point 0.99 itself.
    let study = Self.results([.vrnn: [5: [1, 1, 1], 10: [0.97, 0.98, 0.99], 20: [0.99]]], units: [.vrnn])
    let rec = RecommendationRule.recommendation(unit: .vrnn, size: NetworkSize(hidden: 64), in: study)
    #expect(rec.recommendedLength == 10, "\(rec.reason)")
    #expect(rec.qualified)
    #expect(rec.reason.hasSuffix("; at L = 20 only 1 seed was evaluated, and the rule needs 2."), "\(rec.reason)")
  }

  @Test func oneSurvivingSeedOfThreeDoesNotQualifyALength() {
    // Two of three seeds diverged at L = 20: one value is left, and the diverged ones count 0.
    let study = Self.results([.vrnn: [5: [1, 1, 1], 10: [0.97, 0.98, 0.99], 20: [0.99, nil, nil]]], units: [.vrnn])
    let rec = RecommendationRule.recommendation(unit: .vrnn, size: NetworkSize(hidden: 64), in: study)
    #expect(rec.recommendedLength == 10, "\(rec.reason)")
    #expect(
      rec.reason.hasSuffix("; at L = 20 only 1 seed was evaluated (2 diverged), and the rule needs 2."),
      "\(rec.reason)")
  }

  @Test func aDivergedSeedCountsAsZero() throws {
    // L = 20: two seeds at 0.97 and 0.98 would qualify on their own (lower bound 0.91), but the
    // third diverged there: with it at 0 the lower bound is far below the threshold.
    let alone = SeedStatistics.interval([0.97, 0.98])
    #expect(alone.lower >= 0.9, "the two evaluated seeds alone qualify")
    let study = Self.results([.vrnn: [5: [1, 1, 1], 10: [0.97, 0.98, 0.99], 20: [0.97, 0.98, nil], 40: [nil, nil, nil]]], units: [.vrnn])
    let rec = RecommendationRule.recommendation(unit: .vrnn, size: NetworkSize(hidden: 64), in: study)
    #expect(rec.recommendedLength == 10, "\(rec.reason)")
    let pooled = SeedStatistics.interval([0.97, 0.98, 0])
    #expect(
      rec.reason.contains(
        "; at L = 20 the lower bound is \(String(format: "%.2f", pooled.lower)) (mean 0.65 over 3 seeds, "
          + "1 of them diverged and counted as 0)."), "\(rec.reason)")
    #expect(rec.reason.hasSuffix(" Every seed diverged at L = 40, so that length does not qualify."), "\(rec.reason)")
  }

  @Test func twoEqualSeedsQualify() {
    // Two evaluated seeds are enough, even when they agree exactly (a zero-width interval).
    let study = Self.results([.vrnn: [5: [1, 1], 10: [0.95, 0.95]]], units: [.vrnn])
    let rec = RecommendationRule.recommendation(unit: .vrnn, size: NetworkSize(hidden: 64), in: study)
    #expect(rec.recommendedLength == 10 && rec.qualified)
    #expect(Self.close(rec.smrLower, 0.95))
    #expect(rec.reason.contains("(0.95, mean 0.95 over 2 seeds)"), "\(rec.reason)")
  }

  @Test func everySeedDivergedAtTheShortestLength() throws {
    let study = Self.results([.vrnn: [5: [nil, nil, nil], 10: [0.5, 0.6, 0.4]]], units: [.vrnn])
    let rec = RecommendationRule.recommendation(unit: .vrnn, size: NetworkSize(hidden: 64), in: study)
    #expect(rec.recommendedLength == 5)
    #expect(!rec.qualified)
    #expect(rec.smrLower == nil && rec.smrMean == nil && rec.eml == nil, "no seed was evaluated: no numbers")
    #expect(rec.reason.contains("without an SMR of its own"), "\(rec.reason)")
    #expect(rec.reason.contains("Every seed diverged at L = 5"), "\(rec.reason)")
    // results.json writes the missing numbers as null, never as 0 or a dropped key.
    let json = String(decoding: try StudyResults.makeEncoder().encode(rec), as: UTF8.self)
    for key in ["smr_lower", "smr_mean", "eml"] {
      #expect(json.contains("\"\(key)\":null"), "\(json)")
    }
    let decoded = try StudyResults.makeDecoder().decode(Recommendation.self, from: Data(json.utf8))
    #expect(decoded == rec)
  }

  @Test func everySeedOfAUnitDiverged() {
    let study = Self.results([.vrnn: [5: [nil, nil], 10: [nil, nil]]], units: [.vrnn])
    let rec = RecommendationRule.recommendation(unit: .vrnn, size: NetworkSize(hidden: 64), in: study)
    #expect(!rec.qualified && rec.smrMean == nil && rec.smrLower == nil && rec.eml == nil)
    #expect(rec.reason.contains("(no length has an evaluated seed)"), "\(rec.reason)")
    #expect(rec.reason.hasSuffix("Every seed diverged at L = 5, 10, so those lengths do not qualify."), "\(rec.reason)")
  }

  @Test func oneRecommendationPerUnitAndHiddenSizeInConfigOrder() {
    let study = Self.results(
      [.lstm: [5: [1, 1]], .gru: [5: [1, 1]]], units: [.lstm, .gru], hidden: [128, 32])
    let all = RecommendationRule.recommendations(for: study)
    #expect(all.map(\.unit) == [.lstm, .lstm, .gru, .gru])
    #expect(all.map(\.hidden) == [128, 32, 128, 32])
  }

  /// Without σ (evaluation.substitution: none, or results from before σ existed) the rule reads
  /// the fit's SMR, records it, and says so; with σ it reads held memory however high the fit.
  @Test func theRuleReadsHeldMemoryAndFallsBackToTheFit() {
    let values: [UnitKind: [Int: [Double?]]] = [.vrnn: [5: [1, 1, 1], 10: [0.97, 0.98, 0.99], 20: [0.5, 0.6, 0.4], 40: [0.1, 0.2, 0.1]]]
    let held = RecommendationRule.recommendation(unit: .vrnn, size: NetworkSize(hidden: 64), in: Self.results(values, units: [.vrnn]))
    #expect(held.recommendedLength == 10 && held.measure == .held, "\(held.reason)")
    #expect(!held.reason.contains("were not measured"))
    let fitted = Self.results(values, units: [.vrnn], held: false)
    #expect(RecommendationRule.measure(for: fitted) == .fitted)
    let rec = RecommendationRule.recommendation(unit: .vrnn, size: NetworkSize(hidden: 64), in: fitted)
    #expect(rec.recommendedLength == 10 && rec.measure == .fitted)
    #expect(rec.reason.hasPrefix("L = 10 is the longest training length whose in-length SMR has"), "\(rec.reason)")
    #expect(rec.reason.hasSuffix("so the rule read the fit's SMR, which on correlated tokens includes what the network infers."), "\(rec.reason)")
  }

  /// A lower bound that rounds onto the threshold is printed with the digits it takes to read
  /// on the right side of it: 0.8992 against 0.9 is "0.899", not "0.90".
  @Test(arguments: [
    (0.8992, 0.9, "0.899"), (0.9, 0.9, "0.90"), (0.90004, 0.9, "0.90004"), (0.93, 0.9, "0.93"),
    (0.49996, 0.5, "0.49996"), (-0.75, 0.9, "-0.75"),
  ])
  func aNumberComparedWithTheThresholdReadsRight(value: Double, threshold: Double, shown: String) {
    #expect(RecommendationRule.format(value, against: threshold) == shown)
  }
}
