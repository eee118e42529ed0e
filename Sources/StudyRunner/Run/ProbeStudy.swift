import Analysis
import Foundation

/// `memstudy probe`: a study directory (`report.html`, `results.json`, the CSV files, the
/// figures) for one recurrent network trained elsewhere, its memory read through linear probes
/// of its final state at each length (`ProbeRun`).
public struct ProbeStudy: Sendable {
  /// The model, its space and how its probes are fitted and evaluated.
  public let run: ProbeRun
  public let description: ProbeDescription
  public let config: StudyConfig
  public let directory: URL
  public let jobs: Int
  public let command: String

  /// Reads and checks every input before anything is written: the checkpoint against the
  /// vocabulary, the corpus into a space of the model's own embedding rows, the lengths against
  /// the corpus's test windows.
  ///
  /// `vectors`: another space than the model's embedding (word vectors in a text file): the
  /// centroids are its vectors' while the network still reads its embedding rows, over the
  /// corpus words that both have.
  public init(
    weights: URL, weightsData: Data, words: [String], corpus: URL, directory: URL,
    lengths: [Int], state: ProbedState, unit: UnitKind?, prefix: String?, embedding: String?,
    resamples: Int, sequences: Int, jobs: Int, command: String, vectors: URL? = nil
  ) throws {
    guard resamples >= 1, !lengths.isEmpty, lengths.allSatisfy({ $0 >= 1 }), Set(lengths).count == lengths.count, jobs >= 1 else {
      throw ProbeInputError(description: "a probe needs at least one resample, one job and distinct lengths ≥ 1 (got \(resamples) resamples, \(jobs) jobs, lengths \(lengths.prefix(20)))")
    }
    let checkpoint = try ProbeCheckpoint.read(weightsData, words: words, unit: unit, prefix: prefix, embeddingName: embedding)
    let model = checkpoint.model
    let sha = SHA256.hex(weightsData)
    let space: SemanticSpace
    var inputVectors: Matrix<Double>?
    if let vectors {
      // A word's row: written exactly like it, else the first word that lower-cases to it.
      var row: [String: Int] = [:]
      for (i, word) in words.enumerated() where row[word] == nil { row[word] = i }
      for (i, word) in words.enumerated() where row[word.lowercased()] == nil { row[word.lowercased()] = i }
      space = try SemanticSpace.embeddings(vectorsFile: vectors, corpusFile: corpus, allowed: Set(row.keys))
      var input = Matrix<Double>(rows: space.vocabularySize, cols: model.inputSize)
      for (id, word) in (space.words ?? []).enumerated() {
        guard let r = row[word] ?? row[word.lowercased()] else {
          throw ProbeInputError(description: "--vectors \(vectors.lastPathComponent): the word \(word.prefix(40)) has no row in the model's vocabulary")
        }
        for j in 0..<model.inputSize { input[id, j] = checkpoint.embedding[r, j] }
      }
      inputVectors = input
    } else {
      space = try SemanticSpace.embeddings(
        words: words, vectors: checkpoint.embedding,
        vectorsSource: .init(name: weights.lastPathComponent, bytes: weightsData.count, sha256: sha),
        corpusFile: corpus)
    }
    var evaluation = EvaluationConfig(sequences: sequences)
    evaluation.substitutionSequences = min(sequences, EvaluationConfig.defaultSubstitutionSequences)
    let config = StudyConfig(
      name: "Memory of \(weights.lastPathComponent)",
      space: .embeddings(EmbeddingsSource(
        vectors: vectors?.lastPathComponent ?? weights.lastPathComponent, corpus: corpus.lastPathComponent,
        vectorsHash: "sha256:" + (space.corpusSummary?.vectors.sha256 ?? sha),
        corpusHash: space.corpusSummary.map { "sha256:" + $0.corpus.sha256 })),
      units: [model.unit], hidden: [model.hiddenSize], layers: [model.layers],
      trainLengths: lengths.sorted(), seeds: Array(1...resamples), evaluation: evaluation)
    let run = ProbeRun(model: model, space: space, inputVectors: inputVectors, state: state, evaluation: evaluation)
    // The recurrent parameters: the model's layout without its placeholder readout.
    let recurrent = model.layout.entries.filter { $0.name.hasPrefix("rnn.") }.reduce(0) { $0 + $1.count }
    self.description = ProbeDescription(
      file: weights.lastPathComponent, sha256: sha, unit: model.unit, layers: model.layers,
      hidden: model.hiddenSize, vocabulary: words.count, inputSize: model.inputSize,
      recurrentParameters: recurrent, prefix: checkpoint.prefix, embedding: checkpoint.embeddingName,
      ignored: checkpoint.ignored.map { "\($0.name) \($0.shape)" }, state: state,
      trainingWindows: run.trainingWindows, validationWindows: run.validationWindows,
      resamples: resamples, vectors: vectors?.lastPathComponent)
    for part in CorpusPart.allCases {
      if let longest = space.longestSequence(in: part), let length = lengths.max(), longest < length {
        throw ProbeInputError(description: "--lengths: \(length) is longer than any \(part.rawValue) window of the corpus \(corpus.lastPathComponent) (the longest is \(longest) tokens)")
      }
    }
    guard sequences / 2 >= model.hiddenSize else {
      throw ProbeInputError(description: "--sequences \(sequences) is too few for memory-capacity probes at hidden size \(model.hiddenSize); expected at least \(2 * model.hiddenSize)")
    }
    self.run = run
    self.config = config
    self.directory = directory
    self.jobs = jobs
    self.command = command
  }

  /// Fits and evaluates every probe (lengths × resamples; the lengths on `jobs` threads) and
  /// writes the study's outputs.
  @discardableResult
  public func execute() throws -> StudyResults {
    let start = Date()
    let run = self.run
    // One length per task, the longest first; its probes share the length's test passes.
    let lengths = config.trainLengths.sorted(by: >)
    let resamples = description.resamples
    let jobs = self.jobs
    let perLength = try ParallelWork.run(lengths, jobs: jobs) { length in
      // The longest length, which takes most of the time, also splits its substituted passes.
      let cells = try run.cells(length: length, resamples: resamples, jobs: length == lengths.first ? jobs : 1)
      for cell in cells {
        let e = cell.eval.first
        let held = e?.smrSub.map { String(format: "%.3f", $0) } ?? "—"
        FileHandle.standardError.write(Data("memstudy: probe L=\(length) resample \(cell.seed): SMR \(String(format: "%.3f", e?.smr ?? .nan)), SMR_σ \(held)\n".utf8))
      }
      return cells
    }
    let results = perLength.flatMap { $0 }
    var study = StudyResults(
      config: config, provenance: Provenance.current(command: command, start: start), cells: results,
      recommendations: [], corpus: run.space.corpusSummary)
    study.probe = description
    study.cells = StudyGrid(study.config).ordered(study.cells)
    study.recommendations = RecommendationRule.recommendations(for: study)
    study.provenance.wallSeconds = Date().timeIntervalSince(start)
    try StudyOutputs(directory: directory, configYAML: nil).write(study)
    return study
  }
}

/// A probe input that cannot serve (exit 2), found before anything is written.
public struct ProbeInputError: Error, CustomStringConvertible {
  public let description: String
  public init(description: String) { self.description = description }
}
