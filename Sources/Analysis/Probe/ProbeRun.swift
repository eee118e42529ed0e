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
/// its final state (METHOD.md §7). At each length `L`, each of `resamples` probes is fitted on
/// its own training windows (penalty chosen on validation windows), then evaluated on its own
/// test windows exactly as a study's cell is: the fit's β, the substitution coefficients σ
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

  /// The cell of probe `resample` (1-based) at length `length`.
  public func cell(length: Int, resample: Int) throws -> CellResult {
    let clock = ContinuousClock()
    let start = clock.now
    let plain = ModelEvaluator(space: space, evaluation: evaluation, inputVectors: inputVectors, probe: nil)
    func windows(_ count: Int, _ part: CorpusPart, _ purpose: CellSeeds.Purpose) throws -> (Matrix<Double>, Matrix<Double>) {
      var rng = CellSeeds.generator(resample, purpose, length)
      let tokens = try space.sampleSequences(count: count, length: length, part: part, using: &rng)
      return (plain.features(model, tokens: tokens, length: length, state: state), space.centroids(of: tokens, length: length))
    }
    let (x, y) = try windows(trainingWindows, .training, .training)
    let (xv, yv) = try windows(validationWindows, .validation, .validation)
    let probe = StateProbe.fit(state: state, training: x, y, validation: xv, yv)
    let evaluator = ModelEvaluator(space: space, evaluation: evaluation, inputVectors: inputVectors, probe: probe)
    let result = try evaluator.evaluate(model, seed: resample, length: length, substitution: true)
    var variance = 0.0
    for j in 0..<yv.cols {
      var mean = 0.0
      for r in 0..<yv.rows { mean += yv[r, j] }
      mean /= Double(yv.rows)
      for r in 0..<yv.rows { variance += (yv[r, j] - mean) * (yv[r, j] - mean) }
    }
    let elapsed = clock.now - start
    return CellResult(
      unit: model.unit, hidden: model.hiddenSize, layers: model.layers, trainLength: length,
      seed: resample, status: .ok, steps: 0, stoppedEarly: false, finalLoss: probe.validationLoss,
      baselineLoss: variance / Double(max(yv.count, 1)), lossCurve: [], validationCurve: [],
      wallSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
      eval: [result])
  }
}

extension ModelEvaluator {
  /// The `ProbedState` features of `model` on `tokens` `(N, length)`, `(N, F)`, in chunks.
  func features(_ model: RecurrentModel<Float>, tokens: [Int32], length: Int, state: ProbedState) -> Matrix<Double> {
    let n = tokens.count / length
    let width = state.width(model)
    var out = Matrix<Double>(rows: n, cols: width)
    let tape = RecurrentTape<Float>(for: model)
    for first in stride(from: 0, to: n, by: Self.chunkSize) {
      let count = min(Self.chunkSize, n - first)
      model.forward(input(Array(tokens[(first * length)..<((first + count) * length)]), count: count, length: length), tape: tape)
      let f = state.features(of: tape, model: model)
      for i in 0..<(count * width) { out.storage[first * width + i] = f[i] }
    }
    return out
  }
}
