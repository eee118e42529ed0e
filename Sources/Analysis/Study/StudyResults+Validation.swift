/// Checks of results read back from disk (`results.json`, cell files): a file edited by hand,
/// truncated or crafted must be refused where it enters, naming what is wrong, before a bad
/// number reaches a CSV, a figure or a recommendation.
///
/// The bounds are far outside anything a study produces, and tight enough that the figures'
/// arithmetic (spans, squares, logarithms, means) stays finite: a training loss is a mean of
/// squares (0 … 1e300), a memory rate or interference a regression coefficient or a ratio of
/// norms (|x| ≤ 1e100), a fidelity a cosine, an effective memory length a count of tokens
/// within the test length, a memory capacity a non-negative count.
extension StudyResults {
  /// Every problem, as "where: what" lines; empty when the results can be used.
  public var problems: [String] {
    guard (1...Self.currentFormat).contains(format) else {
      return ["format: \(format), \(format > Self.currentFormat ? "newer than" : "not a format") this memstudy reads (1…\(Self.currentFormat)); use the memstudy that wrote it, or a newer one"]
    }
    var out = config.problems.map { "config.\($0)" }
    guard out.isEmpty else { return out }
    var seen: Set<CellSpec> = []
    for (i, cell) in cells.enumerated() {
      let spec = cell.spec
      out += cell.problems(config: config, ownLengthOnly: probe != nil).map { "cells[\(i)] (\(spec)): \($0)" }
      if !seen.insert(spec).inserted { out.append("cells[\(i)]: \(spec) is listed twice") }
    }
    let expected = Double(config.units.count) * Double(config.hidden.count) * Double(config.layers.count)
      * Double(config.trainLengths.count) * Double(config.seeds.count)
    if out.isEmpty, Double(seen.count) != expected {
      out.append("cells: \(seen.count) cells, but the config's grid has \(Int(exactly: expected).map(String.init) ?? "\(expected)")")
    }
    for (i, r) in recommendations.enumerated() {
      let place = "recommendations[\(i)]"
      if !config.units.contains(r.unit) { out.append("\(place).unit: \(r.unit.rawValue) is not a unit of the config") }
      if !config.hidden.contains(r.hidden) { out.append("\(place).hidden: \(r.hidden) is not a hidden size of the config") }
      if !config.layers.contains(r.layers) { out.append("\(place).layers: \(r.layers) is not a depth (layers) of the config") }
      if !config.trainLengths.contains(r.recommendedLength) {
        out.append("\(place).recommended_length: \(r.recommendedLength) is not a training length of the config")
      }
      out += Check.number(r.smrLower, "\(place).smr_lower", within: Check.coefficient)
      out += Check.number(r.smrMean, "\(place).smr_mean", within: Check.coefficient)
      out += Check.number(r.eml, "\(place).eml", within: 0...Double(config.effectiveTestLengths.max() ?? 0))
    }
    if let probe { out += probe.problems(config: config).map { "probe.\($0)" } }
    if let examples { out += examples.problems.map { "examples.\($0)" } }
    out += Check.number(provenance.wallSeconds, "provenance.wall_seconds", within: 0...1e12)
    if let origins = provenance.trainedBy {
      for (i, origin) in origins.enumerated() where !(0...cells.count).contains(origin.cells) {
        out.append("provenance.trained_by[\(i)].cells: \(origin.cells) is not between 0 and the study's \(cells.count) cells")
      }
      // In Double: the counts are unchecked here, and their Int sum could overflow.
      if origins.reduce(0.0, { $0 + Double($1.cells) }) > Double(cells.count) {
        out.append("provenance.trained_by: more cells in all than the study's \(cells.count)")
      }
    }
    return out
  }
}

extension StudyConfig {
  /// What is wrong with a config read back from a results file (a YAML config goes through
  /// the config loader, whose messages say more).
  public var problems: [String] {
    var out: [String] = []
    func list(_ values: [Int], _ key: String, min: Int) {
      if values.isEmpty { out.append("\(key): the list is empty") }
      if let bad = values.first(where: { $0 < min }) { out.append("\(key): \(bad) is below \(min)") }
      if Set(values).count != values.count { out.append("\(key): repeats a value") }
    }
    if units.isEmpty { out.append("units: the list is empty") }
    if Set(units).count != units.count { out.append("units: repeats a unit") }
    list(hidden, "hidden", min: 1)
    list(layers, "layers", min: 1)
    if let deep = layers.first(where: { $0 > StudyConfig.maximumLayers }) {
      out.append("layers: \(deep) is above \(StudyConfig.maximumLayers)")
    }
    list(trainLengths, "train_lengths", min: 1)
    if let testLengths { list(testLengths, "test_lengths", min: 1) }
    list(seeds, "seeds", min: 0)
    switch space {
    case .onehot(let vocab), .gaussian(let vocab, _, _):
      if vocab < 2 { out.append("space.vocab: \(vocab), expected an integer ≥ 2") }
      if case .gaussian(_, let dim, _) = space, dim < 1 { out.append("space.dim: \(dim), expected an integer ≥ 1") }
    case .embeddings(let source):
      if let split = source.split, !SpaceConfig.isValidSplit(split) {
        out.append("space.split: \(split.prefix(4)), expected three whole percentages ≥ 1 summing to 100")
      }
    }
    let t = training
    for (key, value) in [("batch", t.batch), ("max_steps", t.maxSteps), ("patience", t.patience),
      ("validation", t.validation), ("validate_every", t.validateEvery)] where value < 1
    {
      out.append("training.\(key): \(value), expected an integer ≥ 1")
    }
    out += Check.number(t.learningRate, "training.learning_rate", within: Double.leastNonzeroMagnitude...1)
    out += Check.number(t.clip, "training.clip", within: Double.leastNonzeroMagnitude...Double.greatestFiniteMagnitude)
    let e = evaluation
    if e.sequences < 8 { out.append("evaluation.sequences: \(e.sequences), expected an integer ≥ 8") }
    out += Check.number(e.threshold, "evaluation.threshold", within: Double.leastNonzeroMagnitude...1)
    out += Check.number(e.recommendThreshold, "evaluation.recommend_threshold", within: Double.leastNonzeroMagnitude...1)
    out += Check.number(e.probe, "evaluation.probe", within: Double.leastNonzeroMagnitude...Double.greatestFiniteMagnitude)
    return out
  }
}

extension CellResult {
  /// What is wrong with a finished cell of `config`: it must be a cell of the grid, evaluated
  /// at exactly the config's test lengths (none when diverged), with every number in range.
  ///
  /// `ownLengthOnly`: a probe's cell, evaluated at its own length alone.
  public func problems(config: StudyConfig, ownLengthOnly: Bool = false) -> [String] {
    var out: [String] = []
    if !config.units.contains(unit) { out.append("unit \(unit.rawValue) is not a unit of the config") }
    if !config.hidden.contains(hidden) { out.append("hidden \(hidden) is not a hidden size of the config") }
    if !config.layers.contains(layers) { out.append("layers \(layers) is not a depth (layers) of the config") }
    if !config.trainLengths.contains(trainLength) { out.append("train_length \(trainLength) is not a training length of the config") }
    if !config.seeds.contains(seed) { out.append("seed \(seed) is not a seed of the config") }
    if steps < 0 { out.append("steps: \(steps) is negative") }
    if let step = divergedAtStep, step < 0 { out.append("diverged_at_step: \(step) is negative") }
    for (name, curve) in [("loss_curve", lossCurve), ("validation_curve", validationCurve)] {
      for (i, point) in curve.enumerated() {
        if point.step < 0 { out.append("\(name)[\(i)].step: \(point.step) is negative") }
        out += Check.number(point.loss, "\(name)[\(i)].loss", within: Check.loss)
      }
    }
    if let finalLoss { out += Check.number(finalLoss, "final_loss", within: Check.loss) }
    out += Check.number(wallSeconds, "wall_seconds", within: 0...1e12)
    let lengths = ownLengthOnly ? [trainLength] : config.effectiveTestLengths
    switch status {
    case .ok:
      let found = eval.map(\.length)
      if !Set(lengths).isSubset(of: found) || Set(found).count != found.count {
        out.append("eval: lengths \(found.prefix(20)), expected each of the config's test lengths \(lengths.prefix(20)) once")
      }
    case .diverged:
      if !eval.isEmpty { out.append("eval: a diverged cell has no indicators, found \(eval.count)") }
    }
    for (i, e) in eval.enumerated() {
      out += e.problems.map { "eval[\(i)] (length \(e.length)).\($0)" }
    }
    return out
  }
}

extension EvalResult {
  /// What is wrong with the indicators at one test length.
  public var problems: [String] {
    guard length >= 1 else { return ["length: \(length), expected an integer ≥ 1"] }
    var out: [String] = []
    if memoryRate.count != length {
      out.append("memory_rate: \(memoryRate.count) values, expected one per distance (\(length))")
    }
    if let i = memoryRate.firstIndex(where: { !Check.coefficient.contains($0) }) {
      out.append("memory_rate[\(i)]: \(memoryRate[i]) is out of range \(Check.show(Check.coefficient))")
    }
    for indicator in Indicator.allCases {
      out += Check.number(indicator.value(in: self), indicator.key, within: indicator.validRange(length: length))
    }
    out += substitutionProblems
    return out
  }

  /// The σ curve, its standard errors and its summaries come together: all or none, one value
  /// per distance, finite.
  private var substitutionProblems: [String] {
    var out: [String] = []
    guard let sigma = memoryRateSub else {
      let strays = [
        ("memory_rate_sub_se", memoryRateSubSe != nil), ("smr_sub", smrSub != nil),
        ("eml_sub", emlSub != nil), ("tau_sub", tauSub != nil),
      ].filter(\.1).map(\.0)
      if !strays.isEmpty { out.append("\(strays.joined(separator: ", ")) given without memory_rate_sub") }
      return out
    }
    for (name, curve) in [("memory_rate_sub", sigma), ("memory_rate_sub_se", memoryRateSubSe ?? [])] {
      if curve.count != length {
        out.append("\(name): \(curve.count) values, expected one per distance (\(length))")
      }
      if let i = curve.firstIndex(where: { !Check.coefficient.contains($0) }) {
        out.append("\(name)[\(i)]: \(curve[i]) is out of range \(Check.show(Check.coefficient))")
      }
    }
    if let se = memoryRateSubSe, let i = se.firstIndex(where: { $0 < 0 }) {
      out.append("memory_rate_sub_se[\(i)]: \(se[i]) is negative")
    }
    if smrSub == nil { out.append("smr_sub: missing beside memory_rate_sub") }
    if emlSub == nil { out.append("eml_sub: missing beside memory_rate_sub") }
    return out
  }
}

enum Check {
  static let coefficient: ClosedRange<Double> = -1e100...1e100
  static let loss: ClosedRange<Double> = 0...1e300

  /// A problem unless `value` is a number (not NaN) inside `range`; optional values may be nil.
  static func number(_ value: Double?, _ name: String, within range: ClosedRange<Double>) -> [String] {
    guard let value else { return [] }
    return range.contains(value) ? [] : ["\(name): \(value) is out of range \(show(range))"]
  }

  static func show(_ range: ClosedRange<Double>) -> String {
    "\(range.lowerBound)…\(range.upperBound)"
  }
}

extension ProbeDescription {
  /// What is wrong with a probe's description against its study's config: the model it names
  /// is the config's one unit and size, probed by as many probes as the config has seeds.
  func problems(config: StudyConfig) -> [String] {
    var out: [String] = []
    if config.units != [unit] { out.append("unit: \(unit.rawValue), but the config's units are \(config.units.map(\.rawValue))") }
    if config.hidden != [hidden] { out.append("hidden: \(hidden), but the config's hidden sizes are \(config.hidden)") }
    if config.layers != [layers] { out.append("layers: \(layers), but the config's depths are \(config.layers)") }
    if resamples != config.seeds.count { out.append("resamples: \(resamples), but the config has \(config.seeds.count) seeds") }
    for (key, value, least) in [("vocabulary", vocabulary, 2), ("input_size", inputSize, 1), ("recurrent_parameters", recurrentParameters, 1),
      ("training_windows", trainingWindows, 1), ("validation_windows", validationWindows, 1)] where value < least
    {
      out.append("\(key): \(value), expected an integer ≥ \(least)")
    }
    return out
  }
}

extension DecodedExamples {
  /// What is wrong with the decoded windows: every list has one entry per window (the report
  /// and the export index them together), cosines are numbers in [−1, 1].
  var problems: [String] {
    var out: [String] = []
    let count = windows.count
    if length < 1 { out.append("length: \(length), expected an integer ≥ 1") }
    if centroidNearest.count != count {
      out.append("centroid_nearest: \(centroidNearest.count) lists, expected one per window (\(count))")
    }
    for (i, d) in decoders.enumerated() {
      if d.nearest.count != count { out.append("decoders[\(i)].nearest: \(d.nearest.count) lists, expected one per window (\(count))") }
      if d.cosine.count != count { out.append("decoders[\(i)].cosine: \(d.cosine.count) values, expected one per window (\(count))") }
      for (j, c) in d.cosine.enumerated() {
        out += Check.number(c, "decoders[\(i)].cosine[\(j)]", within: -1.000001...1.000001)  // a rounding past ±1
      }
      out += Check.number(d.smr, "decoders[\(i)].smr", within: Check.coefficient)
    }
    return out
  }
}
