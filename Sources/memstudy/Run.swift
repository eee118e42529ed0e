import Analysis
import ArgumentParser
import Foundation
import StudyRunner

struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a study (train the grid, evaluate, recommend) and write its report.",
    discussion: """
      Writes DIR/results.json, indicators.csv, curves.csv, figures/*.svg, report.html and one \
      file per finished cell under DIR/cells/. Rerunning the same command after an interruption \
      skips the finished cells.

      With --shard K/N, trains only shard K (0-based) of N shards balanced by estimated cost, \
      writes only its cell files and no study outputs; N such runs (a Slurm array, GNU \
      parallel, a Kubernetes indexed job) may share one DIR, and an ordinary run on DIR \
      afterwards trains what is missing and writes the report.
      """)

  @Option(help: "A built-in study: \(Preset.allCases.map(\.rawValue).joined(separator: ", ")). The default when no --config is given is quick.")
  var preset: Preset?

  @Option(help: "A study config (YAML). Start from `memstudy run --preset quick --print-config`.")
  var config: String?

  @Option(help: "The study directory (default: output/<preset or config name>).")
  var out: String?

  @Option(parsing: .unconditional, help: "Cells trained side by side, each single-threaded (default: the number of cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Option(parsing: .unconditional, help: ArgumentHelp("Train only shard K of N (0-based) and write only its cell files.", valueName: "K/N"))
  var shard: String?

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
    if let shard {
      do { _ = try Shard(parsing: shard) } catch { throw ValidationError(error.description) }
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
    let command = Invocation.current
    let shard = try self.shard.map { try Shard(parsing: $0) }  // checked in validate()
    let run = StudyRun(
      config: studyConfig, configYAML: yaml, directory: directory, jobs: jobs, command: command,
      source: source, shard: shard)
    // Every input is read and checked before the directory is touched; the directory is
    // checked and locked before anything trains, and held until the outputs are written.
    // Shards of one study share the directory (a shared lock); any other run owns it.
    let space = try run.makeSpace()
    let lock = try StudyDirectory.prepare(
      directory, mode: shard == nil ? .exclusive : .shared, force: force, configYAML: yaml)
    if shard != nil {
      let summary = try withExtendedLifetime(lock) { try run.executeShard(space: space) }
      print(Self.describe(summary, directory: directory))
      return
    }
    let results = try withExtendedLifetime(lock) { try run.execute(space: space) }
    print(RecommendationTable.render(results))
    print("memstudy: wrote \(directory.appendingPathComponent("report.html").path) in \(String(format: "%.1f", results.provenance.wallSeconds)) s")
  }

  static func describe(_ s: StudyRun.ShardSummary, directory: URL) -> String {
    let percent = String(format: "%.1f", s.estimatedShare * 100)
    let seconds = String(format: "%.1f", s.wallSeconds)
    return """
      memstudy: shard \(s.shard) on \(s.host): \(s.cells.count) of the grid's \(s.gridCells) cells \
      (\(percent) % of the estimated work); \(s.alreadyFinished) already finished, trained \(s.trained) in \(seconds) s.
      memstudy: wrote cell files only; when every shard is done, `memstudy run` on \(directory.path) writes the report.
      """
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
