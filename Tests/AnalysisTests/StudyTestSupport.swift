import Foundation
@testable import Analysis

/// A fresh directory under the system temporary directory, one per call.
func makeTemporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("memstudy-tests-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// Writes `text` to `name` inside `directory` and returns its URL.
func write(_ text: String, to name: String, in directory: URL) throws -> URL {
  let url = directory.appendingPathComponent(name)
  try text.write(to: url, atomically: true, encoding: .utf8)
  return url
}

/// The three kinds of semantic space, small enough for debug-build tests.
enum TestSpace: CaseIterable, CustomStringConvertible, Sendable {
  /// d = V = 10.
  case onehot
  /// V = 48 > d = 16: compressed semantics, token vectors linearly dependent.
  case gaussian
  /// 8 corpus words of a 9-word, 5-dimensional vectors file, non-uniform frequencies.
  case embeddings
  /// Real-text-like: short lines use some words, long lines others, and windows are cut
  /// within lines, so the windows of a length favour other words than the corpus does.
  case skewedEmbeddings

  var description: String {
    switch self {
    case .onehot: "onehot"
    case .gaussian: "gaussian"
    case .embeddings: "embeddings"
    case .skewedEmbeddings: "skewed embeddings"
    }
  }

  func make() throws -> SemanticSpace {
    switch self {
    case .onehot: return .onehot(vocab: 10)
    case .gaussian: return .gaussian(vocab: 48, dim: 16, seed: 11)
    case .embeddings:
      let directory = try makeTemporaryDirectory()
      defer { try? FileManager.default.removeItem(at: directory) }
      let (vectors, corpus) = Self.embeddingFiles()
      return try .embeddings(
        vectorsFile: try write(vectors, to: "vectors.txt", in: directory),
        corpusFile: try write(corpus, to: "corpus.txt", in: directory))
    case .skewedEmbeddings:
      let directory = try makeTemporaryDirectory()
      defer { try? FileManager.default.removeItem(at: directory) }
      let (vectors, corpus) = Self.skewedFiles()
      return try .embeddings(
        vectorsFile: try write(vectors, to: "vectors.txt", in: directory),
        corpusFile: try write(corpus, to: "corpus.txt", in: directory), windows: .sentence)
    }
  }

  /// A GloVe text file (no header) of 12 words in 6 dimensions, and a corpus of 300 lines: most
  /// are short (2–6 tokens) and use the first six words, one in five is long (14–40 tokens) and
  /// uses mostly the last six. Windows of 12 tokens come from long lines only, so their mean
  /// vector is far from the corpus-frequency mean.
  static func skewedFiles() -> (vectors: String, corpus: String) {
    var rng = RandomGenerator(seed: 77)
    let words = (0..<12).map { "w\($0)" }
    var vectors = ""
    for word in words {
      vectors += ([word] + (0..<6).map { _ in String(format: "%.6f", 0.3 + rng.normal()) }).joined(separator: " ") + "\n"
    }
    var corpus = ""
    for _ in 0..<300 {
      let long = rng.nextInt(below: 5) == 0
      let length = long ? 14 + rng.nextInt(below: 27) : 2 + rng.nextInt(below: 5)
      let line = (0..<length).map { _ in
        long && rng.nextInt(below: 10) < 9 ? words[6 + rng.nextInt(below: 6)] : words[rng.nextInt(below: 6)]
      }
      corpus += line.joined(separator: " ") + "\n"
    }
    return (vectors, corpus)
  }

  /// The same vectors, and a corpus whose lines all use every word alike: the uniform twin.
  static func uniformFiles() -> (vectors: String, corpus: String) {
    var rng = RandomGenerator(seed: 78)
    let (vectors, _) = skewedFiles()
    var corpus = ""
    for _ in 0..<300 {
      let length = 2 + rng.nextInt(below: 39)
      corpus += (0..<length).map { _ in "w\(rng.nextInt(below: 12))" }.joined(separator: " ") + "\n"
    }
    return (vectors, corpus)
  }

  /// A word2vec text file (with header) and a corpus of 60 sentences of 15–30 tokens drawn with
  /// Zipf-like weights, with upper-case and out-of-vocabulary tokens mixed in.
  static func embeddingFiles() -> (vectors: String, corpus: String) {
    var rng = RandomGenerator(seed: 2024)
    let words = ["the", "cat", "sat", "on", "a", "mat", "dog", "ran", "unused"]
    var vectors = "\(words.count) 5\n"
    for word in words {
      let values = (0..<5).map { _ in String(format: "%.6f", rng.normal()) }
      vectors += ([word] + values).joined(separator: " ") + "\n"
    }
    let corpusWords = ["The", "cat", "sat", "on", "a", "mat", "dog", "ran", "zzz-oov"]
    let weights = corpusWords.indices.map { 1 / Double($0 + 1) }
    let total = weights.reduce(0, +)
    var corpus = ""
    for _ in 0..<60 {
      let length = 15 + rng.nextInt(below: 16)
      var sentence: [String] = []
      for _ in 0..<length {
        var u = rng.nextUnit() * total
        var index = 0
        while index < weights.count - 1 && u >= weights[index] {
          u -= weights[index]
          index += 1
        }
        sentence.append(corpusWords[index])
      }
      corpus += sentence.joined(separator: " ") + "\n"
    }
    return (vectors, corpus)
  }
}
