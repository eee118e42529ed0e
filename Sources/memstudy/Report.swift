import ArgumentParser
import Foundation
import StudyRunner

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Re-render a study's report from DIR/results.json, without training.",
    discussion: """
      Rewrites DIR/report.html, DIR/figures/*.svg and the data files DIR/indicators.csv and \
      DIR/curves.csv from DIR/results.json (the CSV files are regenerated, so edits to them are \
      lost). The new set replaces the old one only once all of it is written.
      """)

  @Argument(help: "A study directory holding results.json.")
  var directory: String

  @Option(help: "A folder of Markdown templates to use instead of the built-in ones.")
  var templates: String?

  func run() throws {
    let dir = URL(fileURLWithPath: directory)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw UsageError(description: "\(dir.appendingPathComponent("results.json").path) does not exist: run a study into \(directory) first (memstudy run --out \(directory))")
    }
    if let templates {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: templates, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw UsageError(description: "--templates \(templates): not a directory")
      }
    }
    // Locked first, so no run writes the directory meanwhile (and one that does is named).
    let lock = try StudyDirectory.prepare(dir, force: true)
    try withExtendedLifetime(lock) {
      guard FileManager.default.fileExists(atPath: dir.appendingPathComponent("results.json").path) else {
        throw UsageError(description: "\(dir.appendingPathComponent("results.json").path) does not exist: run a study into \(directory) first (memstudy run --out \(directory))")
      }
      let results = try StudyOutputs.readResults(in: dir)
      try StudyOutputs(
        directory: dir, configYAML: nil,
        templatesDirectory: templates.map { URL(fileURLWithPath: $0) }
      ).write(results)
    }
    print("memstudy: wrote \(dir.appendingPathComponent("report.html").path)")
  }
}
