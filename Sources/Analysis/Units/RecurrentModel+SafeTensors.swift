import Foundation

/// Saving and loading with PyTorch's state-dict names (`rnn.weight_ih_l0`, …, `readout.bias`),
/// so `model.load_state_dict(safetensors.torch.load_file(path))` takes our file and we take
/// theirs.
extension RecurrentModel {
  public struct LoadError: Error, CustomStringConvertible, Equatable {
    public let description: String
  }

  /// The model's tensors as a safetensors file (F32 for Float models, F64 for Double), its
  /// metadata naming the unit (`"unit": "gru"`) beside the caller's entries.
  public func safeTensorsData(metadata: [String: String] = [:]) -> Data {
    let metadata = metadata.merging(["unit": unit.rawValue]) { _, ours in ours }
    let tensors = layout.entries.map { entry in
      (entry.name, SafeTensors.Tensor(shape: entry.shape, values: parameters[entry.range].map { Double($0) }))
    }
    return SafeTensors.write(tensors, dtype: T.self == Double.self ? .f64 : .f32, metadata: metadata)
  }

  /// Loads a model, inferring the sizes from the tensor shapes (`weight_hh_l0` is `(G·H, H)`,
  /// `readout.weight` `(D, H)`), the layers from the names (`rnn.weight_ih_l0` … `_l{K−1}`)
  /// and the unit from the metadata, or for files without it (PyTorch's) from the gate count
  /// `G`; checks it against `unit` when given.
  ///
  /// Every `rnn.` tensor must be one the model uses: a layer that is missing or out of order,
  /// a bidirectional (`_reverse`) or projected (`weight_hr`) LSTM's tensors are refused by
  /// name, so no layer is ever silently left out. Tensors outside `rnn.` and `readout.` are
  /// not read.
  public static func load(safeTensors data: Data, unit expected: UnitKind? = nil) throws -> RecurrentModel {
    try load(tensors: SafeTensors.read(data), metadata: SafeTensors.metadata(data), unit: expected)
  }

  /// `load(safeTensors:unit:)` from tensors already read.
  static func load(
    tensors: [String: SafeTensors.Tensor], metadata: [String: String], unit expected: UnitKind?
  ) throws -> RecurrentModel {
    func found() -> String {
      let names = tensors.keys.sorted().prefix(20).map { String($0.prefix(80)) }
      return names.isEmpty ? "none" : names.joined(separator: ", ") + (tensors.count > 20 ? ", …" : "")
    }
    // A hidden projection (`weight_hh_l0`, `bias_hh_l0`) tells the classic units from those
    // without one (minGRU, minLSTM), unless the metadata names the unit.
    let named = metadata["unit"].flatMap(UnitKind.init(rawValue:))
    let projected = named?.hasHiddenProjection
      ?? (tensors["rnn.weight_hh_l0"] != nil || tensors["rnn.bias_hh_l0"] != nil)
    for name in names(unit: projected ? .vrnn : .mingru, layers: 1) where tensors[name] == nil {
      throw LoadError(description: "tensor \(name) is missing (file has: \(found()))")
    }
    let shape = { (name: String) in tensors[name]?.shape ?? [] }
    let weightIH = shape("rnn.weight_ih_l0"), readout = shape("readout.weight")
    // The hidden size comes from weight_hh_l0 `(G·H, H)`, or without it from the readout `(D, H)`;
    // the gate blocks from the rows of the weight that holds G·H.
    let sizes = projected ? shape("rnn.weight_hh_l0") : readout
    let blocksShape = projected ? sizes : weightIH
    let sizesName = projected ? "rnn.weight_hh_l0" : "readout.weight"
    guard sizes.count == 2, weightIH.count == 2, readout.count == 2 else {
      throw LoadError(description: "rnn.weight_ih_l0, \(sizesName) and readout.weight must be matrices")
    }
    // Every size must be positive: a zero-sized model has nothing to evaluate.
    guard sizes[1] > 0, weightIH[1] > 0, readout[0] > 0 else {
      throw LoadError(description: "rnn.weight_ih_l0 \(weightIH), \(sizesName) \(sizes) and readout.weight \(readout) must have positive sizes")
    }
    let hidden = sizes[1]
    let unit = try unitOf(
      shape: blocksShape, hidden: hidden, projected: projected, metadata: metadata,
      expected: expected)
    if let expected, expected != unit {
      throw LoadError(description: "the file holds a \(unit.rawValue) (\(unit.gateCount) gate blocks), not a \(expected.rawValue) (\(expected.gateCount))")
    }
    // Layers 0, 1, … as long as the next one's weights are there; the count is bounded by the
    // file's own tensors.
    var layers = 1
    while tensors["rnn.weight_ih_l\(layers)"] != nil || tensors["rnn.weight_hh_l\(layers)"] != nil {
      layers += 1
    }
    let used = Set(names(unit: unit, layers: layers))
    if let unused = tensors.keys.sorted().first(where: { $0.hasPrefix("rnn.") && !used.contains($0) }) {
      let why: String
      if unused.hasSuffix("_reverse") {
        why = "a bidirectional network's reverse direction, which memstudy does not read"
      } else if unused.contains("weight_hr") {
        why = "an LSTM projection (proj_size), which memstudy does not read"
      } else if let k = unused.split(separator: "_").last.flatMap({ $0.first == "l" ? Int($0.dropFirst()) : nil }), k > layers {
        why = "of layer \(k), but layer \(layers) is missing (no rnn.weight_ih_l\(layers) or rnn.weight_hh_l\(layers))"
      } else {
        let perLayer = layerNames(0, unit: unit).count
        why = "not one of the \(layers)-layer \(unit.rawValue)'s tensors (\(names(unit: unit, layers: layers).prefix(perLayer * layers).joined(separator: ", ")))"
      }
      throw LoadError(description: "tensor \(unused.prefix(80)) is \(why)")
    }
    // Every shape is checked before the model is allocated: the sizes then come from tensors
    // whose data the file holds, so the model fits in memory.
    let layout = Self.layout(
      unit: unit, inputSize: weightIH[1], hiddenSize: hidden, outputSize: readout[0], layers: layers)
    var checked: [(entry: ParameterLayout.Entry, tensor: SafeTensors.Tensor)] = []
    for entry in layout.entries {
      guard let tensor = tensors[entry.name] else {
        throw LoadError(description: "tensor \(entry.name) is missing: a \(layers)-layer \(unit.rawValue) needs it, of shape \(entry.shape) (file has: \(found()))")
      }
      guard tensor.shape == entry.shape else {
        throw LoadError(description: "tensor \(entry.name) has shape \(tensor.shape), expected \(entry.shape)")
      }
      checked.append((entry, tensor))
    }
    var model = RecurrentModel(
      unit: unit, inputSize: weightIH[1], hiddenSize: hidden, outputSize: readout[0], layers: layers)
    for (entry, tensor) in checked {
      var values: [T] = []
      values.reserveCapacity(tensor.values.count)
      for (i, value) in tensor.values.enumerated() {
        // A diverged model holds NaN or infinities; an F64 value beyond Float's range would
        // become one on loading. Either makes every indicator meaningless.
        let converted = T(value)
        guard converted.isFinite else {
          throw LoadError(description: "tensor \(entry.name) holds \(value) at index \(i), not a finite \(T.self) (a diverged model?)")
        }
        values.append(converted)
      }
      model.setTensor(entry.name, values)
    }
    return model
  }

  /// The unit the metadata names, checked against the gate blocks (the rows of `shape`, that
  /// of `weight_hh_l0`, or of `weight_ih_l0` without a hidden projection); without a name, the unit the caller
  /// expects if it has that many blocks, else the one unit of the file's kind (with or without
  /// a hidden projection) with that many blocks (several such units need the name).
  private static func unitOf(
    shape: [Int], hidden: Int, projected: Bool, metadata: [String: String], expected: UnitKind?
  ) throws -> UnitKind {
    let rows = shape[0]
    let allowed = UnitKind.allCases.map(\.rawValue).joined(separator: ", ")
    let blocks = rows % hidden == 0 ? rows / hidden : nil
    let weight = projected ? "rnn.weight_hh_l0" : "rnn.weight_ih_l0"
    if let name = metadata["unit"] {
      guard let unit = UnitKind(rawValue: name) else {
        throw LoadError(description: "metadata unit \"\(name.prefix(40))\" is not a unit (allowed: \(allowed))")
      }
      guard blocks == unit.gateCount else {
        throw LoadError(description: "metadata names a \(unit.rawValue) (\(unit.gateCount) gate blocks), but \(weight) has shape \(shape), not \(unit.gateCount) × the hidden size \(hidden)")
      }
      return unit
    }
    let kind = UnitKind.allCases.filter { $0.hasHiddenProjection == projected }
    if let expected, kind.contains(expected), blocks == expected.gateCount { return expected }
    let matching = kind.filter { $0.gateCount == blocks }
    guard matching.count == 1, let unit = matching.first else {
      guard matching.isEmpty else {
        throw LoadError(description: "\(weight) has shape \(shape): \(blocks ?? 0) gate blocks fit \(matching.map(\.rawValue).joined(separator: " and ")), and no metadata unit names the unit: name it (--unit)")
      }
      let counts = Array(Set(kind.map(\.gateCount))).sorted().map(String.init).joined(separator: ", ")
      let units = kind.map(\.rawValue).joined(separator: ", ")
      throw LoadError(description: "\(weight) has shape \(shape): \(rows) rows is not \(counts) times the hidden size \(hidden) (the gate blocks of \(units)), and no metadata unit names the unit (allowed: \(allowed))")
    }
    return unit
  }
}
