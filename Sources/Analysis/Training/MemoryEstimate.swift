import Foundation

/// An upper estimate of the memory a study cell needs, from the sizes alone, so a config or
/// a command line that cannot fit is refused before anything is allocated, naming the sizes to
/// lower, instead of failing an allocation halfway through a run.
///
/// Each part follows the buffers the code allocates (the tape of `RecurrentTape`, the batches
/// of `BatchSampler`, the normal equations of the β fit, the probes of the memory capacity);
/// training and evaluation are added although they never coexist, so the estimate errs high.
/// The arithmetic is in Double: sizes near `Int.max` give a huge number, never an overflow.
public struct MemoryEstimate: Sendable, CustomStringConvertible {
  /// One part of the estimate, with the config keys that size it.
  public struct Part: Sendable {
    public var what: String
    public var keys: [String]
    public var bytes: Double
  }

  public private(set) var parts: [Part] = []

  public var bytes: Double { parts.reduce(0) { $0 + $1.bytes } }

  /// The largest part, the one to lower first.
  public var largest: Part? { parts.max { $0.bytes < $1.bytes } }

  public var description: String { Self.format(bytes) }

  public init() {}

  public mutating func add(_ what: String, keys: [String], bytes: Double) {
    parts.append(Part(what: what, keys: keys, bytes: bytes))
  }

  /// Shapes of the largest cell of a study (each size at its maximum over the grid).
  public struct Cell: Sendable {
    public var gates: Int
    public var hidden: Int
    /// Stacked layers: each has its own parameters and tape.
    public var layers: Int
    public var vocab: Int
    public var dimension: Int
    /// Dense input (gaussian, embeddings) lays every token's vector into the batch.
    public var dense: Bool
    public var trainLength: Int
    public var testLength: Int
    public var batch: Int
    public var validation: Int
    public var sequences: Int

    public init(
      gates: Int, hidden: Int, layers: Int = 1, vocab: Int, dimension: Int, dense: Bool,
      trainLength: Int, testLength: Int, batch: Int, validation: Int, sequences: Int
    ) {
      self.gates = gates
      self.hidden = hidden
      self.layers = layers
      self.vocab = vocab
      self.dimension = dimension
      self.dense = dense
      self.trainLength = trainLength
      self.testLength = testLength
      self.batch = batch
      self.validation = validation
      self.sequences = sequences
    }
  }

  /// The space, shared by every cell: its vectors in Double and in Float.
  public static func space(vocab: Int, dimension: Int) -> MemoryEstimate {
    var e = MemoryEstimate()
    e.add("the space's vectors (vocab × dim)", keys: ["space.vocab", "space.dim"],
      bytes: 12 * Double(vocab) * Double(dimension))
    return e
  }

  /// One cell: training at its length, then evaluation at the longest test length.
  public static func cell(_ c: Cell) -> MemoryEstimate {
    let (g, h, v, d) = (Double(c.gates), Double(c.hidden), Double(c.vocab), Double(c.dimension))
    let (gh, k) = (g * h, Double(c.layers))
    var e = MemoryEstimate()
    // Parameters, gradients, Adam's two moments, the best checkpoint and copies: 8 × P floats.
    let parameters = Self.parameters(c)
    e.add("the model's parameters (layers × hidden² and hidden × dim)", keys: ["hidden", "layers", "space.vocab"],
      bytes: 8 * 4 * parameters + 2 * 4 * d * gh)
    // The tape, per layer: gates (and GRU projections) (L, B, G·H), states and LSTM cells
    // (L + 1, B, H), and below the top the gradient of the outputs (L, B, H); sized for the
    // larger of a training batch and the validation set; the batches' tokens, dense inputs and
    // targets.
    func tape(_ length: Double, _ batch: Double) -> Double {
      k * (4 * (2 * length * batch * gh + 3 * (length + 1) * batch * h) + 2 * 256 * 1024)
        + 4 * ((k - 1) * length * batch * h + batch * d)
    }
    func batchData(_ length: Double, _ batch: Double) -> Double {
      4 * (2 * length * batch + (c.dense ? length * batch * d : 0) + batch * d)
    }
    let trainLength = Double(c.trainLength)
    let largestBatch = Double(max(c.batch, c.validation))
    e.add("the training tape (batch or validation × train length × gates × hidden)",
      keys: ["training.batch", "training.validation", "train_lengths", "hidden", "layers"],
      bytes: tape(trainLength, largestBatch)
        + batchData(trainLength, Double(c.batch)) + batchData(trainLength, Double(c.validation)))
    // Evaluation: the test sequences, decoded outputs and final states, a chunk's tape.
    let n = Double(c.testLength)
    let count = Double(c.sequences)
    let chunk = min(256, count)
    // Every training length is a test length too (`effectiveTestLengths`), so either key can
    // make `n` large.
    e.add("the test sequences (sequences × test length, chunks of 256 through the tape)",
      keys: ["evaluation.sequences", "test_lengths", "train_lengths", "hidden", "layers"],
      bytes: 4 * count * n + 8 * count * (d + h) + tape(n, chunk) + batchData(n, chunk))
    // The substitution coefficients (METHOD.md §3b): a second chunk tape for the substituted
    // suffixes, the donors (Int32) and a_i, b_i (Double) per position and sequence. Counted
    // whether or not `evaluation.substitution` measures them at this length.
    e.add("the substitution coefficients (a second chunk tape; donors and sums, 20 bytes × sequences × test length)",
      keys: ["evaluation.sequences", "test_lengths", "train_lengths"],
      bytes: tape(n, chunk) + batchData(n, chunk) + 20 * count * n)
    // The β fit: the (n, n) normal equations, token indices, the Gram matrix of the distinct
    // tokens (at most 2048 of them) and the outputs projected on them.
    let distinct = min(v, count * n)
    let gram = distinct <= 2048 ? distinct * distinct + count * distinct : n * d
    e.add("the memory-rate fit (test length² normal equations)", keys: ["test_lengths", "train_lengths"],
      bytes: 8 * (n * n + 2 * count * n + v + distinct * d + gram + 2 * count * d))
    // The memory-capacity probes: states, three target blocks of ≤ max(4096, d) columns.
    let columns = max(4096, d)
    e.add("the memory-capacity probes (sequences × hidden and × 4096 columns)",
      keys: ["evaluation.sequences", "hidden"],
      bytes: 8 * (2 * count * h + h * h + 3 * count * columns + 2 * h * columns))
    return e
  }

  /// The parameters of a model of the cell's shape: every layer's weights and biases and the
  /// readout.
  static func parameters(_ c: Cell) -> Double {
    let (g, h, d, k) = (Double(c.gates), Double(c.hidden), Double(c.dimension), Double(c.layers))
    let gh = g * h
    return gh * (d + h + 2) + (k - 1) * gh * (2 * h + 2) + d * (h + 1)
  }

  /// The trained models a study on a corpus keeps in memory for its decoded examples
  /// (`DecodedExamples.mayDecode`: every cell of its first network size), at the largest
  /// cell's shape: their Float parameters.
  public static func keptModels(_ c: Cell, count: Double) -> MemoryEstimate {
    var e = MemoryEstimate()
    e.add("the models kept for the decoded examples (units × train lengths × seeds of the first size)",
      keys: ["units", "train_lengths", "seeds", "hidden"], bytes: 4 * count * parameters(c))
    return e
  }

  /// The finished results of a study kept in memory and written as JSON, CSV and the report's
  /// embedded copies: about 256 bytes per memory-rate value.
  public static func results(cells: Double, testLengthSum: Double) -> MemoryEstimate {
    var e = MemoryEstimate()
    e.add("the study's results (cells × sum of test lengths)",
      keys: ["seeds", "hidden", "train_lengths", "test_lengths"], bytes: 256 * cells * testLengthSum)
    return e
  }

  public static func + (a: MemoryEstimate, b: MemoryEstimate) -> MemoryEstimate {
    var sum = a
    sum.parts += b.parts
    return sum
  }

  /// The memory this process may use: physical memory, or a lower control-group limit.
  public static var available: Double {
    var limit = Double(ProcessInfo.processInfo.physicalMemory)
    for file in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
      if let text = try? String(contentsOfFile: file, encoding: .utf8),
        let value = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)), value > 0
      {
        limit = min(limit, value)
      }
    }
    return limit
  }

  /// "1.2 GB", "3.4 PB": decimal units, enough to compare with a machine's memory.
  public static func format(_ bytes: Double) -> String {
    guard bytes.isFinite else { return "more than any machine has" }
    let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
    var value = bytes
    var unit = 0
    while value >= 1000 && unit < units.count - 1 {
      value /= 1000
      unit += 1
    }
    return unit == units.count - 1 && value >= 1000
      ? String(format: "%.1e B", bytes) : String(format: unit == 0 ? "%.0f %@" : "%.1f %@", value, units[unit])
  }
}
