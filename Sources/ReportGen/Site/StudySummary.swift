import Analysis
import Foundation

/// What the site's index shows of one study, taken from its results once and kept in the site's
/// manifest, so a later run can rebuild the index without the study's folder.
public struct StudySummary: Codable, Equatable, Sendable {
  public var name: String
  /// ISO 8601, as in the study's provenance.
  public var startTime: String
  /// The semantic space in a few words: "one-hot, V = 16", "Gaussian, V = 64, d = 32".
  public var space: String
  public var units: [UnitKind]
  public var hidden: [Int]
  /// The depths of the grid (`[1]` in manifests written before depth was an axis).
  @LayerCounts public var layers: [Int]
  public var trainLengths: [Int]
  var seedCount: Int
  public var cellCount: Int
  public var wallSeconds: Double
  /// The cells' own times (training and evaluation), summed: what the study cost, also when a
  /// rerun reused its cells (its wall time is then a fraction of a second). `nil` in sites
  /// written before it was recorded.
  @Nullable public var cellSeconds: Double?
  /// θ_rec of the recommendation rule.
  public var recommendThreshold: Double
  public var recommendations: [Pick]
  /// In-length SMR_σ(L) (the fit's SMR(L) where σ was not measured) per unit and hidden size,
  /// seeds pooled.
  public var smr: [Series]

  public struct Pick: Codable, Equatable, Sendable {
    public var unit: UnitKind
    public var hidden: Int
    @LayerCount public var layers: Int
    public var length: Int
    /// Whether some length met the rule (else the shortest is shown).
    public var qualified: Bool
  }

  public struct Series: Codable, Equatable, Sendable {
    public var unit: UnitKind
    public var hidden: Int
    @LayerCount public var layers: Int
    public var points: [Point]
  }

  public struct Point: Codable, Equatable, Sendable {
    public var length: Int
    public var mean: Double
    public var lower: Double
    public var upper: Double
  }

  public init(_ results: StudyResults) {
    let grid = StudyGrid(results)
    let c = results.config
    name = c.name
    startTime = results.provenance.startTime
    space = Self.space(c.space)
    units = grid.units
    hidden = c.hidden.sorted()
    layers = c.layers.sorted()
    trainLengths = grid.trainLengths
    seedCount = grid.seedCount
    cellCount = results.cells.count
    wallSeconds = results.provenance.wallSeconds
    cellSeconds = results.cells.reduce(0) { $0 + $1.wallSeconds }
    recommendThreshold = c.evaluation.recommendThreshold
    recommendations = results.recommendations.map {
      Pick(unit: $0.unit, hidden: $0.hidden, layers: $0.layers, length: $0.recommendedLength, qualified: $0.qualified)
    }
    let measure = RecommendationRule.measure(for: results)
    smr = grid.sizes.flatMap { h in
      grid.units.map { u in
        Series(unit: u, hidden: h.hidden, layers: h.layers, points: grid.trainLengths.compactMap { l in
          // A pooled interval can be non-finite only for a corrupt file; the figure skips it.
          // The rule's measure: held memory where σ was measured, else the fit's SMR.
          results.interval(unit: u, size: h, trainLength: l) { measure.value(in: $0) }
            .flatMap { iv in
              [iv.mean, iv.lower, iv.upper].allSatisfy(\.isFinite)
                ? Point(length: l, mean: iv.mean, lower: iv.lower, upper: iv.upper) : nil
            }
        })
      }
    }
  }

  /// The network sizes of the grid, hidden size first, then depth.
  var sizes: [NetworkSize] { hidden.flatMap { h in layers.map { NetworkSize(hidden: h, layers: $0) } } }

  /// No-break spaces inside `V = 16`, so a narrow column never splits it.
  static func space(_ space: SpaceConfig) -> String {
    switch space {
    case .onehot(let vocab): "one-hot, V\u{A0}=\u{A0}\(vocab)"
    case .gaussian(let vocab, let dim, _): "Gaussian, V\u{A0}=\u{A0}\(vocab), d\u{A0}=\u{A0}\(dim)"
    case .embeddings(let source):
      "corpus " + URL(fileURLWithPath: source.corpus).lastPathComponent + ", word vectors "
        + URL(fileURLWithPath: source.vectors).lastPathComponent
    }
  }
}

extension StudySummary {
  /// What a `site.json` read back may not hold, each as "key: value, expected …": the index is
  /// drawn from these numbers, so one out of range (a hand-edited or damaged manifest) is
  /// refused by name rather than drawn. Empty for a summary memstudy wrote.
  public var problems: [String] {
    var out: [String] = []
    func check(_ key: String, _ value: Double, _ range: ClosedRange<Double>) {
      if !(range.contains(value)) { out.append("\(key): \(value), expected a number in \(range.lowerBound)…\(range.upperBound)") }
    }
    func count(_ key: String, _ value: Int, _ range: ClosedRange<Int>) {
      if !range.contains(value) { out.append("\(key): \(value), expected an integer in \(range.lowerBound)…\(range.upperBound)") }
    }
    func counts(_ key: String, _ values: [Int], _ range: ClosedRange<Int>) {
      for (i, v) in values.enumerated() { count("\(key)[\(i)]", v, range) }
    }
    if units.isEmpty { out.append("units: empty, expected at least one unit") }
    counts("hidden", hidden, 1...1_000_000)
    counts("layers", layers, 1...64)
    counts("train_lengths", trainLengths, 1...100_000_000)
    count("seed_count", seedCount, 0...1_000_000_000)
    count("cell_count", cellCount, 0...1_000_000_000)
    check("wall_seconds", wallSeconds, 0...1e12)
    if let cellSeconds { check("cell_seconds", cellSeconds, 0...1e15) }
    check("recommend_threshold", recommendThreshold, 0...1)
    for (i, pick) in recommendations.enumerated() {
      count("recommendations[\(i)].hidden", pick.hidden, 1...1_000_000)
      count("recommendations[\(i)].layers", pick.layers, 1...64)
      count("recommendations[\(i)].length", pick.length, 1...100_000_000)
    }
    for (i, series) in smr.enumerated() {
      for (j, p) in series.points.enumerated() {
        let key = "smr[\(i)].points[\(j)]"
        count("\(key).length", p.length, 1...100_000_000)
        check("\(key).mean", p.mean, -1e100...1e100)
        check("\(key).lower", p.lower, -1e100...1e100)
        check("\(key).upper", p.upper, -1e100...1e100)
      }
    }
    return out
  }
}
