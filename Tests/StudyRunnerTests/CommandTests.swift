import Analysis
import Foundation
import Testing

/// `evaluate` and `bench` through the real executable.
@Suite struct CommandTests {
  /// A PyTorch-written GRU (torch.nn.GRU(6, 5) + Linear(5, 6)) from the parity fixtures.
  static let torchWeights = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../AnalysisTests/Fixtures/gru-onehot.safetensors").standardized

  @Test func evaluatePrintsTheIndicatorsOfAPyTorchModel() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let outcome = try CLI.run(
      ["evaluate", "--weights", Self.torchWeights.path, "--unit", "gru", "--space", "onehot",
       "--vocab", "6", "--length", "7", "--sequences", "64", "--seed", "3"], in: dir)
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let result = try StudyResults.makeDecoder().decode(EvalResult.self, from: Data(outcome.stdout.utf8))
    #expect(result.length == 7)
    #expect(result.memoryRate.count == 7)
    #expect(result.smr.isFinite && result.fidelity.isFinite)
    // The same call twice gives the same numbers.
    let again = try CLI.run(
      ["evaluate", "--weights", Self.torchWeights.path, "--unit", "gru", "--vocab", "6",
       "--length", "7", "--sequences", "64", "--seed", "3"], in: dir)
    #expect(again.stdout == outcome.stdout)
  }

  @Test func evaluateRejectsAMismatchedModel() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let wrongUnit = try CLI.run(
      ["evaluate", "--weights", Self.torchWeights.path, "--unit", "lstm", "--vocab", "6", "--length", "7"], in: dir)
    #expect(wrongUnit.status == 2)
    #expect(wrongUnit.stderr.contains("the file holds a gru (3 gate blocks), not a lstm (4)"))
    let wrongVocab = try CLI.run(
      ["evaluate", "--weights", Self.torchWeights.path, "--unit", "gru", "--vocab", "9", "--length", "7"], in: dir)
    #expect(wrongVocab.status == 2)
    #expect(wrongVocab.stderr.contains("--vocab 9 does not match the model"))
    let badUnit = try CLI.run(
      ["evaluate", "--weights", Self.torchWeights.path, "--unit", "transformer", "--vocab", "6", "--length", "7"], in: dir)
    #expect(badUnit.status == 2)
    #expect(badUnit.stderr.contains("transformer"))
  }

  @Test(arguments: ["onehot", "gaussian"])
  func benchPrintsOneJSONLine(space: String) throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let extra = space == "gaussian" ? ["--space", "gaussian", "--dim", "8"] : []
    let outcome = try CLI.run(
      ["bench", "--unit", "lstm", "--hidden", "8", "--vocab", "8", "--length", "5", "--batch", "4", "--steps", "3"] + extra, in: dir)
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let lines = outcome.stdout.split(separator: "\n")
    #expect(lines.count == 1)
    let object = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
    #expect((object?["steps_per_s"] as? Double).map { $0 > 0 } == true)
    #expect(object?["space"] as? String == space)
  }
}
