import ArgumentParser
import Foundation
import StudyRunner

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Re-render DIR/report.html (and DIR/figures) from DIR/results.json, without training.")

  @Argument(help: "A study directory holding results.json.")
  var directory: String

  @Option(help: "A folder of Markdown templates to use instead of the built-in ones.")
  var templates: String?

  func run() throws {
    let dir = URL(fileURLWithPath: directory)
    guard FileManager.default.fileExists(atPath: dir.appendingPathComponent("results.json").path) else {
      throw UsageError(description: "\(dir.appendingPathComponent("results.json").path) does not exist: run a study into \(directory) first (memstudy run --out \(directory))")
    }
    let results = try StudyOutputs.readResults(in: dir)
    if let templates {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: templates, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw UsageError(description: "--templates \(templates): not a directory")
      }
    }
    try StudyOutputs(
      directory: dir, configYAML: nil,
      templatesDirectory: templates.map { URL(fileURLWithPath: $0) }
    ).write(results)
    print("memstudy: wrote \(dir.appendingPathComponent("report.html").path)")
  }
}
