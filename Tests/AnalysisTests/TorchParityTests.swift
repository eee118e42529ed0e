import Foundation
import Testing
@testable import Analysis

/// Parity with PyTorch on committed fixtures (`Fixtures/make_fixtures.py`).
///
/// Tolerances: the Double path computes the same float64 arithmetic as PyTorch in another
/// summation order, so values agree to ~1e-15 relative; 1e-11 absolute / 1e-9 relative leaves
/// room for error growth through 7 recurrent steps without hiding a wrong term (a wrong term
/// is off by O(1e-2) or more). The Float path is compared with float32 PyTorch after three
/// Adam steps: float32 rounding (6e-8) grows through the steps, and Adam divides by √v, so
/// 2e-6 absolute on weights of size ~0.5 is the bound.
@Suite struct TorchParityTests {
  static let kinds = ["onehot", "dense"]

  @Test(arguments: UnitKind.allCases, kinds)
  func forwardAndGradientsMatchPyTorch(unit: UnitKind, kind: String) throws {
    let (fixture, weights) = try TorchFixture.load(unit, kind)
    let model = try RecurrentModel<Double>.load(safeTensors: weights, unit: unit)
    let input: SequenceInput<Double> = fixture.input(ids: fixture.ids, dense: fixture.dense)
    let tape = RecurrentTape<Double>(for: model)
    model.forward(input, tape: tape)
    expectClose(tape.outputs, fixture.outputs, absolute: 1e-11, relative: 1e-9, "output")
    expectClose(tape.finalState, fixture.hN, absolute: 1e-11, relative: 1e-9, "h_n")
    if let cN = fixture.cN { expectClose(tape.finalCell, cN, absolute: 1e-11, relative: 1e-9, "c_n") }
    expectClose(tape.readout, fixture.readout, absolute: 1e-11, relative: 1e-9, "readout")
    let loss = MeanSquaredError.loss(tape.readout, fixture.target)
    expectClose([loss], [fixture.loss], absolute: 1e-12, relative: 1e-10, "loss")

    try Self.expectGradientsMatch(model, input: input, tape: tape, fixture: fixture)
  }

  @Test(arguments: UnitKind.allCases, kinds)
  func threeClippedAdamStepsMatchPyTorch(unit: UnitKind, kind: String) throws {
    let (fixture, weights) = try TorchFixture.load(unit, kind)
    let adam = try #require(fixture.adam)
    let model = try RecurrentModel<Float>.load(safeTensors: weights, unit: unit)
    let trainer = TrainingStep(model: model, learningRate: adam.learningRate, clip: adam.clip)
    for (i, step) in adam.steps.enumerated() {
      let input: SequenceInput<Float> = fixture.input(ids: step.ids, dense: step.dense)
      let (loss, norm) = trainer.step(input, target: step.target.map { Float($0) })
      expectClose([loss], [step.loss], absolute: 1e-7, relative: 1e-5, "loss at step \(i + 1)")
      expectClose([norm], [step.gradNorm], absolute: 1e-7, relative: 1e-5, "gradient norm at step \(i + 1)")
      #expect(norm > adam.clip, "step \(i + 1) must exercise the clipping")
    }
    for entry in trainer.model.layout.entries {
      let expected = try #require(adam.weights[entry.name])
      expectClose(Array(trainer.model.parameters[entry.range]), expected.map { Float($0) }, absolute: 2e-6, relative: 0, "\(entry.name) after 3 steps")
    }
  }

  /// `torch.nn.RNN/LSTM/GRU(num_layers = K)` (`Fixtures/make_stacked_fixture.py`): 2 layers on
  /// one-hot tokens, 3 on dense vectors; the outputs, every layer's final state and every
  /// gradient, with the tolerances of the one-layer fixtures.
  @Test(arguments: UnitKind.allCases, [2, 3])
  func stackedLayersMatchPyTorch(unit: UnitKind, layers: Int) throws {
    let (fixture, weights) = try TorchFixture.load(named: "stacked-\(unit.rawValue)-\(layers)")
    let model = try RecurrentModel<Double>.load(safeTensors: weights, unit: unit)
    #expect(model.unit == unit && model.layers == layers && fixture.layers == layers)
    let input: SequenceInput<Double> = fixture.input(ids: fixture.ids, dense: fixture.dense)
    let tape = RecurrentTape<Double>(for: model)
    model.forward(input, tape: tape)
    expectClose(tape.outputs, fixture.outputs, absolute: 1e-11, relative: 1e-9, "output")
    let hN = (0..<layers).flatMap { tape.layer($0).finalState }
    expectClose(hN, fixture.hN, absolute: 1e-11, relative: 1e-9, "h_n of every layer")
    if let cN = fixture.cN {
      expectClose((0..<layers).flatMap { tape.layer($0).finalCell }, cN, absolute: 1e-11, relative: 1e-9, "c_n")
    }
    expectClose(tape.readout, fixture.readout, absolute: 1e-11, relative: 1e-9, "readout")

    #expect(Set(fixture.gradients.keys) == Set(model.layout.entries.map(\.name)))
    try Self.expectGradientsMatch(model, input: input, tape: tape, fixture: fixture)
  }

  /// Backpropagates the fixture's objective (MSE of the readout against its target, plus its
  /// upstream gradients on the outputs and on the top layer's c_n) through the last forward
  /// pass on `tape`, and compares every parameter's gradient with PyTorch's.
  static func expectGradientsMatch(
    _ model: RecurrentModel<Double>, input: SequenceInput<Double>, tape: RecurrentTape<Double>,
    fixture: TorchFixture
  ) throws {
    var dOut: [Double] = []
    MeanSquaredError.gradient(tape.readout, fixture.target, into: &dOut)
    var gradients = [Double](repeating: 0, count: model.parameters.count)
    model.backward(
      input, tape: tape, dOutput: dOut, dHidden: fixture.upstreamOutput,
      dFinalCell: fixture.upstreamCell, gradients: &gradients)
    for entry in model.layout.entries {
      let expected = try #require(fixture.gradients[entry.name], "fixture lacks \(entry.name)")
      expectClose(Array(gradients[entry.range]), expected, absolute: 1e-11, relative: 1e-9, entry.name)
    }
  }
}
