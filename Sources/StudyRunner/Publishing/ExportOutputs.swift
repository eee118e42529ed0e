import Analysis
import Foundation
import ReportGen

/// Writes a study for LaTeX into OUT: `tables/*.tex`, `figures/*.pdf` (converted from the
/// figures' SVG by `rsvg-convert`), `memstudy.bib` and `README.tex`, recorded in
/// `OUT/.memstudy-export`. Everything is made in a staging folder first; only when every figure
/// has converted is the set moved into OUT, replacing the previous export as a whole. Other files
/// in OUT (with `--force`) are left alone.
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

  /// Names in OUT that are memstudy's: the record of the last export (the files it wrote, one
  /// per line), and the staging folder a set is assembled in before it replaces the last one.
  static let recordName = ".memstudy-export"
  static let stagingName = ".memstudy-export-staging"

  /// Exports the study in `study` (a directory holding results.json). Returns the files written,
  /// relative to OUT.
  ///
  /// OUT must be new, empty, or an export memstudy wrote (`force` writes beside other files,
  /// never over them). The set is written into a staging folder in OUT, marked complete, then
  /// moved into place file by file, and the files of the previous export that the new one does
  /// not have are removed: a process killed during those moves leaves a complete staging folder
  /// that the next export finishes first, so OUT settles on one whole set.
  @discardableResult
  public func write(
    study: URL, generator: String, converter: URL? = nil, force: Bool = false,
    figureWidth: Double = LaTeXExport.defaultTextWidth
  ) throws -> [String] {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard !directory.path.isEmpty else { throw PublishInputError("export: --latex is empty; name a folder") }
    guard fm.fileExists(atPath: study.appendingPathComponent("results.json").path) else {
      throw PublishInputError("export: \(study.path) holds no results.json; run a study into it first (memstudy run --out \(study.path))")
    }
    if fm.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else { throw PublishInputError("export: --latex \(directory.path) is a file; name a folder") }
      try Self.recover(in: directory)
      let contents = try fm.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".staging-") }
      if !force, !contents.isEmpty, !contents.contains(Self.recordName), !Self.isOlderExport(directory) {
        let shown = contents.sorted().prefix(3).joined(separator: ", ") + (contents.count > 3 ? ", …" : "")
        throw PublishInputError("export: --latex \(directory.path) holds files memstudy did not write (\(shown)); choose a new or empty folder, or add --force to write beside them (memstudy replaces only its own files)")
      }
    }
    let results: StudyResults
    do {
      results = try StudyOutputs.readResults(in: study)
    } catch {
      throw PublishInputError("export: \(error)")
    }
    let rsvg = try converter ?? Self.rsvgConvert()
    let export = LaTeXExport(
      results, generator: generator, folder: directory.standardizedFileURL.lastPathComponent, textWidth: figureWidth)

    try fm.createDirectory(at: directory, withIntermediateDirectories: true)
    // Staging folders of killed runs of older memstudy versions (`.staging-<UUID>`) are ours.
    for name in try fm.contentsOfDirectory(atPath: directory.path) where name.hasPrefix(".staging-") {
      try? fm.removeItem(at: directory.appendingPathComponent(name))
    }
    let staging = directory.appendingPathComponent(Self.stagingName)
    try? fm.removeItem(at: staging)
    var written: [String] = []
    do {
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
      try Data((written.joined(separator: "\n") + "\n").utf8).write(to: staging.appendingPathComponent(Self.recordName))
      try Data().write(to: staging.appendingPathComponent(StudyOutputs.completeMarker))
    } catch {
      try? fm.removeItem(at: staging)
      throw error
    }
    try Self.commit(staging, into: directory)
    return written
  }

  /// Whether `directory` holds an export of a memstudy from before the record, recognised by
  /// its README.tex.
  static func isOlderExport(_ directory: URL) -> Bool {
    (try? TextFile.read(directory.appendingPathComponent("README.tex"), maxBytes: 1_000_000))?
      .hasPrefix("% memstudy export of the study") == true
  }

  /// Finishes an export that a killed process left complete in staging, or drops an incomplete one.
  static func recover(in directory: URL) throws {
    try StudyOutputs.recover(staging: directory.appendingPathComponent(stagingName)) { try commit($0, into: directory) }
  }

  /// Moves a complete staging folder's files into OUT (rename: each replaces its old version
  /// whole), removes the previous export's files the new set does not have, and writes the
  /// record last. Run again on the same staging folder, it does what is left.
  private static func commit(_ staging: URL, into directory: URL) throws {
    let fm = FileManager.default
    let record = directory.appendingPathComponent(recordName)
    // The record in OUT is read like any input (a FIFO or a huge file planted there is refused,
    // and then only the new set's files are replaced); the staged one is this process's own.
    func paths(_ url: URL) -> [String] {
      ((try? TextFile.read(url, maxBytes: 1_000_000)) ?? "").split(separator: "\n").map(String.init)
    }
    let previous = paths(record)
    let current = paths(staging.appendingPathComponent(recordName))
    for path in current {
      let source = staging.appendingPathComponent(path)
      guard fm.fileExists(atPath: source.path) else { continue }  // moved by an earlier attempt
      let target = directory.appendingPathComponent(path)
      try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
      // rename(2) replaces an existing file in one step (staging is inside OUT, so on the same
      // file system); Foundation's replaceItemAt on Linux removes the old file first.
      guard rename(source.path, target.path) == 0 else {
        throw StudyOutputsError(description: "could not move \(path) into \(directory.path): \(String(cString: strerror(errno)))")
      }
    }
    // Only paths an export of memstudy's writes (tables/…, figures/…, README.tex, memstudy.bib)
    // are removed, so a hand-edited record cannot remove anything else.
    let ours = { (path: String) in
      (path.hasPrefix("tables/") || path.hasPrefix("figures/") || path == "README.tex" || path == "memstudy.bib")
        && !path.contains("..") && path.split(separator: "/").count <= 2
    }
    for path in Set(previous).subtracting(current) where ours(path) {
      try? fm.removeItem(at: directory.appendingPathComponent(path))
    }
    guard rename(staging.appendingPathComponent(recordName).path, record.path) == 0 else {
      throw StudyOutputsError(description: "could not record the export in \(directory.path): \(String(cString: strerror(errno)))")
    }
    try? fm.removeItem(at: staging)
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
