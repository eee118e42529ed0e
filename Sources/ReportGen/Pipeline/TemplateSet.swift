import Foundation
import Mustache

/// The report's Markdown templates: every `*.md` file of a directory, by name, so a template can
/// include another as a partial (`{{> method}}`).
///
/// The default set is the project's `Templates/` folder, shipped as a resource of this module;
/// `memstudy report --templates DIR` points at a user's copy.
struct TemplateSet {
  /// The parts of the page, rendered separately and placed by the pipeline.
  enum Part: String, CaseIterable {
    /// One line: the document title.
    case title
    /// The abstract, above the contents.
    case abstract
    /// The numbered sections (1, 1.1 …).
    case body
    /// The references, unnumbered.
    case references
    /// The appendix sections (A, A.1 …).
    case appendix
  }

  /// Put in front of every template so `{{value}}` is escaped for Markdown, not HTML; on a line
  /// of its own so it is a standalone tag and leaves no blank line.
  private static let prologue = "{{% CONTENT_TYPE: \(MarkdownText.name)}}\n"

  let directory: URL
  private let library: MustacheLibrary

  /// The templates shipped with ReportGen.
  static var defaultDirectory: URL? {
    Bundle.module.url(forResource: "Templates", withExtension: nil)
  }

  /// Loads every `.md` file of `directory` (or the default set). Throws when a part is missing
  /// or a template does not parse, naming the file and the line.
  static func load(from directory: URL?) throws -> TemplateSet {
    guard let directory = directory ?? defaultDirectory else {
      throw ReportError.templatesNotFound(path: "Templates (resource of ReportGen)")
    }
    MarkdownText.register()
    let files: [String]
    do {
      files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".md") && !$0.hasPrefix("README") }.sorted()
    } catch {
      throw ReportError.templatesNotFound(path: directory.path)
    }
    var library = MustacheLibrary()
    for file in files {
      let url = directory.appendingPathComponent(file)
      let text: String
      do {
        text = try String(contentsOf: url, encoding: .utf8)
      } catch {
        throw ReportError.unreadableTemplate(file: url.path, reason: "\(error)")
      }
      do {
        library.register(try MustacheTemplate(string: prologue + text), named: String(file.dropLast(3)))
      } catch let error as MustacheTemplate.ParserError {
        throw ReportError.templateSyntax(
          file: url.path, line: max(error.context.lineNumber - 1, 1), column: error.context.columnNumber,
          reason: "\(error.error)")
      }
    }
    for part in Part.allCases where library.getTemplate(named: part.rawValue) == nil {
      throw ReportError.missingTemplate(file: directory.appendingPathComponent(part.rawValue + ".md").path)
    }
    return TemplateSet(directory: directory, library: library)
  }

  /// The Markdown of one part, filled with `context`.
  func render(_ part: Part, context: [String: Any]) -> String {
    // Presence was checked at load time.
    library.render(context, withTemplate: part.rawValue) ?? ""
  }
}
