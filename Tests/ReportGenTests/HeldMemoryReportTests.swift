import Analysis
import Foundation
import Testing

@testable import ReportGen

/// What the report says about held memory: where σ was measured, where it was not, and a
/// coefficient far above the others.
@Suite struct HeldMemoryReportTests {
  /// Results without σ (written before it existed): the report says the rule read the fit's
  /// SMR, shows no held-memory table, and draws β as the forgetting curves.
  @Test func resultsWithoutSubstitutionSayItWasNotMeasured() throws {
    var results = try fixtureResults()
    for c in results.cells.indices {
      for e in results.cells[c].eval.indices {
        results.cells[c].eval[e].memoryRateSub = nil
        results.cells[c].eval[e].memoryRateSubSe = nil
        results.cells[c].eval[e].smrSub = nil
        results.cells[c].eval[e].emlSub = nil
        results.cells[c].eval[e].tauSub = nil
      }
    }
    #expect(RecommendationRule.measure(for: results) == .fitted)
    let report = try ReportBuilder.build(ReportInputs(results: results))
    #expect(!report.html.contains("id=\"tab-held\""))
    #expect(report.html.contains("The substitution coefficients were not measured in this study, so the rule read the"))
    #expect(!report.html.contains("??"), "no dangling cross-reference")
    let forgetting = try #require(report.figures.first { $0.name == "forgetting" })
    #expect(forgetting.svg.contains("memory rate β"))
  }

  /// One σ_0 of 6 does not set the axis: it stops at about 1.6, and the value is written where
  /// the curve leaves the panel.
  @Test func aCoefficientFarAboveOneIsClippedAndMarked() throws {
    var results = try fixtureResults()
    let c = try #require(results.cells.firstIndex { $0.unit == .vrnn && $0.trainLength == 20 && $0.status == .ok })
    let e = try #require(results.cells[c].eval.firstIndex { $0.length == 20 })
    results.cells[c].eval[e].memoryRateSub?[0] = 6.25
    let figure = ForgettingFigure.make(results, grid: StudyGrid(results))
    #expect(figure.description.contains("The axis stops at"), "\(figure.description)")
    #expect(figure.svg(standalone: true).contains("↑ 3.6"), "the seed mean of 6.25 and the others' ≈ 1")
    let untouched = ForgettingFigure.make(try fixtureResults(), grid: StudyGrid(try fixtureResults()))
    #expect(!untouched.description.contains("The axis stops at"))
  }
}
