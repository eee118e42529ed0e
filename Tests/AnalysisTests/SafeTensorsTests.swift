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

  /// Units without a hidden projection (minGRU, minLSTM) are told from the classic ones by the
  /// absence of `weight_hh_l0`: without metadata, a minLSTM (3 blocks, like the GRU) loads as a
  /// minLSTM and a GRU as a GRU; metadata that disagrees with the tensors is refused by name.
  @Test func unitsWithoutHiddenProjectionAreToldByTheirTensors() throws {
    var rng = RandomGenerator(seed: 4)
    func bare(_ unit: UnitKind, layers: Int = 1) -> [(String, SafeTensors.Tensor)] {
      let model = RecurrentModel<Float>(unit: unit, inputSize: 3, hiddenSize: 2, outputSize: 3, layers: layers, using: &rng)
      return model.layout.entries.map { ($0.name, SafeTensors.Tensor(shape: $0.shape, values: model.parameters[$0.range].map(Double.init))) }
    }
    func load(_ tensors: [(String, SafeTensors.Tensor)], metadata: [String: String] = [:], unit: UnitKind? = nil) -> String {
      do {
        let model = try RecurrentModel<Float>.load(safeTensors: SafeTensors.write(tensors, dtype: .f32, metadata: metadata), unit: unit)
        return "\(model.unit) K=\(model.layers) H=\(model.hiddenSize)"
      } catch {
        return "\(error)"
      }
    }
    #expect(bare(.mingru).map(\.0) == ["rnn.weight_ih_l0", "rnn.bias_ih_l0", "readout.weight", "readout.bias"])
    #expect(load(bare(.minlstm)) == "minlstm K=1 H=2")
    #expect(load(bare(.mingru, layers: 3)) == "mingru K=3 H=2")
    #expect(load(bare(.gru)) == "gru K=1 H=2")
    #expect(load(bare(.minlstm), unit: .gru) == "the file holds a minlstm (3 gate blocks), not a gru (3)")
    #expect(load(bare(.mingru), metadata: ["unit": "gru"]).contains("tensor rnn.weight_hh_l0 is missing"))
    #expect(load(bare(.gru), metadata: ["unit": "minlstm"]).contains("tensor rnn.bias_hh_l0 is not one of the 1-layer minlstm's tensors"))
    #expect(load(bare(.mingru), metadata: ["unit": "minlstm"]) == "metadata names a minlstm (3 gate blocks), but rnn.weight_ih_l0 has shape [4, 3], not 3 × the hidden size 2")
    // A layer 1 without layer 0's kind of tensors, and rows that fit no unit without a projection.
    #expect(load(bare(.mingru) + [("rnn.weight_hh_l1", .init(shape: [4, 2], values: .init(repeating: 0, count: 8)))]).contains("rnn.weight_hh_l1"))
    var fiveRows = bare(.mingru)
    fiveRows[0].1 = .init(shape: [5, 3], values: .init(repeating: 0, count: 15))
    #expect(load(fiveRows).contains("not 2, 3 times the hidden size 2 (the gate blocks of mingru, minlstm)"))
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
