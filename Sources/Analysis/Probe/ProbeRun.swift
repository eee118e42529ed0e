import Foundation

/// What `memstudy probe` measured a model with, recorded in its results (`probe` in
/// `results.json`) and described in its report.
public struct ProbeDescription: Codable, Equatable, Sendable {
  /// The checkpoint's file name and SHA-256.
  public var file: String
  public var sha256: String
  public var unit: UnitKind
  public var layers: Int
  public var hidden: Int
  /// The embedding's rows and width.
  public var vocabulary: Int
  public var inputSize: Int
  /// The recurrent layers' parameters (the embedding and any head excluded).
  public var recurrentParameters: Int
  public var prefix: String
  public var embedding: String
  /// The tensors of the file the probe did not read, as `name [shape]`.
  public var ignored: [String]
  public var state: ProbedState
  /// Training and validation windows each probe is fitted and its penalty chosen on.
  public var trainingWindows: Int
  public var validationWindows: Int
  /// Independent probes per length (each on its own training windows and test windows); the
  /// intervals are over them.
  public var resamples: Int
  /// The word-vector file whose vectors are the space (`--vectors`); `nil` when the space is
  /// the model's own embedding.
  @Nullable public var vectors: String?

  public init(
    file: String, sha256: String, unit: UnitKind, layers: Int, hidden: Int, vocabulary: Int,
    inputSize: Int, recurrentParameters: Int, prefix: String, embedding: String,
    ignored: [String], state: ProbedState, trainingWindows: Int, validationWindows: Int,
    resamples: Int, vectors: String? = nil
  ) {
    self.vectors = vectors
    self.file = file
    self.sha256 = sha256
    self.unit = unit
    self.layers = layers
    self.hidden = hidden
    self.vocabulary = vocabulary
    self.inputSize = inputSize
    self.recurrentParameters = recurrentParameters
    self.prefix = prefix
    self.embedding = embedding
    self.ignored = ignored
    self.state = state
    self.trainingWindows = trainingWindows
    self.validationWindows = validationWindows
    self.resamples = resamples
  }
}

/// `memstudy probe`: the memory of a network trained elsewhere, read through linear probes of
/// its final state (METHOD.md §5b). At each length `L`, each of `resamples` probes is fitted on
/// its own training windows (penalty chosen on validation windows), then evaluated as a
/// study's cell is, on the length's test windows: the fit's β, the substitution coefficients σ
/// (the substituted sequences run through the model and the same probe), SMR, SMR_σ, EML,
/// fidelity. Each (length, resample) is one cell of the results, the resample its "seed".
public struct ProbeRun: Sendable {
  public let model: RecurrentModel<Float>
  public let space: SemanticSpace
  /// What the model reads for each token id of `space`, when not the space's own vectors.
  public let inputVectors: Matrix<Double>?
  public let state: ProbedState
  public let evaluation: EvaluationConfig
  public let validationWindows = 512

  public init(
    model: RecurrentModel<Float>, space: SemanticSpace, inputVectors: Matrix<Double>?,
    state: ProbedState, evaluation: EvaluationConfig
  ) {
    self.model = model
    self.space = space
    self.inputVectors = inputVectors
    self.state = state
    self.evaluation = evaluation
  }

  /// Training windows per probe: four per feature, at least 2048.
  public var trainingWindows: Int { max(2048, 4 * state.width(model)) }

  /// The cells of probes `1…resamples` at length `length`: each probe fitted on its own
  /// training windows (penalty chosen on its own validation windows), all evaluated on the same
  /// test windows (drawn from seed 1), so the network's test passes, σ's substituted passes
  /// among them, run once for all probes; the intervals over the probes are then over what the
  /// probe learnt, on one test set.
  ///
  /// `jobs`: threads for the substituted passes (the results do not depend on it).
  public func cells(length: Int, resamples: Int, jobs: Int = 1) throws -> [CellResult] {
    let clock = ContinuousClock()
    let start = clock.now
    let plain = ModelEvaluator(space: space, evaluation: evaluation, inputVectors: inputVectors)
    // Every window of every pass below reads the embedding: each word's product once.
    let projections = plain.inputProjections(for: model, rows: Int.max)
    var probes: [StateProbe] = []
    var baselines: [Double] = []
    for resample in 1...resamples {
      func windows(_ count: Int, _ part: CorpusPart, _ purpose: CellSeeds.Purpose) throws -> (Matrix<Double>, Matrix<Double>) {
        var rng = CellSeeds.generator(resample, purpose, length)
        let tokens = try space.sampleSequences(count: count, length: length, part: part, using: &rng)
        let features = plain.featuresAndStates(
          model, tokens: tokens, length: length, state: state, projections: projections
        ).features
        return (features, space.centroids(of: tokens, length: length))
      }
      let (x, y) = try windows(trainingWindows, .training, .training)
      let (xv, yv) = try windows(validationWindows, .validation, .validation)
      probes.append(StateProbe.fit(state: state, training: x, y, validation: xv, yv))
      baselines.append(CellTrainer.baselineLoss(yv.storage, dimension: yv.cols))
    }
    let results = try plain.evaluate(
      model, probes: probes, seed: 1, length: length, jobs: jobs, projections: projections)
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return zip(probes, zip(baselines, results)).enumerated().map { i, item in
      let (probe, (baseline, result)) = item
      return CellResult(
        unit: model.unit, hidden: model.hiddenSize, layers: model.layers, trainLength: length,
        seed: i + 1, status: .ok, steps: 0, stoppedEarly: false, finalLoss: probe.validationLoss,
        baselineLoss: baseline, lossCurve: [], validationCurve: [],
        wallSeconds: seconds / Double(resamples), eval: [result])
    }
  }
}

extension ModelEvaluator {
  /// The indicators of `model` read out by each of `probes` (all of one `ProbedState`), on the
  /// same test sequences of `seed`: the forward passes, σ's substituted passes among them, and
  /// the memory capacity (which reads the states, not the probe) are computed once for all.
  func evaluate(
    _ model: RecurrentModel<Float>, probes: [StateProbe], seed: Int, length: Int, jobs: Int = 1,
    projections: InputProjections<Float>? = nil
  ) throws -> [EvalResult] {
    guard let state = probes.first?.state else { return [] }
    precondition(probes.allSatisfy { $0.state == state })
    var rng = CellSeeds.generator(seed, .test, length)
    let n = evaluation.sequences
    let tokens = try space.sampleSequences(count: n, length: length, part: .test, using: &rng)
    let projections = projections ?? inputProjections(for: model, rows: tokens.count)
    let (features, states) = featuresAndStates(
      model, tokens: tokens, length: length, state: state, projections: projections)
    let substituted = evaluation.effectiveSubstitutionSequences
    let curves = try MemoryIndicators.Donors(count: substituted, length: length, seed: seed).map {
      // Every probe reads the same features off the tape.
      try substitutionCurves(
        model, tokens: Array(tokens.prefix(substituted * length)), donors: $0, jobs: jobs,
        readouts: probes.count, projections: projections
      ) { tape in
        let features = Matrix(rows: tape.batch, cols: probes[0].features, storage: state.features(of: tape, model: model))
        return probes.map { $0.apply(features) }
      }
    }
    var capacity: Double?
    var results: [EvalResult] = []
    for (i, probe) in probes.enumerated() {
      let decoded = probe.apply(features)
      guard decoded.storage.allSatisfy(\.isFinite), states.storage.allSatisfy(\.isFinite),
        curves.map({ $0[i].sigma.allSatisfy(\.isFinite) && $0[i].standardError.allSatisfy(\.isFinite) }) ?? true
      else {
        throw NonFiniteOutput(length: length)
      }
      let result = MemoryIndicators.evaluate(
        decoded: decoded, tokens: tokens, length: length, finalStates: states, space: space,
        threshold: evaluation.threshold, probeRidge: evaluation.probe, substitution: curves?[i],
        capacity: capacity)
      capacity = result.memoryCapacity
      results.append(result)
    }
    return results
  }

  /// The `ProbedState` features `(N, F)` and the top layer's `h_n` `(N, H)` of `model` on
  /// `tokens` `(N, length)`.
  func featuresAndStates(
    _ model: RecurrentModel<Float>, tokens: [Int32], length: Int, state: ProbedState,
    projections: InputProjections<Float>? = nil
  ) -> (features: Matrix<Double>, states: Matrix<Double>) {
    let projections = projections ?? inputProjections(for: model, rows: tokens.count)
    let n = tokens.count / length
    let (width, h) = (state.width(model), model.hiddenSize)
    var features = Matrix<Double>(rows: n, cols: width)
    var states = Matrix<Double>(rows: n, cols: h)
    let tape = RecurrentTape<Float>(for: model)
    for first in stride(from: 0, to: n, by: Self.chunkSize) {
      let count = min(Self.chunkSize, n - first)
      model.forward(
        input(
          Array(tokens[(first * length)..<((first + count) * length)]), count: count, length: length,
          for: model, projections: projections),
        tape: tape)
      let f = state.features(of: tape, model: model)
      for i in 0..<(count * width) { features.storage[first * width + i] = f[i] }
      let top = tape.finalState
      for i in 0..<(count * h) { states.storage[first * h + i] = Double(top[i]) }
    }
    return (features, states)
  }
}
