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

/// The eight-lane activations against the library functions: relative error within a few
/// float ulps over the whole range, saturation at the ends, NaN passed through.
@Suite struct VectorMathTests {
  static func sweep() -> [Float] {
    var xs: [Float] = [0, -0, 1e-30, -1e-30, 1e-8, -1e-8, 0.6249, 0.625, -0.625, 88, -88, 100, -100, 1e4, -1e4]
    var x: Float = -30
    while x <= 30 { xs.append(x); x += 0.0037 }
    return xs
  }

  static func apply(_ f: (VectorMath.Lanes) -> VectorMath.Lanes, _ xs: [Float]) -> [Float] {
    var out: [Float] = []
    for start in stride(from: 0, to: xs.count, by: 8) {
      let n = min(8, xs.count - start)
      let v = xs[start..<(start + n)].withContiguousStorageIfAvailable {
        VectorMath.load($0.baseAddress!, count: n)
      }!
      let r = f(v)
      for i in 0..<n { out.append(r[i]) }
    }
    return out
  }

  @Test func activationsMatchLibraryFunctions() {
    let xs = Self.sweep()
    let tanhs = Self.apply(VectorMath.tanh, xs)
    let sigmoids = Self.apply(VectorMath.sigmoid, xs)
    let exps = Self.apply(VectorMath.exp, xs.filter { abs($0) < 80 })
    expectClose(tanhs, xs.map { Float(Foundation.tanh(Double($0))) }, absolute: 0, relative: 3e-7, "tanh")
    expectClose(sigmoids, xs.map { Float(1 / (1 + Foundation.exp(-Double($0)))) }, absolute: 1e-37, relative: 3e-7, "sigmoid")
    expectClose(exps, xs.filter { abs($0) < 80 }.map { Float(Foundation.exp(Double($0))) }, absolute: 0, relative: 3e-7, "exp")
  }

  @Test func saturationAndNaN() {
    let xs: [Float] = [.infinity, -.infinity, .nan, 1e30, -1e30, 0, 0, 0]
    let t = Self.apply(VectorMath.tanh, xs), s = Self.apply(VectorMath.sigmoid, xs)
    #expect(t[0] == 1 && t[1] == -1 && t[2].isNaN && t[3] == 1 && t[4] == -1)
    #expect(s[0] == 1 && s[1] < 1e-37 && s[2].isNaN && s[3] == 1 && s[4] < 1e-37 && s[5] == 0.5)
    #expect(Self.apply(VectorMath.exp, xs)[2].isNaN)
  }
}
