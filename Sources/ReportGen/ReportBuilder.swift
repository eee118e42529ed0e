import Analysis
import Foundation

/// A file the report embeds for download (`results.json`, `indicators.csv` …).
public struct DataFile: Sendable, Equatable {
  public var name: String
  public var mimeType: String
  public var data: Data
  /// For a compressed file, the file it was compressed from (what a rerun writes beside the
  /// report, and what the results fingerprint hashes); `nil` otherwise.
  public var original: (name: String, data: Data)?

  public init(name: String, mimeType: String, data: Data) {
    self.name = name
    self.mimeType = mimeType
    self.data = data
  }

  /// The file gzip-compressed, offered as `<name>.gz`: the report carries its data as base64,
  /// which inflates it by a third, so the long tables are compressed first (to about a fifth).
  public func gzipped() -> DataFile {
    var file = DataFile(name: name + ".gz", mimeType: "application/gzip", data: Gzip.compress(data))
    file.original = (name, data)
    return file
  }

  /// The uncompressed file's name and bytes: its own, or those it was compressed from.
  var uncompressed: (name: String, data: Data) { original ?? (name, data) }

  public static func == (a: DataFile, b: DataFile) -> Bool {
    a.name == b.name && a.mimeType == b.mimeType && a.data == b.data
      && a.original?.name == b.original?.name && a.original?.data == b.original?.data
  }
}

/// What a report is made from.
public struct ReportInputs: Sendable {
  public var results: StudyResults
  /// The config as the user wrote it; when nil the appendix shows the config re-emitted as YAML.
  public var configYAML: String?
  /// Files embedded as `data:` links in the appendix, in this order.
  public var dataFiles: [DataFile]
  /// A directory of Markdown templates to use instead of the defaults (`Templates/`).
  public var templatesDirectory: URL?
  /// A link above the title back to the page that lists this report (a site's index): the
  /// relative address and its text. `nil` for a study's own report.
  public var backLink: (href: String, text: String)?

  public init(
    results: StudyResults, configYAML: String? = nil, dataFiles: [DataFile] = [],
    templatesDirectory: URL? = nil, backLink: (href: String, text: String)? = nil
  ) {
    self.results = results
    self.configYAML = configYAML
    self.dataFiles = dataFiles
    self.templatesDirectory = templatesDirectory
    self.backLink = backLink
  }
}

/// One figure as a standalone SVG document, to be written as `figures/<name>.svg`.
public struct ReportFigure: Sendable, Equatable {
  public let name: String
  public let svg: String
}

/// A built report: one self-contained HTML page and its figures as files.
public struct Report: Sendable {
  public let html: String
  public let figures: [ReportFigure]
}

/// Results → figures → filled templates → cmark → page.
public enum ReportBuilder {
  /// The templates shipped with memstudy, for `--templates` users to copy and edit.
  public static var defaultTemplatesDirectory: URL? { TemplateSet.defaultDirectory }

  public static func build(_ inputs: ReportInputs) throws -> Report {
    let results = inputs.results
    let grid = StudyGrid(results)

    // Pass 1: figures, tables and blocks, the pipeline's own markup.
    let figures = FigureKind.drawAll(results)
    var tables: [String: Markup] = [:]
    for kind in TableKind.allCases {
      if let table = Self.table(kind, results, grid: grid) { tables[kind.name] = table }
    }
    var blocks: [String: Markup] = [:]
    for kind in BlockKind.allCases {
      blocks[kind.name] = switch kind {
      case .command: codeBlock(results.provenance.command, language: "shell")
      case .config: codeBlock(inputs.configYAML ?? ConfigYAML.render(results.config), language: "yaml")
      case .bibtex: codeBlock(Citation.bibtex(results), language: "bibtex")
      case .downloads: downloads(inputs.dataFiles)
      case .fingerprint: fingerprint(inputs.dataFiles)
      }
    }

    // Pass 2: templates filled with values and markers.
    let templates = try TemplateSet.load(from: inputs.templatesDirectory)
    let context = TemplateContext.make(
      results, grid: grid, figures: figures.map(\.name), tables: tables.keys.sorted())

    // Pass 3: Markdown to HTML, then the pipeline's blocks, numbers and references.
    var assembler = PageAssembler(
      figures: Dictionary(uniqueKeysWithValues: figures.map { ($0.name, $0.markup) }),
      tables: tables, blocks: blocks)
    var html: [TemplateSet.Part: Markup] = [:]
    for part in TemplateSet.Part.allCases {
      html[part] = assembler.placeBlocks(Markdown.html(try templates.render(part, context: context)))
    }
    // Headings first, so cross-references to sections resolve along with figures and tables.
    var toc: [PageAssembler.TOCEntry] = []
    var unlisted: [PageAssembler.TOCEntry] = []
    html[.abstract] = assembler.numberHeadings(html[.abstract]!, .none, toc: &unlisted)
    html[.body] = assembler.numberHeadings(html[.body]!, .arabic, toc: &toc)
    html[.references] = assembler.numberHeadings(html[.references]!, .none, toc: &toc)
    html[.appendix] = assembler.numberHeadings(html[.appendix]!, .letters, toc: &toc)
    let resolved = html.mapValues(assembler.resolveInline)

    // Pass 4: the page.
    let page = Page(
      title: resolved[.title]!, abstract: resolved[.abstract]!, toc: PageAssembler.tableOfContents(toc),
      body: resolved[.body]!, references: resolved[.references]!, appendix: resolved[.appendix]!, provenance: results.provenance, studyName: results.config.name,
      backLink: inputs.backLink)
    return Report(html: page.html, figures: figures.map { ReportFigure(name: $0.name, svg: $0.svg(standalone: true)) })
  }

  private static func codeBlock(_ text: String, language: String) -> Markup {
    .element("pre", markup: .element("code", ["class": "language-\(language)"], text: text))
  }

  /// Each file as a `data:` link with a `download` name, so the page carries its own data.
  private static func downloads(_ files: [DataFile]) -> Markup {
    guard !files.isEmpty else { return .element("p", text: "No data files were attached to this report.") }
    var w = HTMLWriter()
    w.element("ul", ["class": "downloads"]) { w in
      w.newline()
      for file in files {
        // A MIME type is tokens and a slash; anything else could break out of the URL.
        let mimeOK = file.mimeType.range(of: #"^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+$"#, options: .regularExpression) != nil
        let mime = mimeOK ? file.mimeType : "application/octet-stream"
        w.line("li") { w in
          w.element("a", ["download": file.name, "href": "data:\(mime);base64,\(file.data.base64EncodedString())"], text: file.name)
          w.text(" ")
          w.element("span", ["class": "size"], text: "(\(size(file.data.count)))")
        }
      }
    }
    return w.markup
  }

  /// The table `kind` of `results`, or `nil` where the study has none (no problem runs, no
  /// other test lengths, no corpus, σ not measured).
  private static func table(_ kind: TableKind, _ results: StudyResults, grid: StudyGrid) -> Markup? {
    switch kind {
    case .indicators: ReportTables.indicators(results, grid: grid).html
    case .recommendations: ReportTables.recommendations(results, grid: grid).html
    case .provenance: ReportTables.provenance(results).html
    case .problems: ReportTables.problemCells(results, grid: grid)?.html
    case .generalisation: ReportTables.generalisation(results, grid: grid)?.html
    case .examples: results.examples.map { ReportCorpus.examplesTable($0).html }
    case .held:
      results.cells.contains(where: { $0.eval.contains(where: \.hasSubstitution) })
        ? ReportTables.heldMemory(results, grid: grid).html : nil
    }
  }

  /// The SHA-256 of `indicators.csv`, the results fingerprint a rerun reproduces.
  private static func fingerprint(_ files: [DataFile]) -> Markup {
    let csv = Markup.element("code", text: "indicators.csv")
    // The download is compressed (`indicators.csv.gz`): hash the CSV a rerun writes.
    guard let indicators = files.map(\.uncompressed).first(where: { $0.name == "indicators.csv" }) else {
      return .element("p", markup: .text("No ") + csv + .text(" was attached to this report."))
    }
    return .element("p", ["class": "fingerprint"], markup: .text("SHA-256 of ") + csv + .text(": ") + .element("code", text: SHA256.hex(indicators.data)))
  }

  private static func size(_ bytes: Int) -> String {
    bytes < 1000 ? "\(bytes) B"
      : bytes < 1_000_000 ? NumberFormat.display(Double(bytes) / 1000, decimals: 1) + " kB"
      : NumberFormat.display(Double(bytes) / 1_000_000, decimals: 1) + " MB"
  }
}
