import Analysis
import Foundation
import Testing

@testable import ReportGen

/// The report's registries (`FigureKind`, `TableKind`, `BlockKind`, `Formulas`, `Indicator`)
/// against the templates: everything registered is cited by the default templates, and a
/// template that cites a name no registry has is refused when the report is rendered.
@Suite struct RegistryTests {
  /// Every default template's text, concatenated, with the `indicators` partial `Indicator`
  /// writes.
  static func defaultTemplateText() throws -> String {
    let dir = try #require(ReportBuilder.defaultTemplatesDirectory)
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".md") && !$0.hasPrefix("README") }
    return try files.sorted().map { try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8) }.joined(separator: "\n")
      + "\n" + TemplateSet.indicatorsPartial
  }

  @Test func everyFigureTableAndBlockIsPlacedByTheDefaultTemplates() throws {
    let text = try Self.defaultTemplateText()
    for kind in FigureKind.allCases { #expect(text.contains("{{figure.\(kind.name)}} **"), "figure \(kind.name) placed with a caption") }
    for kind in TableKind.allCases { #expect(text.contains("{{table.\(kind.name)}} **"), "table \(kind.name) placed with a caption") }
    for kind in BlockKind.allCases { #expect(text.contains("{{block.\(kind.name)}}"), "block \(kind.name) placed") }
    for name in Formulas.display.keys { #expect(text.contains("{{eq.\(name)}}"), "equation \(name) displayed") }
  }

  @Test func figuresArePlacedInTheOrderOfTheirKinds() throws {
    let text = try Self.defaultTemplateText()
    let positions = FigureKind.allCases.compactMap { text.range(of: "{{figure.\($0.name)}}")?.lowerBound }
    #expect(positions.count == FigureKind.allCases.count)
    #expect(positions == positions.sorted(), "FigureKind's order is the reading order, so its numbers")
  }

  @Test func everyIndicatorHasItsEquationInTheMethod() throws {
    let text = try Self.defaultTemplateText()
    #expect(text.contains("{{> indicators}}"), "the method section lists the indicators")
    for indicator in Indicator.allCases {
      let name = indicator.entry.equationName
      #expect(Formulas.display[name] != nil, "\(indicator) has a display equation")
      #expect(TemplateSet.indicatorsPartial.contains("{{eq.\(name)}}"), "\(indicator)'s equation is in the method section")
      #expect(Formulas.others[name] == nil, "\(indicator)'s equation is its own, not one of Formulas'")
    }
  }

  @Test(arguments: ["figure.nope", "table.nope", "block.nope", "eq.nope", "m.nope", "ref.fig.nope", "ref.tab.nope", "ref.eq.nope"])
  func unknownNameIsRefusedAtRenderTime(name: String) throws {
    let source = try #require(ReportBuilder.defaultTemplatesDirectory)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("memstudy-registry-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: source, to: dir)
    defer { try? FileManager.default.removeItem(at: dir) }
    let discussion = dir.appendingPathComponent("discussion.md")
    try (String(contentsOf: discussion, encoding: .utf8) + "\nSee {{\(name)}}.\n").write(to: discussion, atomically: true, encoding: .utf8)
    do {
      _ = try ReportBuilder.build(ReportInputs(results: try fixtureResults(), templatesDirectory: dir))
      Issue.record("{{\(name)}} rendered")
    } catch let error as ReportError {
      guard case .unknownTemplateName(let file, let written, let allowed) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(file.hasSuffix("body.md"), "the part that includes discussion.md")
      #expect(written == name)
      #expect(!allowed.isEmpty)
      #expect("\(error)".contains("{{\(name)}} names nothing the report has"))
    }
  }

  @Test func aFigureTheStudyDoesNotHaveIsDroppedWithItsCaption() throws {
    // The fixture has one depth: the depth figure is registered but not drawn.
    let html = try ReportBuilder.build(ReportInputs(results: try fixtureResults())).html
    #expect(!html.contains("fig-depth"))
    #expect(!html.contains("Depth against width"))
  }
}

extension RegistryTests {
  /// Templates/README.md, the template authors' reference, lists every name a template may cite.
  @Test func templatesReadmeListsEveryName() throws {
    let dir = try #require(ReportBuilder.defaultTemplatesDirectory)
    let readme = try String(contentsOf: dir.appendingPathComponent("README.md"), encoding: .utf8)
    for kind in FigureKind.allCases { #expect(readme.contains("{{figure.\(kind.name)}}"), "README lists figure \(kind.name)") }
    for kind in TableKind.allCases { #expect(readme.contains("{{table.\(kind.name)}}"), "README lists table \(kind.name)") }
    for kind in BlockKind.allCases { #expect(readme.contains("{{block.\(kind.name)}}"), "README lists block \(kind.name)") }
    // The indicators' equations are placed by `{{> indicators}}`, which the README lists.
    #expect(readme.contains("{{> indicators}}"), "README lists the indicators partial")
    for name in Formulas.others.keys { #expect(readme.contains("{{eq.\(name)}}"), "README lists equation \(name)") }
    for name in Formulas.inline.keys { #expect(readme.contains("{{m.\(name)}}"), "README lists symbol \(name)") }
  }
}
