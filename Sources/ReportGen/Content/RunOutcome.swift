import Analysis

/// How a run ended, as the report tells its reader: the runs whose indicators need a caveat
/// are told apart from each other, not lumped as "did not converge".
enum RunOutcome: Equatable {
  /// Stopped early: validation stopped improving before the step cap.
  case stoppedEarly
  /// The loss became NaN or infinite at `step`.
  case diverged(step: Int?)
  /// Reached the step cap with the loss low (at most `highLoss` of the target's variance) and
  /// still falling: the network has learnt the task; more steps would only refine it.
  case cappedImproving
  /// Reached the step cap with more than `highLoss` of the target's variance unexplained: the
  /// network is under-trained at this length, and its indicators say so.
  case cappedHigh
  /// Reached the step cap, in results that do not record the target's variance.
  case capped

  /// The share of the target's variance (`finalLoss / baselineLoss`) above which a loss is
  /// high: a network that leaves more than a tenth unexplained has not learnt its task.
  static let highLoss = 0.1

  init(_ cell: CellResult) {
    if cell.status == .diverged {
      self = .diverged(step: cell.divergedAtStep)
    } else if cell.stoppedEarly {
      self = .stoppedEarly
    } else if let share = cell.unexplainedShare {
      self = share > Self.highLoss ? .cappedHigh : .cappedImproving
    } else {
      self = .capped
    }
  }

  /// Whether the run goes into the table of runs to read with care.
  var isListed: Bool { self != .stoppedEarly }

  /// The table's "Outcome" cell.
  var text: String {
    switch self {
    case .stoppedEarly: "stopped early"
    case .diverged(let step): "diverged (loss not finite) at step \(step.map(NumberFormat.integer) ?? "?")"
    case .cappedImproving: "reached the step cap while still improving"
    case .cappedHigh: "stalled high at the step cap"
    case .capped: "reached the step cap without early stopping"
    }
  }
}

extension RunOutcome {
  /// How many runs ended each way: what the abstract, the training section and its table count.
  struct Tally {
    var diverged = 0, improving = 0, stalled = 0
    /// Capped in results that do not record the target's variance.
    var cappedUnknown = 0
    /// Every run that reached the step cap, however it stood.
    var capped: Int { improving + stalled + cappedUnknown }

    init(_ outcomes: [RunOutcome]) {
      for outcome in outcomes {
        switch outcome {
        case .stoppedEarly: break
        case .diverged: diverged += 1
        case .cappedImproving: improving += 1
        case .cappedHigh: stalled += 1
        case .capped: cappedUnknown += 1
        }
      }
    }

    init(_ results: StudyResults) { self.init(results.cells.map(RunOutcome.init)) }
  }
}

extension CellResult {
  /// `finalLoss / baselineLoss`: the share of the target's variance the trained network leaves
  /// unexplained; `nil` when either is unknown (a diverged run, older results) or the target
  /// does not vary.
  var unexplainedShare: Double? {
    guard let loss = finalLoss, let baseline = baselineLoss, baseline > 0, loss.isFinite else { return nil }
    return loss / baseline
  }
}
