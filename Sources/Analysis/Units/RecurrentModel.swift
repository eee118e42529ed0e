/// A recurrent network of `layers` stacked layers with a linear readout of the top layer's last
/// hidden state: `ŝ = W_o h_n + b_o`.
///
/// The cells follow PyTorch exactly (`torch.nn.RNN`, `LSTM`, `GRU` with `num_layers = K`, batch
/// second, no dropout), with its parameter names (`rnn.weight_ih_l0` … `rnn.bias_hh_l{K−1}`),
/// shapes and gate order, so weights load into either side. Layer 0 reads the input; layer
/// k > 0 reads the hidden outputs `h_1 … h_L` of layer k − 1 as its (dense) input, so its
/// `weight_ih_lk` is `(G·H, H)`.
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
/// minGRU and minLSTM (`UnitKind.mingru`, `.minlstm`; see their cells) have no hidden
/// projection: their layers hold `weight_ih_lk` and `bias_ih_lk` only.
///
/// Every layer starts from a zero state. Parameters live in one flat buffer described by
/// `layout`, in PyTorch's state-dict order (layer by layer, then the readout).
public struct RecurrentModel<T: Scalar>: Sendable {
  public let unit: UnitKind
  public let inputSize: Int
  public let hiddenSize: Int
  public let outputSize: Int
  /// Stacked layers `K` (PyTorch's `num_layers`).
  public let layers: Int
  public let layout: ParameterLayout
  public var parameters: [T]

  /// Where one layer's tensors sit in `parameters` (and in every gradient buffer), and the
  /// width of its input: the model's input for layer 0, `H` above it.
  struct LayerTensors {
    let weightIH, biasIH: Int
    /// `nil` for units without a hidden projection (`UnitKind.hasHiddenProjection`).
    let weightHH, biasHH: Int?
    let inputSize: Int
  }

  /// The layers' tensors, bottom first.
  let stack: [LayerTensors]
  /// Offsets of the readout's tensors.
  let readoutWeight, readoutBias: Int

  /// The tensor names of layer `k`, in state-dict order: four (`weight_ih`, `weight_hh`,
  /// `bias_ih`, `bias_hh`), or two for a unit without a hidden projection.
  public static func layerNames(_ k: Int, unit: UnitKind = .vrnn) -> [String] {
    let kinds = unit.hasHiddenProjection ? ["weight_ih", "weight_hh", "bias_ih", "bias_hh"] : ["weight_ih", "bias_ih"]
    return kinds.map { "rnn.\($0)_l\(k)" }
  }

  /// Every tensor name of a `layers`-layer model, in state-dict order.
  public static func names(unit: UnitKind = .vrnn, layers: Int = 1) -> [String] {
    (0..<layers).flatMap { layerNames($0, unit: unit) } + ["readout.weight", "readout.bias"]
  }

  /// The tensors of a model with these sizes, in state-dict order.
  static func layout(
    unit: UnitKind, inputSize: Int, hiddenSize: Int, outputSize: Int, layers: Int
  ) -> ParameterLayout {
    let gh = unit.gateCount * hiddenSize
    var tensors: [(name: String, shape: [Int])] = []
    for k in 0..<layers {
      let width = k == 0 ? inputSize : hiddenSize
      for name in layerNames(k, unit: unit) {
        let shape = name.contains(".weight_ih_") ? [gh, width] : name.contains(".weight_hh_") ? [gh, hiddenSize] : [gh]
        tensors.append((name, shape))
      }
    }
    tensors += [("readout.weight", [outputSize, hiddenSize]), ("readout.bias", [outputSize])]
    return ParameterLayout(tensors)
  }

  /// A model with every parameter zero.
  public init(unit: UnitKind, inputSize: Int, hiddenSize: Int, outputSize: Int, layers: Int = 1) {
    precondition(inputSize > 0 && hiddenSize > 0 && outputSize > 0 && layers > 0)
    let layout = Self.layout(
      unit: unit, inputSize: inputSize, hiddenSize: hiddenSize, outputSize: outputSize, layers: layers)
    self.unit = unit
    self.inputSize = inputSize
    self.hiddenSize = hiddenSize
    self.outputSize = outputSize
    self.layers = layers
    self.layout = layout
    self.parameters = [T](repeating: 0, count: layout.count)
    let e = layout.entries
    let perLayer = Self.layerNames(0, unit: unit).count
    stack = (0..<layers).map { k in
      let offsets = e[(perLayer * k)..<(perLayer * (k + 1))].map(\.offset)
      let projected = unit.hasHiddenProjection
      return LayerTensors(
        weightIH: offsets[0], biasIH: offsets[projected ? 2 : 1],
        weightHH: projected ? offsets[1] : nil, biasHH: projected ? offsets[3] : nil,
        inputSize: k == 0 ? inputSize : hiddenSize)
    }
    readoutWeight = e[perLayer * layers].offset
    readoutBias = e[perLayer * layers + 1].offset
  }

  /// PyTorch's initialisation: every cell parameter U(−1/√H, 1/√H); the readout as
  /// `torch.nn.Linear`, whose Kaiming-uniform(a = √5) weight and bias are U(−1/√H, 1/√H) too.
  /// Units without a hidden projection (minGRU, minLSTM) project the input with
  /// `torch.nn.Linear` in the paper's reference code, so their layer tensors are U(−1/√I, 1/√I)
  /// with I the layer's input width. Parameters are drawn in state-dict order.
  public init(
    unit: UnitKind, inputSize: Int, hiddenSize: Int, outputSize: Int, layers: Int = 1,
    using rng: inout RandomGenerator
  ) {
    self.init(
      unit: unit, inputSize: inputSize, hiddenSize: hiddenSize, outputSize: outputSize,
      layers: layers)
    let bound = 1 / T(hiddenSize).squareRoot()
    var bounds = [T](repeating: bound, count: layout.entries.count)
    if !unit.hasHiddenProjection {
      for (k, layer) in stack.enumerated() {
        for i in (2 * k)..<(2 * k + 2) { bounds[i] = 1 / T(layer.inputSize).squareRoot() }
      }
    }
    for (entry, bound) in zip(layout.entries, bounds) {
      for i in entry.range { parameters[i] = rng.uniform(-bound, bound) }
    }
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
      unit: unit, inputSize: inputSize, hiddenSize: hiddenSize, outputSize: outputSize,
      layers: layers)
    other.parameters = parameters.map { U($0) }
    return other
  }
}
