import Foundation
import Testing

@testable import Analysis

/// Every field of a results type reaches `results.json`: a stored property that is not a key
/// of the encoding (an optional left without `@Nullable`, a hand-written `encode(to:)` missing
/// a line) fails here by name, with or without a value.
@Suite struct ResultsSchemaTests {
  static let evalEmpty = EvalResult(
    length: 5, smr: 0.5, fidelity: 0.4, interference: 0.3, eml: 2, tau: nil,
    memoryRate: [1, 0.8, 0.6, 0.4, 0.2], memoryCapacity: 1.5)
  /// An evaluation with the substitution coefficients measured, and every indicator a value:
  /// one this initialiser leaves `nil` (an indicator added since, its `init` parameter
  /// defaulted) is set to 1 by its key, which lies in every indicator's range, so a new
  /// indicator needs no line here.
  static let evalHeld: EvalResult = {
    let e = EvalResult(
      length: 5, smr: 0.5, fidelity: 0.4, interference: 0.3, eml: 2, tau: 4,
      memoryRate: [1, 0.8, 0.6, 0.4, 0.2], memoryCapacity: 1.5,
      memoryRateSub: [1, 0.7, 0.4, 0.1, 0], memoryRateSubSe: [0.01, 0.01, 0.02, 0.02, 0.03],
      smrSub: 0.44, emlSub: 2, tauSub: 3)
    var object = try! Self.object(e)
    for indicator in Indicator.allCases where object[indicator.key] is NSNull || object[indicator.key] == nil {
      object[indicator.key] = 1
    }
    return try! StudyResults.makeDecoder().decode(EvalResult.self, from: try! JSONSerialization.data(withJSONObject: object))
  }()
  static let cellEmpty = CellResult(
    unit: .gru, hidden: 4, trainLength: 5, seed: 1, status: .diverged, steps: 3,
    stoppedEarly: false, finalLoss: nil, lossCurve: [LossPoint(step: 1, loss: 2)],
    validationCurve: [], wallSeconds: 0.5, eval: [evalEmpty])
  static let recommendationEmpty = Recommendation(
    unit: .gru, hidden: 4, recommendedLength: 5, qualified: false, smrLower: nil, smrMean: nil,
    eml: nil, reason: "every seed diverged")
  static let provenanceEmpty = Provenance(
    toolVersion: "1", gitCommit: nil, swiftVersion: "6", blas: "portable", host: "h", cores: 2,
    startTime: "2026-01-01T00:00:00Z", wallSeconds: 1, command: "memstudy")
  static let resultsEmpty = StudyResults(
    config: StudyConfig(name: "s", space: .onehot(vocab: 4), units: [.gru], hidden: [4], trainLengths: [5], seeds: [1]),
    provenance: provenanceEmpty, cells: [cellEmpty], recommendations: [recommendationEmpty])

  static var resultsFull: StudyResults {
    var r = resultsEmpty
    r.cells[0].divergedAtStep = 3
    r.cells[0].finalLoss = 0.1
    r.cells[0].baselineLoss = 1
    r.cells[0].eval[0].tau = 4
    r.recommendations[0].smrLower = 0.9
    r.recommendations[0].smrMean = 0.95
    r.recommendations[0].eml = 3
    r.provenance.gitCommit = "abc"
    r.provenance.trainedBy = [CellOrigin(host: "h", shard: nil, cells: 1)]
    r.corpus = CorpusSummary(
      corpus: .init(name: "c.txt", bytes: 1, sha256: String(repeating: "0", count: 64)),
      vectors: .init(name: "v.vec", bytes: 1, sha256: String(repeating: "1", count: 64)),
      lines: 1, tokens: 1, types: 1, tokensWithoutVector: 0, vectorWords: 1, vocabulary: 1,
      dimension: 2, split: [80, 10, 10], splitSeed: 0, windows: .stream, parts: [])
    r.examples = DecodedExamples(length: 5, windows: [["a"]], centroidNearest: [["a"]], decoders: [])
    r.config.testLengths = [10]
    r.config.evaluation.substitution = .all
    r.config.evaluation.substitutionSequences = 64
    r.probe = ProbeDescription(
      file: "m.safetensors", sha256: String(repeating: "2", count: 64), unit: .lstm, layers: 2,
      hidden: 4, vocabulary: 4, inputSize: 3, recurrentParameters: 100, prefix: "rnn.",
      embedding: "emb.weight", ignored: ["head.weight"], state: .top, trainingWindows: 10,
      validationWindows: 5, resamples: 3, vectors: "v.vec")
    return r
  }

  /// The JSON object of `value` as `results.json` writes it.
  static func object<T: Encodable>(_ value: T) throws -> [String: Any] {
    let data = try StudyResults.makeEncoder().encode(value)
    return try #require(try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed) as? [String: Any])
  }

  /// The snake_case names of `value`'s stored properties (a wrapper's `_name` as `name`).
  static func storedKeys(_ value: Any) -> Set<String> {
    Set(Mirror(reflecting: value).children.compactMap(\.label).map(key))
  }

  /// The JSON key of a stored property's label: `_smrSub` → `smr_sub`.
  static func key(_ label: String) -> String {
    let name = label.hasPrefix("_") ? String(label.dropFirst()) : label
    return name.reduce(into: "") { out, c in
      if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
    }
  }

  static func expectEveryFieldIsAKey<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let keys = Set(try object(value).keys)
    let fields = storedKeys(value)
    #expect(fields.subtracting(keys).isEmpty, "\(T.self) drops \(fields.subtracting(keys).sorted())", sourceLocation: sourceLocation)
    #expect(keys == fields, "\(T.self): keys \(keys.sorted()), fields \(fields.sorted())", sourceLocation: sourceLocation)
  }

  @Test(arguments: [false, true])
  func everyStoredFieldIsAKeyOfItsEncoding(filled: Bool) throws {
    let r = filled ? Self.resultsFull : Self.resultsEmpty
    try Self.expectEveryFieldIsAKey(r)
    try Self.expectEveryFieldIsAKey(r.provenance)
    try Self.expectEveryFieldIsAKey(r.cells[0])
    try Self.expectEveryFieldIsAKey(r.cells[0].eval[0])
    try Self.expectEveryFieldIsAKey(r.recommendations[0])
    try Self.expectEveryFieldIsAKey(r.config)
    try Self.expectEveryFieldIsAKey(r.config.training)
    try Self.expectEveryFieldIsAKey(r.config.evaluation)
    if filled {
      try Self.expectEveryFieldIsAKey(try #require(r.provenance.trainedBy?.first))
      try Self.expectEveryFieldIsAKey(try #require(r.corpus))
      try Self.expectEveryFieldIsAKey(try #require(r.examples))
      try Self.expectEveryFieldIsAKey(try #require(r.probe))
    }
  }

  /// The space config is written flat (`kind` beside its payload's keys): every associated
  /// value of each kind, and every field of an embeddings source, is a key; filled, since the
  /// optional keys a config leaves out stay out (they enter the cells' fingerprint as written).
  @Test(arguments: SpaceKind.allCases)
  func everySpaceFieldIsAKey(kind: SpaceKind) throws {
    let source = EmbeddingsSource(
      vectors: "v.vec", corpus: "c.txt", seed: 3, split: [80, 10, 10], windows: .sentence,
      vectorsHash: "sha256:0", corpusHash: "sha256:1")
    let space: SpaceConfig = switch kind {
    case .onehot: .onehot(vocab: 4)
    case .gaussian: .gaussian(vocab: 4, dim: 3, seed: 2)
    case .embeddings: .embeddings(source)
    }
    let keys = Set(try Self.object(space).keys)
    // The payload's fields: an enum case's labels, or the source's stored properties.
    // (A lone associated value reflects without its label: then count it.)
    let value: Any = switch space {
    case .embeddings(let s): s
    default: try #require(Mirror(reflecting: space).children.first?.value)
    }
    let payload = Self.storedKeys(value)
    if payload.isEmpty {
      #expect(keys.count == 2, "\(kind): keys \(keys.sorted()) for one associated value")
    } else {
      #expect(keys == payload.union(["kind"]), "\(kind): keys \(keys.sorted()), fields \(payload.sorted())")
    }
    let decoded = try StudyResults.makeDecoder().decode(SpaceConfig.self, from: try StudyResults.makeEncoder().encode(space))
    #expect(decoded == space)
  }

  /// The other direction of `everyIndicatorIsAFieldOfTheEvaluation`: every number an evaluation
  /// stores, except its test length, is an indicator, so indicators.csv, the tables and the
  /// checks on read files (which iterate `Indicator`) cannot miss it.
  @Test func everyScalarFieldOfTheEvaluationIsAnIndicator() throws {
    // By the fields' types, so a field left nil in the fixture is not missed.
    let scalars = Set(Mirror(reflecting: Self.evalHeld).children.compactMap { child -> String? in
      let v = child.value
      guard v is Double || v is Int || v is Nullable<Double> || v is Nullable<Int>, let label = child.label else { return nil }
      return Self.key(label)
    }).subtracting(["length"])
    #expect(scalars == Set(Indicator.allCases.map(\.key)), "scalar fields without an Indicator case: \(scalars.subtracting(Indicator.allCases.map(\.key)).sorted())")
  }

  @Test func aMissingValueIsWrittenAsNullAndReadBack() throws {
    let cell = try Self.object(Self.cellEmpty)
    #expect(cell["final_loss"] is NSNull && cell["baseline_loss"] is NSNull && cell["diverged_at_step"] is NSNull)
    let data = try Self.resultsEmpty.encoded()
    #expect(try StudyResults.decode(from: data) == Self.resultsEmpty)
    #expect(try StudyResults.decode(from: try Self.resultsFull.encoded()) == Self.resultsFull)
  }

  /// Files written before a field existed lack its key: they still load, with `nil`.
  @Test func aMissingKeyReadsAsNil() throws {
    var object = try Self.object(Self.resultsFull)
    var cells = try #require(object["cells"] as? [[String: Any]])
    cells[0]["baseline_loss"] = nil
    object["cells"] = cells
    var provenance = try #require(object["provenance"] as? [String: Any])
    provenance["trained_by"] = nil
    object["provenance"] = provenance
    let read = try StudyResults.decode(from: try JSONSerialization.data(withJSONObject: object))
    #expect(read.cells[0].baselineLoss == nil && read.provenance.trainedBy == nil)
    #expect(read.cells[0].finalLoss == 0.1)
  }

  /// A value of the wrong type under a `@Nullable` key is still an error, not `nil`.
  @Test func aWrongValueIsNotReadAsNil() throws {
    var object = try Self.object(Self.resultsEmpty)
    var cells = try #require(object["cells"] as? [[String: Any]])
    cells[0]["final_loss"] = "low"
    object["cells"] = cells
    #expect(throws: DecodingError.self) {
      try StudyResults.decode(from: try JSONSerialization.data(withJSONObject: object))
    }
  }

  /// `Indicator` names each scalar field of `EvalResult` by its JSON key and reads its value:
  /// indicators.csv, the tables and the checks all go through it.
  @Test(arguments: Indicator.allCases)
  func everyIndicatorIsAFieldOfTheEvaluation(indicator: Indicator) throws {
    let e = Self.evalHeld
    let object = try Self.object(e)
    let stored = try #require(object[indicator.key] as? NSNumber, "\(indicator.key) is not a number key of EvalResult")
    #expect(stored.doubleValue == indicator.value(in: e))
  }

  /// A value outside an indicator's range is refused naming the indicator.
  @Test(arguments: Indicator.allCases)
  func anIndicatorOutOfRangeIsNamed(indicator: Indicator) throws {
    #expect(Self.evalHeld.problems.isEmpty, "\(Self.evalHeld.problems)")
    // Set in the JSON, as a tampered file would, so no indicator needs a line here.
    var object = try Self.object(Self.evalHeld)
    let beyond = indicator.validRange(length: Self.evalHeld.length).upperBound * 2 + 1
    object[indicator.key] = indicator.decimals == 1 && beyond < 1e15 ? Double(Int(beyond)) : beyond
    let e = try StudyResults.makeDecoder().decode(EvalResult.self, from: try JSONSerialization.data(withJSONObject: object))
    #expect(indicator.value(in: e) != nil && indicator.value(in: e)! > indicator.validRange(length: e.length).upperBound)
    #expect(e.problems.contains { $0.hasPrefix(indicator.key + ":") }, "\(e.problems)")
  }

  /// The σ curve and its summaries come together, one value per distance: a results file that
  /// gives a summary without the curve, or a curve of the wrong length, is refused by name.
  @Test func substitutionFieldsComeTogether() throws {
    #expect(Self.evalEmpty.problems.isEmpty && !Self.evalEmpty.hasSubstitution)
    var stray = Self.evalEmpty
    stray.smrSub = 0.5
    #expect(stray.problems.contains { $0.contains("smr_sub") && $0.contains("without memory_rate_sub") }, "\(stray.problems)")
    var short = Self.evalHeld
    short.memoryRateSub = [1, 0.5]
    #expect(short.problems.contains { $0.hasPrefix("memory_rate_sub: 2 values") }, "\(short.problems)")
    var negative = Self.evalHeld
    negative.memoryRateSubSe = [0.01, -0.01, 0.02, 0.02, 0.03]
    #expect(negative.problems.contains { $0.hasPrefix("memory_rate_sub_se[1]") }, "\(negative.problems)")
    var missing = Self.evalHeld
    missing.emlSub = nil
    #expect(missing.problems.contains { $0.hasPrefix("eml_sub: missing") }, "\(missing.problems)")
  }
}

extension ResultsSchemaTests {
  /// results.json names its format: a file without it is format 1 and loads; a newer one is
  /// refused naming its version (it may hold keys this memstudy would drop when rewriting it).
  @Test func formatVersionsLoadOlderAndRefuseNewer() throws {
    var object = try Self.object(Self.resultsEmpty)
    #expect(object["format"] as? Int == StudyResults.currentFormat)
    object["format"] = nil
    let older = try StudyResults.decode(from: try JSONSerialization.data(withJSONObject: object))
    #expect(older.format == 1 && !older.problems.contains { $0.hasPrefix("format") }, "\(older.problems)")
    object["format"] = StudyResults.currentFormat + 1
    object["a_key_from_the_future"] = true
    let newer = try StudyResults.decode(from: try JSONSerialization.data(withJSONObject: object))
    #expect(newer.problems == ["format: \(StudyResults.currentFormat + 1), newer than this memstudy reads (1…\(StudyResults.currentFormat)); use the memstudy that wrote it, or a newer one"])
  }
}
