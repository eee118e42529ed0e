import Foundation
import Testing
@testable import Analysis

@Suite struct SemanticSpaceErrorTests {
  /// A malformed vectors file, with the error it must give.
  struct BadVectors: Sendable, CustomStringConvertible {
    var name: String
    var text: String
    var line: Int?
    var problem: SemanticSpaceError.Problem
    var description: String { name }
  }

  static let badVectors: [BadVectors] = [
    BadVectors(
      name: "ragged row", text: "a 1 2 3\nb 1 2\n", line: 2,
      problem: .raggedRow(found: 2, expected: 3, referenceLine: 1)),
    BadVectors(
      name: "row shorter than the header's dimension", text: "2 3\na 1 2 3\nb 1 2\n", line: 3,
      problem: .raggedRow(found: 2, expected: 3, referenceLine: 1)),
    BadVectors(
      name: "not a number", text: "a 1 2\n\nb 1 x\n", line: 3, problem: .notANumber("x")),
    BadVectors(name: "NaN", text: "a nan 2\n", line: 1, problem: .notANumber("nan")),
    BadVectors(name: "word without values", text: "a 1 2\nb\n", line: 2, problem: .noValues(word: "b")),
    BadVectors(
      name: "duplicate word", text: "a 1 2\nb 3 4\na 5 6\n", line: 3,
      problem: .duplicateWord("a", firstLine: 1)),
    BadVectors(
      name: "header count differs from rows", text: "3 2\na 1 2\nb 3 4\n", line: 1,
      problem: .badHeader("declares 3 words, the file has 2")),
    BadVectors(
      name: "header with zero dimension", text: "3 0\na 1 2\n", line: 1,
      problem: .badHeader("count and dimension must be positive, got 3 0")),
    BadVectors(
      name: "header count beyond Int", text: "99999999999999999999999 2\na 1 2\n", line: 1,
      problem: .badHeader("count and dimension must be integers this machine can hold, got 99999999999999999999999 2")),
    BadVectors(name: "empty file", text: "", line: nil, problem: .emptyVocabulary),
    BadVectors(name: "blank lines only", text: "\n  \n", line: nil, problem: .emptyVocabulary),
  ]

  @Test(arguments: badVectors)
  func malformedVectorsFileNamesFileLineAndProblem(_ bad: BadVectors) throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let vectors = try write(bad.text, to: "vectors.txt", in: directory)
    let corpus = try write("a b\n", to: "corpus.txt", in: directory)
    let error = try #require(throws: SemanticSpaceError.self) {
      try SemanticSpace.embeddings(vectorsFile: vectors, corpusFile: corpus)
    }
    #expect(error.problem == bad.problem)
    #expect(error.file == vectors.path)
    #expect(error.line == bad.line)
    let place = bad.line.map { "\(vectors.path):\($0): " } ?? "\(vectors.path): "
    #expect(error.description.hasPrefix(place), "\(error.description)")
    #expect(error.localizedDescription == error.description)
  }

  @Test func corpusWithoutInVocabularyTokens() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let vectors = try write("a 1 2\nb 3 4\n", to: "vectors.txt", in: directory)
    let corpus = try write("x y z\n\nw\n", to: "corpus.txt", in: directory)
    let error = try #require(throws: SemanticSpaceError.self) {
      try SemanticSpace.embeddings(vectorsFile: vectors, corpusFile: corpus)
    }
    #expect(error.problem == .noInVocabularyTokens)
    #expect(error.file == corpus.path)
    #expect(error.description.hasPrefix("\(corpus.path): "))
  }

  @Test func unreadableFile() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let corpus = try write("a\n", to: "corpus.txt", in: directory)
    let missing = directory.appendingPathComponent("missing.txt")
    let error = try #require(throws: SemanticSpaceError.self) {
      try SemanticSpace.embeddings(vectorsFile: missing, corpusFile: corpus)
    }
    guard case .unreadable = error.problem else {
      Issue.record("expected .unreadable, got \(error.problem)")
      return
    }
    #expect(error.file == missing.path)
  }
}

extension SemanticSpaceErrorTests {
  /// A "word" of a million characters makes a one-line message, not a megabyte of one.
  @Test func aHugeWordIsQuotedShort() {
    let word = String(repeating: "x", count: 1_000_000)
    let message = SemanticSpaceError(file: "v.vec", line: 3, problem: .duplicateWord(word, firstLine: 2)).description
    #expect(message.count < 200, "\(message.count) characters")
    #expect(message.contains("(1000000 characters)"))
  }
}

extension SemanticSpaceErrorTests {
  /// All-zero (or all-equal) vectors put every window's semantics on one point: refused by name
  /// instead of running a study that measures nothing.
  @Test func vectorsThatAreAllTheSameAreRefused() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let vectors = try write("3 2\nthe 0 0\ncat 0 0\nsat 0 0\n", to: "vectors.txt", in: directory)
    let corpus = try write((0..<300).map { "the cat sat w\($0)\n" }.joined(), to: "corpus.txt", in: directory)
    let error = try #require(throws: SemanticSpaceError.self) {
      try SemanticSpace.embeddings(vectorsFile: vectors, corpusFile: corpus)
    }
    #expect(error.problem == .constantVectors(count: 3))
    // One vector apart is enough to measure something.
    let apart = try write("3 2\nthe 0 0\ncat 0 0\nsat 0 1\n", to: "apart.txt", in: directory)
    #expect(throws: Never.self) { try SemanticSpace.embeddings(vectorsFile: apart, corpusFile: corpus) }
  }
}
