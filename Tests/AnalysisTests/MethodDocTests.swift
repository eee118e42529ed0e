import Foundation
import Testing

@testable import Analysis

/// docs/METHOD.md §4's table of indicators is written from `Indicator` (each case's name,
/// notation, key and definition): a new indicator gets its row by recording the table, as a
/// snapshot is recorded, never by editing the document.
@Suite struct MethodDocTests {
  static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("docs/METHOD.md")
  static let begin = "<!-- The table is generated from Indicator (Tests/AnalysisTests/MethodDocTests.swift); RECORD_FIXTURES=1 re-records it. -->"
  static let end = "<!-- End of the generated table. -->"

  /// The table: the curves the indicators are computed from, then every indicator in case order.
  static var table: String {
    let rows = Indicator.allCases.map { i in
      "| \(i.entry.name) `\(i.entry.notation)` | `\(i.key)` | \(i.entry.definition) |"
    }
    return ([
      "| indicator | name in `indicators.csv`, `curves.csv` and `results.json` | definition |",
      "|---|---|---|",
      "| memory rate curve `MR(k)` | `memory_rate` (and `memory_rate_sub` for `σ_k`) | `β_k`, k = 0 … n−1: the forgetting curve (and `σ_k`, §3b) |",
    ] + rows).joined(separator: "\n")
  }

  @Test func theTableOfIndicatorsIsWrittenFromIndicator() throws {
    let text = try String(contentsOf: Self.file, encoding: .utf8)
    let start = try #require(text.range(of: Self.begin + "\n\n"), "METHOD.md has no generated table: put \(Self.begin) and \(Self.end) in §4")
    let stop = try #require(text.range(of: "\n\n" + Self.end, range: start.upperBound..<text.endIndex))
    let written = String(text[start.upperBound..<stop.lowerBound])
    let expected = Self.table
    if written == expected { return }
    if TorchFixture.recording {
      try (text[..<start.upperBound] + expected + text[stop.lowerBound...]).write(to: Self.file, atomically: true, encoding: .utf8)
      Issue.record("docs/METHOD.md §4 recorded, review the diff (git diff) and rerun without RECORD_FIXTURES")
      return
    }
    let w = written.split(separator: "\n", omittingEmptySubsequences: false)
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let line = Array(zip(w, e)).firstIndex { $0 != $1 } ?? min(w.count, e.count)
    Issue.record(
      """
      docs/METHOD.md §4 differs from the table Indicator writes, at its line \(line + 1):
        written:  \(line < w.count ? String(w[line].prefix(200)) : "<end>")
        expected: \(line < e.count ? String(e[line].prefix(200)) : "<end>")
      Re-record with RECORD_FIXTURES=1.
      """)
  }
}
