import Testing
@testable import Analysis

/// Training one grid cell for real: it learns, it is deterministic, and it stops early.
@Suite struct CellTrainerTests {
  static func config(maxSteps: Int = 400) -> StudyConfig {
    StudyConfig(
      name: "cell", space: SpaceConfig(kind: .onehot, vocab: 8), units: [.gru], hidden: [16],
      trainLengths: [5], testLengths: [5, 10], seeds: [1],
      training: TrainingConfig(
        batch: 32, learningRate: 0.01, clip: 1, maxSteps: maxSteps, patience: 3, validation: 128,
        validateEvery: 25),
      evaluation: EvaluationConfig(sequences: 256))
  }

  @Test func gruAtShortLengthRemembersTheSequence() throws {
    let trainer = CellTrainer(space: .onehot(vocab: 8), config: Self.config())
    let result = try trainer.run(CellSpec(unit: .gru, hidden: 16, trainLength: 5, seed: 1))
    #expect(result.status == .ok)
    let inLength = try #require(result.eval.first { $0.length == 5 })
    #expect(inLength.smr > 0.9, "SMR \(inLength.smr)")
    #expect(inLength.fidelity > 0.9)
    #expect(inLength.eml == 5)
    #expect(result.eval.map(\.length) == [5, 10])
    #expect(result.lossCurve.last!.loss < result.lossCurve.first!.loss)
    #expect(result.finalLoss == result.validationCurve.map(\.loss).min())
  }

  @Test func sameSeedGivesTheSameNumbers() throws {
    let trainer = CellTrainer(space: .onehot(vocab: 8), config: Self.config(maxSteps: 60))
    let cell = CellSpec(unit: .lstm, hidden: 8, trainLength: 4, seed: 7)
    var a = try trainer.run(cell)
    var b = try trainer.run(cell)
    a.wallSeconds = 0
    b.wallSeconds = 0
    #expect(a == b)
    var other = try trainer.run(CellSpec(unit: .lstm, hidden: 8, trainLength: 4, seed: 8))
    other.wallSeconds = 0
    #expect(other.lossCurve != a.lossCurve, "another seed must give another run")
  }

  @Test func earlyStoppingEndsAPlateauBeforeTheCap() throws {
    // A huge cap: a length-1 copy task is learnt quickly, then validation stops improving.
    var config = Self.config(maxSteps: 20_000)
    config.trainLengths = [1]
    config.testLengths = [1]
    let trainer = CellTrainer(space: .onehot(vocab: 8), config: config)
    let result = try trainer.run(CellSpec(unit: .vrnn, hidden: 16, trainLength: 1, seed: 1))
    #expect(result.stoppedEarly)
    #expect(result.steps < 20_000)
  }

  @Test func unitsShareTheirDataStreamForASeed() {
    // Common random numbers: the training data depend on seed and length, not on the unit.
    var a = CellTrainer.generator(3, .training, 20)
    var b = CellTrainer.generator(3, .training, 20)
    #expect(a.next() == b.next())
    var initLSTM = CellTrainer.generator(3, .initialisation, UnitKind.lstm.seedKey, 64)
    var initGRU = CellTrainer.generator(3, .initialisation, UnitKind.gru.seedKey, 64)
    #expect(initLSTM.next() != initGRU.next())
  }
}
