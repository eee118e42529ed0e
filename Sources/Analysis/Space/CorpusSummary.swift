/// What an embeddings study read: the files (by name and SHA-256, never by absolute path), the
/// corpus's size, how much of it has vectors, and the three parts it was split into.
public struct CorpusSummary: Codable, Equatable, Sendable {
  public struct File: Codable, Equatable, Sendable {
    /// The file's name, without its folder.
    public var name: String
    public var bytes: Int
    /// 64 lower-case hex digits.
    public var sha256: String

    public init(name: String, bytes: Int, sha256: String) {
      self.name = name
      self.bytes = bytes
      self.sha256 = sha256
    }
  }

  public struct PartSize: Codable, Equatable, Sendable {
    public var part: CorpusPart
    /// Lines with at least one in-vocabulary token.
    public var lines: Int
    /// In-vocabulary tokens: the length of the part's stream.
    public var tokens: Int
    /// In-vocabulary tokens of its longest line.
    public var longestLine: Int

    public init(part: CorpusPart, lines: Int, tokens: Int, longestLine: Int) {
      self.part = part
      self.lines = lines
      self.tokens = tokens
      self.longestLine = longestLine
    }
  }

  public var corpus: File
  public var vectors: File
  /// Non-blank lines of the corpus.
  public var lines: Int
  /// Whitespace tokens of the corpus (after lower-casing).
  public var tokens: Int
  /// Distinct tokens of the corpus.
  public var types: Int
  /// Tokens without a word vector (dropped).
  public var tokensWithoutVector: Int
  /// Words of the vectors file.
  public var vectorWords: Int
  /// Words the study uses: those of the vectors file that the corpus reads (`V`).
  public var vocabulary: Int
  public var dimension: Int
  /// Percent of lines in training, validation, test.
  public var split: [Int]
  public var splitSeed: Int
  public var windows: CorpusWindows
  /// Training, validation, test.
  public var parts: [PartSize]

  public init(
    corpus: File, vectors: File, lines: Int, tokens: Int, types: Int, tokensWithoutVector: Int,
    vectorWords: Int, vocabulary: Int, dimension: Int, split: [Int], splitSeed: Int,
    windows: CorpusWindows, parts: [PartSize]
  ) {
    self.corpus = corpus
    self.vectors = vectors
    self.lines = lines
    self.tokens = tokens
    self.types = types
    self.tokensWithoutVector = tokensWithoutVector
    self.vectorWords = vectorWords
    self.vocabulary = vocabulary
    self.dimension = dimension
    self.split = split
    self.splitSeed = splitSeed
    self.windows = windows
    self.parts = parts
  }

  /// The share of corpus tokens without a vector, in [0, 1].
  public var shareWithoutVector: Double {
    tokens == 0 ? 0 : Double(tokensWithoutVector) / Double(tokens)
  }
}
