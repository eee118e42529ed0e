import Foundation
import Testing
@testable import Analysis

@Suite struct SemanticSpaceTests {
  @Test func onehotIsTheStandardBasisWithUniformMean() {
    let space = SemanticSpace.onehot(vocab: 6)
    #expect(space.kind == .onehot)
    #expect(space.vocabularySize == 6 && space.dimension == 6)
    #expect(space.words == nil)
    for w in 0..<6 {
      for j in 0..<6 { #expect(space.vectors[w, j] == (w == j ? 1 : 0)) }
    }
    expectClose(space.mean, [Double](repeating: 1.0 / 6, count: 6), absolute: 0, relative: 1e-15)
  }

  @Test func gaussianIsFixedBySeedWithVarianceOneOverD() {
    let a = SemanticSpace.gaussian(vocab: 400, dim: 25, seed: 5)
    let b = SemanticSpace.gaussian(vocab: 400, dim: 25, seed: 5)
    let c = SemanticSpace.gaussian(vocab: 400, dim: 25, seed: 6)
    #expect(a.vectors == b.vectors)
    #expect(a.vectors != c.vectors)
    let variance = a.vectors.storage.reduce(0) { $0 + $1 * $1 } / Double(a.vectors.count)
    #expect(abs(variance - 1.0 / 25) < 0.1 / 25, "entry variance \(variance), expected 1/25")
    var mean = [Double](repeating: 0, count: 25)
    for w in 0..<400 { for j in 0..<25 { mean[j] += a.vectors[w, j] / 400 } }
    expectClose(a.mean, mean, absolute: 1e-15, relative: 1e-12)
  }

  @Test func warnsWhenTheSpaceIsWiderThanTheHiddenState() {
    let space = SemanticSpace.onehot(vocab: 32)
    #expect(space.readoutWarnings(hidden: [32, 64]).isEmpty)
    let warnings = space.readoutWarnings(hidden: [16, 64, 8])
    #expect(warnings.count == 2)
    #expect(warnings.first?.hasPrefix("the onehot space has d = 32 > H = 16") == true)
  }

  @Test(arguments: TestSpace.allCases)
  func samplingIsAPureFunctionOfTheGeneratorState(_ kind: TestSpace) throws {
    let space = try kind.make()
    var rng1 = RandomGenerator(seed: 99)
    var rng2 = RandomGenerator(seed: 99)
    let first = try space.sampleSequences(count: 20, length: 7, using: &rng1)
    let second = try space.sampleSequences(count: 20, length: 7, using: &rng2)
    #expect(first == second)
    #expect(first.count == 140)
    #expect(first.allSatisfy { $0 >= 0 && Int($0) < space.vocabularySize })
    let third = try space.sampleSequences(count: 20, length: 7, using: &rng1)
    #expect(third != first, "the generator advanced")
  }

  @Test(arguments: TestSpace.allCases)
  func centroidsAreMeansOfTokenVectors(_ kind: TestSpace) throws {
    let space = try kind.make()
    var rng = RandomGenerator(seed: 3)
    let n = 5
    let tokens = try space.sampleSequences(count: 4, length: n, using: &rng)
    let centroids = space.centroids(of: tokens, length: n)
    #expect(centroids.rows == 4 && centroids.cols == space.dimension)
    for i in 0..<4 {
      var expected = [Double](repeating: 0, count: space.dimension)
      for t in 0..<n {
        for j in 0..<space.dimension { expected[j] += space.vectors[Int(tokens[i * n + t]), j] / Double(n) }
      }
      let row = Array(centroids.storage[(i * space.dimension)..<((i + 1) * space.dimension)])
      expectClose(row, expected, absolute: 1e-15, relative: 1e-12, "sequence \(i)")
    }
  }

  /// The centroids equal a plain sum over t in order, bit for bit, at every dimension (whole
  /// and partial vectors of four, blocks of sixteen), in Double and rounded once to Float.
  @Test func centroidsAreSummedInTokenOrderAtEveryDimension() {
    var rng = RandomGenerator(seed: 11)
    for d in [1, 3, 4, 5, 15, 16, 17, 20, 33, 64] {
      let vocab = 7, n = 9, count = 3
      let matrix = Matrix(rows: vocab, cols: d, storage: (0..<(vocab * d)).map { _ in rng.normal() })
      let space = SemanticSpace(
        kind: .gaussian, vectors: matrix, mean: [Double](repeating: 0, count: d), words: nil, source: .uniform)
      let tokens = (0..<(count * n)).map { _ in Int32(rng.nextInt(below: vocab)) }
      var doubles: [Double] = [], floats: [Float] = []
      space.centroids(of: tokens, length: n, into: &doubles)
      space.centroids(of: tokens, length: n, into: &floats)
      for i in 0..<count {
        for j in 0..<d {
          var sum = 0.0
          for t in 0..<n { sum += matrix[Int(tokens[i * n + t]), j] }
          let expected = sum * (1 / Double(n))
          #expect(doubles[i * d + j].bitPattern == expected.bitPattern, "d = \(d), window \(i), coordinate \(j)")
          #expect(floats[i * d + j].bitPattern == Float(expected).bitPattern, "d = \(d), Float")
        }
      }
    }
  }

  @Test func embeddingsMatchWordsAsWrittenThenLowerCasedAndTakeTheTrainingMean() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // "Banana" is only written upper-case: the lower-cased corpus token takes it. "Cherry" and
    // "cherry" are both there: the exact spelling wins.
    let vectors = try write(
      "apple 1 0\nBanana 0 1\nCherry 7 7\ncherry 2 2\nunused 9 9\n", to: "v.txt", in: directory)
    let lines = (0..<40).map { _ in "Apple apple cherry\n\nbanana   zzz\r\nAPPLE" }
    let corpus = try write(
      zip(lines, 0...).map { "\($0) line\($1)" }.joined(separator: "\n") + "\n", to: "c.txt", in: directory)
    let space = try SemanticSpace.embeddings(vectorsFile: vectors, corpusFile: corpus)
    #expect(space.words == ["apple", "Banana", "cherry"])
    #expect(space.kind == .embeddings)
    #expect(space.vocabularySize == 3 && space.dimension == 2)
    let summary = try #require(space.corpusSummary)
    // 40 × 3 non-blank lines; 40 × (3 + 2 + 2) tokens ("line0" … have no vector, nor "zzz").
    #expect(summary.lines == 120)
    #expect(summary.tokens == 280)
    #expect(summary.tokensWithoutVector == 80)
    #expect(summary.vocabulary == 3 && summary.vectorWords == 5 && summary.dimension == 2)
    #expect(summary.corpus.name == "c.txt" && summary.vectors.name == "v.txt")
    #expect(summary.vectors.sha256 == SHA256.hex(try Data(contentsOf: vectors)))
    #expect(summary.parts.map(\.lines).reduce(0, +) == 120)
    #expect(summary.parts.map(\.tokens).reduce(0, +) == 200)
    // μ is the mean of the training part's tokens (one window of the whole stream is it).
    var rng = RandomGenerator(seed: 1)
    let training = try space.sampleSequences(count: 1, length: summary.parts[0].tokens, part: .training, using: &rng)
    var mean = [0.0, 0.0]
    for t in training { for j in 0..<2 { mean[j] += space.vectors[Int(t), j] / Double(training.count) } }
    expectClose(space.mean, mean, absolute: 1e-15, relative: 1e-12)
  }

  @Test func sentenceWindowsAreContiguousPiecesOfLines() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let words = (0..<10).map { "w\($0)" }
    let vectors = try write(
      words.enumerated().map { "\($1) \($0) 1" }.joined(separator: "\n"), to: "v.txt", in: directory)
    // Every line is w0 … w9 (plus a distinct out-of-vocabulary word, so lines hash apart).
    let corpus = try write(
      (0..<60).map { words.joined(separator: " ") + " tag\($0)" }.joined(separator: "\n"), to: "c.txt", in: directory)
    let space = try SemanticSpace.embeddings(vectorsFile: vectors, corpusFile: corpus, windows: .sentence)
    var rng = RandomGenerator(seed: 8)
    let n = 4
    for part in CorpusPart.allCases {
      let tokens = try space.sampleSequences(count: 200, length: n, part: part, using: &rng)
      var starts = Set<Int32>()
      for i in 0..<200 {
        let window = tokens[(i * n)..<((i + 1) * n)]
        starts.insert(window.first!)
        // Ids follow file order, and a line is w0 … w9: a window within it is consecutive ids.
        #expect(Array(window) == (0..<Int32(n)).map { window.first! + $0 }, "\(part)")
      }
      #expect(starts == Set(0...6), "every start position is drawn (\(part))")
    }
    #expect(space.longestSequence(in: .test) == 10)
    #expect(throws: SemanticSpaceError.self) { try space.sampleSequences(count: 1, length: 11, part: .test, using: &rng) }
  }
}
