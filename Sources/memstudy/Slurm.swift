import Analysis
import ArgumentParser
import Foundation
import StudyRunner

struct Slurm: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write (and with --submit, submit) Slurm jobs that run a study as a job array.",
    discussion: """
      Copies the config to DIR/slurm/study.yaml and writes DIR/slurm/train.sbatch (an array of \
      N tasks; task K runs `memstudy run --shard K/N`, training only its cells) and \
      DIR/slurm/assemble.sbatch (after every task succeeded, an ordinary `memstudy run` trains \
      any cell still missing and writes the results and the report). Both are safe to requeue. \
      Without --submit, prints the sbatch commands to run. DIR and this memstudy executable \
      must be on a filesystem every node sees.
      """)

  @Option(help: "The study config (YAML).")
  var config: String

  @Option(help: "The study directory, on a filesystem shared by the nodes.")
  var out: String

  @Option(parsing: .unconditional, help: "Array tasks (shards) N, at most the number of grid cells.")
  var tasks: Int

  @Option(help: "Slurm partition (#SBATCH --partition).")
  var partition: String?

  @Option(help: "Time limit per job (#SBATCH --time), e.g. 2:00:00.")
  var time: String?

  @Option(help: "Memory per job (#SBATCH --mem), e.g. 4G.")
  var mem: String?

  @Option(help: "Account to charge (#SBATCH --account).")
  var account: String?

  @Option(parsing: .unconditional, help: "CPUs per job; each job trains that many cells side by side.")
  var cpusPerTask: Int = 1

  @Flag(help: "Submit both jobs with sbatch and print their job IDs.")
  var submit = false

  func validate() throws {
    if tasks < 1 { throw ValidationError("--tasks \(tasks) is not allowed; expected an integer ≥ 1") }
    if cpusPerTask < 1 {
      throw ValidationError("--cpus-per-task \(cpusPerTask) is not allowed; expected an integer ≥ 1")
    }
    for (name, value) in [("--partition", partition), ("--time", time), ("--mem", mem), ("--account", account)] {
      if let value, !SlurmScripts.isPlainValue(value) {
        throw ValidationError("\(name) '\(value)' is not allowed; expected letters, digits and - _ . : , + = @ /")
      }
    }
  }

  func run() throws {
    // Find sbatch before writing anything.
    let sbatch = submit ? try Self.sbatchPath() : nil
    let configURL = URL(fileURLWithPath: config).standardizedFileURL
    let (studyConfig, yaml) = try ConfigLoader.load(file: configURL)
    let cellCount = StudyGrid(studyConfig).cells.count
    if tasks > cellCount {
      throw UsageError(description: "--tasks \(tasks) is more than the study's \(cellCount) grid cells; expected 1 to \(cellCount)")
    }
    let directory = URL(fileURLWithPath: out).standardizedFileURL
    guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().path else {
      throw UsageError(description: "cannot tell where this memstudy executable is")
    }
    let unsafe = SlurmScripts.unsafeDirectiveCharacters
    for (name, path) in [("--out", directory.path), ("the memstudy executable's path", executable)]
    where path.contains(where: unsafe.contains) {
      throw UsageError(description: "\(name) '\(path)' holds a quote, backslash or line break, which Slurm's #SBATCH lines cannot carry; choose another path")
    }

    let slurmDirectory = directory.appendingPathComponent("slurm")
    let copy = slurmDirectory.appendingPathComponent("study.yaml")
    try FileManager.default.createDirectory(at: slurmDirectory, withIntermediateDirectories: true)
    try Data(yaml.utf8).write(to: copy, options: .atomic)
    // Relative vectors/corpus paths are read from the config's folder: the copy must mean
    // the same study, or the jobs would train another one.
    guard (try? ConfigLoader.load(file: copy).0) == studyConfig else {
      try? FileManager.default.removeItem(at: copy)
      throw UsageError(description: "--config \(config) names its vectors or corpus by a relative path, which the copy in \(slurmDirectory.path) cannot follow; give absolute paths in the config")
    }
    let scripts = SlurmScripts(
      executable: executable, config: copy.path, directory: directory.path, tasks: tasks,
      cpusPerTask: cpusPerTask, partition: partition, time: time, memory: mem, account: account)
    try Data(scripts.train.utf8).write(to: URL(fileURLWithPath: scripts.trainPath), options: .atomic)
    try Data(scripts.assemble.utf8).write(to: URL(fileURLWithPath: scripts.assemblePath), options: .atomic)
    print("memstudy: wrote \(scripts.trainPath) (\(tasks) tasks over \(cellCount) cells) and \(scripts.assemblePath)")

    guard let sbatch else {
      print("Submit both, the second after the whole array succeeded:\n")
      print(scripts.submitCommands)
      return
    }
    let train = try Self.submit(sbatch, [scripts.trainPath])
    print("memstudy: submitted the training array as job \(train)")
    let assemble = try Self.submit(sbatch, ["--dependency=afterok:\(train)", scripts.assemblePath])
    print("memstudy: submitted the assembly as job \(assemble); the report will be \(directory.appendingPathComponent("report.html").path)")
  }

  /// `sbatch` on PATH, or a usage error.
  static func sbatchPath() throws -> URL {
    let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
    for dir in paths {
      let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent("sbatch")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    throw UsageError(description: "--submit needs Slurm's sbatch, which is not on PATH; run without --submit to write the scripts and print the commands")
  }

  /// Runs `sbatch --parsable ARGS` and returns the job ID it prints (`ID` or `ID;cluster`).
  static func submit(_ sbatch: URL, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = sbatch
    process.arguments = ["--parsable"] + arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let id = output.split(separator: "\n").last.map { String($0.split(separator: ";").first ?? "") } ?? ""
    let command = "sbatch --parsable " + arguments.joined(separator: " ")
    func shown(_ text: String) -> String {
      let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
      return t.isEmpty ? "nothing" : "'\(t.prefix(300))'" + (t.count > 300 ? "…" : "")
    }
    guard process.terminationStatus == 0 else {
      throw SubmitError(description: "\(command) failed (exit \(process.terminationStatus)); it said \(shown(errors + output))")
    }
    guard !id.isEmpty, id.allSatisfy({ $0.isASCII && $0.isNumber }) else {
      throw SubmitError(description: "\(command) exited 0 but printed \(shown(output)) where a job ID (a number, or number;cluster) was expected\(errors.isEmpty ? "" : "; on stderr \(shown(errors))"): the job may or may not be queued, check with squeue before submitting again")
    }
    return id
  }

  struct SubmitError: Error, CustomStringConvertible {
    let description: String
  }
}
