import Analysis
import Foundation
import Testing

@testable import ReportGen

@Suite struct ReportSnapshotTests {
  static let figureNames = ["forgetting", "smr", "heatmap", "memory-length", "loss", "generalisation"]

  @Test(arguments: figureNames)
  func figureMatchesSnapshot(name: String) throws {
    let results = try fixtureResults()
    let figure = try #require(FigureSet.make(results).first { $0.name == name })
    try assertSnapshot(figure.svg(standalone: true), named: "figure-\(name).svg")
  }

  @Test func reportMatchesSnapshot() throws {
    let report = try ReportBuilder.build(ReportInputs(results: try fixtureResults()))
    try assertSnapshot(report.html, named: "report-small.html")
  }

  @Test func everyFigureKindIsDrawnForTheFixture() throws {
    let report = try ReportBuilder.build(ReportInputs(results: try fixtureResults()))
    #expect(report.figures.map(\.name) == Self.figureNames)
    for name in Self.figureNames {
      #expect(report.html.contains("id=\"fig-\(name)\""), "figure \(name) placed in the page")
    }
  }

  @Test func generalisationFigureNeedsOtherTestLengths() throws {
    var results = try fixtureResults()
    results.config.testLengths = nil
    let report = try ReportBuilder.build(ReportInputs(results: results))
    #expect(!report.figures.contains { $0.name == "generalisation" })
    #expect(!report.html.contains("Length generalisation"))
    #expect(!report.html.contains("??"), "no dangling cross-reference")
  }

  @Test func figuresAndTablesAreNumberedAndCrossReferenced() throws {
    let html = try ReportBuilder.build(ReportInputs(results: try fixtureResults())).html
    for n in 1...6 { #expect(html.contains("<span class=\"label\">Figure \(n).</span>")) }
    for n in 1...6 { #expect(html.contains("<span class=\"label\">Table \(n).</span>")) }
    #expect(html.contains("<a class=\"xref\" href=\"#fig-forgetting\">Figure 1</a>"))
    #expect(html.contains("<a class=\"xref\" href=\"#tab-held\">Table 1</a>"))
    #expect(html.contains("<a class=\"xref\" href=\"#tab-recommendations\">Table 2</a>"))
    #expect(html.contains("<a class=\"xref\" href=\"#sec-method\">2</a>"))
    #expect(!html.contains("??"), "every cross-reference resolves")
    #expect(!html.contains("\u{E000}") && !html.contains("\u{E001}"), "no marker left")
  }

  @Test func pageIsSelfContained() throws {
    let html = try ReportBuilder.build(ReportInputs(
      results: try fixtureResults(),
      dataFiles: [DataFile(name: "results.json", mimeType: "application/json", data: Data("{}".utf8))])).html
    let fetches = ["<script", "src=", "<link", "url(", "@import", "<iframe", "<object"].filter { html.contains($0) }
    #expect(fetches.isEmpty, "the page would fetch or run: \(fetches)")
    #expect(html.contains("<a download=\"results.json\" href=\"data:application/json;base64,e30=\">"))
    #expect(html.contains("<math display=\"block\">"))
  }

  @Test func abstractIsWrittenFromTheResults() throws {
    let html = try ReportBuilder.build(ReportInputs(results: try fixtureResults())).html
    #expect(html.contains("At L = 40 the GRU retains the most"))
    #expect(html.contains("we recommend training on sequences of 20 tokens for the vanilla RNN, 20 for the LSTM and 40 for the GRU."))
    #expect(html.contains("For the GRU that is the longest length tested"))
    #expect(html.contains("1 of 24 runs diverged"))
  }

  @Test func dateComesFromProvenanceNotTheClock() throws {
    let html = try ReportBuilder.build(ReportInputs(results: try fixtureResults())).html
    #expect(html.contains("1 June 2025"))
  }

  /// Writes the sample report for a look in a browser: `REPORT_SAMPLE_DIR=/tmp/report-sample`.
  @Test(.enabled(if: ProcessInfo.processInfo.environment["REPORT_SAMPLE_DIR"] != nil))
  func writeSampleReport() throws {
    let dir = URL(fileURLWithPath: ProcessInfo.processInfo.environment["REPORT_SAMPLE_DIR"]!)
    let json = try Data(contentsOf: try #require(Bundle.module.url(forResource: "results-small", withExtension: "json", subdirectory: "Fixtures")))
    let results = try StudyResults.decode(from: json)
    let report = try ReportBuilder.build(ReportInputs(
      results: results,
      dataFiles: [
        DataFile(name: "results.json", mimeType: "application/json", data: try results.encoded()),
        DataFile(name: "indicators.csv", mimeType: "text/csv", data: Data("unit,hidden,train_length,smr\n".utf8)),
      ]))
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("figures"), withIntermediateDirectories: true)
    try report.html.write(to: dir.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
    for figure in report.figures {
      try figure.svg.write(to: dir.appendingPathComponent("figures/\(figure.name).svg"), atomically: true, encoding: .utf8)
    }
  }
}
