import Foundation
import Testing
@testable import Analysis

/// `memstudy probe`'s parts: reading a PyTorch language model's checkpoint (the recurrent layers
/// under their prefix, the embedding, the rest listed), refusing what it cannot use by name,
/// and the ridge probe.
@Suite struct ProbeTests {
  /// A 2-layer LSTM language model as PyTorch saves it: `embed.weight`, `lstm.*`, `decoder.*`.
  static func languageModel(
    vocab: Int = 12, input: Int = 4, hidden: Int = 5, layers: Int = 2, extra: [(String, SafeTensors.Tensor)] = [],
    drop: Set<String> = [], prefix: String = "lstm.", unit: UnitKind = .lstm
  ) -> Data {
    var rng = RandomGenerator(seed: 4)
    let model = RecurrentModel<Float>(unit: unit, inputSize: input, hiddenSize: hidden, outputSize: 1, layers: layers, using: &rng)
    var tensors: [(String, SafeTensors.Tensor)] = model.layout.entries.filter { $0.name.hasPrefix("rnn.") }.map {
      (prefix + $0.name.dropFirst(4), SafeTensors.Tensor(shape: $0.shape, values: model.parameters[$0.range].map(Double.init)))
    }
    tensors.append(("embed.weight", SafeTensors.Tensor(shape: [vocab, input], values: (0..<(vocab * input)).map { _ in rng.normal() })))
    tensors.append(("decoder.weight", SafeTensors.Tensor(shape: [vocab, hidden], values: .init(repeating: 0.1, count: vocab * hidden))))
    tensors.append(("decoder.bias", SafeTensors.Tensor(shape: [vocab], values: .init(repeating: 0, count: vocab))))
    return SafeTensors.write(tensors.filter { !drop.contains($0.0) } + extra, dtype: .f32)
  }

  static let words = (0..<12).map { "w\($0)" }

  @Test func aLanguageModelIsReadWithItsLayersAndEmbeddingAndTheRestListed() throws {
    let checkpoint = try ProbeCheckpoint.read(Self.languageModel(), words: Self.words)
    #expect(checkpoint.model.unit == .lstm && checkpoint.model.layers == 2 && checkpoint.model.hiddenSize == 5)
    #expect(checkpoint.prefix == "lstm." && checkpoint.embeddingName == "embed.weight")
    #expect(checkpoint.embedding.rows == 12 && checkpoint.embedding.cols == 4)
    #expect(checkpoint.ignored.map(\.name) == ["decoder.bias", "decoder.weight"])
  }

  /// minGRU and minLSTM have no `weight_hh`: the hidden size comes from the unit the user
  /// names, and without a name the message says to give it.
  @Test func aMinUnitIsReadWhenNamed() throws {
    let data = Self.languageModel(prefix: "rnn.", unit: .minlstm)
    let checkpoint = try ProbeCheckpoint.read(data, words: Self.words, unit: .minlstm)
    #expect(checkpoint.model.unit == .minlstm && checkpoint.model.layers == 2 && checkpoint.model.hiddenSize == 5)
    #expect(throws: ProbeCheckpoint.ReadError(description: "tensor rnn.weight_hh_l0 is missing or not a matrix (a minGRU or minLSTM has none: name it with --unit)")) {
      try ProbeCheckpoint.read(data, words: Self.words)
    }
    #expect(throws: ProbeCheckpoint.ReadError.self) { try ProbeCheckpoint.read(data, words: Self.words, unit: .mingru) }
  }

  @Test func checkpointsItCannotUseAreRefusedNamingTheTensor() {
    let tiny = SafeTensors.Tensor(shape: [1], values: [0])
    let nan = SafeTensors.Tensor(shape: [12, 4], values: [.nan] + .init(repeating: 0, count: 47))
    let second = SafeTensors.Tensor(shape: [12, 4], values: .init(repeating: 0, count: 48))
    let cases: [(String, Data, [String], String)] = [
      ("vocabulary of another size", Self.languageModel(), Array(Self.words.prefix(11)), "the vocabulary has 11 words, but the embedding embed.weight has 12 rows"),
      ("a reverse direction", Self.languageModel(extra: [("lstm.weight_ih_l0_reverse", tiny)]), Self.words, "lstm.weight_ih_l0_reverse is a bidirectional"),
      ("a projection", Self.languageModel(extra: [("lstm.weight_hr_l0", tiny)]), Self.words, "lstm.weight_hr_l0 is an LSTM projection"),
      ("a missing layer", Self.languageModel(layers: 3, drop: ["lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.bias_ih_l1", "lstm.bias_hh_l1"]), Self.words, "layer 1 is missing"),
      ("a missing bias", Self.languageModel(drop: ["lstm.bias_hh_l1"]), Self.words, "lstm.bias_hh_l1 is missing"),
      ("no embedding", Self.languageModel(drop: ["embed.weight"]), Self.words, "no embedding"),
      ("two embeddings", Self.languageModel(extra: [("other.weight", second)]), Self.words, "several matrices"),
      ("NaN embedding", Self.languageModel(drop: ["embed.weight"], ).appendingTensor("embed.weight", nan), Self.words, "embed.weight holds nan"),
      ("no network", SafeTensors.write([("embed.weight", second)], dtype: .f32), Self.words, "no recurrent layer"),
      ("two networks", Self.languageModel(extra: [("gru.weight_ih_l0", tiny)]), Self.words, "several recurrent networks"),
      ("a repeated word", Self.languageModel(), Array(Self.words.prefix(11)) + ["w0"], "lists \"w0\" twice"),
      ("not safetensors", Data("hello".utf8), Self.words, "not a safetensors file"),
    ]
    for (name, data, words, expected) in cases {
      do {
        _ = try ProbeCheckpoint.read(data, words: words)
        Issue.record("\(name): read")
      } catch let error as ProbeCheckpoint.ReadError {
        #expect(error.description.contains(expected), "\(name): \(error.description)")
      } catch {
        Issue.record("\(name): unexpected \(error)")
      }
    }
    // The names a reader gives pick among candidates, and are checked.
    #expect(throws: ProbeCheckpoint.ReadError.self) { try ProbeCheckpoint.read(Self.languageModel(), words: Self.words, prefix: "encoder.") }
    #expect(throws: ProbeCheckpoint.ReadError.self) { try ProbeCheckpoint.read(Self.languageModel(), words: Self.words, embeddingName: "decoder.weight") }
    #expect((try? ProbeCheckpoint.read(Self.languageModel(extra: [("other.weight", second)]), words: Self.words, embeddingName: "other.weight"))?.embeddingName == "other.weight")
  }

  /// Bytes changed at random never crash the reader: every outcome is a model or a named error.
  @Test func mutatedCheckpointsAreReadOrRefusedNeverCrash() {
    let original = [UInt8](Self.languageModel())
    var rng = RandomGenerator(seed: 9)
    for round in 0..<400 {
      var bytes = original
      for _ in 0...rng.nextInt(below: 4) {
        let i = rng.nextInt(below: min(bytes.count, round % 2 == 0 ? 900 : bytes.count))
        bytes[i] = UInt8(rng.nextInt(below: 256))
      }
      if round % 7 == 0 { bytes = Array(bytes.prefix(rng.nextInt(below: bytes.count))) }
      do {
        _ = try ProbeCheckpoint.read(Data(bytes), words: Self.words)
      } catch let error as ProbeCheckpoint.ReadError {
        #expect(!error.description.isEmpty)
      } catch {
        Issue.record("round \(round): unexpected \(error)")
      }
    }
  }

  /// Targets that are an exact affine map of the features: the probe recovers it (with the
  /// smallest penalty on the ladder) and predicts the validation targets to rounding.
  @Test func theProbeRecoversAnExactLinearReadout() {
    var rng = RandomGenerator(seed: 3)
    let (n, f, d) = (400, 6, 3)
    let a = (0..<(d * f)).map { _ in rng.normal() }
    let b = (0..<d).map { _ in rng.normal() }
    func data(_ count: Int) -> (Matrix<Double>, Matrix<Double>) {
      let x = Matrix(rows: count, cols: f, storage: (0..<(count * f)).map { _ in 3 * rng.normal() + 1 })
      var y = Matrix<Double>(rows: count, cols: d)
      for r in 0..<count { for o in 0..<d { y[r, o] = b[o] + (0..<f).reduce(0) { $0 + a[o * f + $1] * x[r, $1] } } }
      return (x, y)
    }
    let (x, y) = data(n)
    let (xv, yv) = data(100)
    let probe = StateProbe.fit(state: .top, training: x, y, validation: xv, yv)
    #expect(probe.penalty == StateProbe.penalties[0])
    #expect(probe.validationLoss < 1e-6)
    for i in a.indices { #expect(abs(probe.weight[i] - a[i]) < 1e-3, "weight \(i)") }
    // A penalty shrinks the weights: the largest one gives a worse validation fit.
    let heavy = StateProbe.fit(state: .top, training: x, y, validation: xv, yv, penalties: [1])
    #expect(heavy.validationLoss > probe.validationLoss)
    // Applying the probe is its plain ordered sum, bit for bit.
    let applied = probe.apply(xv)
    for r in 0..<xv.rows {
      for o in 0..<d {
        var sum = probe.bias[o]
        for j in 0..<f { sum += probe.weight[o * f + j] * xv[r, j] }
        #expect(applied[r, o].bitPattern == sum.bitPattern, "row \(r), output \(o)")
      }
    }
  }
}

extension ProbeTests {
  /// Probes evaluated together (one set of test and substituted passes, split over threads)
  /// give each probe's numbers exactly as the same evaluation of that probe alone on one
  /// thread; and a top-state probe folded into the model's own readout (Float) gives, through
  /// the study's evaluation of a trained model, the same numbers to Float rounding.
  @Test(arguments: [ProbedState.top, .all])
  func probesEvaluatedTogetherMatchEachAlone(state: ProbedState) throws {
    var rng = RandomGenerator(seed: 8)
    let model = RecurrentModel<Float>(unit: .lstm, inputSize: 5, hiddenSize: 6, outputSize: 1, layers: 2, using: &rng)
    let space = SemanticSpace.gaussian(vocab: 20, dim: 5, seed: 2)
    let evaluation = EvaluationConfig(sequences: 64, substitutionSequences: 40)
    let plain = ModelEvaluator(space: space, evaluation: evaluation, inputVectors: nil)
    let probes = try (1...3).map { r -> StateProbe in
      var draw = RandomGenerator(seed: UInt64(r))
      let tokens = try space.sampleSequences(count: 200, length: 7, part: .training, using: &draw)
      let x = plain.featuresAndStates(model, tokens: tokens, length: 7, state: state).features
      let y = space.centroids(of: tokens, length: 7)
      return StateProbe.fit(state: state, training: x, y, validation: x, y)
    }
    let together = try plain.evaluate(model, probes: probes, seed: 1, length: 7, jobs: 2)
    for (probe, result) in zip(probes, together) {
      let alone = try plain.evaluate(model, probes: [probe], seed: 1, length: 7)
      #expect([result] == alone)
      guard state == .top else { continue }
      var readout = RecurrentModel<Float>(unit: .lstm, inputSize: 5, hiddenSize: 6, outputSize: 5, layers: 2)
      for entry in model.layout.entries where entry.name.hasPrefix("rnn.") {
        readout.setTensor(entry.name, model.tensor(entry.name))
      }
      readout.setTensor("readout.weight", probe.weight.map { Float($0) })
      readout.setTensor("readout.bias", probe.bias.map { Float($0) })
      let trained = try plain.evaluate(readout, seed: 1, length: 7, substitution: true)
      expectClose(trained.memoryRate, result.memoryRate, absolute: 1e-4, relative: 1e-4, "β")
      expectClose(trained.memoryRateSub ?? [], result.memoryRateSub ?? [], absolute: 1e-4, relative: 1e-4, "σ")
      #expect(result.memoryRateSub?.count == 7)
    }
  }
}

extension Data {
  /// A safetensors file with one more tensor (F32), for hostile variants.
  func appendingTensor(_ name: String, _ tensor: SafeTensors.Tensor) -> Data {
    var tensors = (try? SafeTensors.read(self)).map { $0.map { ($0.key, $0.value) } } ?? []
    tensors.append((name, tensor))
    return SafeTensors.write(tensors, dtype: .f32)
  }
}
