import Analysis
import ArgumentParser
import Foundation
import StudyRunner

struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a study (train the grid, evaluate, recommend) and write its report.",
    discussion: """
      Writes DIR/results.json, indicators.csv, curves.csv, figures/*.svg, report.html and one
      file per finished cell under DIR/cells/. Rerunning the same command after an interruption
      skips the finished cells.
      """)

  @Option(help: "A built-in study: \(Preset.allCases.map(\.rawValue).joined(separator: ", ")). The default when no --config is given is quick.")
  var preset: Preset?

  @Option(help: "A study config (YAML). Start from `memstudy run --preset quick --print-config`.")
  var config: String?

  @Option(help: "The study directory (default: output/<preset or config name>).")
  var out: String?

  @Option(help: "Cells trained side by side, each single-threaded (default: the number of cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Flag(help: "Print the config as YAML and exit, without running.")
  var printConfig = false

  func validate() throws {
    if preset != nil && config != nil {
      throw ValidationError("give either --preset or --config, not both")
    }
    if jobs < 1 { throw ValidationError("--jobs \(jobs) is not allowed; expected an integer ≥ 1") }
  }

  func run() throws {
    let (studyConfig, yaml, defaultName) = try loadConfig()
    let source = config.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "preset \((preset ?? .quick).rawValue)"
    if printConfig {
      print(yaml, terminator: yaml.hasSuffix("\n") ? "" : "\n")
      return
    }
    let directory = URL(fileURLWithPath: out ?? "output/\(defaultName)")
    let command = (["memstudy"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
    let results = try StudyRun(
      config: studyConfig, configYAML: yaml, directory: directory, jobs: jobs, command: command,
      source: source
    ).execute()
    print(RecommendationTable.render(results))
    print("memstudy: wrote \(directory.appendingPathComponent("report.html").path) in \(String(format: "%.1f", results.provenance.wallSeconds)) s")
  }

  private func loadConfig() throws -> (StudyConfig, String, String) {
    if let config {
      let url = URL(fileURLWithPath: config)
      guard FileManager.default.isReadableFile(atPath: url.path) else {
        throw UsageError(description: "--config \(config): no readable file there")
      }
      let (parsed, text) = try ConfigLoader.load(file: url)
      return (parsed, text, url.deletingPathExtension().lastPathComponent)
    }
    let preset = preset ?? .quick
    return (try preset.config(), preset.yaml, preset.rawValue)
  }
}

extension Preset: ExpressibleByArgument {}
