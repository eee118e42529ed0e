import Analysis
import ArgumentParser
import Foundation
import StudyRunner

struct Evaluate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Compute the memory indicators of an already-trained model (ours or PyTorch's) and print them as JSON.",
    discussion: """
      The weights are a safetensors file with PyTorch state-dict names: rnn.weight_ih_l0, \
      rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0 (torch.nn.RNN/LSTM/GRU; minGRU and \
      minLSTM have rnn.weight_ih_l0 and rnn.bias_ih_l0 only, as memstudy's reference modules \
      name them), the same for each stacked layer _l1, _l2, … (num_layers = K; every layer is \
      read, the readout reads the top one), and readout.weight, readout.bias (torch.nn.Linear from the hidden size to the \
      vocabulary). A file with other rnn.* tensors (a missing layer, _reverse, weight_hr) is \
      refused naming the tensor.

      The space is one-hot over --vocab tokens, or any space a study can use: --config STUDY.yaml \
      reads the study's space (Gaussian vectors, or word vectors and a corpus, split as the study \
      splits it) and its evaluation settings. Both curves are computed: the fit's β_k \
      (memory_rate) and the substitution coefficients σ_k (memory_rate_sub), unless \
      --no-substitution.
      """)

  @Option(help: "The model's weights (.safetensors, F32 or F64).")
  var weights: String

  @Option(help: "The recurrent unit: \(UnitKind.allCases.map(\.rawValue).joined(separator: ", ")).")
  var unit: UnitKind

  @Option(help: "The semantic space without --config (only onehot: the other spaces need their vectors).")
  var space: SpaceKind = .onehot

  @Option(help: "A study config (YAML) whose space and evaluation settings to use, instead of --space and --vocab.")
  var config: String?

  @Option(parsing: .unconditional, help: "Vocabulary size V of the one-hot space; the model's input and output size must equal it.")
  var vocab: Int?

  @Flag(inversion: .prefixedNo, help: "Measure the substitution coefficients σ_k (held memory).")
  var substitution = true

  @Option(parsing: .unconditional, help: "Test sequence length n.")
  var length: Int

  @Option(parsing: .unconditional, help: "Number of test sequences (default: the config's, else 1024).")
  var sequences: Int?

  @Option(parsing: .unconditional, help: "Seed of the test sequences and of the substitution donors.")
  var seed: Int = 1

  @Option(parsing: .unconditional, help: "θ of the effective memory length (default: the config's, else 0.5).")
  var threshold: Double?

  func validate() throws {
    if config == nil {
      guard space == .onehot else {
        throw ValidationError("--space \(space.rawValue) is not supported without --config; allowed: onehot (or --config STUDY.yaml for any space)")
      }
      guard let vocab else { throw ValidationError("--vocab is required for the one-hot space (or give --config STUDY.yaml)") }
      guard vocab >= 2 else { throw ValidationError("--vocab \(vocab) is not allowed; expected an integer ≥ 2") }
    } else if let vocab {
      throw ValidationError("--vocab \(vocab) is not allowed with --config: the config's space sets the vocabulary")
    }
    guard length >= 1 else { throw ValidationError("--length \(length) is not allowed; expected an integer ≥ 1") }
    if let sequences, sequences < 8 { throw ValidationError("--sequences \(sequences) is not allowed; expected an integer ≥ 8") }
    if let threshold, !(threshold > 0 && threshold <= 1) { throw ValidationError("--threshold \(threshold) is not allowed; expected a number in (0, 1]") }
  }

  /// The space and evaluation settings: the config's, or one-hot over --vocab.
  private func spaceAndEvaluation() throws -> (SemanticSpace, EvaluationConfig) {
    guard let config else {
      let evaluation = EvaluationConfig(sequences: sequences ?? 1024, threshold: threshold ?? 0.5)
      return (.onehot(vocab: vocab ?? 2), evaluation)
    }
    let study = try ConfigLoader.load(file: URL(fileURLWithPath: config)).config
    var evaluation = study.evaluation
    if let sequences { evaluation.sequences = sequences }
    if let threshold { evaluation.threshold = threshold }
    return (try SemanticSpace.make(study.space), evaluation)
  }

  func run() throws {
    let model = try loadWeights(weights, unit: unit)
    let (space, evaluation) = try spaceAndEvaluation()
    let (vocab, dimension, sequences) = (space.vocabularySize, space.dimension, evaluation.sequences)
    guard model.inputSize == dimension, model.outputSize == dimension else {
      let source = config == nil ? "--vocab \(vocab)" : "the space of --config \(config ?? "") (d = \(dimension))"
      throw UsageError(description: "\(source) does not match the model: its input size is \(model.inputSize) and its readout size \(model.outputSize)")
    }
    let estimate = MemoryEstimate.space(vocab: vocab, dimension: dimension) + MemoryEstimate.cell(.init(
      gates: model.unit.gateCount, hidden: model.hiddenSize, layers: model.layers, vocab: vocab,
      dimension: dimension,
      dense: space.kind != .onehot,
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
    guard sequences.multipliedReportingOverflow(by: dimension).overflow || sequences * dimension >= length else {
      throw UsageError(description: "--sequences \(sequences) of dimension \(dimension) give \(sequences * dimension) numbers to fit the \(length) memory coefficients of --length \(length); expected at least \(length / dimension + (length % dimension == 0 ? 0 : 1))")
    }
    if let longest = space.longestSequence(in: .test), longest < length {
      throw UsageError(description: "--length \(length) is longer than any test window of the corpus of --config \(config ?? "") (the longest is \(longest) tokens)")
    }
    let evaluator = ModelEvaluator(space: space, evaluation: evaluation)
    let result: EvalResult
    do {
      result = try evaluator.evaluate(model, seed: seed, length: length, substitution: substitution)
    } catch let error as ModelEvaluator.NonFiniteOutput {
      throw UsageError(description: "--weights \(weights): \(error)")
    }
    let encoder = StudyResults.makeEncoder()
    print(String(decoding: try encoder.encode(result), as: UTF8.self))
  }
}

extension UnitKind: ExpressibleByArgument {}
extension SpaceKind: ExpressibleByArgument {}
