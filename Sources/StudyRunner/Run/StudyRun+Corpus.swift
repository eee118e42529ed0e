import Analysis
import Foundation

extension StudyRun {
  /// Every length the grid asks a corpus part for, checked against what the part can give,
  /// before any cell trains: training lengths need the training and validation parts (and the
  /// test part, since every training length is evaluated in length), test lengths the test part.
  /// Throws one `ConfigError` listing each length that does not fit, with what is allowed.
  static func checkCorpusLengths(_ config: StudyConfig, space: SemanticSpace) throws {
    guard let summary = space.corpusSummary else { return }
    var problems: [ConfigError.Problem] = []
    func check(_ key: String, _ lengths: [Int], parts: [CorpusPart]) {
      for (index, length) in lengths.enumerated() {
        let short = parts.compactMap { part in
          space.longestSequence(in: part).flatMap { $0 < length ? (part, $0) : nil }
        }
        guard let tightest = short.min(by: { $0.1 < $1.1 }) else { continue }
        let names = ReportableList.join(short.map { "\($0.0.rawValue) part (\($0.1) tokens)" })
        let what = summary.windows == .stream ? "its token stream has" : "its longest line has"
        problems.append(.init(
          path: "\(key)[\(index)]", line: nil,
          message: "\(length) is too long for the \(names) of \(summary.corpus.name): "
            + "a window must fit where \(what) that many in-vocabulary tokens (space.windows: "
            + "\(summary.windows.rawValue), space.split: \(summary.split)); allowed: lengths ≤ \(tightest.1)"
            + (summary.windows == .sentence ? ", or space.windows: stream" : "")
            + ", a larger share in space.split, or a longer corpus"))
      }
    }
    check("train_lengths", config.trainLengths, parts: CorpusPart.allCases)
    if let test = config.testLengths { check("test_lengths", test, parts: [.test]) }
    if !problems.isEmpty { throw ConfigError(source: summary.corpus.name, problems: problems) }
  }

  /// Three test windows decoded by the unit that keeps the most and the one that keeps the
  /// least, at the training length where they differ most (first hidden size, first seed both
  /// trained at), each shown as its nearest words. `nil` for synthetic spaces, or when no two
  /// units have finished cells at a common length.
  static func decodedExamples(
    _ results: StudyResults, space: SemanticSpace, evaluator: ModelEvaluator, store: CellStore,
    windows count: Int = 3, words: Int = 5
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
      let model = try RecurrentModel<Float>.load(safeTensors: try Data(contentsOf: store.weightsURL(for: spec)), unit: unit)
      let decoded = try evaluator.decodeTestSequences(model, seed: seed, length: best.length, count: count)
      tokens = decoded.tokens
      let centroids = space.centroids(of: tokens, length: best.length)
      var nearest: [[String]] = []
      var cosines: [Double] = []
      for i in 0..<count {
        let row = Array(decoded.decoded.storage[(i * space.dimension)..<((i + 1) * space.dimension)])
        let truth = Array(centroids.storage[(i * space.dimension)..<((i + 1) * space.dimension)])
        nearest.append(space.nearestWords(to: row, count: words))
        cosines.append(centredCosine(row, truth, mean: space.mean))
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

  private static func centredCosine(_ a: [Double], _ b: [Double], mean: [Double]) -> Double {
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

/// "a, b and c" for messages.
enum ReportableList {
  static func join(_ items: [String]) -> String {
    items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
  }
}
