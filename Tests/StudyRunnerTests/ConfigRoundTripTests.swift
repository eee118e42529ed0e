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

  @Test(arguments: spaces)
  func appendixYAMLReadsBackAsTheSameConfig(space: String) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roundtrip-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try "the a\n".write(to: dir.appendingPathComponent("v.vec"), atomically: true, encoding: .utf8)
    try "the\n".write(to: dir.appendingPathComponent("c.txt"), atomically: true, encoding: .utf8)
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
}
