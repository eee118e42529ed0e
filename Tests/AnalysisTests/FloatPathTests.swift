import Foundation
import Testing
@testable import Analysis

/// The Float training path (polynomial activations, chunked weight gradients) against the
/// Double path, which uses the library functions: the same
/// model, input and upstream gradients, compared at float32 precision. Shapes are chosen to
/// hit the edges: H not a multiple of 8 (lane tails), and chunks of one and two steps with a
/// remainder.
@Suite struct FloatPathTests {
  @Test(arguments: UnitKind.allCases, [true, false])
  func floatPathMatchesDoublePath(unit: UnitKind, tokens: Bool) {
    var rng = RandomGenerator(seed: 31)
    let (inputSize, hidden, output, batch, length) = (6, 13, 5, 5, 9)
    let model = RecurrentModel<Double>(
      unit: unit, inputSize: inputSize, hiddenSize: hidden, outputSize: output, using: &rng)
    let ids = (0..<(batch * length)).map { _ in Int32(rng.nextInt(below: inputSize)) }
    let dense = (0..<(batch * length * inputSize)).map { _ in rng.normal() }
    let dOut = (0..<(batch * output)).map { _ in rng.normal() }
    let dHidden = (0..<(length * batch * hidden)).map { _ in 0.1 * rng.normal() }
    let dCell = unit.hasCellState ? (0..<(batch * hidden)).map { _ in rng.normal() } : nil

    let exactTape = RecurrentTape<Double>(for: model)
    let exactInput: SequenceInput<Double> = tokens ? .tokens(ids, batch: batch, length: length) : .dense(dense, batch: batch, length: length)
    model.forward(exactInput, tape: exactTape)
    var exact = [Double](repeating: 0, count: model.parameters.count)
    model.backward(exactInput, tape: exactTape, dOutput: dOut, dHidden: dHidden, dFinalCell: dCell, gradients: &exact)

    let fast = model.converted(to: Float.self)
    let fastInput: SequenceInput<Float> = tokens ? .tokens(ids, batch: batch, length: length) : .dense(dense.map { Float($0) }, batch: batch, length: length)
    let perStep = batch * fast.gateWidth * MemoryLayout<Float>.stride * (unit.keepsHiddenProjection ? 2 : 1)
    for chunkSteps in [1, 2, length] {
      let tape = RecurrentTape<Float>(for: fast)
      tape.chunkBytes = chunkSteps * perStep
      fast.forward(fastInput, tape: tape)
      expectClose(tape.outputs, exactTape.outputs.map { Float($0) }, absolute: 2e-6, relative: 1e-5, "\(unit) outputs")
      expectClose(tape.readout, exactTape.readout.map { Float($0) }, absolute: 2e-6, relative: 1e-5, "\(unit) readout")
      var gradients = [Float](repeating: 0, count: fast.parameters.count)
      fast.backward(
        fastInput, tape: tape, dOutput: dOut.map { Float($0) }, dHidden: dHidden.map { Float($0) },
        dFinalCell: dCell?.map { Float($0) }, gradients: &gradients)
      for entry in fast.layout.entries {
        expectClose(
          Array(gradients[entry.range]), Array(exact[entry.range]).map { Float($0) },
          absolute: 1e-5, relative: 1e-4, "\(unit) chunks of \(chunkSteps): \(entry.name)")
      }
    }
  }
}

/// Token ids read through a model's input projections give the bits of the same tokens' dense
/// vectors: every layer's states and cells, and the readout, for every unit with two layers;
/// and an evaluator refuses another model's projections (it reads the vectors instead).
@Suite struct ProjectedInputTests {
  @Test(arguments: UnitKind.allCases)
  func projectedInputHasTheDenseInputsBits(unit: UnitKind) {
    var rng = RandomGenerator(seed: 41)
    let (vocabulary, inputSize, hidden, batch, length) = (11, 6, 19, 5, 7)
    let model = RecurrentModel<Float>(
      unit: unit, inputSize: inputSize, hiddenSize: hidden, outputSize: 3, layers: 2, using: &rng)
    let vectors = Matrix<Float>(
      rows: vocabulary, cols: inputSize, storage: (0..<(vocabulary * inputSize)).map { _ in Float(rng.normal()) })
    let ids = (0..<(batch * length)).map { _ in Int32(rng.nextInt(below: vocabulary)) }
    let dense = SequenceInput<Float>.dense(sequences: ids, count: batch, length: length, vectors: vectors)
    let projected = SequenceInput<Float>.projected(
      sequences: ids, count: batch, length: length, projections: model.inputProjections(of: vectors))
    let (a, b) = (RecurrentTape<Float>(for: model), RecurrentTape<Float>(for: model))
    model.forward(dense, tape: a)
    model.forward(projected, tape: b)
    func bits(_ x: [Float]) -> [UInt32] { x.map(\.bitPattern) }
    #expect(bits(a.readout) == bits(b.readout), "\(unit) readout")
    for k in 0..<model.layers {
      let (x, y) = (a.layer(k), b.layer(k))
      let states = batch * hidden * (length + 1)
      #expect(bits(Array(UnsafeBufferPointer(start: x.states.base, count: states)))
        == bits(Array(UnsafeBufferPointer(start: y.states.base, count: states))), "\(unit) layer \(k) states")
      if unit.hasCellState {
        #expect(bits(Array(UnsafeBufferPointer(start: x.cells.base, count: states)))
          == bits(Array(UnsafeBufferPointer(start: y.cells.base, count: states))), "\(unit) layer \(k) cells")
      }
    }
  }

  @Test func anotherModelsProjectionsAreNotRead() throws {
    var rng = RandomGenerator(seed: 5)
    let space = SemanticSpace.gaussian(vocab: 9, dim: 4, seed: 2)
    let evaluator = ModelEvaluator(space: space, evaluation: EvaluationConfig())
    let model = RecurrentModel<Float>(unit: .gru, inputSize: 4, hiddenSize: 5, outputSize: 4, using: &rng)
    var other = model
    other.parameters[0] += 1
    let projections = try #require(evaluator.inputProjections(for: model, rows: 100))
    let tokens = (0..<20).map { Int32($0 % 9) }
    guard case .projected = evaluator.input(tokens, count: 4, length: 5, for: model, projections: projections) else {
      Issue.record("the model's own projections were not read")
      return
    }
    guard case .dense = evaluator.input(tokens, count: 4, length: 5, for: other, projections: projections) else {
      Issue.record("another model's projections were read")
      return
    }
    #expect(evaluator.inputProjections(for: model, rows: 9) == nil, "a vocabulary as large as the passes")
  }
}

/// The cells' activations (`Sources/CellKernels`) against Double: relative error within a few
/// float ulps over the whole range, the same bits at 8 and 16 lanes, saturation at the ends,
/// NaN passed through.
@Suite struct KernelActivationTests {
  /// A fine sweep of where the functions bend, and every 1 009th Float bit pattern, so the
  /// whole range (both signs, subnormals, infinities, NaNs) is visited.
  static func sweep() -> [Float] {
    var xs: [Float] = [0, -0, 1e-30, -1e-30, 1e-8, -1e-8, 0.6249, 0.625, -0.625, 88, -88, 100, -100, 1e4, -1e4]
    var x: Float = -30
    while x <= 30 {
      xs.append(x)
      x += 0.0037
    }
    for bits in stride(from: UInt32(0), to: UInt32.max - 1008, by: 1009) { xs.append(Float(bitPattern: bits)) }
    return xs
  }

  static func apply(_ f: CellKernel.Activation, _ xs: [Float]) -> [Float] {
    let narrow = CellKernel.apply(f, to: xs, wide: false)
    if ProductPath.available.contains(.avx512) {
      let wide = CellKernel.apply(f, to: xs, wide: true)
      #expect(
        zip(narrow, wide).allSatisfy { $0.bitPattern == $1.bitPattern },
        "\(f) at 16 lanes differs from 8 lanes")
    }
    return narrow
  }

  /// The largest relative error of `values` against `reference`, leaving out values within
  /// `absolute` of it (a sigmoid that saturates at 1.2e−38 where the exact value is 0).
  static func worst(
    _ xs: [Float], _ values: [Float], _ reference: (Double) -> Double, absolute: Double = 0
  ) -> (error: Double, x: Float) {
    var worst = (error: 0.0, x: Float(0))
    for (x, value) in zip(xs, values) where x.isFinite {
      let exact = reference(Double(x))
      let difference = abs(Double(value) - exact)
      guard difference > absolute else { continue }
      let error = difference / abs(exact)
      if !(error <= worst.error) { worst = (error, x) }
    }
    return worst
  }

  @Test func activationsAreAccurateOverTheWholeRange() {
    let xs = Self.sweep()
    let tanh = Self.worst(xs, Self.apply(.tanh, xs), Foundation.tanh)
    let sigmoid = Self.worst(xs, Self.apply(.sigmoid, xs), { 1 / (1 + Foundation.exp(-$0)) }, absolute: 1e-37)
    // exp is accurate inside its clamp; outside it saturates (checked below).
    let inside = xs.filter { abs($0) < 87 }
    let exp = Self.worst(inside, Self.apply(.exp, inside), Foundation.exp)
    #expect(tanh.error < 3e-7, "tanh: relative error \(tanh.error) at x = \(tanh.x)")
    #expect(sigmoid.error < 3e-7, "sigmoid: relative error \(sigmoid.error) at x = \(sigmoid.x)")
    #expect(exp.error < 3e-7, "exp: relative error \(exp.error) at x = \(exp.x)")
  }

  @Test func saturationAndNaN() {
    let xs: [Float] = [.infinity, -.infinity, .nan, 1e30, -1e30, 0, 0, 0, 200, -200]
    let t = Self.apply(.tanh, xs), s = Self.apply(.sigmoid, xs), e = Self.apply(.exp, xs)
    #expect(t[0] == 1 && t[1] == -1 && t[2].isNaN && t[3] == 1 && t[4] == -1)
    #expect(s[0] == 1 && s[1] < 1e-37 && s[2].isNaN && s[3] == 1 && s[4] < 1e-37 && s[5] == 0.5)
    #expect(e[2].isNaN && e[8] > 2e38 && e[8].isFinite && e[9] > 0 && e[9] < 1.2e-38 * 1.01)
  }
}
