import Foundation
import Testing
@testable import Analysis

@Suite struct MemoryIndicatorsTests {
  static let count = 256
  static let length = 12

  /// Test sequences of a space and readouts built from their exact semantics.
  struct Fixture {
    let space: SemanticSpace
    let tokens: [Int32]
    let n = MemoryIndicatorsTests.length

    init(_ kind: TestSpace) throws {
      space = try kind.make()
      var rng = RandomGenerator(seed: 17)
      tokens = try space.sampleSequences(count: MemoryIndicatorsTests.count, length: n, using: &rng)
    }

    /// `ŝ_i = μ + (1/n) Σ_k weight(k) ẽ_{x_{i,n−k}}`: the readout whose true β is `weight`.
    func readout(_ weight: (Int) -> Double) -> Matrix<Double> {
      let d = space.dimension
      var out = Matrix<Double>(rows: MemoryIndicatorsTests.count, cols: d)
      for i in 0..<out.rows {
        for j in 0..<d { out[i, j] = space.mean[j] }
        for k in 0..<n {
          let w = Int(tokens[i * n + n - 1 - k])
          for j in 0..<d { out[i, j] += weight(k) * (space.vectors[w, j] - space.mean[j]) / Double(n) }
        }
      }
      return out
    }

    func evaluate(_ decoded: Matrix<Double>, threshold: Double = 0.5) -> EvalResult {
      MemoryIndicators.evaluate(
        decoded: decoded, tokens: tokens, length: n, finalStates: decoded, space: space,
        threshold: threshold, probeRidge: 1e-3)
    }
  }

  @Test(arguments: TestSpace.allCases)
  func oracleReadoutRemembersEverything(_ kind: TestSpace) throws {
    let fixture = try Fixture(kind)
    let oracle = fixture.space.centroids(of: fixture.tokens, length: fixture.n)
    let result = fixture.evaluate(oracle)
    expectClose(result.memoryRate, [Double](repeating: 1, count: fixture.n), absolute: 1e-9, relative: 0, "β")
    #expect(abs(result.smr - 1) < 1e-9)
    #expect(abs(result.fidelity - 1) < 1e-12)
    #expect(result.interference < 1e-9)
    #expect(result.eml == fixture.n)
    #expect(result.tau == nil, "a flat β does not decay")
    #expect(result.length == fixture.n)
  }

  /// A readout that ignores its input remembers nothing, whatever constant it outputs: `μ`, a
  /// token's vector, or a point far from both (METHOD.md §3's invariant). On the Zipf-skewed
  /// corpus the test set's mean differs from `μ`, so only a fit with an intercept passes.
  @Test(arguments: TestSpace.allCases)
  func aTokenOrAFarPointAsConstantReadoutRemembersNothing(_ kind: TestSpace) throws {
    let fixture = try Fixture(kind)
    let d = fixture.space.dimension
    let first = Int(fixture.tokens[0])
    func largestBeta(_ constant: [Double]) -> (beta: Double, result: EvalResult) {
      var decoded = Matrix<Double>(rows: Self.count, cols: d)
      for i in 0..<Self.count {
        for j in 0..<d { decoded[i, j] = constant[j] }
      }
      let result = fixture.evaluate(decoded)
      return (result.memoryRate.map(abs).max() ?? 0, result)
    }
    // μ itself: nothing to fit under either centring.
    let atMean = largestBeta(fixture.space.mean)
    #expect(atMean.beta < 1e-9 && atMean.result.eml == 0, "\(kind): β \(atMean.beta) for ŝ = μ")
    #expect(atMean.result.interference < 1e-12, "nothing made up")
    let token: [Double] = (0..<d).map { fixture.space.vectors[first, $0] }
    let far: [Double] = (0..<d).map { j -> Double in fixture.space.mean[j] + 0.7 * Double(j % 3) - 0.4 }
    let others = [largestBeta(token), largestBeta(far)]
    for other in others {
      #expect(other.beta < 1e-9, "\(kind): largest |β_k| \(other.beta) for a constant output")
      #expect(other.result.eml == 0)
    }
  }

  /// Any constant output, whether the sampling mean, the corpus's frequency mean, zero or a
  /// random point, retains nothing: the fit has an intercept (METHOD.md §3).
  @Test(arguments: TestSpace.allCases)
  func anyConstantReadoutRemembersNothing(_ kind: TestSpace) throws {
    let fixture = try Fixture(kind)
    let d = fixture.space.dimension
    var rng = RandomGenerator(seed: 31)
    // The mean token vector over the corpus (or vocabulary), weighted by frequency of use.
    var frequencyMean = [Double](repeating: 0, count: d)
    for token in fixture.tokens {
      for j in 0..<d { frequencyMean[j] += fixture.space.vectors[Int(token), j] / Double(fixture.tokens.count) }
    }
    let constants: [(String, [Double])] = [
      ("μ", fixture.space.mean), ("zero", [Double](repeating: 0, count: d)),
      ("random", (0..<d).map { _ in rng.normal() }), ("test-set frequency mean", frequencyMean),
    ]
    for (name, constant) in constants {
      var decoded = Matrix<Double>(rows: MemoryIndicatorsTests.count, cols: d)
      for i in 0..<decoded.rows { for j in 0..<d { decoded[i, j] = constant[j] } }
      let result = fixture.evaluate(decoded)
      expectClose(result.memoryRate, [Double](repeating: 0, count: fixture.n), absolute: 1e-12, relative: 0, "β of \(name)")
      #expect(result.fidelity == 0, "\(name)")
      #expect(result.eml == 0, "\(name)")
    }
  }

  /// A readout that keeps the last `m` tokens and fills the rest with a constant scores
  /// `SMR = m/n` on a skewed corpus as on a uniform one: the fit does not read the gap between
  /// the windows' mean and the constant as memory. (Without the intercept, the skewed corpus
  /// scored a memoryless network's SMR near 1.)
  @Test func lastTokensReadoutScoresAlikeOnSkewedAndUniformCorpora() throws {
    let n = 12, kept = 3
    var smr: [Double] = []
    for (vectorsText, corpusText) in [TestSpace.skewedFiles(), TestSpace.uniformFiles()] {
      let directory = try makeTemporaryDirectory()
      defer { try? FileManager.default.removeItem(at: directory) }
      let space = try SemanticSpace.embeddings(
        vectorsFile: try write(vectorsText, to: "v.txt", in: directory),
        corpusFile: try write(corpusText, to: "c.txt", in: directory), windows: .sentence)
      var rng = RandomGenerator(seed: 4)
      let tokens = try space.sampleSequences(count: 512, length: n, part: .test, using: &rng)
      let d = space.dimension
      // ŝ = (1/n) (Σ_{k<m} e_{x_{n−k}} + (n − m) μ): the last m tokens, and the training mean
      // standing in for everything older.
      var decoded = Matrix<Double>(rows: 512, cols: d)
      for i in 0..<512 {
        for j in 0..<d { decoded[i, j] = Double(n - kept) * space.mean[j] / Double(n) }
        for k in 0..<kept {
          let w = Int(tokens[i * n + n - 1 - k])
          for j in 0..<d { decoded[i, j] += space.vectors[w, j] / Double(n) }
        }
      }
      let result = MemoryIndicators.evaluate(
        decoded: decoded, tokens: tokens, length: n, finalStates: decoded, space: space,
        threshold: 0.5, probeRidge: 1e-3)
      expectClose(result.memoryRate, (0..<n).map { $0 < kept ? 1 : 0 }, absolute: 1e-9, relative: 0, "β")
      smr.append(result.smr)
    }
    #expect(abs(smr[0] - smr[1]) < 1e-9, "skewed \(smr[0]), uniform \(smr[1])")
    #expect(abs(smr[0] - Double(kept) / Double(n)) < 1e-9)
  }

  @Test(arguments: TestSpace.allCases)
  func readoutOfTheLastTokensHasThatEffectiveMemoryLength(_ kind: TestSpace) throws {
    let fixture = try Fixture(kind)
    let kept = 5
    let result = fixture.evaluate(fixture.readout { $0 < kept ? 1 : 0 })
    let expected = (0..<fixture.n).map { $0 < kept ? 1.0 : 0.0 }
    expectClose(result.memoryRate, expected, absolute: 1e-9, relative: 0, "β")
    #expect(result.eml == kept)
    #expect(abs(result.smr - Double(kept) / Double(fixture.n)) < 1e-9)
    #expect(result.interference < 1e-9, "nothing made up")
  }

  @Test(arguments: TestSpace.allCases)
  func exponentialForgettingIsRecovered(_ kind: TestSpace) throws {
    let fixture = try Fixture(kind)
    let result = fixture.evaluate(fixture.readout { 0.95 * exp(-Double($0) / 4) }, threshold: 0.3)
    let expected = (0..<fixture.n).map { 0.95 * exp(-Double($0) / 4) }
    expectClose(result.memoryRate, expected, absolute: 1e-9, relative: 0, "β")
    // β_k ≥ 0.3 while k ≤ 4 log(0.95/0.3) = 4.6.
    #expect(result.eml == 5)
    let tau = try #require(result.tau)
    #expect(abs(tau - 4) < 1e-6)
  }

  @Test(arguments: TestSpace.allCases)
  func gramAndDirectNormalEquationsAgree(_ kind: TestSpace) throws {
    let fixture = try Fixture(kind)
    var rng = RandomGenerator(seed: 5)
    var decoded = fixture.readout { 1 / Double($0 + 1) }
    for i in decoded.storage.indices { decoded.storage[i] += 0.01 * rng.normal() }
    let gram = MemoryIndicators.fitCoefficients(
      decoded: decoded, tokens: fixture.tokens, length: fixture.n, space: fixture.space, method: .gram)
    let direct = MemoryIndicators.fitCoefficients(
      decoded: decoded, tokens: fixture.tokens, length: fixture.n, space: fixture.space, method: .direct)
    expectClose(gram.beta, direct.beta, absolute: 1e-10, relative: 1e-10, "β")
    #expect(abs(gram.fidelity - direct.fidelity) < 1e-12)
    #expect(abs(gram.interference - direct.interference) < 1e-12)
    #expect(gram.interference > 0.01, "the noise shows as interference")
    #expect(gram.fidelity < 1)
  }

  @Test func effectiveMemoryLengthCountsLeadingCoefficientsAboveThreshold() {
    #expect(MemoryIndicators.effectiveMemoryLength([0.4, 0.9, 0.9], threshold: 0.5) == 0)
    #expect(MemoryIndicators.effectiveMemoryLength([0.9, 0.5, 0.49, 0.9], threshold: 0.5) == 2)
    #expect(MemoryIndicators.effectiveMemoryLength([0.9, 0.8, 0.7], threshold: 0.5) == 3)
    #expect(MemoryIndicators.effectiveMemoryLength([0.9, .nan, 0.7], threshold: 0.5) == 1)
    #expect(MemoryIndicators.effectiveMemoryLength([], threshold: 0.5) == 0)
  }

  @Test(arguments: [1.5, 7.0, 40.0])
  func timeConstantOfAnExponentialCurve(_ tau: Double) throws {
    let beta = (0..<60).map { 0.8 * exp(-Double($0) / tau) }
    let fitted = try #require(MemoryIndicators.timeConstant(beta))
    #expect(abs(fitted - tau) < 1e-9 * tau)
  }

  @Test func timeConstantIgnoresCoefficientsAtTheNoiseFloor() throws {
    // The tail below 0.05 (including negative fitting noise) must not bend the fit.
    let beta = (0..<10).map { exp(-Double($0) / 3) } + [0.04, -0.02, 0.01, 0]
    let fitted = try #require(MemoryIndicators.timeConstant(beta))
    #expect(abs(fitted - 3) < 1e-9)
  }

  @Test func timeConstantFitsOnlyTheLeadingRun() throws {
    // τ = 3 until β first falls to the floor; far back, fitting noise (or a rebound of a unit
    // that keeps the first tokens read) rises above it again. Fitting those points too would
    // give a much longer τ: only the leading run is the forgetting curve.
    let leading = (0..<10).map { exp(-Double($0) / 3) }
    let beta = leading + [0.04] + [Double](repeating: 0.3, count: 20)
    let fitted = try #require(MemoryIndicators.timeConstant(beta))
    #expect(abs(fitted - 3) < 1e-9, "τ = \(fitted)")
    // A run cut by one coefficient at the floor: what follows is not part of it either.
    #expect(MemoryIndicators.timeConstant([0.9, 0.05, 0.8, 0.7, 0.6]) == nil, "one point before the floor")
  }

  @Test func timeConstantIsNilWithoutDecay() {
    #expect(MemoryIndicators.timeConstant([1, 1, 1, 1]) == nil, "flat")
    #expect(MemoryIndicators.timeConstant([0.5, 0.6, 0.7]) == nil, "growing")
    #expect(MemoryIndicators.timeConstant([0.9, 0.01, 0.0]) == nil, "one point above the floor")
    #expect(MemoryIndicators.timeConstant([]) == nil)
  }
}
