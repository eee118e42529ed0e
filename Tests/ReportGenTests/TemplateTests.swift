import Analysis
import Foundation
import Testing

@testable import ReportGen

@Suite struct TemplateTests {
  func copyOfDefaults() throws -> URL {
    let source = try #require(ReportBuilder.defaultTemplatesDirectory)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("memstudy-templates-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: source, to: dir)
    return dir
  }

  @Test func defaultTemplatesShipWithTheModule() throws {
    let dir = try #require(ReportBuilder.defaultTemplatesDirectory)
    for part in TemplateSet.Part.allCases {
      #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(part.rawValue + ".md").path))
    }
  }

  @Test func userTemplatesReplaceTheDefaults() throws {
    let dir = try copyOfDefaults()
    defer { try? FileManager.default.removeItem(at: dir) }
    try "A shorter title for {{study.name}}\n".write(to: dir.appendingPathComponent("title.md"), atomically: true, encoding: .utf8)
    let html = try ReportBuilder.build(ReportInputs(results: try fixtureResults(), templatesDirectory: dir)).html
    #expect(html.contains("<h1>A shorter title for small-synthetic</h1>"))
  }

  @Test func missingTemplateIsNamed() throws {
    let dir = try copyOfDefaults()
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.removeItem(at: dir.appendingPathComponent("appendix.md"))
    #expect(throws: ReportError.missingTemplate(file: dir.appendingPathComponent("appendix.md").path)) {
      try ReportBuilder.build(ReportInputs(results: try fixtureResults(), templatesDirectory: dir))
    }
  }

  @Test func mustacheErrorNamesFileAndLine() throws {
    let dir = try copyOfDefaults()
    defer { try? FileManager.default.removeItem(at: dir) }
    try "## Method\n\nText {{#open}} never closed\n".write(to: dir.appendingPathComponent("method.md"), atomically: true, encoding: .utf8)
    do {
      _ = try ReportBuilder.build(ReportInputs(results: try fixtureResults(), templatesDirectory: dir))
      Issue.record("expected a template error")
    } catch let error as ReportError {
      guard case .templateSyntax(let file, let line, _, _) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(file.hasSuffix("method.md"))
      #expect(line >= 3)
    }
  }

  @Test func missingDirectoryIsNamed() {
    let dir = URL(fileURLWithPath: "/nonexistent/templates")
    #expect(throws: ReportError.templatesNotFound(path: dir.path)) {
      try ReportBuilder.build(ReportInputs(results: try fixtureResults(), templatesDirectory: dir))
    }
  }
}
