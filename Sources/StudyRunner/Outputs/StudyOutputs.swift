import Analysis
import Foundation
import ReportGen

/// Writes a study's files: `config.yaml`, `results.json`, `indicators.csv`, `curves.csv`,
/// `figures/*.svg` and `report.html`, as one set.
///
/// Everything is rendered in memory first, so a template error writes nothing. Then the set is
/// written whole into `DIR/.memstudy-staging/`, which a full disk or any write error discards,
/// leaving the previous set untouched. Only a complete staging folder is marked `COMPLETE` and
/// moved into place, file by file with `rename` (atomic each); should the process die during
/// those renames, the next `memstudy run` or `report` on the directory finishes them first
/// (`recover(in:)`), so the directory always settles on one whole set: the last complete one.
public struct StudyOutputs: Sendable {
  public let directory: URL
  /// The config as the user wrote it; `nil` keeps the study's `config.yaml` (if any).
  public let configYAML: String?
  public let templatesDirectory: URL?

  public init(directory: URL, configYAML: String?, templatesDirectory: URL? = nil) {
    self.directory = directory
    self.configYAML = configYAML
    self.templatesDirectory = templatesDirectory
  }

  var configURL: URL { directory.appendingPathComponent("config.yaml") }

  static let stagingName = ".memstudy-staging"
  static let completeMarker = "COMPLETE"

  /// A study's data files and its report, rendered in memory from `results`: what `write`
  /// commits, and what a site publishes of a study (never the bytes found in its directory).
  public struct Rendered: Sendable {
    public var json: Data
    public var indicators: Data
    public var curves: Data
    public var report: Report
  }

  /// Renders `results` with the config text `configYAML` (`nil`: the YAML of `results.config`).
  /// `backLink`: a link above the title to the page that lists the report (a site's index).
  public static func render(
    _ results: StudyResults, configYAML: String?, templatesDirectory: URL?,
    backLink: (href: String, text: String)? = nil
  ) throws -> Rendered {
    let json = try results.encoded()
    let indicators = Data(DataTables.indicators(results).utf8)
    let curves = Data(DataTables.curves(results).utf8)
    let report = try ReportBuilder.build(ReportInputs(
      results: results, configYAML: configYAML,
      // The files travel gzip-compressed (deterministic bytes): base64 of the plain tables
      // made the paper preset's page 8.7 MB; compressed it stays under 3 MB.
      dataFiles: [
        DataFile(name: "results.json", mimeType: "application/json", data: json).gzipped(),
        DataFile(name: "indicators.csv", mimeType: "text/csv", data: indicators).gzipped(),
        DataFile(name: "curves.csv", mimeType: "text/csv", data: curves).gzipped(),
      ],
      templatesDirectory: templatesDirectory, backLink: backLink))
    return Rendered(json: json, indicators: indicators, curves: curves, report: report)
  }

  public func write(_ results: StudyResults) throws {
    let yaml = configYAML ?? (try? String(contentsOf: configURL, encoding: .utf8))
    let rendered = try Self.render(results, configYAML: yaml, templatesDirectory: templatesDirectory)

    var files: [(String, Data)] = []
    if let configYAML { files.append(("config.yaml", Data(configYAML.utf8))) }
    files += [("results.json", rendered.json), ("indicators.csv", rendered.indicators), ("curves.csv", rendered.curves)]
    for figure in rendered.report.figures {
      files.append(("figures/\(figure.name).svg", Data(figure.svg.utf8)))
    }
    files.append(("report.html", Data(rendered.report.html.utf8)))

    let manager = FileManager.default
    let staging = directory.appendingPathComponent(Self.stagingName)
    try? manager.removeItem(at: staging)
    do {
      try manager.createDirectory(at: staging.appendingPathComponent("figures"), withIntermediateDirectories: true)
      for (name, data) in files {
        try Self.writeDurably(data, to: staging.appendingPathComponent(name))
      }
      try Self.writeDurably(Data(), to: staging.appendingPathComponent(Self.completeMarker))
    } catch {
      try? manager.removeItem(at: staging)
      throw StudyOutputsError(description: "could not write the study's outputs in \(directory.path) (\(StudyDirectory.reason(error))); the previous outputs are left as they were")
    }
    try Self.commit(staging, into: directory)
  }

  /// Finishes a commit that a killed process left half done, or drops a staging folder that
  /// never became complete.
  static func recover(in directory: URL) throws {
    try recover(staging: directory.appendingPathComponent(stagingName)) { try commit($0, into: directory) }
  }

  /// The rule of every staged set memstudy writes (a study's outputs, an export): a staging
  /// folder marked `completeMarker` is finished by `commit`, one without the mark is dropped.
  static func recover(staging: URL, commit: (URL) throws -> Void) throws {
    guard FileManager.default.fileExists(atPath: staging.path) else { return }
    if FileManager.default.fileExists(atPath: staging.appendingPathComponent(completeMarker).path) {
      try commit(staging)
    } else {
      try? FileManager.default.removeItem(at: staging)
    }
  }

  /// Moves every file of a complete staging folder into place: the figures folder as a whole
  /// (so figures of an older set do not linger), then each top-level file, `report.html` last.
  private static func commit(_ staging: URL, into directory: URL) throws {
    let manager = FileManager.default
    func move(_ name: String) throws {
      let from = staging.appendingPathComponent(name), to = directory.appendingPathComponent(name)
      guard rename(from.path, to.path) == 0 else {
        throw StudyOutputsError(description: "could not move \(name) into \(directory.path): \(String(cString: strerror(errno)))")
      }
    }
    let stagedFigures = staging.appendingPathComponent("figures")
    if manager.fileExists(atPath: stagedFigures.path) {
      let old = directory.appendingPathComponent(".memstudy-old-figures")
      try? manager.removeItem(at: old)
      let figures = directory.appendingPathComponent("figures")
      if manager.fileExists(atPath: figures.path) { _ = rename(figures.path, old.path) }
      try move("figures")
      try? manager.removeItem(at: old)
    }
    let names = ((try? manager.contentsOfDirectory(atPath: staging.path)) ?? [])
      .filter { $0 != completeMarker && $0 != "figures" }
      .sorted { ($0 == "report.html" ? 1 : 0, $0) < ($1 == "report.html" ? 1 : 0, $1) }
    for name in names { try move(name) }
    try? manager.removeItem(at: staging)
  }

  /// Writes and flushes a file, so a complete staging folder is complete on disk too.
  private static func writeDurably(_ data: Data, to url: URL) throws {
    let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    defer { close(fd) }
    try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
      var offset = 0
      while offset < buffer.count {
        let written = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
        guard written > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        offset += written
      }
    }
    guard fsync(fd) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
  }

  /// Reads a study directory's `results.json`, refusing one that is damaged or edited out of
  /// range (`ResultsFileError`, naming the file and the first problems).
  public static func readResults(in directory: URL) throws -> StudyResults {
    let url = directory.appendingPathComponent("results.json")
    let results: StudyResults
    do {
      let data = try TextFile.read(url, maxBytes: MemoryEstimate.available / 8)
      results = try StudyResults.decode(from: Data(data.utf8))
    } catch let error as TextFile.ReadError {
      throw ResultsFileError(description: "\(url.path) \(error)")
    } catch {
      throw ResultsFileError(description: "\(url.path) is not a memstudy results file: \(ResultsFileError.summary(error))")
    }
    let problems = results.problems
    guard problems.isEmpty else {
      let more = problems.count > 5 ? "\n  … and \(problems.count - 5) more" : ""
      throw ResultsFileError(description: "\(url.path) holds values no study produces:\n" + problems.prefix(5).map { "  - \($0)" }.joined(separator: "\n") + more)
    }
    return results
  }
}

/// The study's outputs could not be written (a full disk, a vanished directory): a failure
/// while running (exit 1); the previous outputs are intact.
struct StudyOutputsError: Error, CustomStringConvertible {
  public let description: String
}

/// A `results.json` that cannot be used: bad input (exit 2).
public struct ResultsFileError: Error, CustomStringConvertible {
  public let description: String

  /// A decoding error in a line: the key path and what was expected, without Foundation's dump.
  static func summary(_ error: Error) -> String {
    func path(_ context: DecodingError.Context) -> String {
      let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
      return keys.isEmpty ? "the top level" : String(keys.drop { $0 == "." }.prefix(200))
    }
    switch error {
    case DecodingError.typeMismatch(let type, let context): return "\(path(context)): expected \(type)"
    case DecodingError.valueNotFound(let type, let context): return "\(path(context)): expected \(type), found null"
    case DecodingError.keyNotFound(let key, let context): return "\(path(context)): key \(key.stringValue.prefix(80)) is missing"
    case DecodingError.dataCorrupted(let context):
      return "\(path(context)): \(String(context.debugDescription.prefix(200)))"
    default: return String("\(error)".prefix(300))
    }
  }
}
