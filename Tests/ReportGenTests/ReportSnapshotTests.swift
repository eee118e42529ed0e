import Analysis
import Foundation
import Testing

@testable import ReportGen

@Suite struct ReportSnapshotTests {
  /// Every figure kind, drawn from the fixture, or for the depth figure from the fixture with
  /// a second depth (`stackedFixtureResults`).
  @Test(arguments: FigureKind.allCases)
  func figureMatchesSnapshot(kind: FigureKind) throws {
    let results = kind == .depth ? try stackedFixtureResults() : try fixtureResults()
    let figure = try #require(kind.draw(results, grid: StudyGrid(results)), "\(kind.name) drawn")
    #expect(figure.name == kind.name)
    try assertSnapshot(figure.svg(standalone: true), named: "figure-\(kind.name).svg")
  }

  @Test func reportMatchesSnapshot() throws {
    let report = try ReportBuilder.build(ReportInputs(results: try fixtureResults()))
    try assertSnapshot(report.html, named: "report-small.html")
  }

  @Test func everyFigureKindIsDrawnForTheFixture() throws {
    let report = try ReportBuilder.build(ReportInputs(results: try fixtureResults()))
    let drawn = FigureKind.allCases.filter { $0 != .depth }.map(\.name)
    #expect(report.figures.map(\.name) == drawn, "every kind but depth (one depth only), in order")
    for name in drawn {
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
    let report = try ReportBuilder.build(ReportInputs(results: try fixtureResults()))
    for n in 1...report.figures.count { #expect(html.contains("<span class=\"label\">Figure \(n).</span>")) }
    #expect(!html.contains("<span class=\"label\">Figure \(report.figures.count + 1).</span>"))
    let tables = TableKind.allCases.filter { html.contains("id=\"tab-\($0.name)\"") }.count
    #expect(tables == TableKind.allCases.count - 1, "every table but the decoded windows (no corpus)")
    for n in 1...tables { #expect(html.contains("<span class=\"label\">Table \(n).</span>")) }
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
    #expect(html.contains("Of the 24 runs, 1 diverged"), "no sentence starts with a bare number")
  }

  @Test func dateComesFromProvenanceNotTheClock() throws {
    let html = try ReportBuilder.build(ReportInputs(results: try fixtureResults())).html
    #expect(html.contains("1 June 2025"))
  }
}
