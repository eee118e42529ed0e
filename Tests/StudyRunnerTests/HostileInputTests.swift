import Analysis
import Foundation
import ReportGen
import Testing
@testable import StudyRunner

/// Generated hostile inputs for the readers of StudyRunner and the command line: YAML configs,
/// results files, cell files, command-line values. Each is either used or refused with a
/// message naming the problem (exit 2 through the executable), never a crash, and nothing is
/// written for a refused input.
@Suite struct HostileInputTests {
  static let resultsFixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../ReportGenTests/Fixtures/results-small.json").standardized

  // MARK: YAML

  /// Loads `yaml`; a refusal must list problems, each short enough to read.
  static func loadOrRefuse(_ yaml: String) -> ConfigError? {
    do {
      _ = try ConfigLoader.load(yaml: yaml, source: "fuzz.yaml")
      return nil
    } catch {
      #expect(!error.problems.isEmpty)
      #expect(error.description.utf8.count < 8000, "a message of \(error.description.utf8.count) bytes")
      // Echoed values cannot reorder or rewrite the terminal's line.
      #expect(!error.description.unicodeScalars.contains {
        (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) || $0.value == 0 || $0.value == 0x1B
      })
      return error
    }
  }

  @Test func yamlTruncatedAtEveryLength() {
    let bytes = Array(tinyConfig.utf8)
    for n in 0..<bytes.count {
      _ = Self.loadOrRefuse(String(decoding: bytes.prefix(n), as: UTF8.self))
    }
  }

  static let hostileValues = [
    "-5", "0", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "1e400", "-1e308",
    ".nan", ".inf", "-.inf", "[]", "{}", "~", "null", "true", "[1, [2]]", "{a: 1}", "!!binary aGVsbG8=",
    "0x7fffffffffffffff", "1_000", "'\u{202E}lmth'", "\"\u{0}\"", "&a 1", "*a", "[*a, *a]",
    "'" + String(repeating: "x", count: 400_000) + "'",
  ]

  @Test func yamlWithAHostileValueAtEveryKey() {
    let lines = tinyConfig.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for (i, line) in lines.enumerated() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      for value in Self.hostileValues {
        var edited = lines
        edited[i] = String(line[...colon]) + " " + value
        _ = Self.loadOrRefuse(edited.joined(separator: "\n"))
      }
    }
  }

  /// Corpus splits whose parts overflow a sum, or wrap around to 100, are refused by name, in
  /// a config and in a results file alike (tinyConfig has no split to mutate).
  @Test func overflowingSplitsAreRefusedNamingTheKey() throws {
    let big = ["9223372036854775807", "-9223372036854775808", "4611686018427387904", "101", "0"]
    var splits = [["9223372036854775807", "9223372036854775807", "102"]]
    for value in big {
      for i in 0..<3 {
        var split = ["80", "10", "10"]
        split[i] = value
        splits.append(split)
      }
    }
    for split in splits {
      let yaml = """
        name: split
        space: {kind: embeddings, vectors: v.vec, corpus: c.txt, split: [\(split.joined(separator: ", "))]}
        units: [gru]
        hidden: [4]
        train_lengths: [5]
        seeds: [1, 2]
        """
      let error = try #require(Self.loadOrRefuse(yaml), "\(split) was accepted")
      #expect(error.problems.contains { $0.path == "space.split" }, "\(split): \(error)")
    }
    var results = try StudyResults.decode(from: Data(contentsOf: Self.resultsFixture))
    results.config.space = .embeddings(EmbeddingsSource(vectors: "v.vec", corpus: "c.txt", split: [.max, .max, 102]))
    #expect(results.problems.contains { $0.contains("space.split") }, "\(results.problems)")
  }

  @Test func yamlWithRandomByteMutations() {
    var rng = RandomGenerator(seed: 3)
    let bytes = Array(tinyConfig.utf8)
    let alphabet = Array("[]{}:-,'\"&*!|>#%@` \n\t0123456789.e".utf8) + [0, 0xFF, 0xC3]
    for _ in 0..<2000 {
      var mutated = bytes
      for _ in 0...rng.nextInt(below: 4) {
        let i = rng.nextInt(below: mutated.count)
        mutated[i] = alphabet[rng.nextInt(below: alphabet.count)]
      }
      _ = Self.loadOrRefuse(String(decoding: mutated, as: UTF8.self))
    }
  }

  @Test(arguments: [
    (["vocab: 4": "vocab: 100000000"], "space.vocab"),
    (["batch: 16": "batch: 100000000"], "training.batch"),
    (["test_lengths: [3, 6, 9]": "test_lengths: [3, 100000000]"], "test_lengths"),
    (["train_lengths: [3, 6]": "train_lengths: [3, 100000000]"], "train_lengths"),
    (["hidden: [8]": "hidden: [1000000]", "sequences: 64": "sequences: 2000000"], "hidden"),
    (["sequences: 64": "sequences: 100000000000"], "evaluation.sequences"),
    (["validation: 32": "validation: 100000000000"], "training.validation"),
  ])
  func sizesThatCannotFitAreRefusedNamingTheKey(edits: [String: String], key: String) throws {
    var yaml = tinyConfig
    for (from, to) in edits { yaml = yaml.replacingOccurrences(of: from, with: to) }
    let error = try #require(Self.loadOrRefuse(yaml))
    let problem = try #require(error.problems.first)
    #expect(problem.path == key || problem.message.contains("lower \(key)") || problem.message.contains(", \(key)") || problem.message.contains("or \(key)"), "\(problem)")
    #expect(problem.message.contains("of memory for one cell, more than this machine's"), "\(problem)")
    #expect(problem.line != nil)
  }

  // MARK: Results files

  /// Every path to a value in a JSON tree.
  static func paths(_ value: Any, _ prefix: [Any] = []) -> [[Any]] {
    var out: [[Any]] = [prefix]
    if let object = value as? [String: Any] {
      for (k, v) in object { out += paths(v, prefix + [k]) }
    } else if let array = value as? [Any] {
      for (i, v) in array.enumerated() { out += paths(v, prefix + [i]) }
    }
    return out
  }

  static func setting(_ root: Any, _ path: ArraySlice<Any>, to value: Any) -> Any {
    guard let key = path.first else { return value }
    if var object = root as? [String: Any], let k = key as? String {
      object[k] = setting(object[k] as Any, path.dropFirst(), to: value)
      return object
    }
    if var array = root as? [Any], let i = key as? Int, i < array.count {
      array[i] = setting(array[i], path.dropFirst(), to: value)
      return array
    }
    return root
  }

  /// Decodes and checks results; when accepted, renders every output: no NaN may reach them.
  static func readAndRender(_ data: Data, renders: inout Int) {
    guard let results = try? StudyResults.decode(from: data), results.problems.isEmpty else { return }
    renders += 1
    guard renders <= 3 else { return }
    #expect(!DataTables.indicators(results).contains("nan"))
    do {
      let report = try ReportBuilder.build(ReportInputs(results: results))
      for figure in report.figures { #expect(!figure.svg.contains("NaN") && !figure.svg.contains("inf"), "\(figure.name)") }
    } catch {
      Issue.record("accepted results failed to render: \(error)")
    }
  }

  @Test func resultsWithHostileValues() throws {
    let data = try Data(contentsOf: Self.resultsFixture)
    let fixture = try StudyResults.decode(from: data)
    #expect(fixture.problems.isEmpty, "the fixture itself: \(fixture.problems.prefix(3))")
    let root = try JSONSerialization.jsonObject(with: data)
    let paths = Self.paths(root)
    let hostile: [Any] = [[Any](), [String: Any](), NSNull(), -1e308, 1e308, 0, -1, 1e30, "x", true, Int.max, Int.min, 0.5]
    var rng = RandomGenerator(seed: 8)
    var renders = 0
    for _ in 0..<150 {
      let path = paths[rng.nextInt(below: paths.count)]
      let value = hostile[rng.nextInt(below: hostile.count)]
      let edited = Self.setting(root, path[...], to: value)
      Self.readAndRender(try JSONSerialization.data(withJSONObject: edited), renders: &renders)
    }
    for n in stride(from: 0, to: data.count, by: max(1, data.count / 50)) {
      #expect(throws: (any Error).self) { try StudyResults.decode(from: data.prefix(n)) }
    }
  }

  @Test func bogusResultsFileIsExitTwoNamingTheProblem() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.resultsFixture)) as? [String: Any])
    let cases: [(Any, String)] = [
      (Self.setting(root, ["config", "hidden"], to: [Any]()), "config.hidden: the list is empty"),
      (Self.setting(root, ["cells", 0, "eval", 0, "smr"], to: -1e308), "smr"),
      (Self.setting(root, ["cells", 0, "eval", 0, "memory_rate"], to: [Any]()), "memory_rate"),
      (Self.setting(root, ["cells", 0, "eval", 0, "memory_rate_sub"], to: [Any]()), "memory_rate_sub: 0 values"),
      (Self.setting(root, ["cells", 0, "eval", 0, "smr_sub"], to: 7), "smr_sub: 7.0 is out of range"),
      (Self.setting(root, ["cells", 0, "eval", 1, "tau_sub"], to: 3), "tau_sub given without memory_rate_sub"),
      (Self.setting(root, ["cells", 0, "hidden"], to: "eight"), "cells[0].hidden: expected Int"),
      (["what": "ever"], "key config is missing"),
    ]
    for (i, (value, message)) in cases.enumerated() {
      let study = dir.appendingPathComponent("s\(i)")
      try FileManager.default.createDirectory(at: study, withIntermediateDirectories: true)
      try JSONSerialization.data(withJSONObject: value).write(to: study.appendingPathComponent("results.json"))
      let outcome = try CLI.run(["report", "s\(i)"], in: dir)
      #expect(outcome.status == 2, "\(message): \(outcome.stderr)")
      #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
      #expect(outcome.stderr.utf8.count < 3000)
      #expect(!FileManager.default.fileExists(atPath: study.appendingPathComponent("report.html").path))
    }
    try "not json at all".write(to: dir.appendingPathComponent("s0/results.json"), atomically: true, encoding: .utf8)
    let garbage = try CLI.run(["report", "s0"], in: dir)
    #expect(garbage.status == 2, "\(garbage.stderr)")
  }

  @Test func templateErrorsAreExitTwo() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let study = dir.appendingPathComponent("study")
    try FileManager.default.createDirectory(at: study, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: Self.resultsFixture, to: study.appendingPathComponent("results.json"))
    let mine = dir.appendingPathComponent("mine")
    try FileManager.default.copyItem(at: try #require(ReportBuilder.defaultTemplatesDirectory), to: mine)
    try "## Method\n\n{{#open}} never closed\n".write(to: mine.appendingPathComponent("method.md"), atomically: true, encoding: .utf8)
    let outcome = try CLI.run(["report", "study", "--templates", "mine"], in: dir)
    #expect(outcome.status == 2, "\(outcome.stderr)")
    #expect(outcome.stderr.contains("method.md:") && outcome.stderr.contains("template error"), "\(outcome.stderr)")
    #expect(!FileManager.default.fileExists(atPath: study.appendingPathComponent("report.html").path), "nothing written")
  }

  // MARK: Cell files

  @Test func tamperedCellFilesAreRefusedNamingTheFile() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try tinyConfig.write(to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
    let first = try CLI.run(["run", "--config", "tiny.yaml", "--out", "study"], in: dir)
    #expect(first.status == 0, "\(first.stderr)")
    let cell = dir.appendingPathComponent("study/cells/gru-h8-l6-s2.json")
    let original = try Data(contentsOf: cell)
    let outputs = ["results.json", "report.html", "indicators.csv", "curves.csv"]
    let before = try outputs.map { try Data(contentsOf: dir.appendingPathComponent("study/\($0)")) }
    let text = String(decoding: original, as: UTF8.self)
    let smr = try #require(text.range(of: #""smr":[-0-9.e]+"#, options: .regularExpression))
    let rate = try #require(text.range(of: #""memory_rate":\[[^\]]*\]"#, options: .regularExpression))
    let tampered: [(String, String)] = [
      (text.replacingCharacters(in: smr, with: "\"smr\":-1e308"), "smr"),
      (text.replacingCharacters(in: rate, with: "\"memory_rate\":[]"), "memory_rate"),
      (text.replacingCharacters(in: smr, with: "\"smr\":\"NaN\""), "cannot be read as a cell"),
      (String(text.prefix(text.count / 2)), "cannot be read as a cell"),
      ("", "cannot be read as a cell"),
    ]
    for (content, message) in tampered {
      try content.write(to: cell, atomically: true, encoding: .utf8)
      let rerun = try CLI.run(["run", "--config", "tiny.yaml", "--out", "study"], in: dir)
      #expect(rerun.status == 2, "\(message): \(rerun.stderr)")
      #expect(rerun.stderr.contains(cell.path) && rerun.stderr.contains(message), "\(rerun.stderr)")
      let after = try outputs.map { try Data(contentsOf: dir.appendingPathComponent("study/\($0)")) }
      #expect(after == before, "nothing already written changes")
    }
  }

  // MARK: Data files in the report

  @Test func sha256MatchesTheStandardVectors() {
    #expect(SHA256.hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(SHA256.hex(Data(repeating: UInt8(ascii: "a"), count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test func embeddingsStudyNamesItsFilesByNameAndHashNeverByPath() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let data = dir.appendingPathComponent("private-data")
    try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    let vectors = "the 0.1 0.2\ncat 0.5 -0.2\nsat 0.3 0.3\non -0.4 0.1\n"
    try vectors.write(to: data.appendingPathComponent("vectors.txt"), atomically: true, encoding: .utf8)
    // Enough distinct lines that the split leaves no part empty.
    let corpus = (0..<60).map { "the cat sat on the cat n\($0)" }.joined(separator: "\n") + "\n"
    try corpus.write(to: data.appendingPathComponent("corpus.txt"), atomically: true, encoding: .utf8)
    try """
      name: words
      space: {kind: embeddings, vectors: \(data.path)/vectors.txt, corpus: private-data/corpus.txt}
      units: [gru]
      hidden: [4]
      train_lengths: [2]
      seeds: [1]
      training: {batch: 8, max_steps: 20, validation: 8, validate_every: 10}
      evaluation: {sequences: 16}

      """.write(to: dir.appendingPathComponent("words.yaml"), atomically: true, encoding: .utf8)
    let run = try CLI.run(["run", "--config", "words.yaml", "--out", "study"], in: dir)
    #expect(run.status == 0, "\(run.stderr)")
    let results = try StudyOutputs.readResults(in: dir.appendingPathComponent("study"))
    guard case .embeddings(let source) = results.config.space else { Issue.record("not an embeddings space"); return }
    #expect(source.vectors == "vectors.txt" && source.corpus == "corpus.txt")
    #expect(source.vectorsHash == "sha256:" + SHA256.hex(Data(vectors.utf8)))
    let json = try String(contentsOf: dir.appendingPathComponent("study/results.json"), encoding: .utf8)
    #expect(!json.contains(data.path))
    let html = try String(contentsOf: dir.appendingPathComponent("study/report.html"), encoding: .utf8)
    #expect(html.contains("vectors.txt (SHA-256 "))
    // The config the user wrote is shown as written (here with a path the user typed), but
    // the report's own text and data name no folder.
    let withoutConfig = html.replacingOccurrences(of: data.path + "/vectors.txt", with: "")
    #expect(withoutConfig.contains("corpus.txt (SHA-256 "))
    #expect(!withoutConfig.contains(data.path))
  }

  // MARK: Command line

  @Test func commandLineMistakesGetClearMessages() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let weights = CommandTests.torchWeights.path
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("folder"), withIntermediateDirectories: true)
    try Data([0x7F, 0x45, 0x4C, 0x46, 0xFF, 0x00, 0x01]).write(to: dir.appendingPathComponent("binary.yaml"))
    try ("name: deep\nhidden: " + String(repeating: "[", count: 400_000) + "\n").write(to: dir.appendingPathComponent("deep.yaml"), atomically: true, encoding: .utf8)
    try "the 0.1 0.2\ncat 0.3 0.4\n".write(to: dir.appendingPathComponent("vectors.txt"), atomically: true, encoding: .utf8)
    try """
      space: {kind: embeddings, vectors: vectors.txt, corpus: folder}
      hidden: [4]
      train_lengths: [2]
      seeds: [1]

      """.write(to: dir.appendingPathComponent("corpus-dir.yaml"), atomically: true, encoding: .utf8)
    try "big 1e39 1\nsmall 1 2\n".write(to: dir.appendingPathComponent("big.txt"), atomically: true, encoding: .utf8)
    try "big small big\n".write(to: dir.appendingPathComponent("corpus.txt"), atomically: true, encoding: .utf8)
    try """
      space: {kind: embeddings, vectors: big.txt, corpus: corpus.txt}
      hidden: [4]
      train_lengths: [2]
      seeds: [1]

      """.write(to: dir.appendingPathComponent("big.yaml"), atomically: true, encoding: .utf8)
    let cases: [([String], String)] = [
      (["evaluate", "--weights", weights, "--unit", "gru", "--vocab", "6", "--length", "-5"], "--length -5 is not allowed; expected an integer ≥ 1"),
      (["evaluate", "--weights", weights, "--unit", "gru", "--vocab", "6", "--length", "100000000"], "of memory, more than this machine's"),
      (["evaluate", "--weights", "folder", "--unit", "gru", "--vocab", "6", "--length", "5"], "is a directory, not a file"),
      (["bench", "--unit", "gru", "--hidden", "8", "--vocab", "8", "--length", "5", "--batch", "100000000000", "--steps", "1"], "of memory, more than this machine's"),
      (["run", "--config", "folder", "--out", "x"], "is a directory, not a file"),
      (["run", "--config", "binary.yaml", "--out", "x"], "is not UTF-8 text"),
      (["run", "--config", "deep.yaml", "--out", "x"], "not valid YAML"),
      (["run", "--config", "corpus-dir.yaml", "--out", "x"], "is a directory, not a file"),
      (["run", "--config", "big.yaml", "--out", "x"], "big.txt:1: '1e39' is beyond the range of Float"),
      (["run", "--jobs", "-2", "--out", "x"], "--jobs -2 is not allowed"),
    ]
    for (arguments, message) in cases {
      let outcome = try CLI.run(arguments, in: dir)
      #expect(outcome.status == 2, "\(arguments): \(outcome.stderr)")
      #expect(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr.prefix(500))")
      #expect(outcome.stderr.utf8.count < 4000, "\(arguments): \(outcome.stderr.utf8.count) bytes of message")
      #expect(!outcome.stderr.contains("NSCocoaErrorDomain") && !outcome.stderr.contains("Missing value"))
    }
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x").path), "nothing written")
  }

  @Test func craftedWeightsGetExitTwo() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let header = Array("{}".utf8)
    var overflow = [UInt8](repeating: 0xFF, count: 8) + header
    overflow[7] = 0xFF
    try Data(overflow).write(to: dir.appendingPathComponent("overflow.safetensors"))
    var rng = RandomGenerator(seed: 2)
    let good = [UInt8](try Data(contentsOf: CommandTests.torchWeights))
    try Data(good.prefix(good.count / 2)).write(to: dir.appendingPathComponent("half.safetensors"))
    // Weights near Float's largest: loadable, but every product overflows.
    let model = try RecurrentModel<Float>.load(safeTensors: Data(good))
    var huge = model
    for i in huge.parameters.indices { huge.parameters[i] = 3e38 * (rng.nextInt(below: 2) == 0 ? 1 : -1) }
    try huge.safeTensorsData().write(to: dir.appendingPathComponent("huge.safetensors"))
    var nan = model
    nan.parameters[3] = .nan
    try nan.safeTensorsData().write(to: dir.appendingPathComponent("nan.safetensors"))
    for (file, message) in [
      ("overflow", "header length 18446744073709551615 does not fit"), ("half", "do not hold"),
      ("huge", "not finite"), ("nan", "holds nan at index"),
    ] {
      let outcome = try CLI.run(
        ["evaluate", "--weights", "\(file).safetensors", "--unit", "gru", "--vocab", "6", "--length", "5", "--sequences", "16"], in: dir)
      #expect(outcome.status == 2, "\(file): \(outcome.stderr)")
      #expect(outcome.stderr.contains(message), "\(file): \(outcome.stderr)")
    }
  }
}
