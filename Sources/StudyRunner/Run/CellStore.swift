import Analysis
import Foundation

/// The finished cells of a study, one JSON file each under `DIR/cells/`, written atomically
/// (temporary file, then rename), so a run killed at any moment leaves only whole cells and a
/// rerun skips them.
///
/// Each file carries the fingerprint of everything that shapes a cell's numbers (space,
/// training, evaluation, test lengths, file format). A file with another fingerprint is never
/// reused: the run stops before training and names it.
public struct CellStore: Sendable {
  public let directory: URL
  public let fingerprint: String
  /// Who trains the cells this store saves, recorded in each cell file for the provenance of
  /// a study trained by several processes.
  public var origin = Origin(host: Provenance.currentHost, shard: nil)

  /// Raised when a cell's numbers change meaning for the same config: 2 fits τ over the
  /// leading run, scales the capacity probes' penalty by the state's variance and evaluates
  /// every cell at every training length; 3 measures the substitution coefficients σ_k.
  static let formatVersion = 3

  /// The study's config, against which a loaded cell is checked.
  let config: StudyConfig

  public init(directory: URL, config: StudyConfig) {
    self.directory = directory
    self.config = config
    self.fingerprint = Self.fingerprint(of: config)
  }

  struct Record: Codable {
    /// The cell format that wrote it (`formatVersion`; 1 in files from before it was recorded).
    @FormatVersion var format: Int = CellStore.formatVersion
    var fingerprint: String
    var cell: CellResult
    /// Absent in files written before hosts were recorded.
    @Nullable var host: String?
    /// `K/N` for a cell a shard trained; `null` for a local run.
    @Nullable var shard: String?
  }

  /// The host that trained a cell and, for `memstudy run --shard K/N`, the shard (`K/N`).
  public struct Origin: Hashable, Sendable {
    public var host: String
    public var shard: String?

    public init(host: String, shard: String?) {
      self.host = host
      self.shard = shard
    }
  }

  public func url(for cell: CellSpec) -> URL {
    directory.appendingPathComponent("\(Self.stem(cell)).json")
  }

  /// The trained weights of a cell, beside its result: PyTorch's state-dict names, so
  /// `torch.nn.LSTM`… loads them, and `memstudy evaluate` takes them.
  func weightsURL(for cell: CellSpec) -> URL {
    directory.appendingPathComponent("\(Self.stem(cell)).safetensors")
  }

  /// `lstm-h32-l40-s1`, with the depth after the hidden size above one layer (`lstm-h32-k2-l40-s1`),
  /// so one-layer cells keep the names they had before depth was an axis.
  static func stem(_ cell: CellSpec) -> String {
    let depth = cell.layers == 1 ? "" : "-k\(cell.layers)"
    return "\(cell.unit.rawValue)-h\(cell.hidden)\(depth)-l\(cell.trainLength)-s\(cell.seed)"
  }

  public struct StaleCell: Error, CustomStringConvertible {
    public let file: String
    public let reason: String
    public var description: String {
      "\(file) \(reason); it is not reused. Delete it (or the whole cells/ folder), or choose another --out directory."
    }
  }

  /// The finished cell, if its file exists and belongs to this config.
  public func load(_ cell: CellSpec) throws -> CellResult? {
    try loadWithOrigin(cell)?.result
  }

  /// The finished cell and who trained it (host "unknown" for a file that does not say).
  func loadWithOrigin(_ cell: CellSpec) throws -> (result: CellResult, origin: Origin)? {
    let url = url(for: cell)
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    let record: Record
    do {
      record = try StudyResults.makeDecoder().decode(Record.self, from: TextFile.readData(url, maxBytes: MemoryEstimate.available / 8))
    } catch {
      throw StaleCell(file: url.path, reason: "cannot be read as a cell (\(ResultsFileError.summary(error)))")
    }
    guard record.format <= Self.formatVersion else {
      throw StaleCell(file: url.path, reason: "was written by a newer memstudy (cell format \(record.format); this one reads up to \(Self.formatVersion)): use that memstudy, or delete the cell to retrain it")
    }
    guard record.fingerprint == fingerprint else {
      throw StaleCell(file: url.path, reason: "was written by a different config, or by an older memstudy whose cells this one measures differently (it writes cell format \(Self.formatVersion); fingerprint \(record.fingerprint), this config \(fingerprint))")
    }
    let found = record.cell.spec
    guard found == cell else {
      throw StaleCell(file: url.path, reason: "holds cell \(found), not \(cell)")
    }
    // Written by this config, yet edited or damaged since: refuse it rather than let a bad
    // number into the study's tables and figures.
    if let problem = record.cell.problems(config: config).first {
      throw StaleCell(file: url.path, reason: "holds a value no study produces (\(problem))")
    }
    return (record.cell, Origin(host: record.host ?? "unknown", shard: record.shard))
  }

  /// The trained model of `cell`, read from its weights file.
  func loadModel(_ cell: CellSpec) throws -> RecurrentModel<Float> {
    try RecurrentModel<Float>.load(
      safeTensors: try TextFile.readData(weightsURL(for: cell), maxBytes: MemoryEstimate.available / 6), unit: cell.unit)
  }

  /// Saves a finished cell: its weights first, then its result, so a result on disk always
  /// has its weights beside it (a diverged cell has none).
  func save(_ result: CellResult, model: RecurrentModel<Float>?) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let cell = result.spec
    if let model {
      let metadata = [
        "unit": cell.unit.rawValue, "hidden": "\(cell.hidden)", "layers": "\(cell.layers)",
        "train_length": "\(cell.trainLength)",
        "seed": "\(cell.seed)", "fingerprint": fingerprint, "written_by": "memstudy \(Provenance.toolVersion)",
      ]
      try model.safeTensorsData(metadata: metadata).write(to: weightsURL(for: cell), options: .atomic)
    }
    let data = try StudyResults.makeEncoder().encode(
      Record(fingerprint: fingerprint, cell: result, host: origin.host, shard: origin.shard))
    try data.write(to: url(for: cell), options: .atomic)
  }

  /// FNV-1a (64 bit) of the canonical JSON of what determines a cell's numbers.
  static func fingerprint(of config: StudyConfig) -> String {
    struct Determinants: Encodable {
      var format: Int
      var space: SpaceConfig
      var training: TrainingConfig
      var evaluation: EvaluationConfig
      var testLengths: [Int]?
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = (try? encoder.encode(Determinants(
      format: formatVersion, space: config.space, training: config.training,
      evaluation: config.evaluation, testLengths: config.effectiveTestLengths))) ?? Data()
    return String(FNV1a.hash(data), radix: 16, uppercase: false).leftPadded(to: 16)
  }
}

extension String {
  func leftPadded(to width: Int, with pad: Character = "0") -> String {
    count >= width ? self : String(repeating: pad, count: width - count) + self
  }
}
