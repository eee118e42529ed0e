import Foundation

extension SemanticSpace {
  /// A space of pre-trained word vectors, with sequences drawn from a text corpus.
  ///
  /// - `vectorsFile`: word2vec text (a first line `count dim`, checked against the rows), GloVe
  ///   text (no header) or fastText `.vec` (word2vec text whose first row is `</s>`, a word no
  ///   corpus token matches). Every other non-blank line is `word v1 … vd`, fields separated by
  ///   spaces or tabs.
  /// - `corpusFile`: one sentence or paragraph per line, tokens separated by whitespace and
  ///   lower-cased. A token takes the vector of the word written exactly like it, else of the
  ///   first word of the file that lower-cases to it (cased files such as word2vec's); tokens
  ///   without a vector are dropped and counted, and lines left empty are dropped.
  ///
  /// The lines are split into disjoint training, validation and test parts by a hash of the line
  /// and `seed` (`Corpus.part(ofLine:seed:shares:)`), `split` percent each. The vocabulary is
  /// the words of the vectors file that the corpus uses, in file order: a word that is never
  /// read can never be sampled, and keeping a 400 000-word file's unused rows would only cost
  /// memory. `μ` is the mean vector of the training part's tokens: the expected token vector of
  /// stream windows (up to the stream's two ends). Nothing in the memory coefficients depends on
  /// it (they centre on the test set's own means).
  ///
  /// Throws `SemanticSpaceError`, naming the file and line, for unreadable files, non-numbers,
  /// rows of a different dimension, words without values, duplicate words, a header the rows
  /// contradict, an empty vocabulary, a corpus without any in-vocabulary token, or a part left
  /// without any line.
  ///
  /// `allowed`: when given, only words in it (or whose lower-cased form is in it) are kept: the
  /// words a probed model has an embedding row for (`memstudy probe --vectors`).
  public static func embeddings(
    vectorsFile: URL, corpusFile: URL, split: [Int] = SpaceConfig.defaultSplit,
    windows: CorpusWindows = .stream, seed: Int = 0, allowed: Set<String>? = nil
  ) throws -> SemanticSpace {
    precondition(
      split.count == 3 && split.allSatisfy { $0 >= 0 } && split.reduce(0, +) == 100,
      "split must be three percentages summing to 100")
    let corpusData = try readData(corpusFile)
    let vectorsData = try readData(vectorsFile)
    let corpusTokens = try lines(corpusData, file: corpusFile).map { line in
      line.split(whereSeparator: \.isWhitespace).map { $0.lowercased() }
    }
    let corpusWords = Set(corpusTokens.joined())

    let table = try WordVectorTable(
      parsing: try lines(vectorsData, file: vectorsFile), file: vectorsFile.path,
      keeping: { word in
        (corpusWords.contains(word) || corpusWords.contains(word.lowercased()))
          && allowed.map { $0.contains(word) || $0.contains(word.lowercased()) } ?? true
      })
    return try embeddings(
      table: table, vectorsSource: .init(name: vectorsFile.lastPathComponent, bytes: vectorsData.count, sha256: SHA256.hex(vectorsData)),
      corpusFile: corpusFile, corpusData: corpusData, corpusTokens: corpusTokens, split: split,
      windows: windows, seed: seed)
  }

  /// A space whose vectors are a model's embedding rows (`memstudy probe`): `words[i]` has the
  /// vector `vectors` row `i`; the corpus is read, split and windowed as `embeddings(vectorsFile:…)`
  /// does, and `vectorsSource` names where the vectors came from (the checkpoint).
  public static func embeddings(
    words: [String], vectors: Matrix<Double>, vectorsSource: CorpusSummary.File, corpusFile: URL,
    split: [Int] = SpaceConfig.defaultSplit, windows: CorpusWindows = .stream, seed: Int = 0
  ) throws -> SemanticSpace {
    precondition(words.count == vectors.rows, "a word per row")
    let corpusData = try readData(corpusFile)
    let corpusTokens = try lines(corpusData, file: corpusFile).map { line in
      line.split(whereSeparator: \.isWhitespace).map { $0.lowercased() }
    }
    let table = WordVectorTable(words: words, values: vectors.storage, dimension: vectors.cols)
    return try embeddings(
      table: table, vectorsSource: vectorsSource, corpusFile: corpusFile, corpusData: corpusData,
      corpusTokens: corpusTokens, split: split, windows: windows, seed: seed)
  }

  private static func embeddings(
    table: WordVectorTable, vectorsSource: CorpusSummary.File, corpusFile: URL, corpusData: Data,
    corpusTokens: [[String]], split: [Int], windows: CorpusWindows, seed: Int
  ) throws -> SemanticSpace {
    precondition(
      split.count == 3 && split.allSatisfy { $0 >= 0 } && split.reduce(0, +) == 100,
      "split must be three percentages summing to 100")
    let corpusWords = Set(corpusTokens.joined())
    let (ids, used) = table.vocabulary(for: corpusWords)

    var parts = [Corpus.Part](repeating: Corpus.Part(), count: CorpusPart.allCases.count)
    var lineCount = 0
    var tokenCount = 0
    var withoutVector = 0
    for (index, tokens) in corpusTokens.enumerated() where !tokens.isEmpty {
      lineCount += 1
      tokenCount += tokens.count
      let sentence = tokens.compactMap { ids[$0] }
      withoutVector += tokens.count - sentence.count
      guard !sentence.isEmpty else { continue }
      let part = Corpus.part(ofLine: tokens, seed: seed, shares: split)
      parts[CorpusPart.allCases.firstIndex(of: part)!].append(line: sentence, number: index + 1)
    }
    guard parts.contains(where: { !$0.tokens.isEmpty }) else {
      throw SemanticSpaceError(file: corpusFile.path, line: nil, problem: .noInVocabularyTokens)
    }
    for (part, share) in zip(CorpusPart.allCases, split) {
      let index = CorpusPart.allCases.firstIndex(of: part)!
      guard !parts[index].tokens.isEmpty else {
        throw SemanticSpaceError(
          file: corpusFile.path, line: nil, problem: .emptyPart(part.rawValue, share: share))
      }
      parts[index].index()
    }

    let d = table.dimension
    var vectors = Matrix<Double>(rows: used.count, cols: d)
    for (id, row) in used.enumerated() {
      for j in 0..<d { vectors[id, j] = table.values[row * d + j] }
    }
    // Vectors that are all the same (an all-zero file, say) put every window's centroid on one
    // point: the network would have nothing to remember, and every indicator would be noise.
    if used.count > 1, (1..<used.count).allSatisfy({ w in (0..<d).allSatisfy { vectors[w, $0] == vectors[0, $0] } }) {
      throw SemanticSpaceError(file: vectorsSource.name, line: nil, problem: .constantVectors(count: used.count))
    }
    let training = parts[0].tokens
    var mean = [Double](repeating: 0, count: d)
    var frequency = [Int](repeating: 0, count: used.count)
    for id in training { frequency[Int(id)] += 1 }
    for (w, count) in frequency.enumerated() where count > 0 {
      let weight = Double(count) / Double(training.count)
      for j in 0..<d { mean[j] += weight * vectors[w, j] }
    }

    let summary = CorpusSummary(
      corpus: .init(name: corpusFile.lastPathComponent, bytes: corpusData.count, sha256: SHA256.hex(corpusData)),
      vectors: vectorsSource,
      lines: lineCount, tokens: tokenCount, types: corpusWords.count, tokensWithoutVector: withoutVector,
      vectorWords: table.rowCount, vocabulary: used.count, dimension: d, split: split, splitSeed: seed,
      windows: windows,
      parts: zip(CorpusPart.allCases, parts).map { part, p in
        .init(part: part, lines: p.lineCount, tokens: p.tokens.count, longestLine: p.longest(.sentence))
      })
    return SemanticSpace(
      kind: .embeddings, vectors: vectors, mean: mean, words: used.map { table.words[$0] },
      source: .corpus(Corpus(file: corpusFile.lastPathComponent, windows: windows, parts: parts)),
      corpusSummary: summary)
  }

  /// The file's bytes, read as validated UTF-8 text (so hashing them hashes the file).
  private static func readData(_ url: URL) throws -> Data {
    do {
      // The text, its lines and the parsed rows (8 bytes per value of ≥ 2 characters, or a
      // token string per word) live at once: an eighth of memory at most.
      return Data(try TextFile.read(url, maxBytes: MemoryEstimate.available / 8).utf8)
    } catch {
      throw SemanticSpaceError(file: url.path, line: nil, problem: .unreadable(error.description))
    }
  }

  /// The file's lines, `\r\n` or `\n` terminated.
  private static func lines(_ data: Data, file url: URL) throws -> [Substring] {
    guard let text = String(data: data, encoding: .utf8) else {
      throw SemanticSpaceError(file: url.path, line: nil, problem: .unreadable("not valid UTF-8"))
    }
    // Swift treats "\r\n" as one Character, so split on both terminators explicitly.
    return text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
  }
}

/// The rows of a word-vector text file that a corpus may use, after checking every row.
private struct WordVectorTable {
  /// The kept words, as written, in file order.
  var words: [String] = []
  /// (words.count, dimension), row-major.
  var values: [Double] = []
  var dimension = 0
  /// Every row of the file, kept or not.
  var rowCount = 0

  /// A table of rows already in memory (a model's embedding), every row kept.
  init(words: [String], values: [Double], dimension: Int) {
    self.words = words
    self.values = values
    self.dimension = dimension
    rowCount = words.count
  }

  /// For each corpus token, the kept row that gives its vector: the word written exactly like
  /// it, else the first word that lower-cases to it. `ids` maps a token to its token id; `used`
  /// lists the rows with an id, in file order (id `i` is row `used[i]`).
  func vocabulary(for tokens: Set<String>) -> (ids: [String: Int32], used: [Int]) {
    var rowOf: [String: Int] = [:]
    for (row, word) in words.enumerated() where tokens.contains(word) { rowOf[word] = row }
    for (row, word) in words.enumerated() {
      let folded = word.lowercased()
      if folded != word, tokens.contains(folded), rowOf[folded] == nil { rowOf[folded] = row }
    }
    let used = Set(rowOf.values).sorted()
    var idOfRow: [Int: Int32] = [:]
    for (id, row) in used.enumerated() { idOfRow[row] = Int32(id) }
    return (rowOf.mapValues { idOfRow[$0]! }, used)
  }

  init(parsing lines: [Substring], file: String, keeping wanted: (String) -> Bool) throws {
    func fail(_ line: Int?, _ problem: SemanticSpaceError.Problem) -> SemanticSpaceError {
      SemanticSpaceError(file: file, line: line, problem: problem)
    }
    var header: (count: Int, dimension: Int, line: Int)?
    var reference: (dimension: Int, line: Int)?
    var firstLine: [String: Int] = [:]
    var row: [Double] = []

    for (index, text) in lines.enumerated() {
      let line = index + 1
      let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
      if fields.isEmpty { continue }
      // A word2vec header is two whole numbers; one too large for an Int is a broken header,
      // not a word with one value.
      if reference == nil, header == nil, fields.count == 2,
        fields.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
      {
        guard let count = Int(fields[0]), let dimension = Int(fields[1]) else {
          throw fail(line, .badHeader("count and dimension must be integers this machine can hold, got \(fields[0].prefix(30)) \(fields[1].prefix(30))"))
        }
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
      if wanted(word) {
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
