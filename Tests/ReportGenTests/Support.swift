import Analysis
import Foundation
import Testing

@testable import ReportGen

/// The synthetic study of Fixtures/README.md.
func fixtureResults() throws -> StudyResults {
  let url = try #require(Bundle.module.url(forResource: "results-small", withExtension: "json", subdirectory: "Fixtures"))
  return try StudyResults.decode(from: Data(contentsOf: url))
}

/// Compares `actual` with the committed snapshot `name`; with RECORD_SNAPSHOTS set, writes it
/// into the source tree instead (the copy in the test bundle is refreshed by the next build).
func assertSnapshot(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
  if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    try actual.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    return
  }
  let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Snapshots")
  let expected = try url.map { try String(contentsOf: $0, encoding: .utf8) }
  guard let expected else {
    Issue.record("no snapshot \(name); run the tests with RECORD_SNAPSHOTS=1 to record it", sourceLocation: sourceLocation)
    return
  }
  if actual != expected {
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
}
