import Analysis
import Foundation
import Testing
@testable import StudyRunner

/// `memstudy run --shard K/N` and `memstudy slurm` through the real executable: shards that
/// share a directory assemble into the same data as one local run; the batch scripts run
/// as Slurm would run them; bad input exits 2. (`scripts/test-slurm` runs them on a real Slurm.)
@Suite(.serialized) struct ShardTests {
  static let dataFiles = ["indicators.csv", "curves.csv"]

  func prepare(_ name: String = #function) throws -> URL {
    let dir = try temporaryDirectory(name)
    try tinyConfig.write(to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
    return dir
  }

  func data(_ dir: URL, _ study: String, _ file: String) throws -> Data {
    try Data(contentsOf: dir.appendingPathComponent(study).appendingPathComponent(file))
  }

  /// `DIR/report.html` from the Results heading to the next section: what the study found.
  func reportResults(_ dir: URL, _ study: String) throws -> String {
    let html = try String(contentsOf: dir.appendingPathComponent("\(study)/report.html"), encoding: .utf8)
    let start = try #require(html.range(of: "<h2 id=\"sec-results\""))
    let end = try #require(html.range(of: "<h2 id=\"sec-limitations\""))
    return String(html[start.lowerBound..<end.lowerBound])
  }

  @Test func concurrentShardsAssembleIntoTheDataOfOneLocalRun() throws {
    let dir = try prepare()
    defer { try? FileManager.default.removeItem(at: dir) }
    let local = try CLI.run(["run", "--config", "tiny.yaml", "--out", "local", "--jobs", "2"], in: dir)
    #expect(local.status == 0, "\(local.stderr)")

    // Three shards at once in one directory.
    let processes = try (0..<3).map {
      try CLI.start(["run", "--config", "tiny.yaml", "--out", "sharded", "--jobs", "1", "--shard", "\($0)/3"], in: dir)
    }
    var outputs: [String] = []
    for (index, process) in processes.enumerated() {
      let outcome = CLI.finish(process)
      #expect(outcome.status == 0 && !outcome.signalled, "shard \(index)/3: \(outcome)")
      outputs.append(outcome.stdout)
    }
    #expect(outputs[0].contains("shard 0/3 on"), "\(outputs[0])")
    #expect(outputs.allSatisfy { $0.contains("of the grid's 8 cells") })
    // Shards write cell files only.
    let sharded = dir.appendingPathComponent("sharded")
    let cells = try FileManager.default.contentsOfDirectory(atPath: sharded.appendingPathComponent("cells").path)
    #expect(cells.filter { $0.hasSuffix(".json") }.count == 8)
    for file in ["results.json", "report.html", "indicators.csv", "config.yaml"] {
      #expect(!FileManager.default.fileExists(atPath: sharded.appendingPathComponent(file).path), "a shard wrote \(file)")
    }
    // A shard run again finds its cells finished.
    let again = try CLI.run(["run", "--config", "tiny.yaml", "--out", "sharded", "--shard", "1/3"], in: dir)
    #expect(again.status == 0 && again.stdout.contains("already finished, trained 0"), "\(again)")

    let assemble = try CLI.run(["run", "--config", "tiny.yaml", "--out", "sharded", "--jobs", "2"], in: dir)
    #expect(assemble.status == 0, "\(assemble.stderr)")
    #expect(assemble.stderr.contains("8 of 8 cells already finished"), "\(assemble)")
    for file in Self.dataFiles {
      #expect(try data(dir, "local", file) == data(dir, "sharded", file), "\(file) differs from the local run")
    }
    #expect(try reportResults(dir, "local") == reportResults(dir, "sharded"))

    let results = try StudyOutputs.readResults(in: sharded)
    let origins = try #require(results.provenance.trainedBy)
    #expect(origins.map(\.shard) == ["0/3", "1/3", "2/3"])
    #expect(origins.reduce(0) { $0 + $1.cells } == 8)
    #expect(results.provenance.shardCounts == [3])
    let html = try String(contentsOf: sharded.appendingPathComponent("report.html"), encoding: .utf8)
    #expect(html.contains("3 shards (memstudy run --shard K/3)"))
    #expect(html.contains("Cells trained on"))
    // A local run says nothing about shards.
    let localResults = try StudyOutputs.readResults(in: dir.appendingPathComponent("local"))
    #expect(localResults.provenance.trainedBy?.map(\.shard) == [nil])
    #expect(try !String(contentsOf: dir.appendingPathComponent("local/report.html"), encoding: .utf8).contains("Cells trained on"))
  }

  @Test func assemblingTrainsWhatTheShardsLeft() throws {
    let dir = try prepare()
    defer { try? FileManager.default.removeItem(at: dir) }
    let shard = try CLI.run(["run", "--config", "tiny.yaml", "--out", "study", "--shard", "0/2"], in: dir)
    #expect(shard.status == 0, "\(shard.stderr)")
    let assemble = try CLI.run(["run", "--config", "tiny.yaml", "--out", "study"], in: dir)
    #expect(assemble.status == 0, "\(assemble.stderr)")
    let origins = try #require(try StudyOutputs.readResults(in: dir.appendingPathComponent("study")).provenance.trainedBy)
    #expect(origins.count == 2 && origins[0].shard == nil && origins[1].shard == "0/2")
    #expect(origins[0].cells + origins[1].cells == 8 && origins[1].cells >= 1)
  }

  /// Shards share the study directory's lock; an ordinary run, which writes the outputs, waits
  /// for none of them but is refused while one trains.
  @Test func anOrdinaryRunIsRefusedWhileAShardTrains() throws {
    let dir = try prepare()
    defer { try? FileManager.default.removeItem(at: dir) }
    try tinyConfig.replacingOccurrences(of: "max_steps: 60", with: "max_steps: 3000")
      .replacingOccurrences(of: "patience: 2", with: "patience: 1000")
      .write(to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
    let shard = try CLI.start(["run", "--config", "tiny.yaml", "--out", "study", "--jobs", "1", "--shard", "0/2"], in: dir)
    defer {
      kill(shard.processIdentifier, SIGKILL)
      shard.waitUntilExit()
    }
    let lockFile = dir.appendingPathComponent("study/\(StudyLock.fileName)")
    let deadline = Date().addingTimeInterval(60)
    while shard.isRunning, Date() < deadline,
      (try? String(contentsOf: lockFile, encoding: .utf8))?.contains("shared") != true
    {
      usleep(10_000)
    }
    #expect(shard.isRunning, "the shard ended before the test could use its lock")
    let run = try CLI.run(["run", "--config", "tiny.yaml", "--out", "study"], in: dir)
    #expect(run.status == 2)
    #expect(run.stderr.contains("in use by memstudy (PID \(shard.processIdentifier))"), "\(run.stderr)")
  }

  @Test(arguments: [["2/2"], ["-1/2"], ["x"], ["0/0"], ["1/2/3"]])
  func badShardExitsTwo(shard: [String]) throws {
    let dir = try prepare()
    defer { try? FileManager.default.removeItem(at: dir) }
    let outcome = try CLI.run(["run", "--config", "tiny.yaml", "--out", "study", "--shard"] + shard, in: dir)
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("--shard"), "\(outcome.stderr)")
    #expect(!outcome.stderr.contains("Missing value"), "a negative value is read as the value: \(outcome.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("study").path))
  }

  /// The batch scripts, run by bash as Slurm's tasks would run them, from another working
  /// directory, in a study directory whose name needs quoting.
  @Test func slurmScriptsRunTheStudyAsShards() throws {
    let dir = try prepare()
    defer { try? FileManager.default.removeItem(at: dir) }
    let study = "it's a study %j"
    let write = try CLI.run(["slurm", "--config", "tiny.yaml", "--out", study, "--tasks", "3"], in: dir)
    #expect(write.status == 0, "\(write.stderr)")
    let slurm = dir.appendingPathComponent(study).appendingPathComponent("slurm")
    let train = try String(contentsOf: slurm.appendingPathComponent("train.sbatch"), encoding: .utf8)
    let assemble = try String(contentsOf: slurm.appendingPathComponent("assemble.sbatch"), encoding: .utf8)
    #expect(train.contains("#SBATCH --array=0-2\n"))
    #expect(train.contains("#SBATCH --requeue\n"))
    #expect(train.contains("--shard \"${SLURM_ARRAY_TASK_ID:?submit this script with sbatch: it is an array job}/3\""))
    #expect(train.contains("%%j/slurm/train-%A_%a.out\"\n"), "the path's own % is escaped for Slurm")
    #expect(!assemble.contains("--shard"))
    #expect(write.stdout.contains("sbatch --dependency=afterok:"))
    // The copy of the config is what the jobs read.
    #expect(try String(contentsOf: slurm.appendingPathComponent("study.yaml"), encoding: .utf8) == tinyConfig)
    try FileManager.default.removeItem(at: dir.appendingPathComponent("tiny.yaml"))

    let elsewhere = try temporaryDirectory("elsewhere")
    defer { try? FileManager.default.removeItem(at: elsewhere) }
    for task in 0..<3 {
      let outcome = try bash(slurm.appendingPathComponent("train.sbatch"), in: elsewhere, environment: ["SLURM_ARRAY_TASK_ID": "\(task)"])
      #expect(outcome.status == 0, "\(outcome.stderr)")
      #expect(outcome.stdout.contains("shard \(task)/3"))
    }
    let final = try bash(slurm.appendingPathComponent("assemble.sbatch"), in: elsewhere, environment: [:])
    #expect(final.status == 0, "\(final.stderr)")
    try tinyConfig.write(to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
    let local = try CLI.run(["run", "--config", "tiny.yaml", "--out", "local", "--jobs", "2"], in: dir)
    #expect(local.status == 0, "\(local.stderr)")
    for file in Self.dataFiles {
      #expect(try data(dir, "local", file) == data(dir, study, file), "\(file) differs from the local run")
    }
  }

  /// An sbatch that exits 0 without a job ID (a wrapper, a site's banner) is reported with what
  /// it printed, not as "failed (exit 0): ".
  @Test func anUnexpectedSbatchReplyIsShown() throws {
    let dir = try prepare()
    defer { try? FileManager.default.removeItem(at: dir) }
    let bin = dir.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    let fake = bin.appendingPathComponent("sbatch")
    try "#!/bin/sh\necho 'Submitted batch job to the queue'\n".write(to: fake, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
    let outcome = try CLI.run(
      ["slurm", "--config", "tiny.yaml", "--out", "study", "--tasks", "2", "--submit"],
      in: dir, environment: ["PATH": bin.path + ":/usr/bin:/bin"])
    #expect(outcome.status != 0)
    #expect(outcome.stderr.contains("exited 0 but printed 'Submitted batch job to the queue' where a job ID"), "\(outcome.stderr)")
    #expect(!outcome.stderr.contains("failed (exit 0)"))
  }

  /// `--submit` hands both scripts to sbatch, the second after the first; a stand-in sbatch
  /// records what it was given.
  @Test func submitCallsSbatchForBothJobs() throws {
    let dir = try prepare()
    defer { try? FileManager.default.removeItem(at: dir) }
    let bin = dir.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    let fake = bin.appendingPathComponent("sbatch")
    try """
      #!/bin/sh
      echo "$@" >> "\(dir.path)/sbatch.log"
      n=$(wc -l < "\(dir.path)/sbatch.log")
      echo "$((4000 + n));cluster"

      """.write(to: fake, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
    let outcome = try CLI.run(
      ["slurm", "--config", "tiny.yaml", "--out", "study", "--tasks", "2", "--partition", "short",
       "--time", "0:10:00", "--mem", "2G", "--account", "lab", "--cpus-per-task", "2", "--submit"],
      in: dir, environment: ["PATH": bin.path + ":/usr/bin:/bin"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(outcome.stdout.contains("job 4001"), "\(outcome.stdout)")
    #expect(outcome.stdout.contains("job 4002"))
    let calls = try String(contentsOf: dir.appendingPathComponent("sbatch.log"), encoding: .utf8).split(separator: "\n")
    #expect(calls.count == 2)
    #expect(calls[0].hasPrefix("--parsable ") && calls[0].hasSuffix("/study/slurm/train.sbatch"))
    #expect(calls[1].hasPrefix("--parsable --dependency=afterok:4001 ") && calls[1].hasSuffix("/study/slurm/assemble.sbatch"))
    let train = try String(contentsOf: dir.appendingPathComponent("study/slurm/train.sbatch"), encoding: .utf8)
    for line in ["--partition=short", "--time=0:10:00", "--mem=2G", "--account=lab", "--cpus-per-task=2"] {
      #expect(train.contains("#SBATCH \(line)\n"), "\(line)")
    }
    #expect(train.contains("--jobs 2 --shard"))
  }

  @Test func slurmRejectsBadInputWithExitTwo() throws {
    let dir = try prepare()
    defer { try? FileManager.default.removeItem(at: dir) }
    let cases: [([String], String)] = [
      (["--tasks", "0"], "--tasks 0"),
      (["--tasks", "-1"], "--tasks -1 is not allowed"),
      (["--tasks", "2", "--cpus-per-task", "-3"], "--cpus-per-task -3"),
      (["--tasks", "9"], "more than the study's 8 grid cells"),
      (["--tasks", "2", "--partition", "a b"], "--partition 'a b'"),
      (["--tasks", "2", "--time", "1\n#SBATCH --x"], "--time"),
      (["--tasks", "2", "--cpus-per-task", "0"], "--cpus-per-task 0"),
      (["--tasks", "2", "--submit"], "sbatch, which is not on PATH"),
    ]
    for (arguments, message) in cases {
      let outcome = try CLI.run(
        ["slurm", "--config", "tiny.yaml", "--out", "study"] + arguments, in: dir,
        environment: ["PATH": "/nowhere"])
      #expect(outcome.status == 2, "\(arguments)")
      #expect(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
      #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("study").path), "\(arguments) wrote files")
    }
    let missing = try CLI.run(["slurm", "--config", "none.yaml", "--out", "study", "--tasks", "2"], in: dir)
    #expect(missing.status == 2)
  }

  func bash(_ script: URL, in directory: URL, environment: [String: String]) throws -> CLI.Outcome {
    CLI.finish(try CLI.launch(URL(fileURLWithPath: "/bin/bash"), [script.path], in: directory, environment: environment))
  }
}
