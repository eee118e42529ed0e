import Foundation
import Testing
@testable import Analysis

/// The corpus split (METHOD.md §1): disjoint parts by a seeded hash of the line, the same on every
/// platform, and windows of each part only.
@Suite struct CorpusSplitTests {
  /// 400 distinct lines of 3–12 words over a 40-word vocabulary, 8-dimensional vectors.
  static func files(header: Bool = true) -> (vectors: String, corpus: String) {
    var rng = RandomGenerator(seed: 5)
    let words = (0..<40).map { "v\($0)" }
    var vectors = header ? "\(words.count) 8\n" : ""
    for word in words {
      vectors += ([word] + (0..<8).map { _ in String(format: "%.5f", rng.normal()) }).joined(separator: " ") + "\n"
    }
    var corpus = ""
    for _ in 0..<400 {
      corpus += (0..<(3 + rng.nextInt(below: 10))).map { _ in words[rng.nextInt(below: 40)] }.joined(separator: " ") + "\n"
    }
    return (vectors, corpus)
  }

  static func space(windows: CorpusWindows, split: [Int] = [80, 10, 10], seed: Int = 0) throws -> SemanticSpace {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let (vectors, corpus) = files()
    return try .embeddings(
      vectorsFile: try write(vectors, to: "v.txt", in: directory),
      corpusFile: try write(corpus, to: "c.txt", in: directory), split: split, windows: windows, seed: seed)
  }

  /// The line hash is FNV-1a and SplitMix64's mixer, integer arithmetic only: these values hold
  /// on every platform (Swift's own `Hasher` is seeded at random per process).
  @Test func lineHashIsFixed() {
    var empty = LineHash(seed: 0)
    #expect(empty.finalised == LineHash(seed: 0).finalised)
    var a = LineHash(seed: 0)
    for byte in "the cat".utf8 { a.add(byte) }
    var b = LineHash(seed: 1)
    for byte in "the cat".utf8 { b.add(byte) }
    #expect(a.finalised != b.finalised, "the seed matters")
    empty.add(0)
    // Checked against an independent implementation (Python, arbitrary-precision integers
    // masked to 64 bits): bucket 88 of 100.
    #expect(a.finalised == 0x91B5_0169_53E5_4E88, "\(String(a.finalised, radix: 16))")
    #expect(SemanticSpace.Corpus.part(ofLine: ["the", "cat"], seed: 0, shares: [80, 10, 10]) == .validation)
    #expect(SemanticSpace.Corpus.part(ofLine: ["the", "cat"], seed: 0, shares: [80, 8, 12]) == .test)
  }

  @Test(arguments: CorpusWindows.allCases)
  func partsAreDisjointAndNoTestWindowIsInTheTrainingPart(_ windows: CorpusWindows) throws {
    let space = try Self.space(windows: windows)
    guard case .corpus(let corpus) = space.source else {
      Issue.record("an embeddings space samples a corpus")
      return
    }
    let (training, validation, test) = (corpus.part(.training), corpus.part(.validation), corpus.part(.test))
    let lines = Set(training.lineNumbers)
    #expect(lines.isDisjoint(with: validation.lineNumbers) && lines.isDisjoint(with: test.lineNumbers))
    #expect(Set(validation.lineNumbers).isDisjoint(with: test.lineNumbers))
    #expect(training.lineCount + validation.lineCount + test.lineCount == 400)
    // Near 80 / 10 / 10.
    #expect((290...350).contains(training.lineCount), "\(training.lineCount)")
    #expect((20...65).contains(test.lineCount), "\(test.lineCount)")

    // Windows of 5 tokens over 40 words: a window that occurs in the training stream by chance
    // is unlikely; one drawn from it would be certain.
    let n = 5
    func grams(_ tokens: [Int32]) -> Set<[Int32]> {
      Set((0...(tokens.count - n)).map { Array(tokens[$0..<($0 + n)]) })
    }
    let trainingGrams = grams(training.tokens)
    let testGrams = grams(test.tokens)
    var rng = RandomGenerator(seed: 3)
    let drawn = try space.sampleSequences(count: 500, length: n, part: .test, using: &rng)
    for i in 0..<500 {
      let window = Array(drawn[(i * n)..<((i + 1) * n)])
      #expect(testGrams.contains(window), "a test window comes from the test part")
      #expect(!trainingGrams.contains(window), "test window \(window) occurs in the training part")
    }
    let trainingDrawn = try space.sampleSequences(count: 200, length: n, part: .training, using: &rng)
    #expect((0..<200).allSatisfy { trainingGrams.contains(Array(trainingDrawn[($0 * n)..<(($0 + 1) * n)])) })
  }

  @Test func aLineAlwaysFallsInTheSamePartWhateverItsPositionOrCase() throws {
    let shares = [60, 20, 20]
    var parts: [CorpusPart: Int] = [:]
    for i in 0..<1000 {
      let line = ["word\(i)", "and", "more"]
      let part = SemanticSpace.Corpus.part(ofLine: line, seed: 9, shares: shares)
      #expect(part == SemanticSpace.Corpus.part(ofLine: line, seed: 9, shares: shares))
      parts[part, default: 0] += 1
    }
    #expect((540...660).contains(parts[.training] ?? 0), "\(parts)")
    #expect((150...250).contains(parts[.test] ?? 0), "\(parts)")
    // A repeated line lands with its twin: a test window cannot be a training line's copy.
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let (vectors, corpus) = Self.files()
    let twice = corpus + corpus.uppercased()
    let space = try SemanticSpace.embeddings(
      vectorsFile: try write(vectors, to: "v.txt", in: directory),
      corpusFile: try write(twice, to: "c.txt", in: directory))
    guard case .corpus(let split) = space.source else { return }
    for part in CorpusPart.allCases {
      let numbers = split.part(part).lineNumbers
      #expect(Set(numbers.filter { $0 <= 400 }.map { $0 + 400 }) == Set(numbers.filter { $0 > 400 }), "\(part)")
    }
  }

  @Test func theSplitSeedAndSharesChooseTheParts() throws {
    let a = try Self.space(windows: .stream, seed: 0)
    let b = try Self.space(windows: .stream, seed: 1)
    let c = try Self.space(windows: .stream, split: [50, 25, 25])
    let sizes = { (s: SemanticSpace) in s.corpusSummary!.parts.map(\.lines) }
    #expect(sizes(a) != sizes(b))
    #expect(sizes(c)[0] < sizes(a)[0])
    #expect(a.corpusSummary!.split == [80, 10, 10] && c.corpusSummary!.split == [50, 25, 25])
  }

  @Test func aPartTooShortForALengthSaysWhichAndHowLong() throws {
    let space = try Self.space(windows: .sentence)
    let longest = try #require(space.longestSequence(in: .validation))
    #expect(longest == 12)
    var rng = RandomGenerator(seed: 1)
    let error = try #require(throws: SemanticSpaceError.self) {
      try space.sampleSequences(count: 1, length: 13, part: .validation, using: &rng)
    }
    #expect(error.problem == .noWindowOfLength(13, part: "validation", longest: 12, windows: "sentence"))
    #expect(error.description.contains("validation part"), "\(error.description)")
    let stream = try Self.space(windows: .stream)
    #expect(stream.longestSequence(in: .test) == stream.corpusSummary!.parts[2].tokens)
    #expect(stream.longestSequence(in: .test)! > 100, "stream windows cross line ends")
  }

  @Test func anEmptyPartIsAnError() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let vectors = try write("a 1 2\nb 3 4\n", to: "vectors.txt", in: directory)
    let corpus = try write("a b\n", to: "corpus.txt", in: directory)
    let error = try #require(throws: SemanticSpaceError.self) {
      try SemanticSpace.embeddings(vectorsFile: vectors, corpusFile: corpus)
    }
    guard case .emptyPart = error.problem else {
      Issue.record("expected .emptyPart, got \(error.problem)")
      return
    }
    #expect(error.description.contains("space.split"))
  }

  /// word2vec text (header), GloVe text (none) and fastText `.vec` (header, then `</s>`) give
  /// the same space from the same rows.
  @Test func vectorFormatsReadAlike() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let (word2vec, corpus) = Self.files(header: true)
    let (glove, _) = Self.files(header: false)
    let rows = word2vec.split(separator: "\n").dropFirst()
    let fastText = "\(rows.count + 1) 8\n</s> " + (0..<8).map { _ in "0.5" }.joined(separator: " ") + "\n"
      + rows.joined(separator: "\n") + "\n"
    let corpusURL = try write(corpus, to: "c.txt", in: directory)
    let spaces = try [("w.txt", word2vec), ("g.txt", glove), ("f.vec", fastText)].map { name, text in
      try SemanticSpace.embeddings(vectorsFile: try write(text, to: name, in: directory), corpusFile: corpusURL)
    }
    for space in spaces.dropFirst() {
      #expect(space.words == spaces[0].words)
      #expect(space.vectors == spaces[0].vectors)
      #expect(space.mean == spaces[0].mean)
    }
    #expect(spaces[0].vocabularySize == 40)
    #expect(spaces[2].corpusSummary!.vectorWords == 41, "</s> is a row, never a token")
  }
}
