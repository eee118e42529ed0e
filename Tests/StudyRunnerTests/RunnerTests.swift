import Analysis
import Foundation
import ReportGen
import Testing
@testable import StudyRunner

/// The runner end to end through the real executable: outputs, determinism across worker
/// counts, resumption after `kill -9`, and stale cell files.
@Suite(.serialized) struct RunnerTests {
  static let dataFiles = ["indicators.csv", "curves.csv"]

  /// `tiny.yaml` for a study of `units` on a word space: `vectors` (a word and its coordinates
  /// a line) in vectors.txt, the corpus `lines` in corpus.txt; hidden size 4, length 3, one
  /// seed, 20 steps.
  func writeTextStudy(name: String, units: [String], vectors: [String], lines: [String], in dir: URL) throws {
    try (vectors.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("vectors.txt"), atomically: true, encoding: .utf8)
    try (lines.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("corpus.txt"), atomically: true, encoding: .utf8)
    try writeConfig(
      """
      name: \(name)
      space: {kind: embeddings, vectors: vectors.txt, corpus: corpus.txt}
      units: [\(units.joined(separator: ", "))]
      hidden: [4]
      train_lengths: [3]
      seeds: [1]
      training: {batch: 8, max_steps: 20, validation: 8, validate_every: 10}
      evaluation: {sequences: 16}

      """, in: dir)
  }

  func writeConfig(_ yaml: String = tinyConfig, in dir: URL) throws {
    try yaml.write(to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
  }

  func contents(_ dir: URL, _ study: String, _ file: String) throws -> Data {
    try Data(contentsOf: dir.appendingPathComponent(study).appendingPathComponent(file))
  }

  @Test func oneAndTwoWorkersGiveIdenticalData() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try writeConfig(in: dir)
    let one = try CLI.run(["run", "--config", "tiny.yaml", "--out", "one", "--jobs", "1"], in: dir)
    let two = try CLI.run(["run", "--config", "tiny.yaml", "--out", "two", "--jobs", "2"], in: dir)
    #expect(one.status == 0, "\(one.stderr)")
    #expect(two.status == 0, "\(two.stderr)")
    for file in Self.dataFiles {
      #expect(try contents(dir, "one", file) == contents(dir, "two", file), "\(file) differs between --jobs 1 and 2")
    }
    let a = try StudyOutputs.readResults(in: dir.appendingPathComponent("one"))
    let b = try StudyOutputs.readResults(in: dir.appendingPathComponent("two"))
    #expect(a.recommendations == b.recommendations)
    #expect(a.cells.map(\.eval) == b.cells.map(\.eval))
    // σ is among what is compared: measured in length, recorded in the CSVs.
    #expect(a.cells.allSatisfy { c in c.status != .ok || c.eval.contains { $0.length == c.trainLength && $0.hasSubstitution } })
    #expect(String(decoding: try contents(dir, "one", "curves.csv"), as: UTF8.self).contains(",memory_rate_sub,"))
    #expect(String(decoding: try contents(dir, "one", "indicators.csv"), as: UTF8.self).contains(",smr_sub,"))
    // Every output the issue lists is there.
    for file in ["results.json", "indicators.csv", "curves.csv", "report.html", "cells"] {
      #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("one/\(file)").path), "missing \(file)")
    }
    #expect(a.cells.count == 8)
    #expect(a.recommendations.count == 2)
    #expect(one.stdout.contains("GRU"))
  }

  /// The appendix's results fingerprint is the SHA-256 of the `indicators.csv` written beside
  /// the report (the download inside the report is its gzip; the fingerprint hashes the CSV).
  @Test func reportFingerprintIsTheSHA256OfIndicatorsCSV() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try writeConfig(in: dir)
    let run = try CLI.run(["run", "--config", "tiny.yaml", "--out", "study"], in: dir)
    #expect(run.status == 0, "\(run.stderr)")
    let html = String(decoding: try contents(dir, "study", "report.html"), as: UTF8.self)
    let expected = SHA256.hex(try contents(dir, "study", "indicators.csv"))
    #expect(!html.contains("was attached to this report"))
    #expect(html.contains("<p class=\"fingerprint\">SHA-256 of <code>indicators.csv</code>: <code>\(expected)</code></p>"))
  }

  /// The provenance records the commit memstudy was built from, not that of the git checkout a
  /// study runs in (a user's own repository).
  @Test func provenanceRecordsMemstudysCommitNotTheWorkingDirectorys() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    func git(_ arguments: [String]) throws -> String {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      p.arguments = ["git", "-C", dir.path, "-c", "user.name=t", "-c", "user.email=t@example.org"] + arguments
      let pipe = Pipe()
      p.standardOutput = pipe
      p.standardError = FileHandle.nullDevice
      try p.run()
      p.waitUntilExit()
      #expect(p.terminationStatus == 0, "git \(arguments)")
      return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    try writeConfig(in: dir)
    _ = try git(["init", "-q"])
    _ = try git(["add", "tiny.yaml"])
    _ = try git(["commit", "-q", "-m", "a user's own repository"])
    let theirs = try git(["rev-parse", "--short=12", "HEAD"])
    let run = try CLI.run(["run", "--config", "tiny.yaml", "--out", "study"], in: dir)
    #expect(run.status == 0, "\(run.stderr)")
    let results = try StudyResults.decode(from: try contents(dir, "study", "results.json"))
    #expect(results.provenance.gitCommit == BuildInfo.commit)
    #expect(results.provenance.gitCommit?.hasPrefix(theirs) != true, "the working directory's commit \(theirs) was recorded")
    let html = String(decoding: try contents(dir, "study", "report.html"), as: UTF8.self)
    #expect(!html.contains(theirs))
  }

  /// The appendix's "run with" command is shell-quoted: pasted, a crafted `--out` stays a
  /// folder name instead of running `$(…)`.
  @Test func provenanceCommandIsShellQuoted() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try writeConfig(in: dir)
    let out = "my study $(touch pwned) 'x'"
    let run = try CLI.run(["run", "--config", "tiny.yaml", "--out", out], in: dir)
    #expect(run.status == 0, "\(run.stderr)")
    let results = try StudyResults.decode(from: try contents(dir, out, "results.json"))
    #expect(results.provenance.command == #"memstudy run --config tiny.yaml --out 'my study $(touch pwned) '\''x'\'''"#)
    // The shell reads it back as the same words, and runs nothing.
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", "set -- " + results.provenance.command.dropFirst("memstudy ".count) + #"; printf '%s\n' "$@""#]
    p.currentDirectoryURL = dir
    let pipe = Pipe()
    p.standardOutput = pipe
    try p.run()
    p.waitUntilExit()
    let words = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").map(String.init)
    #expect(words == ["run", "--config", "tiny.yaml", "--out", out])
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("pwned").path))
  }

  @Test func resultsJSONHasEveryKeyOfTheSchema() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try writeConfig(in: dir)
    let outcome = try CLI.run(["run", "--config", "tiny.yaml", "--out", "study"], in: dir)
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let text = try String(contentsOf: dir.appendingPathComponent("study/results.json"), encoding: .utf8)
    #expect(!text.contains("NaN") && !text.contains("Infinity"))
    let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(Set(root.keys) == ["format", "cells", "config", "provenance", "recommendations", "corpus", "examples", "probe"])
    #expect(root["format"] as? Int == StudyResults.currentFormat)
    #expect(root["corpus"] is NSNull && root["examples"] is NSNull && root["probe"] is NSNull, "a synthetic study writes null, not nothing")
    let provenance = try #require(root["provenance"] as? [String: Any])
    for key in ["tool_version", "git_commit", "swift_version", "blas", "host", "cores", "start_time", "wall_seconds"] {
      #expect(provenance.keys.contains(key), "provenance.\(key)")
    }
    let cell = try #require((root["cells"] as? [[String: Any]])?.first)
    for key in ["unit", "hidden", "layers", "train_length", "seed", "status", "steps", "final_loss", "loss_curve", "eval"] {
      #expect(cell.keys.contains(key), "cells[].\(key)")
    }
    let eval = try #require((cell["eval"] as? [[String: Any]])?.first)
    for key in ["length", "smr", "fidelity", "interference", "eml", "tau", "memory_rate", "memory_capacity"] {
      #expect(eval.keys.contains(key), "eval[].\(key)")
    }
    let recommendation = try #require((root["recommendations"] as? [[String: Any]])?.first)
    for key in ["unit", "hidden", "recommended_length", "qualified", "smr_lower", "eml", "reason"] {
      #expect(recommendation.keys.contains(key), "recommendations[].\(key)")
    }
    // Keys are sorted.
    let keys = text.split(separator: "\n").prefix(6).compactMap { $0.split(separator: "\"").dropFirst().first }
    #expect(keys.first == "cells")
  }

  @Test func savedWeightsReproduceTheStudysIndicatorsThroughEvaluate() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try writeConfig(in: dir)
    let run = try CLI.run(["run", "--config", "tiny.yaml", "--out", "study"], in: dir)
    #expect(run.status == 0, "\(run.stderr)")
    let results = try StudyOutputs.readResults(in: dir.appendingPathComponent("study"))
    let cell = try #require(results.cells.first { $0.unit == .gru && $0.trainLength == 6 && $0.seed == 1 })
    let weights = dir.appendingPathComponent("study/cells/gru-h8-l6-s1.safetensors")
    let model = try RecurrentModel<Float>.load(safeTensors: Data(contentsOf: weights), unit: .gru)
    #expect(model.hiddenSize == 8 && model.inputSize == 4)
    // The weights, evaluated on their own, give exactly the indicators the study reported: σ
    // too in length, where the study measured it.
    for length in [6, 9] {
      let outcome = try CLI.run(
        ["evaluate", "--weights", weights.path, "--unit", "gru", "--vocab", "4", "--length", "\(length)",
         "--sequences", "64", "--seed", "1"] + (length == 6 ? [] : ["--no-substitution"]), in: dir)
      #expect(outcome.status == 0, "\(outcome.stderr)")
      let evaluated = try StudyResults.makeDecoder().decode(EvalResult.self, from: Data(outcome.stdout.utf8))
      #expect(evaluated == cell.eval.first { $0.length == length })
    }
  }

  @Test func reportRerendersWithTheUsersTemplates() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try writeConfig(in: dir)
    let run = try CLI.run(["run", "--config", "tiny.yaml", "--out", "study"], in: dir)
    #expect(run.status == 0, "\(run.stderr)")
    let before = try contents(dir, "study", "indicators.csv")
    // A user's copy of the templates with its own title.
    let mine = dir.appendingPathComponent("mine")
    let defaults = try #require(ReportBuilder.defaultTemplatesDirectory)
    try FileManager.default.copyItem(at: defaults, to: mine)
    try "A title of my own\n".write(to: mine.appendingPathComponent("title.md"), atomically: true, encoding: .utf8)
    let report = try CLI.run(["report", "study", "--templates", "mine"], in: dir)
    #expect(report.status == 0, "\(report.stderr)")
    let html = try String(contentsOf: dir.appendingPathComponent("study/report.html"), encoding: .utf8)
    #expect(html.contains("A title of my own"))
    #expect(html.contains("name: tiny"), "the appendix keeps the config as written")
    #expect(try contents(dir, "study", "indicators.csv") == before)
    let missing = try CLI.run(["report", "study", "--templates", "nowhere"], in: dir)
    #expect(missing.status == 2)
  }

  @Test func resumesAfterKillNineWithIdenticalData() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    // Long enough (a few seconds) that the kill lands between cells.
    try writeConfig(
      tinyConfig.replacingOccurrences(of: "max_steps: 60", with: "max_steps: 800")
        .replacingOccurrences(of: "patience: 2", with: "patience: 100"), in: dir)
    let reference = try CLI.run(["run", "--config", "tiny.yaml", "--out", "reference", "--jobs", "2"], in: dir)
    #expect(reference.status == 0, "\(reference.stderr)")

    // Kill the run hard once some cells are written but before it ends.
    let process = try CLI.start(["run", "--config", "tiny.yaml", "--out", "resumed", "--jobs", "1"], in: dir)
    let cells = dir.appendingPathComponent("resumed/cells")
    let deadline = Date().addingTimeInterval(120)
    while process.isRunning, Date() < deadline {
      let written = (try? FileManager.default.contentsOfDirectory(atPath: cells.path))?.filter { $0.hasSuffix(".json") } ?? []
      if written.count >= 2 { break }
      usleep(2_000)
    }
    let killedMidway = process.isRunning
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    // Every cell file left behind is whole.
    for name in try FileManager.default.contentsOfDirectory(atPath: cells.path) where name.hasSuffix(".json") {
      let data = try Data(contentsOf: cells.appendingPathComponent(name))
      #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "\(name) is not whole")
    }

    let resumed = try CLI.run(["run", "--config", "tiny.yaml", "--out", "resumed", "--jobs", "2"], in: dir)
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(killedMidway, "the run ended before it could be interrupted")
    #expect(resumed.stderr.contains("already finished, resuming"))
    for file in Self.dataFiles {
      #expect(try contents(dir, "reference", file) == contents(dir, "resumed", file), "\(file) differs after resuming")
    }
    let a = try StudyOutputs.readResults(in: dir.appendingPathComponent("reference"))
    let b = try StudyOutputs.readResults(in: dir.appendingPathComponent("resumed"))
    #expect(a.recommendations == b.recommendations)
  }

  @Test func cellFromAnotherConfigIsNeverReused() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try writeConfig(in: dir)
    let first = try CLI.run(["run", "--config", "tiny.yaml", "--out", "study", "--jobs", "2"], in: dir)
    #expect(first.status == 0, "\(first.stderr)")
    let before = try contents(dir, "study", "results.json")
    try writeConfig(tinyConfig.replacingOccurrences(of: "learning_rate: 0.01", with: "learning_rate: 0.02"), in: dir)
    let second = try CLI.run(["run", "--config", "tiny.yaml", "--out", "study"], in: dir)
    #expect(second.status == 2, "a cell file in the way is found before training: bad usage")
    #expect(second.stderr.contains("was written by a different config"))
    #expect(try contents(dir, "study", "results.json") == before, "nothing already written may change")
  }

  @Test func divergedCellIsRecordedAndTheStudyGoesOn() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    // Word vectors near the top of Float's range (3.4e38) overflow the training precision:
    // the readout bias's gradient, 2·mean(ŝ − s) in one dimension, is beyond Float from the
    // first step, and the cell must be recorded, not crash the study. (Beyond Float's range,
    // the vectors file is refused.)
    // Every 4-word line over the three words (81 distinct lines): enough for all three parts.
    let words = ["big", "small", "other"]
    let lines = (0..<81).map { i in (0..<4).map { words[(i / [1, 3, 9, 27][$0]) % 3] }.joined(separator: " ") }
    try writeTextStudy(
      name: "diverging", units: ["gru"], vectors: ["big 3e38", "small 3.1e38", "other 3.2e38"], lines: lines, in: dir)
    let outcome = try CLI.run(["run", "--config", "tiny.yaml", "--out", "study"], in: dir)
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let results = try StudyOutputs.readResults(in: dir.appendingPathComponent("study"))
    let cell = try #require(results.cells.first)
    #expect(cell.status == .diverged)
    #expect(cell.divergedAtStep != nil && cell.divergedAtStep == cell.steps, "training stops at the step it diverged")
    #expect(cell.eval.isEmpty)
    #expect(results.recommendations.first?.qualified == false)
  }

  /// A run decodes its examples with the models it trained, in memory; a rerun, which trains
  /// nothing, reads the same cells' weights back from the cell store: the examples are the same
  /// bytes either way.
  @Test func decodedExamplesAreTheSameFromMemoryAndFromTheCellStore() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let words = ["sun", "rain", "wind", "snow", "fog", "hail"]
    let vectors = ["1 0 0", "0 1 0", "0 0 1", "1 1 0", "0 1 1", "1 0 1"]
    // Every 4-word line over the six words' first four (256 distinct lines), then some with all six.
    var lines: [String] = []
    for i in 0..<256 { lines.append((0..<4).map { (j: Int) -> String in words[(i >> (2 * j)) & 3] }.joined(separator: " ")) }
    for i in 0..<64 { lines.append((0..<4).map { (j: Int) -> String in words[(i + j) % 6] }.joined(separator: " ")) }
    try writeTextStudy(
      name: "decoded", units: ["vrnn", "gru"], vectors: zip(words, vectors).map { "\($0) \($1)" }, lines: lines,
      in: dir)
    let study = dir.appendingPathComponent("study")
    let fresh = try CLI.run(["run", "--config", "tiny.yaml", "--out", "study"], in: dir)
    #expect(fresh.status == 0, "\(fresh.stderr)")
    let first = try StudyOutputs.readResults(in: study)
    let firstJSON = try Data(contentsOf: study.appendingPathComponent("results.json"))
    let rerun = try CLI.run(["run", "--config", "tiny.yaml", "--out", "study"], in: dir)
    #expect(rerun.status == 0, "\(rerun.stderr)")
    let second = try StudyOutputs.readResults(in: study)
    #expect(first.examples != nil, "a study on a corpus with two units decodes examples")
    #expect(second.cells.map(\.wallSeconds) == first.cells.map(\.wallSeconds), "the rerun trained nothing")
    #expect(second.examples == first.examples)
    func examples(_ data: Data) throws -> Data {
      let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      return try JSONSerialization.data(withJSONObject: try #require(root["examples"]), options: [.sortedKeys])
    }
    #expect(try examples(firstJSON) == examples(Data(contentsOf: study.appendingPathComponent("results.json"))))
  }
}
