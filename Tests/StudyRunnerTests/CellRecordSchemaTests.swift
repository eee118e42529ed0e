import Analysis
import Foundation
import Testing

@testable import StudyRunner

/// A cell file is written by the synthesised conformance of `CellStore.Record`: every stored
/// field is a key, with or without a value (`@Nullable`), and a file without the optional keys
/// (written before hosts were recorded) still loads.
@Suite struct CellRecordSchemaTests {
  static let cell = CellResult(
    unit: .gru, hidden: 4, trainLength: 5, seed: 1, status: .diverged, steps: 3,
    stoppedEarly: false, finalLoss: nil, lossCurve: [LossPoint(step: 1, loss: 2)],
    validationCurve: [], wallSeconds: 0.5, eval: [])

  static func keys(_ record: CellStore.Record) throws -> Set<String> {
    let data = try StudyResults.makeEncoder().encode(record)
    return Set(try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]).keys)
  }

  /// The snake_case names of the record's stored properties (a wrapper's `_name` as `name`).
  static func fields(_ record: CellStore.Record) -> Set<String> {
    Set(Mirror(reflecting: record).children.compactMap(\.label).map { label in
      let name = label.hasPrefix("_") ? String(label.dropFirst()) : label
      return name.reduce(into: "") { out, c in if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) } }
    })
  }

  @Test(arguments: [false, true])
  func everyFieldIsAKey(filled: Bool) throws {
    let record = CellStore.Record(fingerprint: "f", cell: Self.cell, host: filled ? "h" : nil, shard: filled ? "1/2" : nil)
    #expect(try Self.keys(record) == Self.fields(record))
  }

  @Test func aFileWithoutTheOptionalKeysLoads() throws {
    let data = Data(#"{"fingerprint": "f", "cell": \#(String(decoding: try StudyResults.makeEncoder().encode(Self.cell), as: UTF8.self))}"#.utf8)
    let record = try StudyResults.makeDecoder().decode(CellStore.Record.self, from: data)
    #expect(record.host == nil && record.shard == nil && record.cell == Self.cell)
  }
}

extension CellRecordSchemaTests {
  /// A cell file of a newer cell format is refused naming its version, not read as stale data.
  @Test func aNewerCellFormatIsRefusedByVersion() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("memstudy-cellformat-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let config = StudyConfig(name: "t", space: .onehot(vocab: 4), units: [.gru], hidden: [4], trainLengths: [5], seeds: [1])
    let store = CellStore(directory: dir, config: config)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    var record = CellStore.Record(fingerprint: store.fingerprint, cell: Self.cell, host: "h", shard: nil)
    record.format = CellStore.formatVersion + 1
    try StudyResults.makeEncoder().encode(record).write(to: store.url(for: Self.cell.spec))
    do {
      _ = try store.loadWithOrigin(Self.cell.spec)
      Issue.record("a newer cell format was read")
    } catch {
      #expect("\(error)".contains("cell format \(CellStore.formatVersion + 1); this one reads up to \(CellStore.formatVersion)"), "\(error)")
    }
  }
}
