import Analysis

extension StudyConfig {
  /// Every cell of the grid, in a fixed order: unit, hidden size, training length (longest
  /// first), seed. Cells train in `CellSchedule`'s order, longest estimated cost first.
  public var cells: [CellSpec] {
    units.flatMap { unit in
      hidden.flatMap { h in
        trainLengths.sorted(by: >).flatMap { length in
          seeds.map { CellSpec(unit: unit, hidden: h, trainLength: length, seed: $0) }
        }
      }
    }
  }
}

extension SemanticSpace {
  /// The space a config describes (reads the files of an embeddings space).
  public static func make(_ config: SpaceConfig) throws -> SemanticSpace {
    switch config.kind {
    case .onehot:
      return .onehot(vocab: config.vocab!)
    case .gaussian:
      return .gaussian(vocab: config.vocab!, dim: config.dim!, seed: config.seed ?? 0)
    case .embeddings:
      return try .embeddings(
        vectorsFile: URL(fileURLWithPath: config.vectors!),
        corpusFile: URL(fileURLWithPath: config.corpus!),
        split: config.split ?? SpaceConfig.defaultSplit, windows: config.windows ?? .stream,
        seed: config.seed ?? 0)
    }
  }
}

import Foundation
