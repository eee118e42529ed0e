import Analysis
import Foundation
import ReportGen

/// Writes a study's files: `config.yaml`, `results.json`, `indicators.csv`, `curves.csv`,
/// `figures/*.svg` and `report.html`. Everything is rendered in memory first, so a template
/// error writes nothing; then every file is written whole to a temporary name and renamed, so
/// a reader never sees half a file.
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

  public func write(_ results: StudyResults) throws {
    let json = try results.encoded()
    let indicators = Data(DataTables.indicators(results).utf8)
    let curves = Data(DataTables.curves(results).utf8)
    let yaml = configYAML ?? (try? String(contentsOf: configURL, encoding: .utf8))
    let report = try ReportBuilder.build(ReportInputs(
      results: results, configYAML: yaml,
      // The files travel gzip-compressed (deterministic bytes): base64 of the plain tables
      // made the paper preset's page 8.7 MB; compressed it stays under 3 MB.
      dataFiles: [
        DataFile(name: "results.json", mimeType: "application/json", data: json).gzipped(),
        DataFile(name: "indicators.csv", mimeType: "text/csv", data: indicators).gzipped(),
        DataFile(name: "curves.csv", mimeType: "text/csv", data: curves).gzipped(),
      ],
      templatesDirectory: templatesDirectory))

    let figures = directory.appendingPathComponent("figures")
    try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
    if let configYAML {
      try Data(configYAML.utf8).write(to: configURL, options: .atomic)
    }
    try json.write(to: directory.appendingPathComponent("results.json"), options: .atomic)
    try indicators.write(to: directory.appendingPathComponent("indicators.csv"), options: .atomic)
    try curves.write(to: directory.appendingPathComponent("curves.csv"), options: .atomic)
    for figure in report.figures {
      try Data(figure.svg.utf8).write(to: figures.appendingPathComponent("\(figure.name).svg"), options: .atomic)
    }
    try Data(report.html.utf8).write(to: directory.appendingPathComponent("report.html"), options: .atomic)
  }

  /// Reads a study directory's `results.json`.
  public static func readResults(in directory: URL) throws -> StudyResults {
    let url = directory.appendingPathComponent("results.json")
    do {
      return try StudyResults.decode(from: Data(contentsOf: url))
    } catch {
      throw StudyOutputsError(description: "\(url.path) is not a memstudy results file: \(error)")
    }
  }
}

public struct StudyOutputsError: Error, CustomStringConvertible {
  public let description: String
}
