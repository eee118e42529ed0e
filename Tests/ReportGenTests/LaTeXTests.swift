import Analysis
import Foundation
import Testing

@testable import ReportGen

@Suite struct LaTeXTests {
  @Test func specialCharactersAreEscaped() {
    #expect(LaTeXEscaping.escaped(##"\ { } $ & # % _ ^ ~"##)
      == ##"\textbackslash{} \{ \} \ensuremath{\$} \& \# \% \_ \texttt{\char94} \texttt{\char126}"##)
    #expect(LaTeXEscaping.escaped("<a|b>") == #"\textless{}a\textbar{}b\textgreater{}"#)
    #expect(LaTeXEscaping.escaped("Étude\nzwei\u{07}") == "Étude zwei?")
    #expect(LaTeXEscaping.escaped("θ ± 0.5 − 1 … 中") == #"\ensuremath{\theta} \ensuremath{\pm} 0.5 \ensuremath{-} 1 \ldots{} \texttt{U+4E2D}"#)
    #expect(LaTeXEscaping.escaped("😀") == #"\texttt{U+1F600}"#)
    #expect(LaTeXEscaping.escaped("3.96 × 10⁻⁵") == #"3.96 \ensuremath{\times} 10\ensuremath{^{-}}\ensuremath{^{5}}"#)
  }

  @Test func tablesMatchSnapshots() throws {
    let export = LaTeXExport(try fixtureResults(), generator: "0.1.0")
    for file in export.files {
      try assertSnapshot(file.text, named: "latex-" + file.path.replacingOccurrences(of: "/", with: "-"))
    }
  }

  @Test func everyRowHasAsManyCellsAsTheColumns() throws {
    let results = try fixtureResults()
    let grid = StudyGrid(results)
    let optional = [LaTeXTables.generalisation(results, grid: grid), LaTeXTables.problems(results, grid: grid)].compactMap { $0 }
    #expect(optional.count == 2, "the fixture has both")
    let examples = LaTeXTables.examples(try #require(try TextReportTests.textResults().examples))
    for table in [LaTeXTables.indicators(results, grid: grid), LaTeXTables.heldMemory(results, grid: grid), LaTeXTables.recommendations(results, grid: grid), examples] + optional {
      let width = table.columns.map(\.width).reduce(0, +)
      for line in table.tex.split(separator: "\n") where line.hasSuffix("\\\\") {
        // Ampersands outside \& separate cells; a \multicolumn{2} counts for two.
        let separators = line.replacingOccurrences(of: "\\&", with: "").filter { $0 == "&" }.count
        let spans = line.components(separatedBy: "\\multicolumn{2}").count - 1
        #expect(separators + 1 + spans == width, "\(line)")
      }
    }
  }

  @Test func readmePlacesEveryTableAndFigure() throws {
    let export = LaTeXExport(try fixtureResults(), generator: "0.1.0")
    let readme = try #require(export.files.first { $0.path == "README.tex" }).text
    for file in export.files where file.path.hasPrefix("tables/") {
      #expect(readme.contains("\\input{\\memstudydir/\(file.path.dropLast(4))}"))
    }
    #expect(export.figures.map(\.name) == FigureKind.drawAll(try fixtureResults()).map(\.name))
    for figure in export.figures {
      #expect(readme.contains("{\\memstudydir/figures/\(figure.name).pdf}"))
      #expect(!figure.svg.contains("var(--"), "librsvg draws no CSS variables")
    }
  }
}
