import Analysis
import ArgumentParser
import Foundation

struct Evaluate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Compute the memory indicators of an already-trained model (ours or PyTorch's) and print them as JSON.",
    discussion: """
      The weights are a safetensors file with PyTorch state-dict names: rnn.weight_ih_l0,
      rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0 (torch.nn.RNN/LSTM/GRU) and
      readout.weight, readout.bias (torch.nn.Linear from the hidden size to the vocabulary).
      """)

  @Option(help: "The model's weights (.safetensors, F32 or F64).")
  var weights: String

  @Option(help: "The recurrent unit: \(UnitKind.allCases.map(\.rawValue).joined(separator: ", ")).")
  var unit: UnitKind

  @Option(help: "The semantic space (only onehot: the other spaces need their vectors).")
  var space: SpaceKind = .onehot

  @Option(parsing: .unconditional, help: "Vocabulary size V; the model's input and output size must equal it.")
  var vocab: Int

  @Option(parsing: .unconditional, help: "Test sequence length n.")
  var length: Int

  @Option(parsing: .unconditional, help: "Number of test sequences.")
  var sequences: Int = 1024

  @Option(parsing: .unconditional, help: "Seed of the test sequences.")
  var seed: Int = 1

  @Option(parsing: .unconditional, help: "θ of the effective memory length.")
  var threshold: Double = 0.5

  func validate() throws {
    guard space == .onehot else {
      throw ValidationError("--space \(space.rawValue) is not supported here; allowed: onehot")
    }
    guard vocab >= 2 else { throw ValidationError("--vocab \(vocab) is not allowed; expected an integer ≥ 2") }
    guard length >= 1 else { throw ValidationError("--length \(length) is not allowed; expected an integer ≥ 1") }
    guard sequences >= 8 else { throw ValidationError("--sequences \(sequences) is not allowed; expected an integer ≥ 8") }
    guard threshold > 0 && threshold <= 1 else { throw ValidationError("--threshold \(threshold) is not allowed; expected a number in (0, 1]") }
  }

  func run() throws {
    // Read whole, then widened to Double: a file bigger than a sixth of memory cannot load.
    let data: Data
    do {
      data = try BinaryFile.read(URL(fileURLWithPath: weights), maxBytes: MemoryEstimate.available / 6)
    } catch {
      throw UsageError(description: "--weights \(weights): \(error)")
    }
    let model: RecurrentModel<Float>
    do {
      model = try RecurrentModel<Float>.load(safeTensors: data, unit: unit)
    } catch {
      throw UsageError(description: "--weights \(weights): \(error)")
    }
    guard model.inputSize == vocab, model.outputSize == vocab else {
      throw UsageError(description: "--vocab \(vocab) does not match the model: its input size is \(model.inputSize) and its readout size \(model.outputSize)")
    }
    let estimate = MemoryEstimate.space(vocab: vocab, dimension: vocab) + MemoryEstimate.cell(.init(
      gates: model.unit.gateCount, hidden: model.hiddenSize, vocab: vocab, dimension: vocab, dense: false,
      trainLength: 1, testLength: length, batch: 1, validation: 1, sequences: sequences))
    let available = MemoryEstimate.available
    guard estimate.bytes <= available else {
      throw UsageError(description: "--length \(length) with --sequences \(sequences) and --vocab \(vocab) needs about \(estimate) of memory, more than this machine's \(MemoryEstimate.format(available)); most of it is \(estimate.largest?.what ?? "the evaluation")")
    }
    // The test set must determine the fits made on it (as a study's config must); a size that
    // cannot fit in memory is the first thing to fix, so it is reported first.
    guard sequences / 2 >= model.hiddenSize else {
      throw UsageError(description: "--sequences \(sequences) is too few for memory-capacity probes at hidden size \(model.hiddenSize); expected at least \(2 * model.hiddenSize)")
    }
    guard sequences.multipliedReportingOverflow(by: vocab).overflow || sequences * vocab >= length else {
      throw UsageError(description: "--sequences \(sequences) of dimension \(vocab) give \(sequences * vocab) numbers to fit the \(length) memory coefficients of --length \(length); expected at least \(length / vocab + (length % vocab == 0 ? 0 : 1))")
    }
    let evaluation = EvaluationConfig(sequences: sequences, threshold: threshold)
    let evaluator = ModelEvaluator(space: .onehot(vocab: vocab), evaluation: evaluation)
    let result: EvalResult
    do {
      result = try evaluator.evaluate(model, seed: seed, length: length)
    } catch let error as ModelEvaluator.NonFiniteOutput {
      throw UsageError(description: "--weights \(weights): \(error)")
    }
    let encoder = StudyResults.makeEncoder()
    print(String(decoding: try encoder.encode(result), as: UTF8.self))
  }
}

extension UnitKind: ExpressibleByArgument {}

/// A binary file a user named, read whole, with the reason in words when it cannot be.
enum BinaryFile {
  static func read(_ url: URL, maxBytes: Double) throws -> Data {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      throw UsageError(description: "no such file")
    }
    guard !isDirectory.boolValue else { throw UsageError(description: "is a directory, not a file") }
    let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
    guard attributes?[.type] as? FileAttributeType == .typeRegular else {
      throw UsageError(description: "is not a regular file")
    }
    let size = (attributes?[.size] as? NSNumber)?.doubleValue ?? 0
    guard size <= maxBytes else {
      throw UsageError(description: "is \(MemoryEstimate.format(size)), more than the \(MemoryEstimate.format(maxBytes)) this machine can load")
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw UsageError(description: "cannot be read (permission denied?)")
    }
    return data
  }
}
extension SpaceKind: ExpressibleByArgument {}
