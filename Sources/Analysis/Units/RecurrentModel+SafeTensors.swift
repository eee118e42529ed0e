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
  /// `readout.weight` `(D, H)`) and the unit from the metadata, or for files without it
  /// (PyTorch's) from the gate count `G`; checks it against `unit` when given.
  public static func load(safeTensors data: Data, unit expected: UnitKind? = nil) throws -> RecurrentModel {
    let tensors = try SafeTensors.read(data)
    let names = names()
    for name in names where tensors[name] == nil {
      let found = tensors.keys.sorted().joined(separator: ", ")
      throw LoadError(description: "tensor \(name) is missing (file has: \(found.isEmpty ? "none" : found))")
    }
    let weightHH = tensors[names[1]]!.shape, weightIH = tensors[names[0]]!.shape
    let readout = tensors[names[4]]!.shape
    guard weightHH.count == 2, weightIH.count == 2, readout.count == 2,
      weightHH[1] > 0, weightIH[1] > 0, readout[0] > 0
    else {
      throw LoadError(description: "rnn.weight_ih_l0, rnn.weight_hh_l0 and readout.weight must be matrices without empty sides (shapes \(weightIH), \(weightHH), \(readout))")
    }
    let hidden = weightHH[1]
    let unit = try unitOf(weightHH: weightHH, metadata: SafeTensors.metadata(data))
    if let expected, expected != unit {
      throw LoadError(description: "the file holds a \(unit.rawValue) (\(unit.gateCount) gate blocks), not a \(expected.rawValue) (\(expected.gateCount))")
    }
    var model = RecurrentModel(unit: unit, inputSize: weightIH[1], hiddenSize: hidden, outputSize: readout[0])
    for entry in model.layout.entries {
      let tensor = tensors[entry.name]!
      guard tensor.shape == entry.shape else {
        throw LoadError(description: "tensor \(entry.name) has shape \(tensor.shape), expected \(entry.shape)")
      }
      model.setTensor(entry.name, tensor.values.map { T($0) })
    }
    return model
  }

  /// The unit the metadata names, checked against the gate blocks of `weight_hh_l0`; without
  /// a name, the one unit with that many blocks.
  private static func unitOf(weightHH: [Int], metadata: [String: String]) throws -> UnitKind {
    let hidden = weightHH[1]
    let allowed = UnitKind.allCases.map(\.rawValue).joined(separator: ", ")
    let blocks = weightHH[0] % hidden == 0 ? weightHH[0] / hidden : nil
    if let name = metadata["unit"] {
      guard let unit = UnitKind(rawValue: name) else {
        throw LoadError(description: "metadata unit \"\(name)\" is not a unit (allowed: \(allowed))")
      }
      guard blocks == unit.gateCount else {
        throw LoadError(description: "metadata names a \(name) (\(unit.gateCount) gate blocks), but rnn.weight_hh_l0 has shape \(weightHH), not \(unit.gateCount) × the hidden size \(hidden)")
      }
      return unit
    }
    let matching = UnitKind.allCases.filter { $0.gateCount == blocks }
    guard matching.count == 1, let unit = matching.first else {
      let counts = UnitKind.allCases.map { "\($0.gateCount)" }.joined(separator: ", ")
      throw LoadError(description: "rnn.weight_hh_l0 has shape \(weightHH): \(weightHH[0]) rows is not \(counts) times the hidden size \(hidden), and no metadata unit names the unit (allowed: \(allowed))")
    }
    return unit
  }
}
