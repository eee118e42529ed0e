import Foundation
import Testing
@testable import Analysis

@Suite struct SafeTensorsTests {

  @Test(arguments: UnitKind.allCases)
  func roundTripKeepsEveryValue(unit: UnitKind) throws {
    var rng = RandomGenerator(seed: 5)
    let model = RecurrentModel<Float>(unit: unit, inputSize: 7, hiddenSize: 6, outputSize: 7, using: &rng)
    let loaded = try RecurrentModel<Float>.load(safeTensors: model.safeTensorsData(), unit: unit)
    #expect(loaded.parameters == model.parameters)
    #expect(loaded.layout == model.layout)
    let wide = try RecurrentModel<Double>.load(safeTensors: model.converted(to: Double.self).safeTensorsData())
    #expect(wide.parameters == model.parameters.map { Double($0) })
  }

  @Test func headerIsAlignedAndNamesArePyTorchs() throws {
    var rng = RandomGenerator(seed: 1)
    let data = RecurrentModel<Float>(unit: .gru, inputSize: 3, hiddenSize: 2, outputSize: 3, using: &rng).safeTensorsData()
    let headerLength = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    #expect(headerLength % 8 == 0)
    let tensors = try SafeTensors.read(data)
    #expect(Set(tensors.keys) == Set(RecurrentModel<Float>.names()))
    #expect(tensors["rnn.weight_ih_l0"]?.shape == [6, 3])
    #expect(tensors["rnn.weight_hh_l0"]?.shape == [6, 2])
    #expect(tensors["readout.weight"]?.shape == [3, 2])
  }

  @Test func wrongUnitAndBrokenFilesAreRejectedByName() throws {
    var rng = RandomGenerator(seed: 2)
    let lstm = RecurrentModel<Float>(unit: .lstm, inputSize: 3, hiddenSize: 2, outputSize: 3, using: &rng).safeTensorsData()
    #expect(throws: RecurrentModel<Float>.LoadError(description: "the file holds a lstm (4 gate blocks), not a gru (3)")) {
      try RecurrentModel<Float>.load(safeTensors: lstm, unit: .gru)
    }
    #expect(throws: SafeTensors.FormatError.self) { try SafeTensors.read(Data([1, 2, 3])) }
    let partial = SafeTensors.write([("rnn.weight_ih_l0", .init(shape: [1], values: [0]))], dtype: .f32)
    #expect(throws: RecurrentModel<Float>.LoadError.self) { try RecurrentModel<Float>.load(safeTensors: partial) }
  }

  /// The unit is named in the metadata; a PyTorch-written file without it is read by its gate
  /// count; a name that is no unit, or that disagrees with the shapes, is an error.
  @Test func metadataNamesTheUnit() throws {
    var rng = RandomGenerator(seed: 3)
    let model = RecurrentModel<Float>(unit: .gru, inputSize: 3, hiddenSize: 2, outputSize: 3, using: &rng)
    #expect(try SafeTensors.metadata(model.safeTensorsData(metadata: ["seed": "4"])) == ["unit": "gru", "seed": "4"])
    #expect(try SafeTensors.metadata(model.safeTensorsData(metadata: ["unit": "lstm"]))["unit"] == "gru")
    let tensors = model.layout.entries.map { entry in
      (entry.name, SafeTensors.Tensor(shape: entry.shape, values: model.parameters[entry.range].map { Double($0) }))
    }
    let torchWritten = SafeTensors.write(tensors, dtype: .f32)
    #expect(try SafeTensors.metadata(torchWritten).isEmpty)
    #expect(try RecurrentModel<Float>.load(safeTensors: torchWritten).unit == .gru)
    #expect(throws: RecurrentModel<Float>.LoadError(description: "metadata names a lstm (4 gate blocks), but rnn.weight_hh_l0 has shape [6, 2], not 4 × the hidden size 2")) {
      try RecurrentModel<Float>.load(safeTensors: SafeTensors.write(tensors, dtype: .f32, metadata: ["unit": "lstm"]))
    }
    #expect(throws: RecurrentModel<Float>.LoadError(description: "metadata unit \"rnn\" is not a unit (allowed: \(UnitKind.allCases.map(\.rawValue).joined(separator: ", ")))")) {
      try RecurrentModel<Float>.load(safeTensors: SafeTensors.write(tensors, dtype: .f32, metadata: ["unit": "rnn"]))
    }
    var oddRows = tensors
    oddRows[1].1.shape = [5, 2]
    oddRows[1].1.values.removeLast(2)
    #expect(throws: RecurrentModel<Float>.LoadError.self) {
      try RecurrentModel<Float>.load(safeTensors: SafeTensors.write(oddRows, dtype: .f32))
    }
  }

  /// A file memstudy writes is committed beside its outputs; `make_fixtures.py` loads it with
  /// `torch.nn.*.load_state_dict` and checks PyTorch computes the same outputs. This test
  /// keeps our writer producing exactly that file.
  @Test(arguments: UnitKind.allCases)
  func swiftWrittenFileIsStable(unit: UnitKind) throws {
    var rng = RandomGenerator(seed: 21)
    let model = RecurrentModel<Float>(unit: unit, inputSize: 5, hiddenSize: 4, outputSize: 5, using: &rng)
    let (batch, length) = (2, 6)
    let ids = (0..<(batch * length)).map { _ in Int32(rng.nextInt(below: 5)) }
    let tape = RecurrentTape<Float>(for: model)
    model.forward(.tokens(ids, batch: batch, length: length), tape: tape)
    let data = model.safeTensorsData()
    let name = "swift-\(unit.rawValue)"
    if TorchFixture.recording {
      let record: [String: Any] = [
        "batch": batch, "length": length, "ids": ids.map(Int.init),
        "outputs": tape.outputs.map(Double.init), "readout": tape.readout.map(Double.init),
      ]
      try TorchFixture.record(try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]), named: "\(name).json")
      try TorchFixture.record(data, named: "\(name).safetensors")
      return
    }
    let committed = try Data(contentsOf: TorchFixture.directory.appendingPathComponent("\(name).safetensors"))
    #expect(committed == data, "\(name).safetensors differs from what the writer produces; re-record with RECORD_FIXTURES=1 and rerun make_fixtures.py")
  }
}
