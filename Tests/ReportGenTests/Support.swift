import Analysis
import Foundation
import Testing

@testable import ReportGen

/// The synthetic study of Fixtures/README.md.
func fixtureResults() throws -> StudyResults {
  let url = try #require(Bundle.module.url(forResource: "results-small", withExtension: "json", subdirectory: "Fixtures"))
  return try StudyResults.decode(from: Data(contentsOf: url))
}

/// The fixture with a second depth: every cell again at K = 2, its memory rates and held
/// memory scaled by 0.9 (a stacked network that holds a little less), so the depth figure and
/// the K columns have something to show.
func stackedFixtureResults() throws -> StudyResults {
  var results = try fixtureResults()
  results.config.layers = [1, 2]
  let stacked = results.cells.map { cell -> CellResult in
    var c = cell
    c.layers = 2
    c.eval = c.eval.map { e in
      var e = e
      e.smr *= 0.9
      e.smrSub = e.smrSub.map { $0 * 0.9 }
      return e
    }
    return c
  }
  results.cells += stacked
  return results
}

/// Compares `actual` with the committed snapshot `name` in the source tree's `Snapshots/`.
///
/// With `RECORD_SNAPSHOTS` set, a snapshot that differs (or is missing) is written and the test
/// fails with "recorded, review the diff", as swift-argument-parser's do: a green run never hides
/// a re-record. Rerun without the variable to confirm.
func assertSnapshot(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
  let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Snapshots").appendingPathComponent(name)
  let expected = try? String(contentsOf: file, encoding: .utf8)
  if actual == expected { return }
  if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
    try actual.write(to: file, atomically: true, encoding: .utf8)
    Issue.record("\(name) recorded, review the diff (git diff) and rerun without RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
    return
  }
  guard let expected else {
    Issue.record("no snapshot \(name); run the tests with RECORD_SNAPSHOTS=1 to record it", sourceLocation: sourceLocation)
    return
  }
  let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
  let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
  let line = Array(zip(a, e)).firstIndex { $0 != $1 } ?? min(a.count, e.count)
  Issue.record(
    """
    \(name) differs from its snapshot at line \(line + 1):
      expected: \(line < e.count ? String(e[line].prefix(200)) : "<end>")
      actual:   \(line < a.count ? String(a[line].prefix(200)) : "<end>")
    Re-record with RECORD_SNAPSHOTS=1 if the change is intended.
    """, sourceLocation: sourceLocation)
}
