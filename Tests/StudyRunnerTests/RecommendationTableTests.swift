import Analysis
import Testing

@testable import memstudy

/// The terminal's table prints a lower bound the way the report does: with the digits it takes
/// to compare with θ_rec, so a bound just under it never reads as the threshold.
@Suite struct RecommendationTableTests {
  @Test(arguments: [(0.8992, "0.899"), (0.89996, "0.89996"), (0.9, "0.900"), (0.93, "0.930")])
  func lowerBoundReadsOnItsSideOfTheThreshold(lower: Double, printed: String) throws {
    let config = StudyConfig(name: "t", space: .onehot(vocab: 4), units: [.gru], hidden: [4], trainLengths: [5], seeds: [1, 2])
    let recommendation = Recommendation(
      unit: .gru, hidden: 4, recommendedLength: 5, qualified: lower >= 0.9, smrLower: lower, smrMean: 0.95,
      eml: 3, reason: "")
    let results = StudyResults(
      config: config,
      provenance: Provenance(
        toolVersion: "1", gitCommit: nil, swiftVersion: "6", blas: "portable", host: "h", cores: 2,
        startTime: "2026-01-01T00:00:00Z", wallSeconds: 1, command: "memstudy"),
      cells: [], recommendations: [recommendation])
    let row = try #require(RecommendationTable.render(results).split(separator: "\n").last)
    #expect(row.split(separator: " ").contains(Substring(printed)), "\(row)")
  }
}
