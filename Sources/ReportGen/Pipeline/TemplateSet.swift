import Analysis
import Foundation
import Mustache

/// The report's Markdown templates: every `*.md` file of a directory, by name, so a template can
/// include another as a partial (`{{> method}}`), and `{{> indicators}}`, the indicators'
/// definitions written from `Indicator` (a file `indicators.md` replaces it).
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
    library.register(try MustacheTemplate(string: prologue + indicatorsPartial), named: "indicators")
    var includes: [String: (file: String, names: [String])] = [:]
    for file in files {
      let url = directory.appendingPathComponent(file)
      // Only regular files of the folder itself: a symbolic link (to ~/.ssh/id_rsa, say)
      // would otherwise be embedded in a page meant for publishing.
      let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
      guard attributes?[.type] as? FileAttributeType == .typeRegular else {
        throw ReportError.unreadableTemplate(file: url.path, reason: "not a regular file (a symbolic link or a folder); templates must be plain files inside the templates folder")
      }
      let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
      guard size <= 1_000_000 else {
        throw ReportError.unreadableTemplate(file: url.path, reason: "\(size) bytes; a template is at most 1 MB")
      }
      let text: String
      do {
        text = try String(contentsOf: url, encoding: .utf8)
      } catch {
        throw ReportError.unreadableTemplate(file: url.path, reason: "not UTF-8 text")
      }
      includes[String(file.dropLast(3))] = (url.path, try partials(in: text, file: url.path))
      do {
        library.register(try MustacheTemplate(string: prologue + text), named: String(file.dropLast(3)))
      } catch let error as MustacheTemplate.ParserError {
        throw ReportError.templateSyntax(
          file: url.path, line: max(error.context.lineNumber - 1, 1), column: error.context.columnNumber,
          reason: "\(error.error)")
      } catch {
        throw ReportError.unreadableTemplate(file: url.path, reason: "\(error)")
      }
    }
    try checkNoCycle(includes)
    for part in Part.allCases where library.getTemplate(named: part.rawValue) == nil {
      throw ReportError.missingTemplate(file: directory.appendingPathComponent(part.rawValue + ".md").path)
    }
    return TemplateSet(directory: directory, library: library)
  }

  /// The method section's text of every indicator, each with its defining equation, in
  /// `Indicator.methodOrder` (the ones it does not list after it): the `indicators` partial.
  static var indicatorsPartial: String {
    let order = Indicator.methodOrder + Indicator.allCases.filter { !Indicator.methodOrder.contains($0) }
    return order.compactMap { indicator -> String? in
      let entry = indicator.entry
      guard let method = entry.method else { return nil }
      return [method.before, "{{eq.\(entry.equationName)}}", method.after].filter { !$0.isEmpty }.joined(separator: "\n\n")
    }.joined(separator: "\n\n")
  }

  /// Sections nested deeper than this are refused: the template parser recurses once per level.
  static let maximumNesting = 64

  /// The partials (`{{> name}}`) and parents (`{{< name}}`) a template includes. Tags that would
  /// hide an include from this scan (new delimiters) or choose it at render time (dynamic
  /// names) are refused: an include cycle would recurse until the stack overflows. So are
  /// sections nested past `maximumNesting`, for the same reason.
  static func partials(in text: String, file: String) throws -> [String] {
    var names: [String] = []
    var rest = Substring(text)
    var line = 1
    var depth = 0
    while let open = rest.range(of: "{{") {
      line += rest[..<open.lowerBound].filter { $0 == "\n" }.count
      let tag = rest[open.upperBound...].drop { $0 == " " }
      rest = rest[open.upperBound...]
      guard let sigil = tag.first else { break }
      if sigil == "=" {
        throw ReportError.templateSyntax(file: file, line: line, column: 1, reason: "custom delimiters ({{=…=}}) are not supported in report templates")
      }
      if "#^$<".contains(sigil) { depth += 1 }
      if sigil == "/" { depth -= 1 }
      if depth > maximumNesting {
        throw ReportError.templateSyntax(file: file, line: line, column: 1, reason: "sections nested more than \(maximumNesting) deep")
      }
      guard sigil == ">" || sigil == "<" else { continue }
      let inner = tag.dropFirst().prefix { $0 != "}" }.trimmingCharacters(in: .whitespaces)
      if inner.hasPrefix("*") {
        throw ReportError.templateSyntax(file: file, line: line, column: 1, reason: "dynamic partials ({{>*name}}) are not supported in report templates")
      }
      names.append(inner)
    }
    return names
  }

  /// Throws when templates include each other in a cycle (`body` → `method` → `body`).
  static func checkNoCycle(_ includes: [String: (file: String, names: [String])]) throws {
    var done: Set<String> = []
    func visit(_ name: String, _ path: [String]) throws {
      if path.contains(name) {
        let cycle = (path.drop { $0 != name } + [name]).joined(separator: " → ")
        throw ReportError.templateSyntax(file: includes[path[0]]?.file ?? name, line: 1, column: 1, reason: "templates include each other in a cycle: \(cycle)")
      }
      guard !done.contains(name), let entry = includes[name] else { return }
      for next in entry.names { try visit(next, path + [name]) }
      done.insert(name)
    }
    for name in includes.keys.sorted() { try visit(name, []) }
  }

  /// The Markdown of one part, filled with `context`. Throws when the part (or a template it
  /// includes) cites a figure, table, block, equation or symbol no registry has.
  func render(_ part: Part, context: [String: Any]) throws -> String {
    // Presence was checked at load time.
    let text = library.render(context, withTemplate: part.rawValue) ?? ""
    try Marker.checkNames(in: text, file: directory.appendingPathComponent(part.rawValue + ".md").path)
    return text
  }
}
