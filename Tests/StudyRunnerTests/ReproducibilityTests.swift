import Foundation
import Testing

/// A study is byte-identical whichever product path runs it: the default (the widest the CPU
/// has) and `MEMSTUDY_KERNELS=portable`. The vanilla RNN at L = 40 sits near the edge of what
/// it learns, where a last-bit difference in a product used to become a different network.
@Suite(.serialized) struct ReproducibilityTests {
  static let config = """
    name: reproducible
    space:
      kind: onehot
      vocab: 8
    units: [vrnn]
    hidden: [16]
    train_lengths: [40]
    test_lengths: [40]
    seeds: [1, 2, 3]
    training:
      batch: 32
      learning_rate: 0.005
      max_steps: 150
      patience: 2
      validation: 64
      validate_every: 50
    evaluation:
      sequences: 128

    """

  @Test func portableAndDefaultKernelsWriteIdenticalResults() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try Self.config.write(to: dir.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
    var runs: [String: Outcome] = [:]
    for (name, kernels) in [("default", nil), ("portable", "portable")] as [(String, String?)] {
      runs[name] = try run(["run", "--config", "study.yaml", "--out", name], kernels: kernels, in: dir)
      #expect(runs[name]!.status == 0, "\(name): \(runs[name]!.stderr)")
    }
    for file in ["indicators.csv", "curves.csv"] {
      let a = try Data(contentsOf: dir.appendingPathComponent("default/\(file)"))
      let b = try Data(contentsOf: dir.appendingPathComponent("portable/\(file)"))
      #expect(!a.isEmpty && a == b, "\(file) differs between the default and the portable kernels")
      // The substitution coefficients are among the compared bytes.
      #expect(String(decoding: a, as: UTF8.self).contains(file == "curves.csv" ? ",memory_rate_sub," : ",smr_sub,"))
    }
    let a = try withoutProvenance(dir.appendingPathComponent("default/results.json"))
    let b = try withoutProvenance(dir.appendingPathComponent("portable/results.json"))
    #expect(a == b, "results.json (provenance and timings aside) differs between the default and the portable kernels")
    let provenance = try String(contentsOf: dir.appendingPathComponent("portable/results.json"), encoding: .utf8)
    #expect(provenance.contains("portable path"), "provenance names the path that ran")
  }

  @Test func anUnknownKernelChoiceIsRefused() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let outcome = try run(["bench", "--steps", "1"], kernels: "fast", in: dir)
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("MEMSTUDY_KERNELS=fast") && outcome.stderr.contains("portable"), "\(outcome.stderr)")
  }

  /// results.json without what describes the run rather than the results (provenance and
  /// each cell's wall time), re-serialised with sorted keys. Numbers round-trip exactly
  /// through JSONSerialization, so equal bytes mean equal results.
  private func withoutProvenance(_ url: URL) throws -> Data {
    var root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    #expect(root.removeValue(forKey: "provenance") != nil)
    var cells = try #require(root["cells"] as? [[String: Any]])
    for i in cells.indices { #expect(cells[i].removeValue(forKey: "wall_seconds") != nil) }
    root["cells"] = cells
    return try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])
  }

  struct Outcome {
    let status: Int32
    let stderr: String
  }

  /// The executable with `MEMSTUDY_KERNELS` set to `kernels`, or removed when nil.
  private func run(_ arguments: [String], kernels: String?, in directory: URL) throws -> Outcome {
    let process = Process()
    process.executableURL = CLI.executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    environment["MEMSTUDY_KERNELS"] = kernels
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    let err = Pipe()
    process.standardError = err
    try process.run()
    let data = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Outcome(status: process.terminationStatus, stderr: String(decoding: data, as: UTF8.self))
  }
}
