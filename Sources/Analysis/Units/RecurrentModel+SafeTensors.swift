import Foundation

/// Saving and loading with PyTorch's state-dict names (`rnn.weight_ih_l0`, …, `readout.bias`),
/// so `model.load_state_dict(safetensors.torch.load_file(path))` takes our file and we take
/// theirs.
extension RecurrentModel {
  public struct LoadError: Error, CustomStringConvertible, Equatable {
    public let description: String
  }

  /// The model's tensors as a safetensors file (F32 for Float models, F64 for Double).
  public func safeTensorsData(metadata: [String: String] = [:]) -> Data {
    let tensors = layout.entries.map { entry in
      (entry.name, SafeTensors.Tensor(shape: entry.shape, values: parameters[entry.range].map { Double($0) }))
    }
    return SafeTensors.write(tensors, dtype: T.self == Double.self ? .f64 : .f32, metadata: metadata)
  }

  /// Loads a model, inferring the sizes from the tensor shapes and checking them against
  /// `unit` (when given): `weight_hh_l0` is `(G·H, H)`, `readout.weight` `(D, H)`.
  public static func load(safeTensors data: Data, unit expected: UnitKind? = nil) throws -> RecurrentModel {
    let tensors = try SafeTensors.read(data)
    let names = names()
    for name in names where tensors[name] == nil {
      let found = tensors.keys.sorted().joined(separator: ", ")
      throw LoadError(description: "tensor \(name) is missing (file has: \(found.isEmpty ? "none" : found))")
    }
    let weightHH = tensors[names[1]]!.shape, weightIH = tensors[names[0]]!.shape
    let readout = tensors[names[4]]!.shape
    guard weightHH.count == 2, weightIH.count == 2, readout.count == 2, weightHH[1] > 0 else {
      throw LoadError(description: "rnn.weight_ih_l0, rnn.weight_hh_l0 and readout.weight must be matrices")
    }
    let hidden = weightHH[1]
    let gates = weightHH[0] / hidden
    guard weightHH[0] % hidden == 0, let unit = UnitKind.allCases.first(where: { $0.gateCount == gates }) else {
      throw LoadError(description: "rnn.weight_hh_l0 has shape \(weightHH): \(weightHH[0]) rows is not 1, 3 or 4 times the hidden size \(hidden)")
    }
    if let expected, expected != unit {
      throw LoadError(description: "the file holds a \(unit.rawValue) (\(gates) gate blocks), not a \(expected.rawValue) (\(expected.gateCount))")
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
}
