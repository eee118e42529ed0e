import Foundation
import Testing
@testable import Analysis

/// One PyTorch parity fixture made by `Fixtures/make_fixtures.py`.
struct TorchFixture: Decodable {
  struct AdamStep: Decodable {
    let ids: [Int32]
    let dense: [Double]
    let target: [Double]
    let loss: Double
    let gradNorm: Double
  }

  struct AdamRun: Decodable {
    let learningRate: Double
    let clip: Double
    let steps: [AdamStep]
    let weights: [String: [Double]]
  }

  let unit: UnitKind
  let inputKind: String
  let inputSize, hidden, output, batch, length: Int
  let ids: [Int32]
  let dense: [Double]
  let target: [Double]
  let upstreamOutput: [Double]
  let upstreamCell: [Double]?
  let outputs: [Double]
  let hN: [Double]
  let cN: [Double]?
  let readout: [Double]
  let loss: Double
  let gradients: [String: [Double]]
  /// The three Adam steps of the one-layer fixtures (`make_fixtures.py`).
  let adam: AdamRun?
  /// Stacked layers `K` (`make_stacked_fixture.py`); `h_n` and `c_n` are then `(K, B, H)`.
  let layers: Int?

  static let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
  /// The source folder, for recording fixtures in place.
  static let sourceDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  static func load(_ unit: UnitKind, _ kind: String) throws -> (TorchFixture, Data) {
    try load(named: "\(unit.rawValue)-\(kind)")
  }

  static func load(named name: String) throws -> (TorchFixture, Data) {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    let json = try Data(contentsOf: directory.appendingPathComponent("\(name).json"))
    let weights = try Data(contentsOf: directory.appendingPathComponent("\(name).safetensors"))
    return (try decoder.decode(TorchFixture.self, from: json), weights)
  }

  func input<T: Scalar>(ids: [Int32], dense: [Double], as: T.Type = T.self) -> SequenceInput<T> {
    inputKind == "onehot"
      ? .tokens(ids, batch: batch, length: length)
      : .dense(dense.map { T($0) }, batch: batch, length: length)
  }
}

extension TorchFixture {
  /// Whether this run records fixtures (`RECORD_FIXTURES=1`).
  static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_FIXTURES"] != nil }

  /// Writes `data` to the source tree's `Fixtures/name` and fails the test with "recorded, review
  /// the diff", so a green run never hides a re-record: rerun without the variable to confirm.
  static func record(_ data: Data, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    try data.write(to: sourceDirectory.appendingPathComponent(name))
    Issue.record("\(name) recorded, review the diff (git diff) and rerun without RECORD_FIXTURES", sourceLocation: sourceLocation)
  }
}
