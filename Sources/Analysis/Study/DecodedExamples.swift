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

extension DecodedExamples {
  /// Three test windows decoded by the unit that keeps the most and the one that keeps the
  /// least, at the training length where they differ most (first hidden size, first seed both
  /// trained at), each shown as its nearest words. `nil` for synthetic spaces, or when no two
  /// units have finished cells at a common length.
  ///
  /// `model` gives the trained weights of a cell of `results`: one of the cells `mayDecode`
  /// selects (the runner keeps those it trains in memory and reads the others from its cell
  /// store).
  public static func make(
    _ results: StudyResults, space: SemanticSpace, evaluator: ModelEvaluator,
    model: (CellSpec) throws -> RecurrentModel<Float>, windows count: Int = 3, words: Int = 5
  ) throws -> DecodedExamples? {
    guard space.corpusSummary != nil, let size = results.config.sizes.first else { return nil }
    // What the units hold (held memory where σ was measured, as the rule reads it).
    let measure = RecommendationRule.measure(for: results)
    func smr(_ unit: UnitKind, _ length: Int) -> Double? {
      results.interval(unit: unit, size: size, trainLength: length) { measure.value(in: $0) }?.mean
    }
    var best: (length: Int, keeps: UnitKind, forgets: UnitKind, spread: Double)?
    for length in results.config.trainLengths.sorted() {
      let scored = results.config.units.compactMap { u in smr(u, length).map { (u, $0) } }
      guard let top = scored.max(by: { $0.1 < $1.1 }), let bottom = scored.min(by: { $0.1 < $1.1 }),
        top.0 != bottom.0
      else { continue }
      if best == nil || top.1 - bottom.1 > best!.spread { best = (length, top.0, bottom.0, top.1 - bottom.1) }
    }
    guard let best else { return nil }
    let cell = { (unit: UnitKind, seed: Int) in CellSpec(unit: unit, hidden: size.hidden, layers: size.layers, trainLength: best.length, seed: seed) }
    let ok = { (spec: CellSpec) in
      results.cells.first { $0.spec == spec && $0.status == .ok }
    }
    guard let seed = results.config.seeds.first(where: { ok(cell(best.keeps, $0)) != nil && ok(cell(best.forgets, $0)) != nil })
    else { return nil }

    var decoders: [DecodedExamples.Decoder] = []
    var tokens: [Int32] = []
    for unit in [best.keeps, best.forgets] {
      let spec = cell(unit, seed)
      let decoded = try evaluator.decodeTestSequences(try model(spec), seed: seed, length: best.length, count: count)
      tokens = decoded.tokens
      let centroids = space.centroids(of: tokens, length: best.length)
      var nearest: [[String]] = []
      var cosines: [Double] = []
      for i in 0..<count {
        let row = Array(decoded.decoded.storage[(i * space.dimension)..<((i + 1) * space.dimension)])
        let truth = Array(centroids.storage[(i * space.dimension)..<((i + 1) * space.dimension)])
        nearest.append(space.nearestWords(to: row, count: words))
        cosines.append(Self.centredCosine(row, truth, mean: space.mean))
      }
      let inLength = ok(spec)?.eval.first { $0.length == best.length }.flatMap { measure.value(in: $0) } ?? 0
      decoders.append(.init(unit: unit, hidden: size.hidden, layers: size.layers, seed: seed, smr: inLength, nearest: nearest, cosine: cosines))
    }
    let centroids = space.centroids(of: tokens, length: best.length)
    let names = space.words ?? []
    return DecodedExamples(
      length: best.length,
      windows: (0..<count).map { i in tokens[(i * best.length)..<((i + 1) * best.length)].map { names[Int($0)] } },
      centroidNearest: (0..<count).map { i in
        space.nearestWords(to: Array(centroids.storage[(i * space.dimension)..<((i + 1) * space.dimension)]), count: words)
      },
      decoders: decoders)
  }

  /// Whether `make` may ask for the model of `cell`: in a study on a corpus, any cell of the
  /// first network size (the units, length and seed it decodes depend on every cell's
  /// results). A runner keeps these models at hand instead of all of them.
  public static func mayDecode(_ cell: CellSpec, config: StudyConfig, space: SemanticSpace) -> Bool {
    space.corpusSummary != nil && cell.size == config.sizes.first
  }

  /// `cos(a − mean, b − mean)`; 0 where either is the mean.
  static func centredCosine(_ a: [Double], _ b: [Double], mean: [Double]) -> Double {
    var (dot, na, nb) = (0.0, 0.0, 0.0)
    for j in a.indices {
      let (x, y) = (a[j] - mean[j], b[j] - mean[j])
      dot += x * y
      na += x * x
      nb += y * y
    }
    return na > 0 && nb > 0 ? dot / (na * nb).squareRoot() : 0
  }
}
