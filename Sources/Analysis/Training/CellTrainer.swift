/// Trains one grid cell (METHOD.md §2): Adam on fresh batches of the cell's length, early
/// stopping on a fixed validation set, the best parameters kept; and times training steps for
/// `memstudy bench`. Evaluating the trained model is `ModelEvaluator`'s (Study).
///
/// Every random draw comes from the cell's `CellSeeds` streams, so a cell's numbers do not
/// depend on which worker runs it or on what ran before, and units of a seed share their data.
public struct CellTrainer: Sendable {
  let space: SemanticSpace
  let training: TrainingConfig

  /// Training steps averaged into one point of the loss curve.
  static let lossWindow = 10
  /// A validation loss must fall below the best by this fraction to count as improvement.
  static let minimumImprovement = 1e-3

  /// The space's vectors in the training precision, converted once.
  let floatVectors: Matrix<Float>

  public init(space: SemanticSpace, training: TrainingConfig) {
    self.init(space: space, training: training, floatVectors: space.vectors.converted())
  }

  /// `floatVectors`: the space's vectors already in Float, shared with the evaluator so that a
  /// study holds one copy (as `MemoryEstimate.space` counts).
  init(space: SemanticSpace, training: TrainingConfig, floatVectors: Matrix<Float>) {
    self.space = space
    self.training = training
    self.floatVectors = floatVectors
  }

  /// What training a cell gave: the model with the best validation loss, and its curves.
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
    let trainer = freshTrainer(cell)
    var dataRNG = CellSeeds.generator(for: cell, .training)
    var validationRNG = CellSeeds.generator(for: cell, .validation)
    let validation = try batchSampler(cell, count: training.validation, part: .validation)
      .next(using: &validationRNG)

    var outcome = Outcome(
      model: trainer.model, steps: 0, stoppedEarly: false, divergedAt: nil,
      bestValidation: .infinity,
      baselineLoss: Self.baselineLoss(validation.target, dimension: space.dimension),
      lossCurve: [], validationCurve: [])
    var bestParameters = trainer.model.parameters
    var reference = Double.infinity  // the best loss that counted as an improvement
    var checksWithoutImprovement = 0
    var windowSum = 0.0
    let sampler = batchSampler(cell, count: training.batch, part: .training)
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

  /// The cell's model with its initial weights (from the cell's own stream), and its optimiser.
  private func freshTrainer(_ cell: CellSpec) -> TrainingStep<Float> {
    let d = space.dimension
    var initRNG = CellSeeds.generator(for: cell, .initialisation)
    let model = RecurrentModel<Float>(
      unit: cell.unit, inputSize: d, hiddenSize: cell.hidden, outputSize: d, layers: cell.layers,
      using: &initRNG)
    return TrainingStep(model: model, learningRate: training.learningRate, clip: training.clip)
  }

  /// Batches of `count` sequences of the cell's training length from `part`.
  private func batchSampler(_ cell: CellSpec, count: Int, part: CorpusPart) -> BatchSampler {
    BatchSampler(
      space: space, vectors: floatVectors, count: count, length: cell.trainLength, part: part)
  }

  /// The loss of a constant output equal to the targets' mean: `(1/(N·d)) Σ_ij (t_ij − t̄_j)²`,
  /// the target's variance per dimension. Summed in Double (training targets are Float, a
  /// probe's validation centroids Double).
  // target: (N, d)
  static func baselineLoss<T: Scalar>(_ target: [T], dimension d: Int) -> Double {
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
}

extension CellTrainer {
  /// Seconds for `steps` training steps of a fresh model, or of `model` (after `warmup`
  /// untimed steps), each drawing its batch as training does: the `memstudy bench`
  /// measurement.
  ///
  /// With `profile`, the timed steps also record their phases there (the data phase here).
  public func benchmark(
    _ cell: CellSpec, steps: Int, warmup: Int, profile: StepProfile? = nil,
    from model: RecurrentModel<Float>? = nil
  ) throws -> Double {
    let trainer = model.map {
      TrainingStep(model: $0, learningRate: training.learningRate, clip: training.clip)
    } ?? freshTrainer(cell)
    var rng = CellSeeds.generator(for: cell, .training)
    let sampler = batchSampler(cell, count: training.batch, part: .training)
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
