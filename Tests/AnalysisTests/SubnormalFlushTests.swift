import Testing
@testable import Analysis

/// Training and evaluation flush subnormal numbers to zero (`SubnormalFlush`), on every path,
/// and leave the thread's floating-point mode as they found it.
@Suite struct SubnormalFlushTests {
  /// A value the optimiser cannot fold into a constant.
  @inline(never) static func opaque(_ x: Float) -> Float { x }

  @Test func flushesInsideAndRestoresAfter() {
    let (tiny, half) = (Self.opaque(1e-38), Self.opaque(0.5))
    #expect(!SubnormalFlush.isActive)
    #expect((tiny * half).isSubnormal, "IEEE arithmetic outside")
    let inside = SubnormalFlush.around { (tiny * half, SubnormalFlush.isActive) }
    #expect(inside.0 == 0 && inside.1)
    // Nested scopes restore the outer one, not the default.
    SubnormalFlush.around {
      SubnormalFlush.around {}
      #expect(SubnormalFlush.isActive)
    }
    #expect(!SubnormalFlush.isActive)
    #expect((tiny * half).isSubnormal)
  }

  /// A vanilla RNN whose state shrinks by 1e-10 a step: h_1 ≈ 1e-20, h_2 ≈ 1e-30, and h_3
  /// would be 1e-40, a subnormal Float; the forward pass flushes it to zero, and so does the
  /// backward pass with the gradients that flow back through the same weight.
  @Test func forwardAndBackwardFlushDecayingStates() {
    var rng = RandomGenerator(seed: 1)
    var model = RecurrentModel<Float>(unit: .vrnn, inputSize: 1, hiddenSize: 1, outputSize: 1, using: &rng)
    for i in model.parameters.indices { model.parameters[i] = 0 }
    model.parameters[model.layout["rnn.weight_ih_l0"]!.range.lowerBound] = 1e-20
    model.parameters[model.layout["rnn.weight_hh_l0"]!.range.lowerBound] = 1e-10
    model.parameters[model.layout["readout.weight"]!.range.lowerBound] = 1
    let input = SequenceInput<Float>.dense([1, 0, 0, 0], batch: 1, length: 4)
    let tape = RecurrentTape<Float>(for: model)
    model.forward(input, tape: tape)
    let h = tape.outputs
    #expect(h[1] > 1e-31 && h[1] < 1e-29, "h_2 = \(h[1])")
    #expect(h[2] == 0 && h[3] == 0, "h_3 = \(h[2]), h_4 = \(h[3])")
    #expect(!SubnormalFlush.isActive)

    var gradients = [Float](repeating: 0, count: model.parameters.count)
    // ∂J/∂h_1 = 1e-10³ · ∂J/∂h_4: 1e-30 · 1e-10 is already below Float's normal range.
    model.backward(input, tape: tape, dOutput: [1e-20], gradients: &gradients)
    #expect(gradients.allSatisfy { !$0.isSubnormal }, "\(gradients)")
    #expect(!SubnormalFlush.isActive)
  }
}
