import Foundation
import Testing
@testable import Analysis

/// The substitution coefficients σ_k (METHOD.md §3b): their invariants on every space, their
/// blindness to inference where the fit's β is not, and the model path against PyTorch.
@Suite struct SubstitutionTests {
  static let count = 256
  static let length = 12

  /// `σ` of a readout given as a function of whole sequences, on `count` test sequences.
  static func curve(
    _ space: SemanticSpace, tokens: [Int32], length n: Int, seed: Int = 5,
    _ readout: ([Int32]) -> Matrix<Double>
  ) -> SubstitutionCurve {
    MemoryIndicators.substitutionCurve(
      tokens: tokens, length: n, space: space, seed: seed, decoded: readout(tokens), decode: readout)!
  }

  static func tokens(_ space: SemanticSpace, count: Int = count, length: Int = length) throws -> [Int32] {
    var rng = RandomGenerator(seed: 17)
    return try space.sampleSequences(count: count, length: length, using: &rng)
  }

  @Test(arguments: TestSpace.allCases)
  func exactCentroidHoldsEverythingAndAConstantNothing(_ kind: TestSpace) throws {
    let space = try kind.make()
    let tokens = try Self.tokens(space)
    let n = Self.length
    let exact = Self.curve(space, tokens: tokens, length: n) { space.centroids(of: $0, length: n) }
    expectClose(exact.sigma, [Double](repeating: 1, count: n), absolute: 1e-12, relative: 0, "exact σ")
    #expect(exact.standardError.allSatisfy { $0 < 1e-9 }, "\(exact.standardError)")
    // A constant anywhere: μ, a token's vector, or far from both.
    for constant in [space.mean, Array(space.vectors.storage.prefix(space.dimension)), space.mean.map { $0 + 40 }] {
      let flat = Self.curve(space, tokens: tokens, length: n) { t in
        Matrix(rows: t.count / n, cols: space.dimension, storage: (0..<(t.count / n)).flatMap { _ in constant })
      }
      #expect(flat.sigma == [Double](repeating: 0, count: n))
      #expect(flat.standardError == [Double](repeating: 0, count: n))
    }
    // The held-memory indicators of both curves.
    let held = MemoryIndicators.heldMemory(exact, threshold: 0.5)
    #expect(abs(held.smr - 1) < 1e-12 && held.eml == n && held.tau == nil)
  }

  /// Donors are derangements drawn from the seed, length and position alone.
  @Test func donorsAreSeededDerangements() throws {
    let donors = try #require(MemoryIndicators.Donors(count: 50, length: 7, seed: 3))
    for p in 0..<7 {
      let column = (0..<50).map { donors.donor(of: $0, at: p) }
      #expect(Set(column).count == 50 && (0..<50).allSatisfy { column[$0] != $0 })
    }
    let again = try #require(MemoryIndicators.Donors(count: 50, length: 7, seed: 3))
    let other = try #require(MemoryIndicators.Donors(count: 50, length: 7, seed: 4))
    #expect((0..<50).allSatisfy { donors.donor(of: $0, at: 2) == again.donor(of: $0, at: 2) })
    #expect(!(0..<50).allSatisfy { donors.donor(of: $0, at: 2) == other.donor(of: $0, at: 2) })
    #expect(MemoryIndicators.Donors(count: 1, length: 7, seed: 3) == nil)
    // An explicit pairing must be a derangement.
    #expect(MemoryIndicators.Donors(table: [1, 0, 2, 0, 2, 1], count: 3, length: 2) == nil)
    #expect(MemoryIndicators.Donors(table: [1, 2, 0, 2, 0, 1], count: 3, length: 2) != nil)
  }

  /// A corpus of two kinds of line: topic A uses words 0–5 nine times in ten, topic B words
  /// 6–11; windows are cut within lines, so a window's words share its topic.
  static func topicSpace() throws -> SemanticSpace {
    var rng = RandomGenerator(seed: 91)
    let (vectors, _) = TestSpace.skewedFiles()
    var corpus = ""
    for _ in 0..<400 {
      let topic = rng.nextInt(below: 2)
      let length = 20 + rng.nextInt(below: 20)
      corpus += (0..<length).map { _ in
        let own = rng.nextInt(below: 10) < 9
        return "w\((own ? topic : 1 - topic) * 6 + rng.nextInt(below: 6))"
      }.joined(separator: " ") + "\n"
    }
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    return try .embeddings(
      vectorsFile: try write(vectors, to: "v.txt", in: directory),
      corpusFile: try write(corpus, to: "c.txt", in: directory), windows: .sentence)
  }

  /// A readout that sees only the last `m` tokens holds nothing further back, linear or not:
  /// σ_k = 0 exactly for k ≥ m on every space. On the topic corpus the nonlinear one (it outputs
  /// the mean centroid of the topic its last tokens suggest) gets a fit β_k > 0 there: the fit
  /// credits inference, σ does not.
  @Test(arguments: TestSpace.allCases.map(Optional.some) + [nil])
  func lastTokensReadoutHoldsNothingFurtherBack(_ kind: TestSpace?) throws {
    let space = try kind?.make() ?? Self.topicSpace()
    let n = Self.length, m = 3, d = space.dimension
    let tokens = try Self.tokens(space)
    // The topic corpus's words are w0…w11 (topic B from w6); elsewhere any split of the words.
    let topicOf = { (w: Int32) -> Int in
      guard let word = space.words?[Int(w)], kind == nil, let number = Int(word.dropFirst()) else { return Int(w) % 2 }
      return number >= 6 ? 1 : 0
    }
    // The mean centroid of the test windows of each topic (by majority of their words).
    var topicMean = [[Double]](repeating: [Double](repeating: 0, count: d), count: 2)
    var topicCount = [0, 0]
    let centroids = space.centroids(of: tokens, length: n)
    for i in 0..<(tokens.count / n) {
      let votes = (0..<n).reduce(0) { $0 + topicOf(tokens[i * n + $1]) }
      let topic = 2 * votes > n ? 1 : 0
      topicCount[topic] += 1
      for j in 0..<d { topicMean[topic][j] += centroids[i, j] }
    }
    for t in 0..<2 where topicCount[t] > 0 { topicMean[t] = topicMean[t].map { $0 / Double(topicCount[t]) } }

    let linear = { (t: [Int32]) -> Matrix<Double> in
      var out = Matrix<Double>(rows: t.count / n, cols: d)
      for i in 0..<out.rows {
        for k in 0..<m {
          let w = Int(t[i * n + n - 1 - k])
          for j in 0..<d { out[i, j] += space.vectors[w, j] / Double(n) }
        }
      }
      return out
    }
    let nonlinear = { (t: [Int32]) -> Matrix<Double> in
      var out = Matrix<Double>(rows: t.count / n, cols: d)
      for i in 0..<out.rows {
        let votes = (0..<m).reduce(0) { $0 + topicOf(t[i * n + n - 1 - $1]) }
        let topic = 2 * votes > m ? 1 : 0
        for j in 0..<d { out[i, j] = topicMean[topic][j] + 0.01 * space.vectors[Int(t[i * n + n - 1]), j] }
      }
      return out
    }
    for (name, readout) in [("linear", linear), ("nonlinear", nonlinear)] {
      let sigma = Self.curve(space, tokens: tokens, length: n, readout).sigma
      #expect(sigma[m...].allSatisfy { $0 == 0 }, "\(name) σ: \(sigma)")
      #expect(sigma[0] > 0, "\(name) σ_0: \(sigma[0])")
    }
    if kind == nil {
      let beta = MemoryIndicators.fitCoefficients(
        decoded: nonlinear(tokens), tokens: tokens, length: n, space: space
      ).beta
      #expect(beta[m...].allSatisfy { $0 > 0.05 }, "the fit credits inference: β = \(beta)")
    }
  }

  /// One of `substitution-*.json`, made by `Fixtures/make_substitution_fixture.py`.
  struct Reference: Decodable {
    let unit: UnitKind
    let space: String
    let vocab, dim, length, sequences, seed: Int
    let weights: String
    let vectors: [Double]?
    let tokens: [Int32]
    let donors: [Int32]
    let sigma: [Double]
    let standardError: [Double]
    let decoded: [Double]

    static func load(_ name: String) throws -> Reference {
      let decoder = JSONDecoder()
      decoder.keyDecodingStrategy = .convertFromSnakeCase
      return try decoder.decode(
        Reference.self, from: Data(contentsOf: TorchFixture.directory.appendingPathComponent("substitution-\(name).json")))
    }

    func makeSpace() -> SemanticSpace {
      guard let vectors else { return .onehot(vocab: vocab) }
      let matrix = Matrix(rows: vocab, cols: dim, storage: vectors)
      let mean = (0..<dim).map { j in (0..<vocab).reduce(0) { $0 + matrix[$1, j] } / Double(vocab) }
      return SemanticSpace(kind: .gaussian, vectors: matrix, mean: mean, words: nil, source: .uniform)
    }
  }

  /// The model path (prefix states of the base pass, the study's kernels, Float) against
  /// PyTorch's full forward passes of every substituted sequence, on a trained one-hot GRU
  /// and random dense-input LSTM and vanilla RNN; and the donors the seed gives against the
  /// script's re-implementation of memstudy's generator.
  @Test(arguments: ["gru-onehot", "lstm-dense", "vrnn-dense"])
  func modelPathMatchesPyTorch(_ name: String) throws {
    let reference = try Reference.load(name)
    let data = try Data(contentsOf: TorchFixture.directory.appendingPathComponent(reference.weights))
    let model = try RecurrentModel<Float>.load(safeTensors: data, unit: reference.unit)
    let space = reference.makeSpace()
    let (n, count) = (reference.length, reference.sequences)
    let donors = try #require(MemoryIndicators.Donors(table: reference.donors, count: count, length: n))
    let seeded = try #require(MemoryIndicators.Donors(count: count, length: n, seed: reference.seed))
    for p in 0..<n {
      #expect((0..<count).allSatisfy { seeded.donor(of: $0, at: p) == donors.donor(of: $0, at: p) }, "position \(p)")
    }
    let evaluator = ModelEvaluator(space: space, evaluation: EvaluationConfig(sequences: count))
    let curve = try evaluator.substitutionCurve(model, tokens: reference.tokens, donors: donors)
    expectClose(curve.sigma, reference.sigma, absolute: 1e-5, relative: 0, "\(name) σ")
    expectClose(curve.standardError, reference.standardError, absolute: 1e-5, relative: 0, "\(name) SE")

    // The same curve from full forward passes of the substituted sequences: the prefix states
    // change nothing but the cost.
    let full = MemoryIndicators.substitutionCurve(
      tokens: reference.tokens, length: n, space: space, seed: reference.seed,
      decoded: evaluator.decode(model, tokens: reference.tokens, length: n),
      decode: { evaluator.decode(model, tokens: $0, length: n) })!
    expectClose(curve.sigma, full.sigma, absolute: 1e-6, relative: 0, "\(name) prefix vs full")
  }

  /// With independent tokens σ and β estimate the same thing: on a trained one-hot GRU, the
  /// mean of σ_k and the fit's SMR agree within 0.01 (1024 test sequences), and so does SMR_σ
  /// in length.
  @Test func trainedOneHotUnitAgreesWithTheFit() throws {
    let data = try Data(contentsOf: TorchFixture.directory.appendingPathComponent("evaluate-gru.safetensors"))
    let model = try RecurrentModel<Float>.load(safeTensors: data, unit: .gru)
    let evaluator = ModelEvaluator(space: .onehot(vocab: 8), evaluation: EvaluationConfig(sequences: 1024))
    for length in [10, 20] {
      let result = try evaluator.evaluate(model, seed: 1, length: length, substitution: true)
      let smrSub = try #require(result.smrSub)
      let sigma = try #require(result.memoryRateSub)
      let unclipped = sigma.reduce(0, +) / Double(length)
      #expect(abs(unclipped - result.smr) < 0.01, "n = \(length): mean σ \(unclipped), SMR \(result.smr)")
      // In length the clipping of SMR_σ changes little; at n = 20 this network over-counts
      // (β_k, σ_k ≈ 2: it adds tokens at the weight 1/10 it learnt), which SMR_σ clips to 1.
      if length == 10 {
        #expect(abs(smrSub - result.smr) < 0.01, "n = \(length): SMR_σ \(smrSub), SMR \(result.smr)")
      }
      #expect(try evaluator.evaluate(model, seed: 1, length: length).memoryRateSub == nil)
    }
  }
}
