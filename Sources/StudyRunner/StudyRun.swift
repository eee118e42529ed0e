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

  /// Runs what is not finished yet and writes `results.json`, the CSV files, the figures and
  /// the report. Throws before training anything when a stale cell file is in the way.
  @discardableResult
  public func execute() throws -> StudyResults {
    let start = Date()
    BLAS.useSingleThread()
    let space = try SemanticSpace.make(config.space)
    // The loader checked onehot and gaussian spaces; an embeddings space's dimension is known
    // only now that its vectors file is read.
    let underDetermined = ConfigLoader.determinationProblems(for: config, dimension: space.dimension)
    if !underDetermined.isEmpty { throw ConfigError(source: source, problems: underDetermined) }
    for warning in ConfigLoader.warnings(for: config, dimension: space.dimension) {
      FileHandle.standardError.write(Data("memstudy: warning: \(warning)\n".utf8))
    }
    // Sample once at every length up front, so a corpus too short for some length fails
    // here, naming the file, before any cell trains.
    var probe = RandomGenerator(seed: 0)
    for length in Set(config.trainLengths + config.effectiveTestLengths) {
      _ = try space.sampleSequences(count: 1, length: length, using: &probe)
    }
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
}
