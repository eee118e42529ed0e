import Analysis
import Foundation
import ReportGen
import Testing
@testable import StudyRunner

/// One process at a time per study directory, and no output hazard: a bad `--out` fails
/// before training, a foreign folder is not overwritten, a failed write keeps the last set.
@Suite(.serialized) struct StudyDirectoryTests {
  func writeConfig(_ yaml: String = tinyConfig, in dir: URL, name: String = "tiny.yaml") throws {
    try yaml.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
  }

  /// A config that trains for a few seconds, so a second process meets the first one running.
  static let slowConfig = tinyConfig.replacingOccurrences(of: "max_steps: 60", with: "max_steps: 3000")
    .replacingOccurrences(of: "patience: 2", with: "patience: 1000")

  @Test func exclusiveAndSharedLocksConflictAsDocumented() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    // flock belongs to an open file description, so one process can play two.
    var first: StudyLock? = try StudyLock.acquire(directory: dir, mode: .exclusive)
    #expect(throws: StudyLockError.held(directory: dir.path, pids: [getpid()])) {
      try StudyLock.acquire(directory: dir, mode: .exclusive)
    }
    #expect(throws: StudyLockError.self) { try StudyLock.acquire(directory: dir, mode: .shared) }
    #expect(first != nil)
    first = nil
    // Released with its holder: shards then share.
    var shardA: StudyLock? = try StudyLock.acquire(directory: dir, mode: .shared)
    var shardB: StudyLock? = try StudyLock.acquire(directory: dir, mode: .shared)
    #expect(throws: StudyLockError.self) { try StudyLock.acquire(directory: dir, mode: .exclusive) }
    let lines = try String(contentsOf: dir.appendingPathComponent(StudyLock.fileName), encoding: .utf8)
    #expect(lines == "\(getpid()) shared\n\(getpid()) shared\n", "each holder's PID")
    shardA = nil
    #expect(throws: StudyLockError.self) { try StudyLock.acquire(directory: dir, mode: .exclusive) }
    #expect(shardA == nil && shardB != nil)
    shardB = nil
    _ = try StudyLock.acquire(directory: dir, mode: .exclusive)
  }

  @Test func secondRunOnTheSameDirectoryIsRefusedNamingTheFirst() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try writeConfig(Self.slowConfig, in: dir)
    try writeConfig(Self.slowConfig.replacingOccurrences(of: "learning_rate: 0.01", with: "learning_rate: 0.02"), in: dir, name: "other.yaml")
    let first = try CLI.start(["run", "--config", "tiny.yaml", "--out", "study", "--jobs", "1"], in: dir)
    defer {
      if first.isRunning { kill(first.processIdentifier, SIGKILL) }
      first.waitUntilExit()
    }
    // Wait until the first run holds the directory.
    let lockFile = dir.appendingPathComponent("study/\(StudyLock.fileName)")
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline, (try? String(contentsOf: lockFile, encoding: .utf8))?.contains("\(first.processIdentifier)") != true {
      usleep(5_000)
    }
    for command in [["run", "--config", "other.yaml", "--out", "study"], ["report", "study"]] {
      let second = try CLI.run(command, in: dir)
      #expect(second.status == 2, "\(command): \(second.stderr)")
      #expect(second.stderr.contains("is in use by memstudy (PID \(first.processIdentifier))"), "\(second.stderr)")
    }
    #expect(first.isRunning, "the first run went on")
    // A lock left by a killed process is not stale: the kernel released it.
    kill(first.processIdentifier, SIGKILL)
    first.waitUntilExit()
    let after = try CLI.run(["run", "--config", "tiny.yaml", "--out", "study", "--jobs", "2"], in: dir)
    #expect(after.status == 0, "\(after.stderr)")
    let cells = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("study/cells").path)
    #expect(cells.filter { $0.hasSuffix(".json") }.count == 8, "only the first config's cells")
  }

  @Test func badOutDirectoriesFailBeforeTraining() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try writeConfig(in: dir)
    try "I am a file\n".write(to: dir.appendingPathComponent("taken"), atomically: true, encoding: .utf8)
    var cases: [(out: String, message: String)] = [
      ("", "is empty"),
      ("  ", "is empty"),
      ("taken", "is a file, not a directory"),
      ("taken/sub", "cannot create the study directory"),
    ]
    #if os(Linux)
      // Not writable even by root, which CI runs as.
      cases.append(("/proc", "cannot write in /proc"))
    #endif
    for (out, message) in cases {
      let outcome = try CLI.run(["run", "--config", "tiny.yaml", "--out", out], in: dir)
      #expect(outcome.status == 2, "--out '\(out)': \(outcome.stderr)")
      #expect(outcome.stderr.contains(message), "--out '\(out)': \(outcome.stderr)")
      #expect(!outcome.stderr.contains("NSCocoaErrorDomain") && !outcome.stderr.contains("Error Domain"))
      #expect(!outcome.stderr.contains("cell 1/"), "nothing trained")
    }
    // Nothing was written into the current directory.
    #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["tiny.yaml", "taken"])
  }

  @Test func foreignDirectoryIsNotOverwrittenWithoutForce() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try writeConfig(in: dir)
    let site = dir.appendingPathComponent("site")
    try FileManager.default.createDirectory(at: site.appendingPathComponent("figures"), withIntermediateDirectories: true)
    try "<p>my own page</p>\n".write(to: site.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
    try "{\"mine\": true}\n".write(to: site.appendingPathComponent("results.json"), atomically: true, encoding: .utf8)
    let refused = try CLI.run(["run", "--config", "tiny.yaml", "--out", "site"], in: dir)
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("is not a memstudy study directory"), "\(refused.stderr)")
    #expect(refused.stderr.contains("report.html") && refused.stderr.contains("--force"))
    #expect(try String(contentsOf: site.appendingPathComponent("report.html"), encoding: .utf8) == "<p>my own page</p>\n")
    #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("cells").path))

    // A folder with only unrelated files, and the config the run reads, is fine.
    let notes = dir.appendingPathComponent("notes")
    try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
    try "todo\n".write(to: notes.appendingPathComponent("todo.txt"), atomically: true, encoding: .utf8)
    try writeConfig(in: notes, name: "config.yaml")
    let fine = try CLI.run(["run", "--config", "notes/config.yaml", "--out", "notes"], in: dir)
    #expect(fine.status == 0, "\(fine.stderr)")

    let forced = try CLI.run(["run", "--config", "tiny.yaml", "--out", "site", "--force"], in: dir)
    #expect(forced.status == 0, "\(forced.stderr)")
    // Now it is a study: a rerun needs no flag.
    let again = try CLI.run(["run", "--config", "tiny.yaml", "--out", "site"], in: dir)
    #expect(again.status == 0, "\(again.stderr)")
  }

  @Test func failedWriteKeepsTheLastCompleteSet() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try writeConfig(in: dir)
    let run = try CLI.run(["run", "--config", "tiny.yaml", "--out", "study"], in: dir)
    #expect(run.status == 0, "\(run.stderr)")
    let study = dir.appendingPathComponent("study")
    func snapshot() throws -> [String: Data] {
      var files: [String: Data] = [:]
      for name in ["report.html", "results.json", "indicators.csv", "curves.csv", "config.yaml"] {
        files[name] = try Data(contentsOf: study.appendingPathComponent(name))
      }
      for name in try FileManager.default.contentsOfDirectory(atPath: study.appendingPathComponent("figures").path) {
        files["figures/" + name] = try Data(contentsOf: study.appendingPathComponent("figures/" + name))
      }
      return files
    }
    let before = try snapshot()
    // Re-render with other templates under a file-size limit: the small files fit, the report
    // does not (the disk "fills" mid-set). SIGXFSZ is ignored so the write fails with EFBIG,
    // as it would with ENOSPC on a full disk.
    let mine = dir.appendingPathComponent("mine")
    try FileManager.default.copyItem(at: try #require(ReportGenDefaults.templates), to: mine)
    try "A different title\n".write(to: mine.appendingPathComponent("title.md"), atomically: true, encoding: .utf8)
    let limited = try CLI.shell("trap '' XFSZ; ulimit -f 64; exec \"$0\" report study --templates mine", in: dir)
    #expect(limited.status == 1, "\(limited.stderr)")
    #expect(limited.stderr.contains("the previous outputs are left as they were"), "\(limited.stderr)")
    #expect(try snapshot() == before, "every output is the last complete set")
    #expect(!FileManager.default.fileExists(atPath: study.appendingPathComponent(StudyOutputs.stagingName).path))
    // Without the limit the new set replaces the old one whole.
    let report = try CLI.run(["report", "study", "--templates", "mine"], in: dir)
    #expect(report.status == 0, "\(report.stderr)")
    #expect(try String(contentsOf: study.appendingPathComponent("report.html"), encoding: .utf8).contains("A different title"))
  }

  @Test func interruptedCommitIsFinishedByTheNextCommand() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try writeConfig(in: dir)
    #expect(try CLI.run(["run", "--config", "tiny.yaml", "--out", "study"], in: dir).status == 0)
    let study = dir.appendingPathComponent("study")
    let staging = study.appendingPathComponent(StudyOutputs.stagingName)
    // A complete staging folder whose renames were cut short after results.json…
    try FileManager.default.createDirectory(at: staging.appendingPathComponent("figures"), withIntermediateDirectories: true)
    try "new report\n".write(to: staging.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
    try "new,csv\n".write(to: staging.appendingPathComponent("curves.csv"), atomically: true, encoding: .utf8)
    try Data().write(to: staging.appendingPathComponent(StudyOutputs.completeMarker))
    try StudyOutputs.recover(in: study)
    #expect(try String(contentsOf: study.appendingPathComponent("report.html"), encoding: .utf8) == "new report\n")
    #expect(try String(contentsOf: study.appendingPathComponent("curves.csv"), encoding: .utf8) == "new,csv\n")
    #expect(!FileManager.default.fileExists(atPath: staging.path))
    // …while an incomplete one is dropped.
    try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
    try "half\n".write(to: staging.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
    try StudyOutputs.recover(in: study)
    #expect(try String(contentsOf: study.appendingPathComponent("report.html"), encoding: .utf8) == "new report\n")
    #expect(!FileManager.default.fileExists(atPath: staging.path))
  }

  @Test func jobsAreLoweredToWhatMemoryHolds() throws {
    let config = try ConfigLoader.load(yaml: tinyConfig, source: "tiny")
    let run = StudyRun(config: config, configYAML: tinyConfig, directory: URL(fileURLWithPath: "/nonexistent"), jobs: 8, command: "")
    let one = config.memoryEstimate(vocab: 4, dimension: 4, jobs: 1).bytes
    let each = one - config.memoryEstimate(vocab: 4, dimension: 4, jobs: 0).bytes
    #expect(run.fittingJobs(vocab: 4, dimension: 4, available: 1e12) == 8)
    #expect(run.fittingJobs(vocab: 4, dimension: 4, available: one + 2.5 * each) == 3)
    #expect(run.fittingJobs(vocab: 4, dimension: 4, available: one) == 1, "never fewer than one")
  }

  @Test func reportHelpSaysItRewritesTheCSVFiles() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let help = try CLI.run(["report", "--help"], in: dir)
    #expect(help.stdout.contains("indicators.csv") && help.stdout.contains("curves.csv"))
    #expect(help.stdout.contains("regenerated"))
  }
}

enum ReportGenDefaults {
  static var templates: URL? {
    // The built-in templates ship as a resource of ReportGen.
    ReportGen.ReportBuilder.defaultTemplatesDirectory
  }
}
