import Analysis
import Foundation
import Testing

@testable import ReportGen

/// The report of a text study reads as one: the method states the corpus and the windows, and a
/// table shows decoded test windows in words. File names appear, never folders.
@Suite struct TextReportTests {
  static func textResults() throws -> StudyResults {
    var results = try fixtureResults()
    results.config.space = .embeddings(EmbeddingsSource(
      vectors: "vectors.vec", corpus: "glosses_v2.txt", seed: 0, split: [80, 10, 10], windows: .stream))
    results.corpus = CorpusSummary(
      corpus: .init(name: "glosses_v2.txt", bytes: 8_750_925, sha256: String(repeating: "ab", count: 32)),
      vectors: .init(name: "vectors.vec", bytes: 5_301_462, sha256: String(repeating: "cd", count: 32)),
      lines: 117_659, tokens: 1_462_680, types: 62_153, tokensWithoutVector: 71_549, vectorWords: 19_002,
      vocabulary: 19_001, dimension: 32, split: [80, 10, 10], splitSeed: 0, windows: .stream,
      parts: [
        .init(part: .training, lines: 93_790, tokens: 1_114_465, longestLine: 79),
        .init(part: .validation, lines: 11_689, tokens: 137_708, longestLine: 62),
        .init(part: .test, lines: 11_727, tokens: 138_958, longestLine: 78),
      ])
    let window = (0..<40).map { "w\($0)" } + ["<b>"]
    results.examples = DecodedExamples(
      length: window.count, windows: [window], centroidNearest: [["shaft", "airfoil"]],
      decoders: [
        .init(unit: .gru, hidden: 32, seed: 1, smr: 0.99, nearest: [["shaft", "panel"]], cosine: [0.97]),
        .init(unit: .vrnn, hidden: 32, seed: 1, smr: 0.55, nearest: [["asphalt", "mucus"]], cosine: [0.41]),
      ])
    return results
  }

  @Test func methodStatesTheCorpusAndTheWindows() throws {
    let html = try ReportBuilder.build(ReportInputs(results: try Self.textResults())).html
    #expect(html.contains("Corpus and windows"))
    #expect(html.contains("117\u{2009}659 non-blank lines"), "thin-space grouped counts")
    #expect(html.contains("4.9\u{00A0}% of the tokens have no"), "a number and its % on one line")
    #expect(html.contains(String(repeating: "ab", count: 32)) && html.contains(String(repeating: "cd", count: 32)))
    #expect(html.contains("glosses_v2.txt") && !html.contains("glosses\\_v2"), "a file name is shown as written")
    #expect(html.contains("training 93\u{2009}790 lines"))
    #expect(html.contains("may cross the end of a line"))
  }

  @Test func decodedWindowsAreATableOfWords() throws {
    let html = try ReportBuilder.build(ReportInputs(results: try Self.textResults())).html
    #expect(html.contains("Decoded windows"))
    #expect(html.contains("id=\"tab-examples\""))
    #expect(html.contains("w0 w1 w2 w3 w4 w5 w6 w7 … (17 more) … w25"), "a long window is shortened in the middle")
    #expect(html.contains("&lt;b&gt;") && !html.contains("<b>"), "corpus words are escaped")
    #expect(html.contains("shaft, panel (cos 0.97)") && html.contains("asphalt, mucus (cos 0.41)"))
    #expect(html.contains("the GRU, which"))
  }

  @Test func syntheticStudiesHaveNeither() throws {
    let html = try ReportBuilder.build(ReportInputs(results: try fixtureResults())).html
    #expect(!html.contains("Corpus and windows"))
    #expect(!html.contains("Decoded windows"))
  }
}

extension TextReportTests {
  /// Decoded windows whose lists disagree in length (a crafted results.json) are refused by
  /// name before the report or the export index them together.
  @Test func decodedWindowsOfMismatchedLengthsAreRefused() throws {
    var results = try Self.textResults()
    #expect(results.problems.isEmpty, "\(results.problems)")
    results.examples?.centroidNearest = []
    results.examples?.decoders[1].cosine = [0.4, 2]
    let problems = results.problems
    #expect(problems.contains("examples.centroid_nearest: 0 lists, expected one per window (1)"))
    #expect(problems.contains("examples.decoders[1].cosine: 2 values, expected one per window (1)"))
    #expect(problems.contains { $0.hasPrefix("examples.decoders[1].cosine[1]") })
  }

  /// The export has every table the report has: the decoded windows in wrapping columns.
  @Test func exportHasTheDecodedWindows() throws {
    let export = LaTeXExport(try Self.textResults(), generator: "test")
    let table = try #require(export.files.first { $0.path == "tables/examples.tex" })
    #expect(table.text.contains("p{0.26\\linewidth}"))
    #expect(table.text.contains("\\textless{}b\\textgreater{}"), "words escaped")
    #expect(table.text.contains("GRU's decoding"))
    let readme = try #require(export.files.first { $0.path == "README.tex" })
    #expect(readme.text.contains("\\memstudyfit{\\input{\\memstudydir/tables/examples}}"))
  }
}
