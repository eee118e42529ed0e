import Foundation

/// A Semantic Euclidean Space (METHOD.md §1): a vocabulary of `V` tokens with semantic vectors
/// `e_w ∈ R^d`, the distribution tokens are drawn from, and its mean `μ = E[e_w]`.
///
/// The semantics of a sequence `x = (x_1 … x_n)` is its centroid
///
///     S(x) = (1/n) Σ_t e_{x_t}
///
/// which is what a cell is trained to decode. The memory coefficients are fitted on the centred
/// vectors `ẽ_w = e_w − μ`.
public struct SemanticSpace: Sendable {
  public let kind: SpaceKind
  /// e_w: (V, d), one row per token id.
  public let vectors: Matrix<Double>
  /// μ: (d), the expected token vector under the sampling distribution.
  public let mean: [Double]
  /// The word of each token id (embeddings only).
  public let words: [String]?
  /// What an embeddings space read (files, sizes, split); `nil` for synthetic spaces.
  public let corpusSummary: CorpusSummary?
  /// Where sequences come from: uniform draws, or windows of a split corpus.
  let source: Source

  enum Source: Sendable {
    /// Tokens drawn uniformly from the vocabulary, with replacement.
    case uniform
    /// Contiguous windows of one part of a corpus (`SemanticSpace+Corpus.swift`).
    case corpus(Corpus)
  }

  public var vocabularySize: Int { vectors.rows }
  public var dimension: Int { vectors.cols }

  init(
    kind: SpaceKind, vectors: Matrix<Double>, mean: [Double], words: [String]?, source: Source,
    corpusSummary: CorpusSummary? = nil
  ) {
    precondition(mean.count == vectors.cols)
    precondition(vectors.rows <= Int(Int32.max), "token ids are Int32")
    self.kind = kind
    self.vectors = vectors
    self.mean = mean
    self.words = words
    self.source = source
    self.corpusSummary = corpusSummary
  }

  /// The longest sequence `part` can give; `nil` when any length can be drawn (synthetic
  /// spaces, which have no parts).
  public func longestSequence(in part: CorpusPart) -> Int? {
    switch source {
    case .uniform: nil
    case .corpus(let corpus): corpus.part(part).longest(corpus.windows)
    }
  }

  /// `d = V`, `e_w` the standard basis, tokens uniform: `μ = (1/V)·1`.
  public static func onehot(vocab: Int) -> SemanticSpace {
    precondition(vocab >= 2, "a vocabulary needs at least two tokens")
    var vectors = Matrix<Double>(rows: vocab, cols: vocab)
    for w in 0..<vocab { vectors[w, w] = 1 }
    let mean = [Double](repeating: 1 / Double(vocab), count: vocab)
    return SemanticSpace(kind: .onehot, vectors: vectors, mean: mean, words: nil, source: .uniform)
  }

  /// `e_w ~ N(0, I/d)` drawn row by row from `RandomGenerator(seed:)`, tokens uniform, so `μ` is
  /// the mean of the `V` vectors (not the zero of the distribution they were drawn from).
  /// `V > d` gives a compressed space where token vectors are not linearly independent.
  public static func gaussian(vocab: Int, dim: Int, seed: Int) -> SemanticSpace {
    precondition(vocab >= 2 && dim >= 1, "gaussian space needs vocab ≥ 2 and dim ≥ 1")
    var rng = RandomGenerator(seed: UInt64(bitPattern: Int64(seed)))
    let scale = 1 / Double(dim).squareRoot()
    var vectors = Matrix<Double>(rows: vocab, cols: dim)
    for i in vectors.storage.indices { vectors.storage[i] = scale * rng.normal() }
    var mean = [Double](repeating: 0, count: dim)
    for w in 0..<vocab {
      for j in 0..<dim { mean[j] += vectors[w, j] }
    }
    for j in 0..<dim { mean[j] /= Double(vocab) }
    return SemanticSpace(
      kind: .gaussian, vectors: vectors, mean: mean, words: nil, source: .uniform)
  }

  /// Why a hidden size is too small for this space, one message per offending size.
  ///
  /// With `d > H` a linear readout of `h_n` cannot represent the space at all (its outputs span
  /// at most `H` dimensions), so the study would measure the readout, not memory (METHOD.md §1).
  func readoutWarnings(hidden: [Int]) -> [String] {
    hidden.filter { dimension > $0 }.map { h in
      "the \(kind.rawValue) space has d = \(dimension) > H = \(h): a linear readout of \(h) "
        + "hidden units cannot represent it, so cells of that size measure the readout, not memory"
    }
  }

  /// `count` sequences of `length` token ids, row-major `(count, length)`: token `t` of sequence
  /// `i` is at `[i·length + t]`.
  ///
  /// Synthetic spaces draw each token uniformly, with replacement, and have no parts. Embeddings
  /// draw a window uniformly among all windows of `length` tokens of the corpus part `part`
  /// (of its token stream, or within its lines: `CorpusWindows`). The draws are a pure function
  /// of `rng`'s state.
  ///
  /// Throws `SemanticSpaceError` when the part has no window that long.
  func sampleSequences(
    count: Int, length: Int, part: CorpusPart = .test, using rng: inout RandomGenerator
  ) throws -> [Int32] {
    var tokens: [Int32] = []
    try sampleSequences(count: count, length: length, part: part, into: &tokens, using: &rng)
    return tokens
  }

  /// `sampleSequences(count:length:part:using:)` into `tokens`, resized to `count · length` (no
  /// allocation when it already has that size and is not shared).
  func sampleSequences(
    count: Int, length: Int, part: CorpusPart, into tokens: inout [Int32],
    using rng: inout RandomGenerator
  ) throws {
    precondition(count >= 0 && length >= 1, "need count ≥ 0 and length ≥ 1")
    if tokens.count != count * length { tokens = [Int32](repeating: 0, count: count * length) }
    switch source {
    case .uniform:
      for i in tokens.indices { tokens[i] = Int32(rng.nextInt(below: vocabularySize)) }
    case .corpus(let corpus):
      let source = corpus.part(part)
      let longest = source.longest(corpus.windows)
      guard longest >= length else {
        throw SemanticSpaceError(
          file: corpus.file, line: nil,
          problem: .noWindowOfLength(length, part: part.rawValue, longest: longest, windows: corpus.windows.rawValue))
      }
      source.tokens.withUnsafeBufferPointer { stream in
        for i in 0..<count {
          let start = source.windowStart(length: length, windows: corpus.windows, using: &rng)
          for t in 0..<length { tokens[i * length + t] = stream[start + t] }
        }
      }
    }
  }

  /// The training targets `S(x_i) = (1/n) Σ_t e_{x_{i,t}}`.
  // tokens: (N, n) row-major -> (N, d)
  public func centroids(of tokens: [Int32], length n: Int) -> Matrix<Double> {
    var out: [Double] = []
    centroids(of: tokens, length: n, into: &out)
    return Matrix(rows: tokens.count / n, cols: dimension, storage: out)
  }

  /// The centroids into `out` `(N, d)`, resized to fit: each summed in Double and rounded
  /// once to `T`, so Float targets equal the Double centroids rounded.
  public func centroids<T: Scalar>(of tokens: [Int32], length n: Int, into out: inout [T]) {
    precondition(n >= 1 && tokens.count % n == 0, "\(tokens.count) tokens are not rows of \(n)")
    let count = tokens.count / n
    let d = dimension
    if out.count != count * d { out = [T](repeating: 0, count: count * d) }
    let inverse = 1 / Double(n)
    // Each coordinate is summed over t = 0 ..< n in order, as a scalar loop would; the sums of
    // four neighbouring coordinates share a vector, and up to four vectors run side by side,
    // so the additions of one window overlap instead of waiting on each other.
    tokens.withUnsafeBufferPointer { tokens in
      vectors.storage.withUnsafeBufferPointer { e in
        out.withUnsafeMutableBufferPointer { out in
          guard let tokens = tokens.baseAddress, let e = e.baseAddress, let out = out.baseAddress
          else { return }
          for i in 0..<count {
            let window = tokens + i * n, row = out + i * d
            var j = 0
            while j + 16 <= d {
              var (a, b, c, s) = (SIMD4<Double>(), SIMD4<Double>(), SIMD4<Double>(), SIMD4<Double>())
              for t in 0..<n {
                let v = e + Int(window[t]) * d + j
                a += Self.load4(v)
                b += Self.load4(v + 4)
                c += Self.load4(v + 8)
                s += Self.load4(v + 12)
              }
              for lane in 0..<4 {
                row[j + lane] = T(a[lane] * inverse)
                row[j + 4 + lane] = T(b[lane] * inverse)
                row[j + 8 + lane] = T(c[lane] * inverse)
                row[j + 12 + lane] = T(s[lane] * inverse)
              }
              j += 16
            }
            while j + 4 <= d {
              var sum = SIMD4<Double>()
              for t in 0..<n { sum += Self.load4(e + Int(window[t]) * d + j) }
              for lane in 0..<4 { row[j + lane] = T(sum[lane] * inverse) }
              j += 4
            }
            while j < d {
              var sum = 0.0
              for t in 0..<n { sum += e[Int(window[t]) * d + j] }
              row[j] = T(sum * inverse)
              j += 1
            }
          }
        }
      }
    }
  }

  @inline(__always) private static func load4(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
  }

  /// `ẽ_w = e_w − μ` for the given token ids, one row each: (ids.count, d).
  func centredVectors(_ ids: [Int]) -> Matrix<Double> {
    let d = dimension
    var out = Matrix<Double>(rows: ids.count, cols: d)
    for (r, w) in ids.enumerated() {
      for j in 0..<d { out[r, j] = vectors[w, j] - mean[j] }
    }
    return out
  }
}
