import Analysis
import Foundation
import Testing

@testable import ReportGen

/// Numbers a reader could mistake for something else are marked in the page: a unit whose
/// every seed diverged, SMR above 1 at lengths beyond training, and how each listed run ended.
@Suite struct CaveatTests {
  /// The fixture with every GRU seed diverged at every length, and recommendations recomputed.
  func allGRUSeedsDiverged() throws -> StudyResults {
    var results = try fixtureResults()
    for i in results.cells.indices where results.cells[i].unit == .gru {
      results.cells[i].status = .diverged
      results.cells[i].divergedAtStep = 12
      results.cells[i].finalLoss = nil
      results.cells[i].eval = []
    }
    results.recommendations = RecommendationRule.recommendations(for: results)
    return results
  }

  @Test func aUnitWhoseEverySeedDivergedHasNoNumbersAndTheReportSaysWhy() throws {
    let results = try allGRUSeedsDiverged()
    let gru = try #require(results.recommendations.first { $0.unit == .gru })
    #expect(gru.smrMean == nil && gru.smrLower == nil && gru.eml == nil)

    // results.json: explicit nulls, not zeros.
    let json = try JSONSerialization.jsonObject(with: try results.encoded()) as? [String: Any]
    let recommendations = try #require(json?["recommendations"] as? [[String: Any]])
    let stored = try #require(recommendations.first { $0["unit"] as? String == "gru" })
    for key in ["smr_mean", "smr_lower", "eml"] {
      #expect(stored[key] is NSNull, "\(key) is \(String(describing: stored[key]))")
    }

    // The table: a dash in each number column of the GRU's row, and a caption that says why.
    let grid = StudyGrid(results)
    let table = ReportTables.recommendations(results, grid: grid).html.serialised
    let row = try #require(table.split(separator: "\n").first { $0.contains("<td>GRU</td>") })
    #expect(row.components(separatedBy: "<td class=\"num\">—</td>").count - 1 == 3, "\(row)")
    #expect(row.contains("Every seed diverged at L = 5, 10, 20, 40"), "\(row)")
    let html = try ReportBuilder.build(ReportInputs(results: results)).html.replacingOccurrences(of: "\n", with: " ")
    #expect(html.contains("A dash (—) marks a number that does not exist: every seed diverged at that length"))
    let fixtureHTML = try ReportBuilder.build(ReportInputs(results: try fixtureResults())).html
    #expect(!fixtureHTML.contains("A dash (—) marks"), "said only when a dash is shown")
  }

  /// The fixture with the LSTM trained at L = 10 over-counting at n = 80: SMR 1.3.
  func overCounting() throws -> StudyResults {
    var results = try fixtureResults()
    for i in results.cells.indices where results.cells[i].unit == .lstm && results.cells[i].trainLength == 10 {
      for j in results.cells[i].eval.indices where results.cells[i].eval[j].length == 80 {
        results.cells[i].eval[j].smr = 1.3
      }
    }
    return results
  }

  @Test func smrAboveOneBeyondTheTrainingLengthIsMarkedInTheTable() throws {
    let results = try overCounting()
    let table = try #require(ReportTables.generalisation(results, grid: StudyGrid(results))).html.serialised
    let marked = table.split(separator: "\n").filter { $0.contains("‡") }
    #expect(marked.count == 1, "\(marked)")
    #expect(marked.first?.contains("<td class=\"num\">1.30\u{2009}‡</td>") == true, "\(marked)")
    // The in-length value is set apart (bold), and the unmodified fixture marks nothing.
    #expect(table.contains("<strong>"))
    let plain = try fixtureResults()
    #expect(!(try #require(ReportTables.generalisation(plain, grid: StudyGrid(plain))).html.serialised.contains("‡")))
    #expect(ReportTables.overCounts(1.3) && !ReportTables.overCounts(1.004) && !ReportTables.overCounts(0.9))
  }

  @Test func smrAboveOneBeyondTheTrainingLengthIsShadedInTheFigure() throws {
    let figure = try #require(GeneralisationFigure.make(try overCounting(), grid: StudyGrid(try overCounting())))
    // One panel (L = 10) holds an over-count: one shaded region, labelled.
    #expect(figure.body.components(separatedBy: "class=\"overcount\"").count - 1 == 1)
    #expect(figure.body.contains(">over-count<"))
    let plain = try fixtureResults()
    let unmarked = try #require(GeneralisationFigure.make(plain, grid: StudyGrid(plain)))
    #expect(!unmarked.body.contains("overcount"))
  }

  @Test func runsAtTheStepCapAreToldApart() throws {
    var results = try fixtureResults()
    // The fixture's capped LSTM (L = 40, seed 1) ends at 3 % of the target's variance: still
    // improving. Make another run reach the cap at 60 % of it: stalled high.
    let stalled = try #require(results.cells.firstIndex { $0.unit == .vrnn && $0.trainLength == 20 && $0.seed == 1 })
    results.cells[stalled].stoppedEarly = false
    results.cells[stalled].steps = 2000
    results.cells[stalled].finalLoss = 0.6 * results.cells[stalled].baselineLoss!
    let outcomes = results.cells.map(RunOutcome.init)
    #expect(outcomes.filter { $0 == .cappedImproving }.count == 1)
    #expect(outcomes.filter { $0 == .cappedHigh }.count == 1)
    #expect(outcomes.filter { if case .diverged = $0 { true } else { false } }.count == 1)

    let table = try #require(ReportTables.problemCells(results, grid: StudyGrid(results))).html.serialised
    let rows = table.split(separator: "\n").filter { $0.hasPrefix("<tr><td>") }
    #expect(rows.count == 3, "\(rows)")
    #expect(rows.contains { $0.contains("reached the step cap while still improving") && $0.contains("LSTM") })
    #expect(rows.contains { $0.contains("stalled high") && $0.contains("vanilla RNN") && $0.contains("0.60") })
    #expect(rows.contains { $0.contains("diverged (loss not finite)") })
    let html = try ReportBuilder.build(ReportInputs(results: results)).html.replacingOccurrences(of: "\n", with: " ")
    #expect(html.contains("Runs that diverged or reached the step cap."))
    #expect(!html.contains("did not converge"))
    #expect(html.contains("1 reached the step cap while still improving"), "the abstract")
    #expect(html.contains("1 stalled at a high loss at the step cap"), "the abstract")

    // Results without the baseline (written before it was recorded) keep the plain wording.
    results.cells[stalled].baselineLoss = nil
    #expect(RunOutcome(results.cells[stalled]) == .capped)
  }
}

extension CaveatTests {
  /// The step-cap table's lead-in names only the outcomes that occur, with no "(0)" and no
  /// count that is its own breakdown ("41: 41 while still improving").
  @Test func problemRunsAreCountedInWords() {
    typealias C = TemplateContext
    #expect(C.problemRuns(.init(Array(repeating: .cappedImproving, count: 41)), maxSteps: 2000)
      == "the 41 runs that reached the step cap of 2\u{2009}000 steps, all while still improving")
    #expect(C.problemRuns(.init([.diverged(step: 3), .diverged(step: nil)] + Array(repeating: .cappedImproving, count: 35) + Array(repeating: .cappedHigh, count: 3)), maxSteps: 2000)
      == "the 2 runs that diverged and the 38 that reached the step cap of 2\u{2009}000 steps (35 while still improving, 3 stalled at a high loss)")
    #expect(C.problemRuns(.init([.diverged(step: 9), .stoppedEarly]), maxSteps: 50) == "the run that diverged")
    #expect(C.problemRuns(.init([.capped]), maxSteps: 50) == "the run that reached the step cap of 50 steps")
    #expect(C.problemRuns(.init([.diverged(step: 1), .cappedImproving]), maxSteps: 50)
      == "the run that diverged and the one that reached the step cap of 50 steps, while still improving")
  }
}
