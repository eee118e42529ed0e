/// The kinds of semantic space: the `kind` key of a config's `space`.
public enum SpaceKind: String, Codable, CaseIterable, Sendable {
  case onehot, gaussian, embeddings
}

/// The semantic space a study reads (METHOD.md §1), with what each kind needs and nothing else:
/// a one-hot space without a vocabulary, or an embeddings space without its files, cannot be
/// represented.
///
/// Encoded as a flat object with a `kind` key (`{kind: onehot, vocab: 16}`), the way the YAML
/// config writes it; optional keys the config left out stay out, so a study's `results.json`
/// and its cells' fingerprint keep the config as it was written.
public enum SpaceConfig: Equatable, Sendable {
  /// One-hot vectors over `vocab` tokens (d = vocab).
  case onehot(vocab: Int)
  /// `vocab` Gaussian random vectors in `dim` dimensions, drawn from `seed` (independent of
  /// the cell seeds).
  case gaussian(vocab: Int, dim: Int, seed: Int)
  /// Word vectors and a corpus read from files (vocabulary and dimension come from the files).
  case embeddings(EmbeddingsSource)

  public var kind: SpaceKind {
    switch self {
    case .onehot: .onehot
    case .gaussian: .gaussian
    case .embeddings: .embeddings
    }
  }

  /// The vocabulary size and vector dimension the config states; `nil` for embeddings, whose
  /// files say.
  public var declaredSize: (vocab: Int, dimension: Int)? {
    switch self {
    case .onehot(let vocab): (vocab, vocab)
    case .gaussian(let vocab, let dim, _): (vocab, dim)
    case .embeddings: nil
    }
  }

  /// The split of the corpus lines, in percent: training, validation, test.
  public static let defaultSplit = [80, 10, 10]

  /// Whether `split` is three whole percentages ≥ 1 summing to 100 (training, validation,
  /// test). Each is checked to lie in 1…100 before summing, so no value can overflow the sum.
  public static func isValidSplit(_ split: [Int]) -> Bool {
    split.count == 3 && split.allSatisfy { (1...100).contains($0) } && split.reduce(0, +) == 100
  }
}

/// The files of an embeddings space and how its corpus is split and cut into windows.
public struct EmbeddingsSource: Codable, Equatable, Sendable {
  /// Word-vector text file (word2vec text, GloVe text, fastText `.vec`).
  public var vectors: String
  /// Corpus, one sentence or paragraph per line.
  public var corpus: String
  /// Seed of the corpus split (which part each line falls in), independent of the cell seeds.
  public var seed: Int
  /// Percent of the corpus lines in the training, validation and test parts, as the config
  /// wrote it (`nil`: not given, `SpaceConfig.defaultSplit`).
  public var split: [Int]?
  /// Where windows are cut from, as the config wrote it (`nil`: not given, `stream`).
  public var windows: CorpusWindows?
  /// `sha256:<hex>` of the vectors and corpus files, filled in by the runner, which records
  /// the files by name and content (never by where they lived) in the study's results.
  public var vectorsHash: String?
  public var corpusHash: String?

  public init(
    vectors: String, corpus: String, seed: Int = 0, split: [Int]? = nil,
    windows: CorpusWindows? = nil, vectorsHash: String? = nil, corpusHash: String? = nil
  ) {
    self.vectors = vectors
    self.corpus = corpus
    self.seed = seed
    self.split = split
    self.windows = windows
    self.vectorsHash = vectorsHash
    self.corpusHash = corpusHash
  }

  public var effectiveSplit: [Int] { split ?? SpaceConfig.defaultSplit }
  public var effectiveWindows: CorpusWindows { windows ?? .stream }
}

/// Encoded flat, `kind` beside the payload's own keys, each payload by its synthesised
/// conformance: a field added to `EmbeddingsSource` is written (and so enters the cells'
/// fingerprint) without a line here, and an associated value added to `onehot` or `gaussian`
/// breaks the patterns below until its payload struct has it. Optional keys the config left out
/// stay out (synthesised `encodeIfPresent`), as they always were, so the fingerprints of
/// existing cells hold.
extension SpaceConfig: Codable {
  private enum KindKey: String, CodingKey { case kind }
  private struct OneHot: Codable { var vocab: Int }
  private struct Gaussian: Codable { var vocab: Int, dim: Int, seed: Int }

  public init(from decoder: Decoder) throws {
    switch try decoder.container(keyedBy: KindKey.self).decode(SpaceKind.self, forKey: .kind) {
    case .onehot:
      self = .onehot(vocab: try OneHot(from: decoder).vocab)
    case .gaussian:
      let g = try Gaussian(from: decoder)
      self = .gaussian(vocab: g.vocab, dim: g.dim, seed: g.seed)
    case .embeddings:
      self = .embeddings(try EmbeddingsSource(from: decoder))
    }
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: KindKey.self)
    try c.encode(kind, forKey: .kind)
    switch self {
    case .onehot(let vocab): try OneHot(vocab: vocab).encode(to: encoder)
    case .gaussian(let vocab, let dim, let seed): try Gaussian(vocab: vocab, dim: dim, seed: seed).encode(to: encoder)
    case .embeddings(let source): try source.encode(to: encoder)
    }
  }
}

/// Where the sequences of an embeddings study are cut from (METHOD.md §1).
public enum CorpusWindows: String, Codable, CaseIterable, Sendable {
  /// Contiguous windows of one part's token stream (its lines in file order, concatenated):
  /// a window may cross line ends, so every length up to the part's size exists.
  case stream
  /// Contiguous windows within one line.
  case sentence
}

/// The disjoint parts of a corpus: training sequences, validation sequences (early stopping)
/// and test sequences (the indicators) never share a line.
public enum CorpusPart: String, Codable, CaseIterable, Sendable {
  case training, validation, test
}
