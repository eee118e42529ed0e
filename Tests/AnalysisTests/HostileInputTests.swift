import Foundation
import Testing
@testable import Analysis

/// Generated hostile inputs for the readers in Analysis: safetensors files, word vectors and
/// corpora, results read back from disk. Every input either loads or throws the reader's own
/// error with a message; none crashes (a crash fails the whole run, loudly).
@Suite struct HostileSafeTensorsAndTextTests {
  static let fixture = TorchFixture.directory.appendingPathComponent("gru-onehot.safetensors")

  /// A seeded mutation of `data`: a byte replaced, inserted or dropped.
  static func mutate(_ data: [UInt8], _ rng: inout RandomGenerator) -> [UInt8] {
    var out = data
    let i = rng.nextInt(below: max(out.count, 1))
    switch rng.nextInt(below: 3) {
    case 0 where !out.isEmpty: out[i] = UInt8(truncatingIfNeeded: rng.next())
    case 1: out.insert(UInt8(truncatingIfNeeded: rng.next()), at: min(i, out.count))
    default: if !out.isEmpty { out.remove(at: i) }
    }
    return out
  }

  /// Loads a model from `bytes`, and evaluates it briefly when it loads: either step may throw
  /// its typed error, with a message; nothing else may happen.
  static func loadAndEvaluate(_ bytes: [UInt8], evaluate: Bool) {
    do {
      let model = try RecurrentModel<Float>.load(safeTensors: Data(bytes))
      guard evaluate, model.inputSize == model.outputSize, model.inputSize >= 2 else { return }
      let evaluator = ModelEvaluator(
        space: .onehot(vocab: model.inputSize), evaluation: EvaluationConfig(sequences: 8))
      do {
        let result = try evaluator.evaluate(model, seed: 1, length: 3)
        #expect(result.memoryRate.allSatisfy(\.isFinite) && result.smr.isFinite)
      } catch let error as ModelEvaluator.NonFiniteOutput {
        #expect(!error.description.isEmpty)
      } catch {
        Issue.record("unexpected \(error)")
      }
    } catch let error as SafeTensors.FormatError {
      #expect(!error.description.isEmpty)
    } catch let error as RecurrentModel<Float>.LoadError {
      #expect(!error.description.isEmpty)
    } catch {
      Issue.record("unexpected \(type(of: error)): \(error)")
    }
  }

  @Test func safetensorsTruncatedAtEveryLength() throws {
    let bytes = [UInt8](try Data(contentsOf: Self.fixture))
    for length in 0..<bytes.count {
      #expect(throws: (any Error).self) { try RecurrentModel<Float>.load(safeTensors: Data(bytes.prefix(length))) }
    }
  }

  @Test func safetensorsWithRandomMutations() throws {
    let bytes = [UInt8](try Data(contentsOf: Self.fixture))
    var rng = RandomGenerator(seed: 11)
    for round in 0..<3000 {
      var mutated = bytes
      for _ in 0...rng.nextInt(below: 3) { mutated = Self.mutate(mutated, &rng) }
      Self.loadAndEvaluate(mutated, evaluate: round % 10 == 0)
    }
  }

  /// A file with `header` as its JSON header and `data` after it.
  static func file(header: String, length: UInt64? = nil, data: [UInt8] = []) -> [UInt8] {
    let h = Array(header.utf8)
    let n = length ?? UInt64(h.count)
    return (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) } + h + data
  }

  /// A GRU of input/output 3, hidden 2, with every tensor's header entry as given.
  static func gru(shapes: [String: String] = [:], fill: Float = 0.1) -> [UInt8] {
    let names = RecurrentModel<Float>.names()
    let defaults = ["[6,3]", "[6,2]", "[6]", "[6]", "[3,2]", "[3]"]
    let counts = [18, 12, 6, 6, 6, 3]
    var offset = 0
    var entries: [String] = []
    for (i, name) in names.enumerated() {
      let size = counts[i] * 4
      entries.append("\"\(name)\":{\"dtype\":\"F32\",\"shape\":\(shapes[name] ?? defaults[i]),\"data_offsets\":[\(offset),\(offset + size)]}")
      offset += size
    }
    let data = (0..<(offset / 4)).flatMap { _ in (0..<4).map { UInt8(truncatingIfNeeded: fill.bitPattern >> (8 * UInt32($0))) } }
    return file(header: "{\(entries.joined(separator: ","))}", data: data)
  }

  @Test(arguments: [
    ("length near 2⁶⁴", file(header: "{}", length: .max)),
    ("length 2⁶³", file(header: "{}", length: 1 << 63)),
    ("length past the end", file(header: "{}", length: 3)),
    ("shape product overflows", file(header: #"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,0]}}"#)),
    ("byte size overflows", file(header: #"{"a":{"dtype":"F64","shape":[2305843009213693952,1],"data_offsets":[0,0]}}"#)),
    ("negative dimension", file(header: #"{"a":{"dtype":"F32","shape":[-1,-4],"data_offsets":[0,16]}}"#, data: .init(repeating: 0, count: 16))),
    ("negative offset", file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}"#, data: .init(repeating: 0, count: 4))),
    ("offsets reversed", file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, data: .init(repeating: 0, count: 4))),
    ("offset near Int.max", file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[9223372036854775800,9223372036854775804]}}"#)),
    ("fractional size", file(header: #"{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#, data: .init(repeating: 0, count: 4))),
    ("size 1e30", file(header: #"{"a":{"dtype":"F32","shape":[1e30],"data_offsets":[0,4]}}"#, data: .init(repeating: 0, count: 4))),
    ("strings for sizes", file(header: #"{"a":{"dtype":"F32","shape":["1"],"data_offsets":[0,4]}}"#, data: .init(repeating: 0, count: 4))),
    ("unknown dtype", file(header: #"{"a":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]}}"#, data: .init(repeating: 0, count: 2))),
    ("not an object", file(header: "[1,2,3]")),
    ("not JSON", file(header: "{\u{0}\u{1}")),
    ("zero hidden size", gru(shapes: ["rnn.weight_hh_l0": "[0,0]"])),
    ("zero input size", gru(shapes: ["rnn.weight_ih_l0": "[6,0]"])),
    ("zero output size", gru(shapes: ["readout.weight": "[0,2]"])),
    ("vector for a matrix", gru(shapes: ["rnn.weight_hh_l0": "[12]"])),
    ("NaN weights", gru(fill: .nan)),
    ("infinite weights", gru(fill: .infinity)),
  ])
  func craftedSafetensorsAreRefusedByName(name: String, bytes: [UInt8]) {
    do {
      _ = try RecurrentModel<Float>.load(safeTensors: Data(bytes))
      Issue.record("\(name): loaded")
    } catch let error as SafeTensors.FormatError {
      #expect(!error.description.isEmpty, "\(name)")
    } catch let error as RecurrentModel<Float>.LoadError {
      #expect(!error.description.isEmpty, "\(name)")
    } catch {
      Issue.record("\(name): unexpected \(error)")
    }
  }

  /// Stacked checkpoints a reader could misread: every `rnn.` tensor is read or the file is
  /// refused naming it, so no layer is silently left out; a huge layer count in the names alone
  /// allocates nothing before the shapes are checked.
  @Test func stackedCheckpointsAreReadWholeOrRefusedByName() throws {
    var rng = RandomGenerator(seed: 2)
    let model = RecurrentModel<Float>(unit: .lstm, inputSize: 3, hiddenSize: 2, outputSize: 3, layers: 3, using: &rng)
    let tensors = model.layout.entries.map {
      ($0.name, SafeTensors.Tensor(shape: $0.shape, values: model.parameters[$0.range].map(Double.init)))
    }
    func load(_ list: [(String, SafeTensors.Tensor)]) -> String {
      do {
        let loaded = try RecurrentModel<Float>.load(safeTensors: SafeTensors.write(list, dtype: .f32))
        return "loaded \(loaded.layers) layers"
      } catch {
        return "\(error)"
      }
    }
    #expect(load(tensors) == "loaded 3 layers")
    let tiny = SafeTensors.Tensor(shape: [1], values: [0])
    let cases: [(String, [(String, SafeTensors.Tensor)], String)] = [
      ("a missing middle layer", tensors.filter { !$0.0.hasSuffix("_l1") }, "layer 1 is missing"),
      ("a missing bias", tensors.filter { $0.0 != "rnn.bias_hh_l1" }, "rnn.bias_hh_l1"),
      ("a reverse direction", tensors + [("rnn.weight_ih_l0_reverse", tiny)], "bidirectional"),
      ("a projection", tensors + [("rnn.weight_hr_l0", tiny)], "proj_size"),
      ("a layer far above", tensors + [("rnn.weight_ih_l999999999", tiny)], "rnn.weight_ih_l999999999"),
      ("layers that do not chain", tensors.map { $0.0 == "rnn.weight_ih_l1" ? ($0.0, SafeTensors.Tensor(shape: [8, 3], values: .init(repeating: 0, count: 24))) : $0 }, "rnn.weight_ih_l1 has shape [8, 3], expected [8, 2]"),
    ]
    for (name, list, expected) in cases {
      let message = load(list)
      #expect(message.contains(expected), "\(name): \(message)")
      #expect(!message.hasPrefix("loaded"), "\(name)")
    }
  }

  @Test func hugeFiniteWeightsAreRefusedAtEvaluationNotFitted() throws {
    // ~3e38 is finite in Float, but its sums are not (the readout adds three of them): the
    // β fit must not see them.
    var big = RecurrentModel<Float>(unit: .vrnn, inputSize: 3, hiddenSize: 2, outputSize: 3)
    for i in big.parameters.indices { big.parameters[i] = 3e38 }
    let model = try RecurrentModel<Float>.load(safeTensors: big.safeTensorsData())
    // A GRU so saturated that its state stays 0 gives finite (absurd) numbers: no crash either.
    Self.loadAndEvaluate(Self.gru(fill: 3e38), evaluate: true)
    let evaluator = ModelEvaluator(space: .onehot(vocab: 3), evaluation: EvaluationConfig(sequences: 8))
    #expect(throws: ModelEvaluator.NonFiniteOutput.self) { try evaluator.evaluate(model, seed: 1, length: 4) }
    // F64 values beyond Float's range would become infinite on loading.
    let wide = SafeTensors.write(
      RecurrentModel<Float>.names().enumerated().map { i, name in
        let shape = [[6, 3], [6, 2], [6], [6], [3, 2], [3]][i]
        return (name, SafeTensors.Tensor(shape: shape, values: .init(repeating: 1e39, count: shape.reduce(1, *))))
      }, dtype: .f64)
    #expect(throws: RecurrentModel<Float>.LoadError.self) { try RecurrentModel<Float>.load(safeTensors: wide) }
  }

  // MARK: Vectors and corpora

  static let vectors = "5 3\nthe 0.1 0.2 0.3\ncat -0.5 0.25 1e-3\nsat 0.3 -0.3 0.0\non 1 2 3\nmat -1 -2 -3\n"
  static let corpus = "The cat sat on the mat\nthe mat sat\non the cat\n"

  @Test func vectorsAndCorpusTruncatedOrMutatedAreRefusedWithTheirFile() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    var rng = RandomGenerator(seed: 5)
    var inputs: [(String, String)] = []
    for n in 0...Self.vectors.utf8.count { inputs.append((String(decoding: Array(Self.vectors.utf8).prefix(n), as: UTF8.self), Self.corpus)) }
    for n in 0...Self.corpus.utf8.count { inputs.append((Self.vectors, String(decoding: Array(Self.corpus.utf8).prefix(n), as: UTF8.self))) }
    let hostile = ["1e39", "-1e39", "nan", "inf", "1e400", "0x1p130", "9223372036854775808", "", "\u{0}", "\u{202E}"]
    for _ in 0..<300 {
      var words = Self.vectors.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
      words[rng.nextInt(below: words.count)] = hostile[rng.nextInt(below: hostile.count)]
      inputs.append((words.joined(separator: " "), Self.corpus))
    }
    for (i, (v, c)) in inputs.enumerated() {
      let vURL = try write(v, to: "v\(i).txt", in: dir), cURL = try write(c, to: "c\(i).txt", in: dir)
      do {
        let space = try SemanticSpace.embeddings(vectorsFile: vURL, corpusFile: cURL)
        #expect(space.vectors.storage.allSatisfy { $0.isFinite && abs($0) <= Double(Float.greatestFiniteMagnitude) })
        var sampler = RandomGenerator(seed: 1)
        _ = try? space.sampleSequences(count: 4, length: 2, using: &sampler)
      } catch let error as SemanticSpaceError {
        #expect(error.file == vURL.path || error.file == cURL.path)
      }
    }
  }

  @Test func vectorBeyondFloatRangeIsRefusedNamingTheLine() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let v = try write("a 0.1 0.2\nbig 1e39 0.5\n", to: "v.txt", in: dir)
    let c = try write("a big a\n", to: "c.txt", in: dir)
    let error = try #require(throws: SemanticSpaceError.self) { try SemanticSpace.embeddings(vectorsFile: v, corpusFile: c) }
    #expect(error.line == 2)
    #expect(error.problem == .beyondFloatRange("1e39"))
    #expect(error.description.contains("beyond the range of Float"))
  }

  @Test func textFilesThatAreNotTextAreNamedAsSuch() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(throws: TextFile.ReadError(description: "is a directory, not a file")) { try TextFile.read(dir, maxBytes: 1e9) }
    #expect(throws: TextFile.ReadError(description: "does not exist")) { try TextFile.read(dir.appendingPathComponent("none"), maxBytes: 1e9) }
    let binary = dir.appendingPathComponent("b.bin")
    try Data([0x61, 0x62, 0xFF, 0xFE, 0x00]).write(to: binary)
    #expect(throws: TextFile.ReadError(description: "is not UTF-8 text (a binary file?): the first bad byte is at offset 2")) {
      try TextFile.read(binary, maxBytes: 1e9)
    }
    #expect(throws: TextFile.ReadError.self) { try TextFile.read(binary, maxBytes: 2) }
    // A device that never ends is cut at the limit, not read forever.
    #expect(throws: TextFile.ReadError.self) { try TextFile.read(URL(fileURLWithPath: "/dev/zero"), maxBytes: 1000) }
  }

  // MARK: Results read back

  static func eval(_ edit: (inout EvalResult) -> Void) -> EvalResult {
    var e = EvalResult(
      length: 3, smr: 0.8, fidelity: 0.9, interference: 0.1, eml: 2, tau: 4, memoryRate: [1, 0.8, 0.6],
      memoryCapacity: 1.5)
    edit(&e)
    return e
  }

  @Test func tamperedIndicatorsAreNamed() {
    #expect(Self.eval { _ in }.problems.isEmpty)
    let cases: [(EvalResult, String)] = [
      (Self.eval { $0.smr = -1e308 }, "smr"),
      (Self.eval { $0.memoryRate = [] }, "memory_rate"),
      (Self.eval { $0.memoryRate[1] = .nan }, "memory_rate[1]"),
      (Self.eval { $0.fidelity = .infinity }, "fidelity"),
      (Self.eval { $0.interference = -1 }, "interference"),
      (Self.eval { $0.eml = 9 }, "eml"),
      (Self.eval { $0.eml = -1 }, "eml"),
      (Self.eval { $0.tau = -2 }, "tau"),
      (Self.eval { $0.memoryCapacity = 1e308 }, "memory_capacity"),
      (Self.eval { $0.length = 0 }, "length"),
    ]
    for (e, key) in cases {
      #expect(e.problems.contains { $0.hasPrefix(key) }, "\(key): \(e.problems)")
    }
  }
}
