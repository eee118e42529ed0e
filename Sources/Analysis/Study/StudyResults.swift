/// Everything a study produced: what `results.json` holds and what the report is drawn from.
///
/// Encoded with snake_case keys, sorted, and without NaN: a missing or undefined number is
/// `nil` (JSON `null`), never a NaN token. Every optional field is `@Nullable`, so its key is
/// written (as `null`) even without a value.
public struct StudyResults: Codable, Equatable, Sendable {
  /// The format of `results.json` this memstudy writes. A file of a newer format is refused
  /// naming its version (it may hold keys this memstudy would drop); one without the key is
  /// of format 1.
  public static let currentFormat = 1

  @FormatVersion public var format: Int
  public var config: StudyConfig
  public var provenance: Provenance
  public var cells: [CellResult]
  public var recommendations: [Recommendation]
  /// What an embeddings study read; `nil` for synthetic spaces.
  @Nullable public var corpus: CorpusSummary?
  /// A few test windows decoded by a unit that keeps the sequence and one that forgets it
  /// (embeddings only; `nil` otherwise).
  @Nullable public var examples: DecodedExamples?
  /// For `memstudy probe`: the model probed and how (its cells are probes, one per length and
  /// resample, each evaluated at its own length); `nil` for a study that trained its cells.
  @Nullable public var probe: ProbeDescription?

  public init(
    config: StudyConfig, provenance: Provenance, cells: [CellResult],
    recommendations: [Recommendation], corpus: CorpusSummary? = nil,
    examples: DecodedExamples? = nil
  ) {
    self.format = Self.currentFormat
    self.config = config
    self.provenance = provenance
    self.cells = cells
    self.recommendations = recommendations
    self.corpus = corpus
    self.examples = examples
  }
}

public struct Provenance: Codable, Equatable, Sendable {
  public var toolVersion: String
  @Nullable public var gitCommit: String?
  public var swiftVersion: String
  /// The product kernels that ran (`ProductPath.description`). The key keeps its old name,
  /// from when OpenBLAS computed the products, so that earlier results files still load.
  public var blas: String
  public var host: String
  public var cores: Int
  /// ISO 8601, UTC.
  public var startTime: String
  public var wallSeconds: Double
  /// The command line that produced the study.
  public var command: String
  /// Who trained the cells, by host and shard (`memstudy run --shard K/N`), with how many
  /// each; `nil` in results written before this was recorded.
  @Nullable public var trainedBy: [CellOrigin]?

  public init(
    toolVersion: String, gitCommit: String?, swiftVersion: String, blas: String, host: String,
    cores: Int, startTime: String, wallSeconds: Double, command: String,
    trainedBy: [CellOrigin]? = nil
  ) {
    self.toolVersion = toolVersion
    self.gitCommit = gitCommit
    self.swiftVersion = swiftVersion
    self.blas = blas
    self.host = host
    self.cores = cores
    self.startTime = startTime
    self.wallSeconds = wallSeconds
    self.command = command
    self.trainedBy = trainedBy
  }

  /// The shard counts `N` the cells were trained with (several when shards of different
  /// counts shared the directory); empty when no cell came from a shard.
  public var shardCounts: [Int] {
    let counts = (trainedBy ?? []).compactMap { $0.shard?.split(separator: "/").last.flatMap { Int($0) } }
    return Array(Set(counts)).sorted()
  }
}

/// Cells of a study trained on one host by one process kind: a shard `K/N` or an ordinary run.
public struct CellOrigin: Codable, Equatable, Sendable {
  public var host: String
  /// `K/N` of `memstudy run --shard K/N`; `nil` for cells an ordinary run trained.
  @Nullable public var shard: String?
  public var cells: Int

  public init(host: String, shard: String?, cells: Int) {
    self.host = host
    self.shard = shard
    self.cells = cells
  }
}

public enum CellStatus: String, Codable, Sendable {
  case ok, diverged
}

/// One grid cell: a unit at a hidden size, trained at one length with one seed.
public struct CellResult: Codable, Equatable, Sendable {
  public var unit: UnitKind
  public var hidden: Int
  /// Stacked layers `K` (1 in results written before depth was an axis).
  @LayerCount public var layers: Int
  public var trainLength: Int
  public var seed: Int
  public var status: CellStatus
  /// The step at which the loss became NaN or infinite, for a diverged cell.
  @Nullable public var divergedAtStep: Int?
  /// Training steps taken.
  public var steps: Int
  /// Whether early stopping ended training before the step cap.
  public var stoppedEarly: Bool
  /// Validation loss of the kept parameters; `nil` for a diverged cell.
  @Nullable public var finalLoss: Double?
  /// The validation loss of a network that outputs the validation targets' mean: the variance
  /// of the target per dimension, the scale `finalLoss` is judged against (`finalLoss /
  /// baselineLoss` is the share of the target's variance left unexplained). `nil` in results
  /// written before it was recorded.
  @Nullable public var baselineLoss: Double?
  /// Training loss, sampled at `step`.
  public var lossCurve: [LossPoint]
  /// Validation loss at each check.
  public var validationCurve: [LossPoint]
  public var wallSeconds: Double
  /// Indicators at each test length; empty for a diverged cell.
  public var eval: [EvalResult]

  public init(
    unit: UnitKind, hidden: Int, layers: Int = 1, trainLength: Int, seed: Int, status: CellStatus,
    divergedAtStep: Int? = nil, steps: Int, stoppedEarly: Bool, finalLoss: Double?,
    baselineLoss: Double? = nil, lossCurve: [LossPoint], validationCurve: [LossPoint],
    wallSeconds: Double, eval: [EvalResult]
  ) {
    self.unit = unit
    self.hidden = hidden
    self.layers = layers
    self.trainLength = trainLength
    self.seed = seed
    self.status = status
    self.divergedAtStep = divergedAtStep
    self.steps = steps
    self.stoppedEarly = stoppedEarly
    self.finalLoss = finalLoss
    self.baselineLoss = baselineLoss
    self.lossCurve = lossCurve
    self.validationCurve = validationCurve
    self.wallSeconds = wallSeconds
    self.eval = eval
  }
}

extension CellResult {
  /// The grid cell this result is of. Its coordinates are stored flat in the result (the
  /// results and cell files' keys); this is the one place they become a `CellSpec`.
  public var spec: CellSpec { CellSpec(unit: unit, hidden: hidden, layers: layers, trainLength: trainLength, seed: seed) }
}

/// The indicators of METHOD.md section 4 for one trained cell at one test length.
public struct EvalResult: Codable, Equatable, Sendable {
  public var length: Int
  /// Sequence memory rate: mean of `memoryRate`.
  public var smr: Double
  /// Mean cosine between decoded and true centred semantics.
  public var fidelity: Double
  /// Mean relative norm of the residual of the β fit.
  public var interference: Double
  /// Effective memory length at the study's θ, in tokens.
  public var eml: Int
  /// Time constant of the exponential fit of β_k; `nil` when β does not decay.
  @Nullable public var tau: Double?
  /// β_k, k = 0 (last token read) … length − 1.
  public var memoryRate: [Double]
  /// Jaeger's memory capacity, in tokens.
  public var memoryCapacity: Double
  /// The substitution coefficients σ_k, k = 0 … length − 1 (METHOD.md §3b): what the network
  /// holds of each position. `nil` where they were not measured (`evaluation.substitution`,
  /// or results written before they existed); the four fields below are `nil` with it.
  @Nullable public var memoryRateSub: [Double]?
  /// The standard error of each σ_k, by the delta method over the test sequences.
  @Nullable public var memoryRateSubSe: [Double]?
  /// Held memory `SMR_σ`: the mean of σ_k clipped to [0, 1].
  @Nullable public var smrSub: Double?
  /// `EML_θ` of the σ curve.
  @Nullable public var emlSub: Int?
  /// `τ` of the σ curve; `nil` when σ does not decay (or was not measured).
  @Nullable public var tauSub: Double?

  public init(
    length: Int, smr: Double, fidelity: Double, interference: Double, eml: Int, tau: Double?,
    memoryRate: [Double], memoryCapacity: Double, memoryRateSub: [Double]? = nil,
    memoryRateSubSe: [Double]? = nil, smrSub: Double? = nil, emlSub: Int? = nil,
    tauSub: Double? = nil
  ) {
    self.length = length
    self.smr = smr
    self.fidelity = fidelity
    self.interference = interference
    self.eml = eml
    self.tau = tau
    self.memoryRate = memoryRate
    self.memoryCapacity = memoryCapacity
    self.memoryRateSub = memoryRateSub
    self.memoryRateSubSe = memoryRateSubSe
    self.smrSub = smrSub
    self.emlSub = emlSub
    self.tauSub = tauSub
  }

  /// Whether the substitution coefficients were measured at this length.
  public var hasSubstitution: Bool { memoryRateSub != nil }
}

/// The recommended training length of one unit at one hidden size and depth (METHOD.md
/// section 5).
public struct Recommendation: Codable, Equatable, Sendable {
  public var unit: UnitKind
  public var hidden: Int
  /// Stacked layers `K` (1 in results written before depth was an axis).
  @LayerCount public var layers: Int
  public var recommendedLength: Int
  /// Whether some length met the rule; when none did, the shortest length is recommended.
  public var qualified: Bool
  /// 95 % lower bound of the in-length `measure` at the recommended length, diverged seeds counted as 0;
  /// `nil` when fewer than two seeds ran there or none was evaluated (every seed diverged).
  @Nullable public var smrLower: Double?
  /// Mean in-length `measure` across seeds at the recommended length, diverged seeds counted as 0;
  /// `nil` when no seed was evaluated there.
  @Nullable public var smrMean: Double?
  /// Mean effective memory length (of the σ curve when `measure` is held memory) of the
  /// evaluated seeds at the recommended length; `nil`
  /// when no seed was evaluated there.
  @Nullable public var eml: Double?
  public var reason: String
  /// The in-length number the rule read: held memory (`smr_sub`), or the fit's SMR where σ was
  /// not measured; `nil` in results written before σ existed (the fit's SMR). `smrLower`,
  /// `smrMean` and `eml` are this measure's.
  @Nullable public var measure: RuleMeasure?

  public init(
    unit: UnitKind, hidden: Int, layers: Int = 1, recommendedLength: Int, qualified: Bool,
    smrLower: Double?, smrMean: Double?, eml: Double?, reason: String, measure: RuleMeasure? = .held
  ) {
    self.measure = measure
    self.unit = unit
    self.hidden = hidden
    self.layers = layers
    self.recommendedLength = recommendedLength
    self.qualified = qualified
    self.smrLower = smrLower
    self.smrMean = smrMean
    self.eml = eml
    self.reason = reason
  }
}
