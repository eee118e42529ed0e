import Testing
@testable import Analysis

/// Central finite differences in Double against the hand-written backward pass, for every
/// parameter of every unit, on one-hot (token) and dense input.
@Suite struct GradientCheckTests {
  enum InputKind: CaseIterable { case tokens, dense }

  struct Problem {
    var model: RecurrentModel<Double>
    let input: SequenceInput<Double>
    let target: [Double]
    /// Upstream gradients on every output h_t and on c_n, so the check covers more than
    /// the readout path.
    let dHidden: [Double]
    let dFinalCell: [Double]?

    init(unit: UnitKind, inputKind: InputKind, seed: UInt64, layers: Int = 1) {
      var rng = RandomGenerator(seed: seed)
      let (inputSize, hidden, output, batch, length) = (5, 4, 3, 3, 6)
      model = RecurrentModel(
        unit: unit, inputSize: inputSize, hiddenSize: hidden, outputSize: output, layers: layers,
        using: &rng)
      // Larger weights than the default initialisation, so the gates leave their linear range.
      for i in model.parameters.indices { model.parameters[i] *= 3 }
      switch inputKind {
      case .tokens:
        let ids = (0..<(batch * length)).map { _ in Int32(rng.nextInt(below: inputSize)) }
        input = .tokens(ids, batch: batch, length: length)
      case .dense:
        input = .dense((0..<(batch * length * inputSize)).map { _ in rng.normal() }, batch: batch, length: length)
      }
      target = (0..<(batch * output)).map { _ in rng.normal() }
      dHidden = (0..<(length * batch * hidden)).map { _ in rng.normal() }
      dFinalCell = unit.hasCellState ? (0..<(batch * hidden)).map { _ in rng.normal() } : nil
    }

    /// J = MSE(ŝ, s) + Σ_t ⟨dHidden_t, h_t⟩ + ⟨dFinalCell, c_n⟩.
    func objective(_ model: RecurrentModel<Double>) -> Double {
      let tape = RecurrentTape<Double>(for: model)
      model.forward(input, tape: tape)
      var j = MeanSquaredError.loss(tape.readout, target)
      j += zip(tape.outputs, dHidden).reduce(0) { $0 + $1.0 * $1.1 }
      if let dFinalCell { j += zip(tape.finalCell, dFinalCell).reduce(0) { $0 + $1.0 * $1.1 } }
      return j
    }

    func analyticGradient() -> [Double] {
      let tape = RecurrentTape<Double>(for: model)
      model.forward(input, tape: tape)
      var dOut: [Double] = []
      MeanSquaredError.gradient(tape.readout, target, into: &dOut)
      var g = [Double](repeating: 0, count: model.parameters.count)
      model.backward(input, tape: tape, dOutput: dOut, dHidden: dHidden, dFinalCell: dFinalCell, gradients: &g)
      return g
    }

    func numericGradient(step: Double = 1e-6) -> [Double] {
      var probe = model
      return model.parameters.indices.map { i in
        let original = probe.parameters[i]
        probe.parameters[i] = original + step
        let up = objective(probe)
        probe.parameters[i] = original - step
        let down = objective(probe)
        probe.parameters[i] = original
        return (up - down) / (2 * step)
      }
    }
  }

  @Test(arguments: UnitKind.allCases, InputKind.allCases)
  func everyParameterMatchesFiniteDifferences(unit: UnitKind, inputKind: InputKind) {
    let problem = Problem(unit: unit, inputKind: inputKind, seed: 11)
    let analytic = problem.analyticGradient()
    let numeric = problem.numericGradient()
    for entry in problem.model.layout.entries {
      // Central differences at step 1e-6 carry ~1e-9 truncation and rounding error here.
      expectClose(
        Array(analytic[entry.range]), Array(numeric[entry.range]), absolute: 1e-7,
        relative: 1e-6, "\(unit) \(inputKind) \(entry.name)")
    }
  }

  /// Stacked layers: every layer's tensors, with the upstream gradients on the top layer's
  /// outputs and cell state; layer 2 of three sees its input's gradient pass through two layers.
  @Test(arguments: UnitKind.allCases, [2, 3])
  func stackedLayersMatchFiniteDifferences(unit: UnitKind, layers: Int) {
    for inputKind in InputKind.allCases {
      let problem = Problem(unit: unit, inputKind: inputKind, seed: 17, layers: layers)
      let analytic = problem.analyticGradient()
      let numeric = problem.numericGradient()
      #expect(problem.model.layout.entries.map(\.name) == RecurrentModel<Double>.names(unit: unit, layers: layers))
      for entry in problem.model.layout.entries {
        expectClose(
          Array(analytic[entry.range]), Array(numeric[entry.range]), absolute: 1e-7,
          relative: 1e-6, "\(unit) K=\(layers) \(inputKind) \(entry.name)")
      }
    }
  }

  /// A stacked model's layer 0 computes what a one-layer model with its weights computes, and
  /// layer k reads layer k − 1's outputs: two one-layer passes chained by hand agree exactly.
  @Test(arguments: UnitKind.allCases)
  func stackedLayersChainOneLayerPasses(unit: UnitKind) {
    var rng = RandomGenerator(seed: 5)
    let (batch, length, hidden) = (3, 5, 4)
    let model = RecurrentModel<Double>(
      unit: unit, inputSize: 6, hiddenSize: hidden, outputSize: 2, layers: 2, using: &rng)
    let ids = (0..<(batch * length)).map { _ in Int32(rng.nextInt(below: 6)) }
    let input = SequenceInput<Double>.tokens(ids, batch: batch, length: length)
    var bottom = RecurrentModel<Double>(unit: unit, inputSize: 6, hiddenSize: hidden, outputSize: 2)
    var top = RecurrentModel<Double>(unit: unit, inputSize: hidden, hiddenSize: hidden, outputSize: 2)
    for (k, one) in [0, 1].map({ ($0, RecurrentModel<Double>.layerNames($0, unit: unit)) }) {
      for (name, target) in zip(one, RecurrentModel<Double>.layerNames(0, unit: unit)) {
        if k == 0 { bottom.setTensor(target, model.tensor(name)) } else { top.setTensor(target, model.tensor(name)) }
      }
    }
    for name in ["readout.weight", "readout.bias"] { top.setTensor(name, model.tensor(name)) }
    let (tape, a, b) = (RecurrentTape<Double>(for: model), RecurrentTape<Double>(for: bottom), RecurrentTape<Double>(for: top))
    model.forward(input, tape: tape)
    bottom.forward(input, tape: a)
    top.forward(.dense(a.outputs, batch: batch, length: length), tape: b)
    #expect(tape.outputs == b.outputs)
    #expect(tape.readout == b.readout)
    #expect(tape.layer(0).outputs == a.outputs)
  }

  @Test func tokenInputEqualsOneHotDenseInput() {
    for unit in UnitKind.allCases {
      var rng = RandomGenerator(seed: 3)
      let model = RecurrentModel<Double>(unit: unit, inputSize: 6, hiddenSize: 5, outputSize: 6, using: &rng)
      let ids = (0..<(4 * 7)).map { _ in Int32(rng.nextInt(below: 6)) }
      var identity = Matrix<Double>(rows: 6, cols: 6)
      for i in 0..<6 { identity[i, i] = 1 }
      let tokens = SequenceInput<Double>.tokens(sequences: ids, count: 4, length: 7)
      let dense = SequenceInput<Double>.dense(sequences: ids, count: 4, length: 7, vectors: identity)
      let (a, b) = (RecurrentTape<Double>(for: model), RecurrentTape<Double>(for: model))
      model.forward(tokens, tape: a)
      model.forward(dense, tape: b)
      expectClose(a.outputs, b.outputs, absolute: 1e-14, relative: 1e-12, "\(unit) outputs")
      let target = [Double](repeating: 0.5, count: 4 * 6)
      var dOut: [Double] = []
      MeanSquaredError.gradient(a.readout, target, into: &dOut)
      var ga = [Double](repeating: 0, count: model.parameters.count)
      var gb = ga
      model.backward(tokens, tape: a, dOutput: dOut, gradients: &ga)
      model.backward(dense, tape: b, dOutput: dOut, gradients: &gb)
      expectClose(ga, gb, absolute: 1e-14, relative: 1e-12, "\(unit) gradients")
    }
  }
}
