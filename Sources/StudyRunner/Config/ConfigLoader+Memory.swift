import Analysis
import Foundation
import Yams

extension StudyConfig {
  /// The shapes of the study's largest cell, every size at its maximum over the grid, in a
  /// space of `vocab` tokens and `dimension` dimensions.
  func largestCell(vocab: Int, dimension: Int) -> MemoryEstimate.Cell {
    MemoryEstimate.Cell(
      gates: units.map(\.gateCount).max() ?? 4, hidden: hidden.max() ?? 1,
      layers: layers.max() ?? 1, vocab: vocab,
      dimension: dimension, dense: space.kind != .onehot, trainLength: trainLengths.max() ?? 1,
      testLength: effectiveTestLengths.max() ?? 1, batch: training.batch,
      validation: training.validation, sequences: evaluation.sequences)
  }

  /// What the study needs at once with `jobs` cells side by side.
  func memoryEstimate(vocab: Int, dimension: Int, jobs: Int = 1) -> MemoryEstimate {
    let largest = largestCell(vocab: vocab, dimension: dimension)
    let cell = MemoryEstimate.cell(largest)
    var scaled = MemoryEstimate()
    for part in cell.parts {
      scaled.add(part.what, keys: part.keys, bytes: part.bytes * Double(jobs))
    }
    let cellCount = Double(units.count) * Double(hidden.count) * Double(layers.count)
      * Double(trainLengths.count) * Double(seeds.count)
    let lengths = effectiveTestLengths.reduce(0.0) { $0 + Double($1) }
    let kept = space.kind == .embeddings
      ? MemoryEstimate.keptModels(largest, count: Double(units.count) * Double(trainLengths.count) * Double(seeds.count))
      : MemoryEstimate()
    return MemoryEstimate.space(vocab: vocab, dimension: dimension) + scaled
      + MemoryEstimate.results(cells: cellCount, testLengthSum: lengths) + kept
  }

  /// The space's size when the config fixes it (onehot, gaussian); an embeddings space's is
  /// known once its vectors file is read.
  var declaredSpaceSize: (vocab: Int, dimension: Int)? { space.declaredSize }
}

extension ConfigLoader {
  /// A problem when the study's largest cell cannot fit in this machine's memory, naming the
  /// part that needs the most and the keys that size it, the one to lower first leading.
  static func memoryProblem(
    _ config: StudyConfig, vocab: Int, dimension: Int, available: Double = MemoryEstimate.available,
    top: [String: Node]? = nil
  ) -> ConfigError.Problem? {
    let estimate = config.memoryEstimate(vocab: vocab, dimension: dimension)
    guard estimate.bytes > available, let largest = estimate.largest else { return nil }
    // Rank the part's keys by how much bringing each back to a preset's size would save.
    let keys = largest.keys.sorted { savings(config, vocab, dimension, $0) > savings(config, vocab, dimension, $1) }
    let lead = keys.first ?? ""
    return ConfigError.Problem(
      path: lead, line: top.flatMap { node(at: lead, in: $0) }?.mark?.line,
      message: "the study needs about \(estimate) of memory for one cell, more than this machine's \(MemoryEstimate.format(available)); most of it is \(largest.what), \(MemoryEstimate.format(largest.bytes)): lower \(ReportList.or(keys))")
  }

  static func memoryProblem(_ config: StudyConfig, top: [String: Node]?) -> ConfigError.Problem? {
    guard let size = config.declaredSpaceSize else { return nil }
    return memoryProblem(config, vocab: size.vocab, dimension: size.dimension, top: top)
  }

  /// Bytes saved by setting one key to the quick preset's value.
  private static func savings(_ config: StudyConfig, _ vocab: Int, _ dimension: Int, _ key: String) -> Double {
    var smaller = config
    var (v, d) = (vocab, dimension)
    switch key {
    case "space.vocab": v = min(v, 16); if config.space.kind == .onehot { d = v }
    case "space.dim": d = min(d, 16)
    case "hidden": smaller.hidden = [min(config.hidden.max() ?? 1, 32)]
    case "layers": smaller.layers = [1]
    case "train_lengths": smaller.trainLengths = [min(config.trainLengths.max() ?? 1, 160)]
    case "test_lengths": smaller.testLengths = [min(config.effectiveTestLengths.max() ?? 1, 320)]
    case "training.batch": smaller.training.batch = min(config.training.batch, 64)
    case "training.validation": smaller.training.validation = min(config.training.validation, 256)
    case "evaluation.sequences": smaller.evaluation.sequences = min(config.evaluation.sequences, 512)
    case "seeds": smaller.seeds = [1]
    default: return 0
    }
    return config.memoryEstimate(vocab: vocab, dimension: dimension).bytes
      - smaller.memoryEstimate(vocab: v, dimension: d).bytes
  }

  /// The node of a dotted key path (`training.batch`) in the top-level mapping.
  private static func node(at path: String, in top: [String: Node]) -> Node? {
    let parts = path.split(separator: ".").map(String.init)
    guard let first = parts.first, var node = top[first] else { return nil }
    for key in parts.dropFirst() {
      guard case .mapping(let mapping) = node, let next = mapping[key] else { return node }
      node = next
    }
    return node
  }
}
