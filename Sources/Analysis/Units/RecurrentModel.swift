/// A single-layer recurrent network with a linear readout of its last hidden state:
/// `ŝ = W_o h_n + b_o`.
///
/// The cell follows PyTorch exactly (`torch.nn.RNN`, `LSTM`, `GRU`, one layer, batch second),
/// with its parameter names, shapes and gate order, so weights load into either side.
///
/// Vanilla RNN:
///
///     h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)
///
/// LSTM (gate blocks i, f, g, o):
///
///     i = σ(W_ii x + b_ii + W_hi h + b_hi)     f = σ(W_if x + b_if + W_hf h + b_hf)
///     g = tanh(W_ig x + b_ig + W_hg h + b_hg)  o = σ(W_io x + b_io + W_ho h + b_ho)
///     c_t = f ⊙ c_{t−1} + i ⊙ g                h_t = o ⊙ tanh(c_t)
///
/// GRU (gate blocks r, z, n; `b_hn` sits inside the reset product):
///
///     r = σ(W_ir x + b_ir + W_hr h + b_hr)     z = σ(W_iz x + b_iz + W_hz h + b_hz)
///     n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
///     h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
///
/// The initial state is zero. Parameters live in one flat buffer described by `layout`.
public struct RecurrentModel<T: Scalar>: Sendable {
  public let unit: UnitKind
  public let inputSize: Int
  public let hiddenSize: Int
  public let outputSize: Int
  public let layout: ParameterLayout
  public var parameters: [T]

  /// Offsets of the tensors in `parameters` (and in every gradient buffer).
  let weightIH, weightHH, biasIH, biasHH, readoutWeight, readoutBias: Int

  public static func names() -> [String] {
    ["rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
     "readout.weight", "readout.bias"]
  }

  /// A model with every parameter zero.
  public init(unit: UnitKind, inputSize: Int, hiddenSize: Int, outputSize: Int) {
    precondition(inputSize > 0 && hiddenSize > 0 && outputSize > 0)
    let gh = unit.gateCount * hiddenSize
    let names = Self.names()
    let layout = ParameterLayout([
      (names[0], [gh, inputSize]), (names[1], [gh, hiddenSize]), (names[2], [gh]),
      (names[3], [gh]), (names[4], [outputSize, hiddenSize]), (names[5], [outputSize]),
    ])
    self.unit = unit
    self.inputSize = inputSize
    self.hiddenSize = hiddenSize
    self.outputSize = outputSize
    self.layout = layout
    self.parameters = [T](repeating: 0, count: layout.count)
    weightIH = layout.entries[0].offset
    weightHH = layout.entries[1].offset
    biasIH = layout.entries[2].offset
    biasHH = layout.entries[3].offset
    readoutWeight = layout.entries[4].offset
    readoutBias = layout.entries[5].offset
  }

  /// PyTorch's initialisation: every cell parameter U(−1/√H, 1/√H); the readout as
  /// `torch.nn.Linear`, whose Kaiming-uniform(a = √5) weight and bias are U(−1/√H, 1/√H) too.
  public init(
    unit: UnitKind, inputSize: Int, hiddenSize: Int, outputSize: Int,
    using rng: inout RandomGenerator
  ) {
    self.init(unit: unit, inputSize: inputSize, hiddenSize: hiddenSize, outputSize: outputSize)
    let bound = 1 / T(hiddenSize).squareRoot()
    for i in parameters.indices { parameters[i] = rng.uniform(-bound, bound) }
  }

  var gateWidth: Int { unit.gateCount * hiddenSize }

  /// The values of one named tensor.
  func tensor(_ name: String) -> [T] {
    guard let entry = layout[name] else { preconditionFailure("no tensor \(name)") }
    return Array(parameters[entry.range])
  }

  mutating func setTensor(_ name: String, _ values: [T]) {
    guard let entry = layout[name] else { preconditionFailure("no tensor \(name)") }
    precondition(values.count == entry.count, "\(name): \(values.count) values, expected \(entry.count)")
    parameters.replaceSubrange(entry.range, with: values)
  }

  /// The same model in another precision.
  public func converted<U: Scalar>(to: U.Type = U.self) -> RecurrentModel<U> {
    var other = RecurrentModel<U>(
      unit: unit, inputSize: inputSize, hiddenSize: hiddenSize, outputSize: outputSize)
    other.parameters = parameters.map { U($0) }
    return other
  }
}
