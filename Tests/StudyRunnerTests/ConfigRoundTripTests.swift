import Analysis
import Foundation
import Testing

@testable import ReportGen
@testable import StudyRunner

/// The appendix of a report re-rendered from `results.json` (`memstudy report`) states the config
/// as YAML: read back, it must be the config the study ran, or a rerun from the appendix would
/// run another study.
@Suite struct ConfigRoundTripTests {
  static let spaces = [
    "  kind: onehot\n  vocab: 16",
    "  kind: gaussian\n  vocab: 40\n  dim: 8\n  seed: 3",
    "  kind: gaussian\n  vocab: 40\n  dim: 8",
    "  kind: embeddings\n  vectors: v.vec\n  corpus: c.txt",
    "  kind: embeddings\n  vectors: v.vec\n  corpus: c.txt\n  seed: 4\n  split: [70, 20, 10]\n  windows: sentence",
  ]

  /// A temporary folder with the vectors and corpus files the embeddings configs name.
  static func folderWithSpaceFiles() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roundtrip-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try "the a\n".write(to: dir.appendingPathComponent("v.vec"), atomically: true, encoding: .utf8)
    try "the\n".write(to: dir.appendingPathComponent("c.txt"), atomically: true, encoding: .utf8)
    return dir
  }

  @Test(arguments: spaces)
  func appendixYAMLReadsBackAsTheSameConfig(space: String) throws {
    let dir = try Self.folderWithSpaceFiles()
    defer { try? FileManager.default.removeItem(at: dir) }
    let yaml = """
      name: "round trip"
      space:
      \(space)
      units: [gru, vrnn]
      hidden: [8]
      train_lengths: [5, 10]
      test_lengths: [20]
      seeds: [1, 2]
      training:
        batch: 16
        max_steps: 30
      evaluation:
        sequences: 256
        threshold: 0.4
      """
    let config = try ConfigLoader.load(yaml: yaml, source: "test", baseDirectory: dir)
    let rendered = ConfigYAML.render(config)
    let again = try ConfigLoader.load(yaml: rendered, source: "appendix", baseDirectory: dir)
    #expect(again == config, "\(rendered)")
  }

  /// Every key a config can set, each away from its default, reads back the same; and every
  /// key of the config's encoding (what results.json and the cells' fingerprint hold) is a key
  /// of the rendered YAML, so a config field the emitter forgets fails here by name.
  @Test func everyConfigKeyRoundTrips() throws {
    let dir = try Self.folderWithSpaceFiles()
    defer { try? FileManager.default.removeItem(at: dir) }
    let yaml = """
      name: "every key: \\"quoted\\""
      space:
        kind: embeddings
        vectors: v.vec
        corpus: c.txt
        seed: 4
        split: [70, 20, 10]
        windows: sentence
      units: [lstm, gru, vrnn]
      hidden: [8, 12]
      layers: [1, 2]
      train_lengths: [5, 10]
      test_lengths: [20, 3]
      seeds: [7, 2]
      training:
        batch: 16
        learning_rate: 0.0125
        clip: 2.5
        max_steps: 30
        patience: 4
        validation: 48
        validate_every: 10
      evaluation:
        sequences: 256
        threshold: 0.4
        recommend_threshold: 0.85
        probe: 0.01
        substitution: all
        substitution_sequences: 64
      """
    let config = try ConfigLoader.load(yaml: yaml, source: "test", baseDirectory: dir)
    #expect(config.training != TrainingConfig() && config.evaluation != EvaluationConfig(), "every setting away from its default")
    let rendered = ConfigYAML.render(config)
    #expect(try ConfigLoader.load(yaml: rendered, source: "appendix", baseDirectory: dir) == config, "\(rendered)")

    // The encoding's keys, nested as `training.batch`, against the rendered YAML's.
    func keys(_ object: [String: Any], _ prefix: String = "") -> Set<String> {
      object.reduce(into: Set<String>()) { out, entry in
        if let nested = entry.value as? [String: Any] { out.formUnion(keys(nested, prefix + entry.key + ".")) }
        else { out.insert(prefix + entry.key) }
      }
    }
    let encoded = try #require(try JSONSerialization.jsonObject(with: try StudyResults.makeEncoder().encode(config)) as? [String: Any])
    var written: Set<String> = []
    var section = ""
    for line in rendered.split(separator: "\n") {
      guard let colon = line.firstIndex(of: ":"), !line.hasPrefix("\"") else { continue }
      let key = line[..<colon].trimmingCharacters(in: .whitespaces)
      if line.hasPrefix("  ") { written.insert(section + "." + key) } else { section = key; written.insert(key) }
    }
    // The runner's own records of the files (their hashes) are not config keys.
    let missing = keys(encoded).subtracting(written).subtracting(["space.vectors_hash", "space.corpus_hash"])
    #expect(missing.isEmpty, "keys of the config the appendix YAML leaves out: \(missing.sorted())")
  }
}
