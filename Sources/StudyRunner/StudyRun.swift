import Analysis
import Foundation

/// A whole study: the grid trained in parallel (resuming finished cells), the recommendations,
/// and every output file in the study directory.
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

  public init(
    config: StudyConfig, configYAML: String, directory: URL, jobs: Int, command: String,
    source: String = "the config"
  ) {
    self.config = config
    self.configYAML = configYAML
    self.directory = directory
    self.jobs = jobs
    self.command = command
    self.source = source
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
    // Sample once at every length up front, so a corpus too short for some length fails
    // here, naming the file, before any cell trains.
    var probe = RandomGenerator(seed: 0)
    for length in Set(config.trainLengths + config.effectiveTestLengths) {
      _ = try space.sampleSequences(count: 1, length: length, using: &probe)
    }
    return space
  }

  /// Runs what is not finished yet and writes `results.json`, the CSV files, the figures and
  /// the report. Throws before training anything when a stale cell file is in the way.
  @discardableResult
  public func execute(space made: SemanticSpace? = nil) throws -> StudyResults {
    let start = Date()
    BLAS.useSingleThread()
    let space = try made ?? makeSpace()
    let jobs = fittingJobs(vocab: space.vocabularySize, dimension: space.dimension)
    let config = try recorded(self.config)
    let store = CellStore(directory: directory.appendingPathComponent("cells"), config: config)
    let grid = config.cells
    var finished: [CellSpec: CellResult] = [:]
    for cell in grid {
      if let result = try store.load(cell) { finished[cell] = result }
    }
    let pending = grid.filter { finished[$0] == nil }
    let trainer = CellTrainer(space: space, config: config)
    let progress = Progress(total: grid.count, alreadyDone: finished.count)
    let fresh = try ParallelCells.run(
      pending, jobs: jobs,
      work: { cell in
        let (result, model) = try trainer.runKeepingModel(cell)
        try store.save(result, model: model)
        return result
      },
      started: progress.started, finished: progress.finished)
    progress.finish()
    for result in fresh {
      finished[CellSpec(unit: result.unit, hidden: result.hidden, trainLength: result.trainLength, seed: result.seed)] = result
    }
    var results = StudyResults(
      config: config, provenance: .current(command: command, start: start),
      cells: grid.map { finished[$0]! }, recommendations: [])
    results.cells = DataTables.sortedCells(results)
    results.recommendations = RecommendationRule.recommendations(for: results)
    results.provenance.wallSeconds = Date().timeIntervalSince(start)
    try StudyOutputs(directory: directory, configYAML: configYAML).write(results)
    return results
  }

  /// The config as the study records it: the vectors and corpus files by name and SHA-256
  /// (their content is what shapes the numbers), not by where they lived on this machine.
  func recorded(_ config: StudyConfig) throws -> StudyConfig {
    var recorded = config
    for (path, name, hash) in [(config.space.vectors, \SpaceConfig.vectors, \SpaceConfig.vectorsHash),
      (config.space.corpus, \SpaceConfig.corpus, \SpaceConfig.corpusHash)]
    {
      guard let path else { continue }
      let url = URL(fileURLWithPath: path)
      do {
        recorded.space[keyPath: hash] = "sha256:" + (try SHA256.hex(ofFile: url))
      } catch {
        throw SemanticSpaceError(file: path, line: nil, problem: .unreadable("cannot be read (\(StudyDirectory.reason(error)))"))
      }
      recorded.space[keyPath: name] = url.lastPathComponent
    }
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
}
