/// Trains one cell and evaluates its indicators (METHOD.md sections 2–4).
///
/// Every random draw comes from the cell's `CellSeeds` streams, so a cell's numbers do not
/// depend on which worker runs it or on what ran before, and units of a seed share their data.
public struct CellTrainer: Sendable {
  public let space: SemanticSpace
  public let training: TrainingConfig
  public let evaluation: EvaluationConfig
  public let testLengths: [Int]

  /// Sequences per forward pass when evaluating, to bound the tape's memory.
  static let evaluationChunk = 256
  /// Training steps averaged into one point of the loss curve.
  static let lossWindow = 10
  /// A validation loss must fall below the best by this fraction to count as improvement.
  static let minimumImprovement = 1e-3

  /// The space's vectors in the training precision, converted once.
  let floatVectors: Matrix<Float>

  public init(
    space: SemanticSpace, training: TrainingConfig, evaluation: EvaluationConfig,
    testLengths: [Int]
  ) {
    self.space = space
    self.training = training
    self.evaluation = evaluation
    self.testLengths = testLengths
    floatVectors = space.vectors.converted()
  }

  public init(space: SemanticSpace, config: StudyConfig) {
    self.init(
      space: space, training: config.training, evaluation: config.evaluation,
      testLengths: config.effectiveTestLengths)
  }

  public func run(_ cell: CellSpec) throws -> CellResult {
    try runKeepingModel(cell).result
  }

  /// Trains and evaluates a cell, and returns the trained model beside its result (`nil` for
  /// a diverged cell, whose parameters are not finite).
  public func runKeepingModel(_ cell: CellSpec) throws -> (result: CellResult, model: RecurrentModel<Float>?) {
    let clock = ContinuousClock()
    let start = clock.now
    let outcome = try train(cell)
    var eval: [EvalResult] = []
    if outcome.divergedAt == nil {
      eval = try testLengths.map { try evaluate(outcome.model, cell: cell, length: $0) }
    }
    let elapsed = clock.now - start
    let result = CellResult(
      unit: cell.unit, hidden: cell.hidden, trainLength: cell.trainLength, seed: cell.seed,
      status: outcome.divergedAt == nil ? .ok : .diverged, divergedAtStep: outcome.divergedAt,
      steps: outcome.steps, stoppedEarly: outcome.stoppedEarly,
      finalLoss: outcome.divergedAt == nil ? outcome.bestValidation : nil,
      baselineLoss: outcome.baselineLoss,
      lossCurve: outcome.lossCurve, validationCurve: outcome.validationCurve,
      wallSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
      eval: eval)
    return (result, outcome.divergedAt == nil ? outcome.model : nil)
  }

  struct Outcome {
    var model: RecurrentModel<Float>
    var steps: Int
    var stoppedEarly: Bool
    var divergedAt: Int?
    var bestValidation: Double
    /// The validation loss of the validation targets' mean (see `CellResult.baselineLoss`).
    var baselineLoss: Double
    var lossCurve: [LossPoint]
    var validationCurve: [LossPoint]
  }

  /// Adam on fresh batches, early stopping on a fixed validation set, the best parameters kept.
  func train(_ cell: CellSpec) throws -> Outcome {
    let d = space.dimension
    var initRNG = CellSeeds.generator(for: cell, .initialisation)
    let model = RecurrentModel<Float>(
      unit: cell.unit, inputSize: d, hiddenSize: cell.hidden, outputSize: d, using: &initRNG)
    let trainer = TrainingStep(model: model, learningRate: training.learningRate, clip: training.clip)
    var dataRNG = CellSeeds.generator(for: cell, .training)
    var validationRNG = CellSeeds.generator(for: cell, .validation)
    let validation = try BatchSampler(
      space: space, vectors: floatVectors, count: training.validation, length: cell.trainLength,
      part: .validation
    ).next(using: &validationRNG)

    var outcome = Outcome(
      model: model, steps: 0, stoppedEarly: false, divergedAt: nil, bestValidation: .infinity,
      baselineLoss: Self.baselineLoss(validation.target, dimension: d),
      lossCurve: [], validationCurve: [])
    var bestParameters = model.parameters
    var reference = Double.infinity  // the best loss that counted as an improvement
    var checksWithoutImprovement = 0
    var windowSum = 0.0
    let sampler = BatchSampler(
      space: space, vectors: floatVectors, count: training.batch, length: cell.trainLength,
      part: .training)
    for step in 1...max(training.maxSteps, 1) {
      let next = try sampler.next(using: &dataRNG)
      let loss = trainer.step(next.input, target: next.target).loss
      outcome.steps = step
      guard loss.isFinite else {
        outcome.divergedAt = step
        break
      }
      windowSum += loss
      if step % Self.lossWindow == 0 {
        outcome.lossCurve.append(LossPoint(step: step, loss: windowSum / Double(Self.lossWindow)))
        windowSum = 0
      }
      guard step % training.validateEvery == 0 || step == training.maxSteps else { continue }
      let validationLoss = trainer.loss(validation.input, target: validation.target)
      guard validationLoss.isFinite else {
        outcome.divergedAt = step
        break
      }
      outcome.validationCurve.append(LossPoint(step: step, loss: validationLoss))
      if validationLoss < outcome.bestValidation {
        outcome.bestValidation = validationLoss
        bestParameters = trainer.model.parameters
      }
      if validationLoss < reference * (1 - Self.minimumImprovement) {
        reference = validationLoss
        checksWithoutImprovement = 0
      } else {
        checksWithoutImprovement += 1
        if checksWithoutImprovement >= training.patience, step < training.maxSteps {
          outcome.stoppedEarly = true
          break
        }
      }
    }
    trainer.restore(parameters: bestParameters)
    outcome.model = trainer.model
    return outcome
  }

  /// The loss of a constant output equal to the targets' mean: `(1/(N·d)) Σ_ij (t_ij − t̄_j)²`,
  /// the target's variance per dimension. Summed in Double; the targets are Float.
  // target: (N, d)
  static func baselineLoss(_ target: [Float], dimension d: Int) -> Double {
    let count = target.count / d
    guard count > 0 else { return 0 }
    var mean = [Double](repeating: 0, count: d)
    for i in 0..<count {
      for j in 0..<d { mean[j] += Double(target[i * d + j]) }
    }
    for j in 0..<d { mean[j] /= Double(count) }
    var sum = 0.0
    for i in 0..<count {
      for j in 0..<d {
        let deviation = Double(target[i * d + j]) - mean[j]
        sum += deviation * deviation
      }
    }
    return sum / Double(count * d)
  }

  func input(_ tokens: [Int32], count: Int, length: Int) -> SequenceInput<Float> {
    switch space.kind {
    case .onehot:
      .tokens(sequences: tokens, count: count, length: length)
    case .gaussian, .embeddings:
      .dense(sequences: tokens, count: count, length: length, vectors: floatVectors)
    }
  }

  /// The indicators of a trained model at test length `length`, on sequences drawn from the
  /// cell's seed and the length alone.
  func evaluate(_ model: RecurrentModel<Float>, cell: CellSpec, length: Int) throws -> EvalResult {
    try evaluate(model, seed: cell.seed, length: length)
  }

  /// The indicators of any model (trained here or loaded from PyTorch) at test length
  /// `length`, on `evaluation.sequences` test sequences drawn from `seed`.
  public func evaluate(_ model: RecurrentModel<Float>, seed: Int, length: Int) throws -> EvalResult {
    var rng = CellSeeds.generator(seed, .test, length)
    let n = evaluation.sequences
    let tokens = try space.sampleSequences(count: n, length: length, part: .test, using: &rng)
    var decoded = Matrix<Double>(rows: n, cols: model.outputSize)
    var states = Matrix<Double>(rows: n, cols: model.hiddenSize)
    let tape = RecurrentTape<Float>(for: model)
    for first in stride(from: 0, to: n, by: Self.evaluationChunk) {
      let count = min(Self.evaluationChunk, n - first)
      let chunk = Array(tokens[(first * length)..<((first + count) * length)])
      model.forward(input(chunk, count: count, length: length), tape: tape)
      let (out, h) = (tape.readout, tape.finalState)
      for i in 0..<(count * model.outputSize) { decoded.storage[first * model.outputSize + i] = Double(out[i]) }
      for i in 0..<(count * model.hiddenSize) { states.storage[first * model.hiddenSize + i] = Double(h[i]) }
    }
    // A loaded model with huge (finite) weights can overflow Float on the way: the fits need
    // finite numbers, so say so instead of fitting NaN.
    guard decoded.storage.allSatisfy(\.isFinite), states.storage.allSatisfy(\.isFinite) else {
      throw NonFiniteOutput(length: length)
    }
    return MemoryIndicators.evaluate(
      decoded: decoded, tokens: tokens, length: length, finalStates: states, space: space,
      threshold: evaluation.threshold, probeRidge: evaluation.probe)
  }

  /// The first `count` test sequences of `seed` at `length` (the ones `evaluate` starts with)
  /// and what `model` decodes for them: tokens (count, length), ŝ (count, d).
  public func decodeTestSequences(
    _ model: RecurrentModel<Float>, seed: Int, length: Int, count: Int
  ) throws -> (tokens: [Int32], decoded: Matrix<Double>) {
    var rng = CellSeeds.generator(seed, .test, length)
    let tokens = try space.sampleSequences(count: count, length: length, part: .test, using: &rng)
    let tape = RecurrentTape<Float>(for: model)
    model.forward(input(tokens, count: count, length: length), tape: tape)
    let out = tape.readout
    var decoded = Matrix<Double>(rows: count, cols: model.outputSize)
    for i in decoded.storage.indices { decoded.storage[i] = Double(out[i]) }
    return (tokens, decoded)
  }

  /// A model whose outputs or states overflow at a test length, so no indicator is defined.
  public struct NonFiniteOutput: Error, CustomStringConvertible {
    public let length: Int
    public var description: String {
      "the model's outputs or hidden states are not finite on test sequences of length \(length) (weights too large for Float arithmetic, or a diverged model)"
    }
  }
}

extension CellTrainer {
  /// Seconds for `steps` training steps of a fresh model (after `warmup` untimed steps),
  /// each drawing its batch as training does: the `memstudy bench` measurement.
  ///
  /// With `profile`, the timed steps also record their phases there (the data phase here).
  public func benchmark(
    _ cell: CellSpec, steps: Int, warmup: Int, profile: StepProfile? = nil
  ) throws -> Double {
    var initRNG = CellSeeds.generator(for: cell, .initialisation)
    let d = space.dimension
    let model = RecurrentModel<Float>(
      unit: cell.unit, inputSize: d, hiddenSize: cell.hidden, outputSize: d, using: &initRNG)
    let trainer = TrainingStep(model: model, learningRate: training.learningRate, clip: training.clip)
    var rng = CellSeeds.generator(for: cell, .training)
    let sampler = BatchSampler(
      space: space, vectors: floatVectors, count: training.batch, length: cell.trainLength,
      part: .training)
    for _ in 0..<warmup {
      let b = try sampler.next(using: &rng)
      trainer.step(b.input, target: b.target)
    }
    trainer.profile = profile
    let clock = ContinuousClock()
    let start = clock.now
    for _ in 0..<steps {
      let dataStart = profile == nil ? 0 : StepProfile.now()
      let b = try sampler.next(using: &rng)
      profile?.add(.data, since: dataStart)
      trainer.step(b.input, target: b.target)
    }
    let elapsed = clock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
  }
}
