/// Real test windows shown in words: what two trained cells decoded next to the true centroid,
/// each as its nearest words (METHOD.md §1: the semantics of a sequence is a point of the space).
public struct DecodedExamples: Codable, Equatable, Sendable {
  /// One of the two cells and what it decoded for each window.
  public struct Decoder: Codable, Equatable, Sendable {
    public var unit: UnitKind
    public var hidden: Int
    @LayerCount public var layers: Int
    public var seed: Int
    /// The cell's in-length held memory SMR_σ on the full test set (the fit's SMR where σ was
    /// not measured, and in results written before σ existed).
    public var smr: Double
    /// Per window, the words nearest to `ŝ`.
    public var nearest: [[String]]
    /// Per window, `cos(ŝ − μ, S(x) − μ)`.
    public var cosine: [Double]

    public init(
      unit: UnitKind, hidden: Int, layers: Int = 1, seed: Int, smr: Double, nearest: [[String]],
      cosine: [Double]
    ) {
      self.unit = unit
      self.hidden = hidden
      self.layers = layers
      self.seed = seed
      self.smr = smr
      self.nearest = nearest
      self.cosine = cosine
    }
  }

  /// The training and test length of both cells.
  public var length: Int
  /// The test windows, as words, first token first.
  public var windows: [[String]]
  /// Per window, the words nearest to the true centroid `S(x)`.
  public var centroidNearest: [[String]]
  /// The cell that keeps the sequence (higher SMR), then the one that forgets it.
  public var decoders: [Decoder]

  public init(length: Int, windows: [[String]], centroidNearest: [[String]], decoders: [Decoder]) {
    self.length = length
    self.windows = windows
    self.centroidNearest = centroidNearest
    self.decoders = decoders
  }
}

extension SemanticSpace {
  /// The `count` words whose centred vectors are closest in cosine to `point − μ`, closest
  /// first (ties by token id). Centring removes what every window shares (the frequent
  /// function words pull every centroid towards `μ`), so the words that remain say what sets
  /// this window apart. Empty for spaces without words.
  public func nearestWords(to point: [Double], count: Int) -> [String] {
    guard let words, count > 0 else { return [] }
    let d = dimension
    var query = [Double](repeating: 0, count: d)
    for j in 0..<d { query[j] = point[j] - mean[j] }
    var scored: [(score: Double, id: Int)] = []
    scored.reserveCapacity(vocabularySize)
    for w in 0..<vocabularySize {
      var dot = 0.0
      var norm2 = 0.0
      for j in 0..<d {
        let e = vectors[w, j] - mean[j]
        dot += e * query[j]
        norm2 += e * e
      }
      // A word at μ itself has no direction: it is nobody's neighbour.
      scored.append((norm2 > 0 ? dot / norm2.squareRoot() : -.infinity, w))
    }
    scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
    return scored.prefix(count).map { words[$0.id] }
  }
}
