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

  @Option(parsing: .unconditional, help: "Cells trained side by side, each single-threaded (default: the number of cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Flag(help: "Overwrite report.html, results.json, figures/… in a directory that is not a memstudy study.")
  var force = false

  @Flag(help: "Print the config as YAML and exit, without running.")
  var printConfig = false

  func validate() throws {
    if preset != nil && config != nil {
      throw ValidationError("give either --preset or --config, not both")
    }
    if jobs < 1 { throw ValidationError("--jobs \(jobs) is not allowed; expected an integer ≥ 1") }
    if let out, out.trimmingCharacters(in: .whitespaces).isEmpty {
      throw ValidationError("--out '\(out)' is empty; give a directory path (--out . for the current directory)")
    }
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
    let run = StudyRun(config: studyConfig, configYAML: yaml, directory: directory, jobs: jobs, command: command,
      source: source)
    // Every input is read and checked before the directory is touched; the directory is
    // checked and locked before anything trains, and held until the outputs are written.
    let space = try run.makeSpace()
    let lock = try StudyDirectory.prepare(directory, force: force, configYAML: yaml)
    let results = try withExtendedLifetime(lock) { try run.execute(space: space) }
    print(RecommendationTable.render(results))
    print("memstudy: wrote \(directory.appendingPathComponent("report.html").path) in \(String(format: "%.1f", results.provenance.wallSeconds)) s")
  }

  private func loadConfig() throws -> (StudyConfig, String, String) {
    if let config {
      let url = URL(fileURLWithPath: config)
      let (parsed, text) = try ConfigLoader.load(file: url)
      return (parsed, text, url.deletingPathExtension().lastPathComponent)
    }
    let preset = preset ?? .quick
    return (try preset.config(), preset.yaml, preset.rawValue)
  }
}

extension Preset: ExpressibleByArgument {}
