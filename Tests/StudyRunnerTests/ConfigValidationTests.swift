import Foundation
import Testing
@testable import StudyRunner
import Analysis

/// Bad configs: every problem listed with key path, value and what is allowed, exit code 2,
/// nothing written. The expected stderr is committed under Golden/ (re-recorded when
/// RECORD_SNAPSHOTS is set).
@Suite struct ConfigValidationTests {
  static let cases: [(name: String, yaml: String)] = [
    ("misspelt-keys", """
      name: typo
      space: {kind: onehot, vocab: 8}
      hiden: [16]
      hidden: [16]
      train_lenghts: [5]
      train_lengths: [5]
      seeds: [1]
      training: {learning_rat: 0.01}

      """),
    ("bad-values", """
      name: values
      space: {kind: onehat, vocab: 8}
      units: [lstm, transformer]
      hidden: [0, 16]
      train_lengths: [5, five]
      seeds: [-1]
      training: {batch: 0, learning_rate: 2, clip: -1}
      evaluation: {threshold: 1.5, substitution: in-length}

      """),
    ("space-rules", """
      space: {kind: onehot, vocab: 8, dim: 4}
      hidden: [16]
      train_lengths: [5]
      seeds: [1]

      """),
    ("missing-keys", """
      name: nothing
      units: [gru]

      """),
    ("corpus-keys", """
      space: {kind: embeddings, vectors: v.txt, corpus: c.txt, split: [80, 10], windows: lines, seed: -1}
      hidden: [16]
      train_lengths: [5]
      seeds: [1]

      """),
    ("corpus-keys-elsewhere", """
      space: {kind: gaussian, vocab: 8, dim: 4, split: [90, 5, 5], windows: stream}
      hidden: [16]
      train_lengths: [5]
      seeds: [1]

      """),
    // No evaluation block: the defaults (1024 sequences) are checked too, here against the
    // longest training length, which test_lengths leaves out. (One training step, so that a
    // regression fails in seconds rather than hours.)
    ("under-determined", """
      space: {kind: onehot, vocab: 2}
      hidden: [8]
      train_lengths: [5, 2100]
      test_lengths: [10]
      seeds: [1]
      training: {max_steps: 1}

      """),
    ("too-few-for-probes", """
      space: {kind: onehot, vocab: 8}
      hidden: [8, 600]
      train_lengths: [5]
      seeds: [1]
      training: {max_steps: 1}

      """),
    ("under-determined-written", """
      space: {kind: gaussian, vocab: 50, dim: 3}
      hidden: [16]
      train_lengths: [5]
      test_lengths: [5, 100]
      seeds: [1]
      evaluation:
        sequences: 20

      """),
    ("missing-files", """
      space: {kind: embeddings, vectors: nowhere.txt}
      hidden: [16]
      train_lengths: [5]
      seeds: [1]

      """),
  ]

  static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

  @Test(arguments: cases.map(\.name))
  func badConfigIsRejectedWithEveryProblem(name: String) throws {
    let yaml = Self.cases.first { $0.name == name }!.yaml
    let dir = try temporaryDirectory(name)
    defer { try? FileManager.default.removeItem(at: dir) }
    try yaml.write(to: dir.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8)
    let outcome = try CLI.run(["run", "--config", "\(name).yaml", "--out", "study"], in: dir)
    #expect(outcome.status == 2)
    #expect(outcome.stdout.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("study").path), "nothing may be written")
    let golden = Self.goldenDirectory.appendingPathComponent("\(name).stderr")
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil,
      (try? String(contentsOf: golden, encoding: .utf8)) != outcome.stderr {
      try outcome.stderr.write(to: golden, atomically: true, encoding: .utf8)
      Issue.record("Golden/\(name).stderr recorded, review the diff (git diff), rebuild (the goldens are resources) and rerun without RECORD_SNAPSHOTS")
      return
    }
    let expected = try String(contentsOf: Bundle.module.resourceURL!.appendingPathComponent("Golden/\(name).stderr"), encoding: .utf8)
    #expect(outcome.stderr == expected)
  }

  /// A corpus part too short for a length is a config problem: key, value, part and allowed
  /// lengths, exit 2, nothing written.
  @Test func corpusPartTooShortForALengthIsRejectedBeforeTraining() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try "the 0.1 0.2\ncat 0.5 -0.2\nsat 0.3 0.3\n".write(to: dir.appendingPathComponent("vectors.txt"), atomically: true, encoding: .utf8)
    // 200 distinct lines of 3 tokens (an out-of-vocabulary number makes each line distinct).
    let corpus = (0..<200).map { "The cat sat n\($0)" }.joined(separator: "\n") + "\n"
    try corpus.write(to: dir.appendingPathComponent("corpus.txt"), atomically: true, encoding: .utf8)
    try """
      space: {kind: embeddings, vectors: vectors.txt, corpus: corpus.txt, windows: sentence}
      hidden: [4]
      train_lengths: [2, 3, 9]
      test_lengths: [2, 4]
      seeds: [1]

      """.write(to: dir.appendingPathComponent("words.yaml"), atomically: true, encoding: .utf8)
    let outcome = try CLI.run(["run", "--config", "words.yaml", "--out", "study"], in: dir)
    #expect(outcome.status == 2)
    #expect(outcome.stderr.hasPrefix("corpus.txt: 2 problems:"), "\(outcome.stderr)")
    #expect(outcome.stderr.contains("train_lengths[2]: 9 is too long for the training part (3 tokens), validation part (3 tokens) and test part (3 tokens) of corpus.txt"), "\(outcome.stderr)")
    #expect(outcome.stderr.contains("test_lengths[1]: 4 is too long for the test part (3 tokens)"), "\(outcome.stderr)")
    #expect(outcome.stderr.contains("allowed: lengths ≤ 3, or space.windows: stream"), "\(outcome.stderr)")
    #expect(!outcome.stderr.contains(dir.path), "no absolute path")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("study").path), "nothing may be written")
  }

  @Test func textPresetWithoutItsFilesSaysToRunTheScript() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let outcome = try CLI.run(["run", "--preset", "text", "--out", "study"], in: dir)
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("data/text/glosses.txt and data/text/vectors.vec are missing: run scripts/text-corpus first"), "\(outcome.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("study").path), "nothing may be written")
  }

  @Test func embeddingsTooNarrowForTheTestSetAreRejectedBeforeTraining() throws {
    // d = 2 is known only once the vectors file is read: 16 sequences give 32 numbers for the
    // 40 coefficients of the longest (training) length, though test_lengths stops at 3.
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try "the 0.1 0.2\ncat 0.5 -0.2\nsat 0.3 0.3\n".write(to: dir.appendingPathComponent("vectors.txt"), atomically: true, encoding: .utf8)
    // Distinct lines (an out-of-vocabulary number each), so the split fills all three parts.
    let corpus = (0..<200).map { "the cat sat on the mat the cat sat n\($0)" }.joined(separator: "\n") + "\n"
    try corpus.write(to: dir.appendingPathComponent("corpus.txt"), atomically: true, encoding: .utf8)
    try """
      space: {kind: embeddings, vectors: vectors.txt, corpus: corpus.txt}
      hidden: [4]
      train_lengths: [2, 40]
      test_lengths: [3]
      seeds: [1]
      evaluation: {sequences: 16}

      """.write(to: dir.appendingPathComponent("narrow.yaml"), atomically: true, encoding: .utf8)
    let outcome = try CLI.run(["run", "--config", "narrow.yaml", "--out", "study"], in: dir)
    #expect(outcome.status == 2, "\(outcome.stderr)")
    #expect(outcome.stderr == """
      narrow.yaml: 1 problem:
        - evaluation.sequences: 16 test sequences of dimension 2 give 32 numbers to fit the 40 memory coefficients of test length 40; expected at least 20 (sequences × dimension ≥ the longest test length)

      """)
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("study").path), "nothing may be written")
  }

  @Test func suggestionsFindNearMisses() {
    #expect(Suggestion.closest(to: "hiden", in: ConfigLoader.Keys.top) == "hidden")
    #expect(Suggestion.closest(to: "train_lenghts", in: ConfigLoader.Keys.top) == "train_lengths")
    #expect(Suggestion.closest(to: "colour", in: ConfigLoader.Keys.top) == nil)
  }

  @Test(arguments: Preset.allCases)
  func presetsAreValidConfigs(preset: Preset) throws {
    // The text preset's files are made by scripts/text-corpus; stand-ins are enough to validate.
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    for file in Preset.textFiles {
      let url = dir.appendingPathComponent(file.path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try "a 1\n".write(to: url, atomically: true, encoding: .utf8)
    }
    let config = try preset.config(directory: dir)
    // The modern preset compares every unit; the others the three classic ones.
    #expect(config.units == (preset == .modern ? UnitKind.allCases : [.vrnn, .lstm, .gru]))
    #expect(config.seeds.count >= 2)
  }

  @Test func usageErrorsExitWithTwo() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let both = try CLI.run(["run", "--preset", "quick", "--config", "x.yaml"], in: dir)
    #expect(both.status == 2)
    #expect(both.stderr.contains("give either --preset or --config, not both"))
    let badPreset = try CLI.run(["run", "--preset", "huge"], in: dir)
    #expect(badPreset.status == 2)
    #expect(badPreset.stderr.contains("huge"))
    let noFile = try CLI.run(["run", "--config", "missing.yaml"], in: dir)
    #expect(noFile.status == 2)
    #expect(noFile.stderr.contains("missing.yaml"))
    let noResults = try CLI.run(["report", "nowhere"], in: dir)
    #expect(noResults.status == 2)
    #expect(noResults.stderr.contains("results.json does not exist"))
  }

  @Test func printConfigRoundTrips() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let printed = try CLI.run(["run", "--preset", "quick", "--print-config"], in: dir)
    #expect(printed.status == 0)
    let reparsed = try ConfigLoader.load(yaml: printed.stdout, source: "printed")
    #expect(reparsed == (try Preset.quick.config()))
  }
}
