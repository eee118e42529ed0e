import Foundation
import Testing
@testable import Analysis

/// Training one grid cell for real: it learns, it is deterministic, and it stops early.
@Suite struct CellRunnerTests {
  static func config(maxSteps: Int = 400) -> StudyConfig {
    StudyConfig(
      name: "cell", space: .onehot(vocab: 8), units: [.gru], hidden: [16],
      trainLengths: [5], testLengths: [5, 10], seeds: [1],
      training: TrainingConfig(
        batch: 32, learningRate: 0.01, clip: 1, maxSteps: maxSteps, patience: 3, validation: 128,
        validateEvery: 25),
      evaluation: EvaluationConfig(sequences: 256))
  }

  @Test func gruAtShortLengthRemembersTheSequence() throws {
    let runner = CellRunner(space: .onehot(vocab: 8), config: Self.config())
    let result = try runner.run(CellSpec(unit: .gru, hidden: 16, trainLength: 5, seed: 1))
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
    let runner = CellRunner(space: .onehot(vocab: 8), config: Self.config(maxSteps: 60))
    let cell = CellSpec(unit: .lstm, hidden: 8, trainLength: 4, seed: 7)
    var a = try runner.run(cell)
    var b = try runner.run(cell)
    a.wallSeconds = 0
    b.wallSeconds = 0
    #expect(a == b)
    var other = try runner.run(CellSpec(unit: .lstm, hidden: 8, trainLength: 4, seed: 8))
    other.wallSeconds = 0
    #expect(other.lossCurve != a.lossCurve, "another seed must give another run")
  }

  @Test func earlyStoppingEndsAPlateauBeforeTheCap() throws {
    // A huge cap: a length-1 copy task is learnt quickly, then validation stops improving.
    var config = Self.config(maxSteps: 20_000)
    config.trainLengths = [1]
    config.testLengths = [1]
    let runner = CellRunner(space: .onehot(vocab: 8), config: config)
    let result = try runner.run(CellSpec(unit: .vrnn, hidden: 16, trainLength: 1, seed: 1))
    #expect(result.stoppedEarly)
    #expect(result.steps < 20_000)
  }

  @Test func unitsShareTheirDataForASeed() throws {
    // Common random numbers: the sequences depend on the seed and the length, not on the unit
    // or the hidden size; initial weights depend on all four.
    func draws(_ cell: CellSpec, _ purpose: CellSeeds.Purpose) -> [UInt64] {
      var g = CellSeeds.generator(for: cell, purpose)
      return (0..<4).map { _ in g.next() }
    }
    let lstm = CellSpec(unit: .lstm, hidden: 64, trainLength: 20, seed: 3)
    let gru = CellSpec(unit: .gru, hidden: 16, trainLength: 20, seed: 3)
    for purpose in [CellSeeds.Purpose.training, .validation, .test] {
      #expect(draws(lstm, purpose) == draws(gru, purpose), "\(purpose)")
      #expect(draws(lstm, purpose) != draws(CellSpec(unit: .lstm, hidden: 64, trainLength: 20, seed: 4), purpose))
      #expect(draws(lstm, purpose) != draws(CellSpec(unit: .lstm, hidden: 64, trainLength: 21, seed: 3), purpose))
    }
    #expect(draws(lstm, .training) != draws(lstm, .validation), "purposes are independent")
    #expect(draws(lstm, .initialisation) != draws(gru, .initialisation))
    #expect(draws(lstm, .initialisation) != draws(CellSpec(unit: .lstm, hidden: 16, trainLength: 20, seed: 3), .initialisation))
    // Seen from outside: two units of a seed are validated on the same sequences, so the loss
    // of answering their mean (recorded per cell) is the same number, and another seed's is not.
    let runner = CellRunner(space: .onehot(vocab: 8), config: Self.config(maxSteps: 25))
    let a = try runner.run(CellSpec(unit: .vrnn, hidden: 8, trainLength: 5, seed: 1))
    let b = try runner.run(CellSpec(unit: .gru, hidden: 16, trainLength: 5, seed: 1))
    let c = try runner.run(CellSpec(unit: .vrnn, hidden: 8, trainLength: 5, seed: 2))
    #expect(a.baselineLoss != nil && a.baselineLoss == b.baselineLoss)
    #expect(a.baselineLoss != c.baselineLoss)
  }

  @Test func baselineLossIsTheVarianceOfTheCentroid() throws {
    // One-hot V = 8, L = 5: each coordinate of S(x) has variance (1/V)(1 − 1/V)/L = 0.021875;
    // 128 validation sequences estimate it within a few per cent.
    let runner = CellRunner(space: .onehot(vocab: 8), config: Self.config(maxSteps: 25))
    let result = try runner.run(CellSpec(unit: .gru, hidden: 16, trainLength: 5, seed: 1))
    let baseline = try #require(result.baselineLoss)
    #expect(abs(baseline / 0.021875 - 1) < 0.1, "baseline \(baseline)")
    #expect(CellTrainer.baselineLoss([1, 2, 3, 4, 5, 6], dimension: 2) == 8.0 / 3.0)
  }

  @Test func everyTrainingLengthIsEvaluatedInLength() throws {
    // test_lengths lists 10 and 20 only: the cell trained at 5 is evaluated at 5 as well, so
    // its in-length indicators (the recommendation's input) exist.
    var config = Self.config(maxSteps: 25)
    config.trainLengths = [5, 20]
    config.testLengths = [20, 10]
    #expect(config.effectiveTestLengths == [5, 10, 20])
    let result = try CellRunner(space: .onehot(vocab: 8), config: config)
      .run(CellSpec(unit: .gru, hidden: 16, trainLength: 5, seed: 1))
    #expect(result.eval.map(\.length) == [5, 10, 20])
    config.testLengths = nil
    #expect(config.effectiveTestLengths == [5, 20])
  }

  /// A trained vanilla RNN scores about the same in-length SMR on a corpus whose long lines
  /// favour other words as on a uniform corpus with the same vectors: the intercept of the fit
  /// keeps the skew from reading as memory (without it, a memoryless network scored near 1).
  @Test func vanillaRNNScoresAlikeOnSkewedAndUniformCorpora() throws {
    var smr: [Double] = []
    for (vectors, corpus) in [TestSpace.skewedFiles(), TestSpace.uniformFiles()] {
      let directory = try makeTemporaryDirectory()
      defer { try? FileManager.default.removeItem(at: directory) }
      let space = try SemanticSpace.embeddings(
        vectorsFile: try write(vectors, to: "v.txt", in: directory),
        corpusFile: try write(corpus, to: "c.txt", in: directory), windows: .sentence)
      var config = Self.config(maxSteps: 300)
      config.trainLengths = [12]
      config.testLengths = [12]
      let runner = CellRunner(space: space, config: config)
      let result = try runner.run(CellSpec(unit: .vrnn, hidden: 16, trainLength: 12, seed: 1))
      smr.append(try #require(result.eval.first).smr)
    }
    #expect(abs(smr[0] - smr[1]) < 0.15, "skewed \(smr[0]), uniform \(smr[1])")
  }
}
