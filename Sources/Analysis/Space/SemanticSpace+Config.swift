import Foundation

extension SemanticSpace {
  /// The space a config describes (reads the files of an embeddings space; relative paths
  /// from the current directory, as the config loader has already resolved them).
  public static func make(_ config: SpaceConfig) throws -> SemanticSpace {
    switch config {
    case .onehot(let vocab):
      return .onehot(vocab: vocab)
    case .gaussian(let vocab, let dim, let seed):
      return .gaussian(vocab: vocab, dim: dim, seed: seed)
    case .embeddings(let source):
      return try .embeddings(
        vectorsFile: URL(fileURLWithPath: source.vectors),
        corpusFile: URL(fileURLWithPath: source.corpus),
        split: source.effectiveSplit, windows: source.effectiveWindows, seed: source.seed)
    }
  }
}
