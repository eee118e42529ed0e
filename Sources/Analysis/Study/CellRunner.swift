/// Runs one grid cell of a study: trains it (`CellTrainer`), evaluates the trained model at
/// every test length (`ModelEvaluator`) and records both as its `CellResult`. A diverged cell
/// is recorded without evaluation.
public struct CellRunner: Sendable {
  let trainer: CellTrainer
  public let evaluator: ModelEvaluator
  /// The lengths every cell is evaluated at: the study's test lengths and its training lengths.
  let testLengths: [Int]

  public var space: SemanticSpace { trainer.space }

  public init(space: SemanticSpace, config: StudyConfig) {
    // One Float copy of the vectors for both (`MemoryEstimate.space` counts one).
    let floatVectors: Matrix<Float> = space.vectors.converted()
    trainer = CellTrainer(space: space, training: config.training, floatVectors: floatVectors)
    evaluator = ModelEvaluator(space: space, evaluation: config.evaluation, floatVectors: floatVectors)
    testLengths = config.effectiveTestLengths
  }

  public func run(_ cell: CellSpec) throws -> CellResult {
    try runKeepingModel(cell).result
  }

  /// Trains and evaluates a cell, and returns the trained model beside its result (`nil` for
  /// a diverged cell, whose parameters are not finite).
  public func runKeepingModel(_ cell: CellSpec) throws -> (result: CellResult, model: RecurrentModel<Float>?) {
    let clock = ContinuousClock()
    let start = clock.now
    let outcome = try trainer.train(cell)
    var eval: [EvalResult] = []
    if outcome.divergedAt == nil {
      let substitution = evaluator.evaluation.effectiveSubstitution
      eval = try testLengths.map { length in
        try evaluator.evaluate(
          outcome.model, seed: cell.seed, length: length,
          substitution: substitution.measures(length: length, trainLength: cell.trainLength))
      }
    }
    let elapsed = clock.now - start
    let result = CellResult(
      unit: cell.unit, hidden: cell.hidden, layers: cell.layers, trainLength: cell.trainLength,
      seed: cell.seed, status: outcome.divergedAt == nil ? .ok : .diverged, divergedAtStep: outcome.divergedAt,
      steps: outcome.steps, stoppedEarly: outcome.stoppedEarly,
      finalLoss: outcome.divergedAt == nil ? outcome.bestValidation : nil,
      baselineLoss: outcome.baselineLoss,
      lossCurve: outcome.lossCurve, validationCurve: outcome.validationCurve,
      wallSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
      eval: eval)
    return (result, outcome.divergedAt == nil ? outcome.model : nil)
  }
}
