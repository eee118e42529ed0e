import Foundation

/// The two batch scripts that run a study on a Slurm cluster: an array job whose task `K`
/// trains shard `K/N` (`memstudy run --shard`), and a job that runs after the whole array
/// succeeded (`afterok`) and writes the study's outputs with an ordinary `memstudy run`,
/// training any cell still missing.
///
/// Both are safe to requeue or rerun: a run skips the cells already on disk. Paths are
/// absolute, so the jobs run from any working directory on a shared filesystem.
public struct SlurmScripts: Sendable {
  /// The `memstudy` executable the jobs run.
  public var executable: String
  /// The study's config, copied into the study directory.
  public var config: String
  /// The study directory.
  public var directory: String
  public var tasks: Int
  public var cpusPerTask: Int
  public var partition: String?
  public var time: String?
  public var memory: String?
  public var account: String?

  public init(
    executable: String, config: String, directory: String, tasks: Int, cpusPerTask: Int = 1,
    partition: String? = nil, time: String? = nil, memory: String? = nil, account: String? = nil
  ) {
    self.executable = executable
    self.config = config
    self.directory = directory
    self.tasks = tasks
    self.cpusPerTask = cpusPerTask
    self.partition = partition
    self.time = time
    self.memory = memory
    self.account = account
  }

  /// Where the scripts and the jobs' logs go: `DIR/slurm`.
  public var slurmDirectory: String { directory + "/slurm" }
  public var trainPath: String { slurmDirectory + "/train.sbatch" }
  public var assemblePath: String { slurmDirectory + "/assemble.sbatch" }

  public var train: String {
    script(
      comment: """
        # memstudy: train shard $SLURM_ARRAY_TASK_ID of \(tasks) of the study in
        # \(directory)
        # Each task writes only its own cell files; a requeued task skips the cells it finished.
        """,
      directives: [
        "--job-name=memstudy-train",
        "--array=0-\(tasks - 1)",
        "--output=\(logFile("train-%A_%a.out"))",
        "--requeue",
      ],
      command: run + " --shard \"${SLURM_ARRAY_TASK_ID:?submit this script with sbatch: it is an array job}/\(tasks)\"")
  }

  public var assemble: String {
    script(
      comment: """
        # memstudy: after every shard succeeded, train any cell still missing and write
        # results.json, the CSV files, the figures and report.html in
        # \(directory)
        """,
      directives: [
        "--job-name=memstudy-assemble",
        "--output=\(logFile("assemble-%j.out"))",
        "--requeue",
        "--kill-on-invalid-dep=yes",
      ],
      command: run)
  }

  private var run: String {
    "exec \(Self.shellQuoted(executable)) run --config \(Self.shellQuoted(config)) --out \(Self.shellQuoted(directory)) --jobs \(cpusPerTask)"
  }

  private func script(comment: String, directives: [String], command: String) -> String {
    var lines = directives + ["--ntasks=1", "--cpus-per-task=\(cpusPerTask)", "--open-mode=append"]
    if let partition { lines.append("--partition=\(partition)") }
    if let time { lines.append("--time=\(time)") }
    if let memory { lines.append("--mem=\(memory)") }
    if let account { lines.append("--account=\(account)") }
    return (["#!/bin/bash"] + lines.map { "#SBATCH " + $0 } + [comment, "set -euo pipefail", command])
      .joined(separator: "\n") + "\n"
  }

  /// The commands that submit both jobs, the second after the first succeeded.
  public var submitCommands: String {
    """
    jobid=$(sbatch --parsable \(Self.shellQuoted(trainPath)))
    sbatch --dependency=afterok:${jobid%%;*} \(Self.shellQuoted(assemblePath))
    """
  }

  /// `text` in single quotes for bash: nothing inside is expanded; a `'` closes the quote,
  /// adds an escaped quote and reopens it.
  static func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// A log file in `DIR/slurm` for an `#SBATCH --output` line, `pattern` holding Slurm's
  /// `%A`-style fields: in double quotes (sbatch splits directives at spaces outside quotes),
  /// each `%` of the directory doubled so Slurm leaves it alone. The directory must be free of
  /// `unsafeDirectiveCharacters`.
  func logFile(_ pattern: String) -> String {
    "\"" + slurmDirectory.replacingOccurrences(of: "%", with: "%%") + "/" + pattern + "\""
  }

  /// Characters that cannot appear in an `#SBATCH` line's quoted path or a one-line script.
  public static let unsafeDirectiveCharacters: Set<Character> = ["\"", "\\", "\n", "\r"]

  /// Characters allowed in `--partition`, `--time`, `--mem` and `--account` values.
  public static func isPlainValue(_ value: String) -> Bool {
    !value.isEmpty && value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:,+=@/".contains($0)) }
  }
}
