import Analysis
import Foundation

/// The trained models this process keeps after saving them, so that what the study does with
/// them next (decoded examples) needs no round trip through the cell store: only the cells
/// `keeps` selects, since a study's models need not all fit in memory at once. Workers add
/// models side by side.
final class TrainedModels: @unchecked Sendable {
  private let lock = NSLock()
  private var models: [CellSpec: RecurrentModel<Float>] = [:]
  private let keeps: @Sendable (CellSpec) -> Bool

  init(keeping keeps: @escaping @Sendable (CellSpec) -> Bool) {
    self.keeps = keeps
  }

  /// Keeps `model` if `cell` is one of those kept (a diverged cell has none).
  func offer(_ model: RecurrentModel<Float>?, of cell: CellSpec) {
    guard let model, keeps(cell) else { return }
    lock.withLock { models[cell] = model }
  }

  /// The model of `cell` when this process trained and kept it.
  subscript(cell: CellSpec) -> RecurrentModel<Float>? {
    lock.withLock { models[cell] }
  }
}
