import Analysis
import Foundation
import ReportGen

/// Writes a study for LaTeX into OUT: `tables/*.tex`, `figures/*.pdf` (converted from the
/// figures' SVG by `rsvg-convert`), `memstudy.bib` and `README.tex`. Everything is made in a
/// staging folder first; only when every figure has converted are the files moved into OUT, each
/// replacing its old version whole. Other files in OUT are left alone.
public struct ExportOutputs: Sendable {
  public let directory: URL

  public init(directory: URL) {
    self.directory = directory
  }

  /// The converter, found on PATH; its absence is bad set-up, named with the package to install.
  static func rsvgConvert(path: String? = ProcessInfo.processInfo.environment["PATH"]) throws -> URL {
    for dir in (path ?? "").split(separator: ":") where !dir.isEmpty {
      let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent("rsvg-convert")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    throw PublishInputError("export: rsvg-convert was not found on PATH; it converts the figures to PDF. Install Debian's librsvg2-bin (scripts/install-deps does), then run the export again")
  }

  /// Exports the study in `study` (a directory holding results.json). Returns the files written,
  /// relative to OUT.
  @discardableResult
  public func write(study: URL, generator: String, converter: URL? = nil) throws -> [String] {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: study.appendingPathComponent("results.json").path) else {
      throw PublishInputError("export: \(study.path) holds no results.json; run a study into it first (memstudy run --out \(study.path))")
    }
    if fm.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
      throw PublishInputError("export: --latex \(directory.path) is a file; name a folder")
    }
    let results: StudyResults
    do {
      results = try StudyOutputs.readResults(in: study)
    } catch {
      throw PublishInputError("export: \(error)")
    }
    let rsvg = try converter ?? Self.rsvgConvert()
    let export = LaTeXExport(results, generator: generator, folder: directory.standardizedFileURL.lastPathComponent)

    try fm.createDirectory(at: directory, withIntermediateDirectories: true)
    let staging = directory.appendingPathComponent(".staging-\(UUID().uuidString)")
    defer { try? fm.removeItem(at: staging) }
    var written: [String] = []
    for sub in ["tables", "figures"] {
      try fm.createDirectory(at: staging.appendingPathComponent(sub), withIntermediateDirectories: true)
    }
    for file in export.files {
      try Data(file.text.utf8).write(to: staging.appendingPathComponent(file.path))
      written.append(file.path)
    }
    for figure in export.figures {
      let svg = staging.appendingPathComponent("figures/\(figure.name).svg")
      try Data(figure.svg.utf8).write(to: svg)
      let pdf = "figures/\(figure.name).pdf"
      try Self.convert(svg, to: staging.appendingPathComponent(pdf), with: rsvg)
      try fm.removeItem(at: svg)
      written.append(pdf)
    }
    for path in written {
      let target = directory.appendingPathComponent(path)
      try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
      // rename(2) replaces an existing file in one step (staging is inside OUT, so on the same
      // file system); Foundation's replaceItemAt on Linux removes the old file first.
      let source = staging.appendingPathComponent(path)
      guard rename(source.path, target.path) == 0 else {
        throw StudyOutputsError(description: "could not move \(path) into \(directory.path): \(String(cString: strerror(errno)))")
      }
    }
    return written
  }

  /// `rsvg-convert -f pdf -o PDF SVG`; a failure names the figure and what the tool said.
  static func convert(_ svg: URL, to pdf: URL, with rsvg: URL) throws {
    let process = Process()
    process.executableURL = rsvg
    process.arguments = ["-f", "pdf", "-o", pdf.path, svg.path]
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: pdf.path) else {
      throw StudyOutputsError(description: "rsvg-convert could not convert \(svg.lastPathComponent) (exit \(process.terminationStatus)): \(String(decoding: message, as: UTF8.self))")
    }
  }
}
