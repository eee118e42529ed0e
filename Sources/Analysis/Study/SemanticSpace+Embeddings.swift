import Foundation

extension SemanticSpace {
  /// A space of pre-trained word vectors, with sequences drawn from a text corpus.
  ///
  /// - `vectorsFile`: word2vec or GloVe text format. An optional first line `count dim` (two
  ///   integers) is a word2vec header and is checked against the rows; every other non-blank
  ///   line is `word v1 … vd`, fields separated by spaces or tabs. Words are taken as written.
  /// - `corpusFile`: one sentence per line, tokens separated by whitespace and lower-cased;
  ///   tokens without a vector are dropped, and sentences left empty are dropped.
  ///
  /// The vocabulary is the words of the vectors file that occur in the corpus, in file order:
  /// a word that is never read can never be sampled, and keeping a 400 000-word file's unused
  /// rows would only cost memory. `μ` is the corpus-frequency-weighted mean of the vectors.
  ///
  /// Throws `SemanticSpaceError`, naming the file and line, for unreadable files, non-numbers,
  /// rows of a different dimension, words without values, duplicate words, a header the rows
  /// contradict, an empty vocabulary, or a corpus without any in-vocabulary token.
  public static func embeddings(vectorsFile: URL, corpusFile: URL) throws -> SemanticSpace {
    let corpusLines = try readLines(corpusFile)
    let corpusTokens = corpusLines.map { line in
      line.split(whereSeparator: \.isWhitespace).map { $0.lowercased() }
    }
    let corpusWords = Set(corpusTokens.joined())

    let table = try WordVectorTable(parsing: try readLines(vectorsFile), file: vectorsFile.path, keeping: corpusWords)

    var ids: [String: Int32] = [:]
    for (id, word) in table.words.enumerated() { ids[word] = Int32(id) }
    var sentences: [[Int32]] = []
    var lines: [Int] = []
    var frequency = [Int](repeating: 0, count: table.words.count)
    for (index, tokens) in corpusTokens.enumerated() {
      let sentence = tokens.compactMap { ids[$0] }
      guard !sentence.isEmpty else { continue }
      for id in sentence { frequency[Int(id)] += 1 }
      sentences.append(sentence)
      lines.append(index + 1)
    }
    guard !sentences.isEmpty else {
      throw SemanticSpaceError(file: corpusFile.path, line: nil, problem: .noInVocabularyTokens)
    }

    let d = table.dimension
    let vectors = Matrix(rows: table.words.count, cols: d, storage: table.values)
    let total = Double(frequency.reduce(0, +))
    var mean = [Double](repeating: 0, count: d)
    for (w, count) in frequency.enumerated() where count > 0 {
      let weight = Double(count) / total
      for j in 0..<d { mean[j] += weight * vectors[w, j] }
    }
    return SemanticSpace(
      kind: .embeddings, vectors: vectors, mean: mean, words: table.words,
      source: .corpus(Corpus(file: corpusFile.path, sentences: sentences, lines: lines)))
  }

  /// The file's lines, `\r\n` or `\n` terminated.
  private static func readLines(_ url: URL) throws -> [Substring] {
    let text: String
    do {
      // The text, its lines and the parsed rows (8 bytes per value of ≥ 2 characters, or a
      // token string per word) live at once: an eighth of memory at most.
      text = try TextFile.read(url, maxBytes: MemoryEstimate.available / 8)
    } catch {
      throw SemanticSpaceError(file: url.path, line: nil, problem: .unreadable(error.description))
    }
    // Swift treats "\r\n" as one Character, so split on both terminators explicitly.
    return text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
  }
}

/// The rows of a word-vector text file that a corpus uses, after checking every row.
private struct WordVectorTable {
  var words: [String] = []
  /// (words.count, dimension), row-major.
  var values: [Double] = []
  var dimension = 0

  init(parsing lines: [Substring], file: String, keeping wanted: Set<String>) throws {
    func fail(_ line: Int?, _ problem: SemanticSpaceError.Problem) -> SemanticSpaceError {
      SemanticSpaceError(file: file, line: line, problem: problem)
    }
    var header: (count: Int, dimension: Int, line: Int)?
    var reference: (dimension: Int, line: Int)?
    var firstLine: [String: Int] = [:]
    var rowCount = 0
    var row: [Double] = []

    for (index, text) in lines.enumerated() {
      let line = index + 1
      let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
      if fields.isEmpty { continue }
      if reference == nil, header == nil, fields.count == 2,
        let count = Int(fields[0]), let dimension = Int(fields[1])
      {
        guard count > 0, dimension > 0 else {
          throw fail(line, .badHeader("count and dimension must be positive, got \(count) \(dimension)"))
        }
        header = (count, dimension, line)
        reference = (dimension, line)
        continue
      }
      let word = String(fields[0])
      guard fields.count > 1 else { throw fail(line, .noValues(word: word)) }
      if let reference, fields.count - 1 != reference.dimension {
        throw fail(
          line, .raggedRow(found: fields.count - 1, expected: reference.dimension, referenceLine: reference.line))
      }
      row.removeAll(keepingCapacity: true)
      for field in fields.dropFirst() {
        guard let value = Double(field), value.isFinite else {
          throw fail(line, .notANumber(String(field.prefix(40))))
        }
        // Training runs in Float: a value beyond its range (3.4e38) would be infinite there.
        guard abs(value) <= Double(Float.greatestFiniteMagnitude) else {
          throw fail(line, .beyondFloatRange(String(field.prefix(40))))
        }
        row.append(value)
      }
      if let first = firstLine[word] { throw fail(line, .duplicateWord(word, firstLine: first)) }
      firstLine[word] = line
      if reference == nil { reference = (row.count, line) }
      rowCount += 1
      if wanted.contains(word) {
        words.append(word)
        values.append(contentsOf: row)
      }
    }

    if let header, header.count != rowCount {
      throw fail(header.line, .badHeader("declares \(header.count) words, the file has \(rowCount)"))
    }
    guard let reference, rowCount > 0 else { throw fail(header?.line, .emptyVocabulary) }
    dimension = reference.dimension
  }
}
