import Analysis
import Foundation

/// A whole study: the grid trained in parallel (resuming finished cells), the recommendations,
/// and every output file in the study directory; or, with a shard, that shard's cells alone.
public struct StudyRun: Sendable {
  public let config: StudyConfig
  /// The config as YAML, for the report's appendix.
  public let configYAML: String
  public let directory: URL
  public let jobs: Int
  /// The command line, for provenance.
  public let command: String
  /// Where the config came from ("study.yaml", "preset quick"), for its error messages.
  public let source: String
  /// Train only this shard's cells and write no study outputs (`memstudy run --shard K/N`).
  public let shard: Shard?

  public init(
    config: StudyConfig, configYAML: String, directory: URL, jobs: Int, command: String,
    source: String = "the config", shard: Shard? = nil
  ) {
    self.config = config
    self.configYAML = configYAML
    self.directory = directory
    self.jobs = jobs
    self.command = command
    self.source = source
    self.shard = shard
  }

  /// The study's semantic space, read and checked without writing anything: its files parse,
  /// the largest cell fits in memory, and every length can be sampled. `memstudy run` calls it
  /// before it creates or locks the study directory, so bad input leaves no trace.
  public func makeSpace() throws -> SemanticSpace {
    let space = try SemanticSpace.make(config.space)
    for warning in ConfigLoader.warnings(for: config, dimension: space.dimension) {
      FileHandle.standardError.write(Data("memstudy: warning: \(warning)\n".utf8))
    }
    if let problem = ConfigLoader.memoryProblem(config, vocab: space.vocabularySize, dimension: space.dimension) {
      throw ConfigError(source: "the study", problems: [problem])
    }
    // The loader checked onehot and gaussian spaces; an embeddings space's dimension is known
    // only now that its vectors file is read.
    let underDetermined = ConfigLoader.determinationProblems(for: config, dimension: space.dimension)
    if !underDetermined.isEmpty { throw ConfigError(source: source, problems: underDetermined) }
    // A corpus part too short for some length fails here, naming the key, before any cell
    // trains or any file is written.
    try Self.checkCorpusLengths(config, space: space)
    return space
  }

  /// Runs what is not finished yet and writes `results.json`, the CSV files, the figures and
  /// the report. Throws before training anything when a stale cell file is in the way.
  ///
  /// The decoded examples take the models of the cells this process trains from memory
  /// (`TrainedModels`); only a cell it did not train (reused from an earlier run, or trained
  /// by a shard) is read back from its weights file in the cell store. Either way the examples
  /// are the same: the file holds the model's Float weights bit for bit.
  @discardableResult
  public func execute(space made: SemanticSpace? = nil) throws -> StudyResults {
    precondition(shard == nil, "a shard run writes no study outputs: call executeShard()")
    let start = Date()
    let (config, runner, schedule, jobs) = try prepare(made)
    let store = CellStore(directory: directory.appendingPathComponent("cells"), config: config)
    var finished: [CellSpec: CellResult] = [:]
    var origins: [CellSpec: CellStore.Origin] = [:]
    for cell in schedule.grid {
      if let (result, origin) = try store.loadWithOrigin(cell) {
        finished[cell] = result
        origins[cell] = origin
      }
    }
    let pending = schedule.longestFirst(schedule.grid.filter { finished[$0] == nil })
    let progress = Progress(
      total: schedule.grid.count, alreadyDone: finished.count, cost: schedule.costs(of: pending))
    let space = runner.space
    let trained = TrainedModels { DecodedExamples.mayDecode($0, config: config, space: space) }
    for result in try train(pending, jobs: jobs, runner: runner, store: store, progress: progress, keeping: trained) {
      finished[result.spec] = result
      origins[result.spec] = store.origin
    }
    var provenance = Provenance.current(command: command, start: start)
    provenance.trainedBy = Self.summary(of: schedule.grid.map { origins[$0]! })
    var results = StudyResults(
      config: config, provenance: provenance,
      cells: schedule.grid.map { finished[$0]! }, recommendations: [],
      corpus: runner.space.corpusSummary)
    results.cells = StudyGrid(config).ordered(results.cells)
    results.recommendations = RecommendationRule.recommendations(for: results)
    results.examples = try DecodedExamples.make(results, space: runner.space, evaluator: runner.evaluator) { spec in
      try trained[spec] ?? store.loadModel(spec)
    }
    results.provenance.wallSeconds = Date().timeIntervalSince(start)
    try StudyOutputs(directory: directory, configYAML: configYAML).write(results)
    return results
  }

  /// What one shard did.
  public struct ShardSummary: Sendable {
    public let shard: Shard
    public let gridCells: Int
    /// The shard's cells, most expensive first.
    public let cells: [CellSpec]
    public let alreadyFinished: Int
    public let trained: Int
    /// The shard's estimated share of the grid's cost.
    public let estimatedShare: Double
    public let host: String
    public let wallSeconds: Double
  }

  /// Trains the cells of `shard` that are not finished yet, longest first, and writes their
  /// cell files only; the study outputs are left to an ordinary run on the directory.
  public func executeShard(space made: SemanticSpace? = nil) throws -> ShardSummary {
    guard let shard else { preconditionFailure("executeShard() needs a shard") }
    let start = Date()
    let (config, runner, schedule, jobs) = try prepare(made)
    var store = CellStore(directory: directory.appendingPathComponent("cells"), config: config)
    store.origin = CellStore.Origin(host: Provenance.currentHost, shard: shard.description)
    let mine = schedule.cells(of: shard)
    // Only this shard's files are read: the other shards' are theirs to write.
    var pending: [CellSpec] = []
    for cell in mine where try store.load(cell) == nil { pending.append(cell) }
    let progress = Progress(
      total: mine.count, alreadyDone: mine.count - pending.count, cost: schedule.costs(of: pending))
    let fresh = try train(pending, jobs: jobs, runner: runner, store: store, progress: progress)
    return ShardSummary(
      shard: shard, gridCells: schedule.grid.count, cells: mine,
      alreadyFinished: mine.count - pending.count, trained: fresh.count,
      estimatedShare: schedule.share(of: mine), host: store.origin.host,
      wallSeconds: Date().timeIntervalSince(start))
  }

  /// The config as recorded, the cell runner, the schedule and the workers that fit in memory.
  private func prepare(_ made: SemanticSpace?) throws -> (StudyConfig, CellRunner, CellSchedule, Int) {
    let space = try made ?? makeSpace()
    let jobs = fittingJobs(vocab: space.vocabularySize, dimension: space.dimension)
    let config = try recorded(self.config)
    return (
      config, CellRunner(space: space, config: config),
      CellSchedule(config: config, inputDimension: space.dimension), jobs
    )
  }

  /// Trains `cells` in the given order on `jobs` workers, saving each as it finishes and
  /// offering its model to `keeping`.
  private func train(
    _ cells: [CellSpec], jobs: Int, runner: CellRunner, store: CellStore, progress: Progress,
    keeping trained: TrainedModels? = nil
  ) throws -> [CellResult] {
    defer { progress.finish() }
    return try ParallelCells.run(
      cells, jobs: jobs,
      work: { cell in
        let (result, model) = try runner.runKeepingModel(cell)
        try store.save(result, model: model)
        trained?.offer(model, of: cell)
        return result
      },
      started: progress.started, finished: progress.finished)
  }

  /// The config as the study records it: the vectors and corpus files by name and SHA-256
  /// (their content is what shapes the numbers), not by where they lived on this machine.
  func recorded(_ config: StudyConfig) throws -> StudyConfig {
    guard case .embeddings(var source) = config.space else { return config }
    for (name, hash) in [(\EmbeddingsSource.vectors, \EmbeddingsSource.vectorsHash),
      (\EmbeddingsSource.corpus, \EmbeddingsSource.corpusHash)]
    {
      let path = source[keyPath: name]
      let url = URL(fileURLWithPath: path)
      do {
        source[keyPath: hash] = "sha256:" + (try SHA256.hex(ofFile: url, maxBytes: MemoryEstimate.available / 8))
      } catch {
        throw SemanticSpaceError(file: path, line: nil, problem: .unreadable("cannot be read (\(StudyDirectory.reason(error)))"))
      }
      source[keyPath: name] = url.lastPathComponent
    }
    var recorded = config
    recorded.space = .embeddings(source)
    return recorded
  }

  /// `jobs`, or fewer when that many cells side by side would not fit in memory.
  func fittingJobs(vocab: Int, dimension: Int, available: Double = MemoryEstimate.available) -> Int {
    let one = config.memoryEstimate(vocab: vocab, dimension: dimension, jobs: 1).bytes
    let each = one - config.memoryEstimate(vocab: vocab, dimension: dimension, jobs: 0).bytes
    let fitting = each > 0 ? max(1, Int(min(Double(jobs), (available - (one - each)) / each))) : jobs
    if fitting < jobs {
      FileHandle.standardError.write(Data("memstudy: warning: --jobs \(jobs) lowered to \(fitting): each cell needs about \(MemoryEstimate.format(each)) and this machine has \(MemoryEstimate.format(available))\n".utf8))
    }
    return fitting
  }

  /// Cell counts by host and shard, ordinary runs first, then by shard index and host.
  static func summary(of origins: [CellStore.Origin]) -> [CellOrigin] {
    var counts: [CellStore.Origin: Int] = [:]
    for origin in origins { counts[origin, default: 0] += 1 }
    func key(_ o: CellStore.Origin) -> (Int, Int, String) {
      let parts = o.shard?.split(separator: "/").compactMap { Int($0) } ?? []
      return parts.count == 2 ? (parts[1], parts[0], o.host) : (-1, -1, o.host)
    }
    return counts.keys.sorted { key($0) < key($1) }
      .map { CellOrigin(host: $0.host, shard: $0.shard, cells: counts[$0]!) }
  }
}
