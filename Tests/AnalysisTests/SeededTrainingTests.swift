import Foundation
import Testing
@testable import Analysis

/// A short seeded training run reproduces its recorded losses bit for bit, on every CPU and
/// product path (CI runs it again under MEMSTUDY_KERNELS=portable): the products' summation
/// order and the elementary functions are our own. Re-record with RECORD_FIXTURES=1 after a
/// deliberate change.
@Suite struct SeededTrainingTests {
  static func run(unit: UnitKind, layers: Int = 1) -> [Double] {
    let (vocab, hidden, batch, length) = (8, 16, 16, 10)
    var rng = RandomGenerator(seed: 2024)
    let model = RecurrentModel<Float>(
      unit: unit, inputSize: vocab, hiddenSize: hidden, outputSize: vocab, layers: layers, using: &rng)
    let trainer = TrainingStep(model: model, learningRate: 0.01, clip: 1)
    var losses: [Double] = []
    for _ in 0..<30 {
      let ids = (0..<(batch * length)).map { _ in Int32(rng.nextInt(below: vocab)) }
      // Target: the centroid of the one-hot vectors, i.e. token frequencies.
      var target = [Float](repeating: 0, count: batch * vocab)
      for i in 0..<batch {
        for t in 0..<length { target[i * vocab + Int(ids[i * length + t])] += 1 / Float(length) }
      }
      losses.append(trainer.step(.tokens(sequences: ids, count: batch, length: length), target: target).loss)
    }
    return losses
  }

  /// One layer for every unit, and 2 and 3 stacked layers (the products between layers are
  /// on the recorded path too).
  static let runs: [(UnitKind, Int)] = UnitKind.allCases.map { ($0, 1) } + UnitKind.allCases.map { ($0, 2) } + [(.lstm, 3)]

  @Test(arguments: runs)
  func lossesReproduceExactly(unit: UnitKind, layers: Int) throws {
    let losses = Self.run(unit: unit, layers: layers)
    let name = "seeded-training-\(unit.rawValue)\(layers == 1 ? "" : "-k\(layers)").json"
    if TorchFixture.recording {
      try TorchFixture.record(try JSONEncoder().encode(losses), named: name)
      return
    }
    let recorded = try JSONDecoder().decode([Double].self, from: Data(contentsOf: TorchFixture.directory.appendingPathComponent(name)))
    #expect(losses == recorded)
    #expect(losses.last! < losses.first!, "training must reduce the loss")
    #expect(Self.run(unit: unit, layers: layers) == losses, "a second run in the same process must agree")
  }
}
