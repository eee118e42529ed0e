import Analysis

/// The figures of the report: each one's name (file stem `figures/<name>.svg` and anchor
/// `#fig-<name>`), its place in the order the default templates cite them (which numbers them
/// when every figure is drawn), and its drawing.
///
/// A new figure is a case here; the compiler then asks for its drawing, `ReportTemplateTests`
/// for its citation in a template (`{{figure.<name>}}` and its caption), and the snapshot tests
/// draw it. A template that cites a name no case has is refused when the report is rendered.
enum FigureKind: String, CaseIterable, Sendable {
  case forgetting
  case heatmap
  case smr
  case depth
  case memoryLength = "memory-length"
  case loss
  case generalisation

  var name: String { rawValue }

  /// The figure for `results`, or `nil` where the study has nothing for it to show (one depth
  /// only, no other test lengths, a probe without training losses).
  func draw(_ results: StudyResults, grid: StudyGrid) -> Figure? {
    switch self {
    case .forgetting: ForgettingFigure.make(results, grid: grid)
    case .smr: SMRFigure.make(results, grid: grid)
    case .depth: DepthFigure.make(results, grid: grid)
    case .heatmap: HeatmapFigure.make(results, grid: grid)
    case .memoryLength: MemoryLengthFigure.make(results, grid: grid)
    case .loss: LossFigure.make(results, grid: grid)
    case .generalisation: GeneralisationFigure.make(results, grid: grid)
    }
  }

  /// Every figure `results` has, in order.
  static func drawAll(_ results: StudyResults) -> [Figure] {
    let grid = StudyGrid(results)
    return allCases.compactMap { $0.draw(results, grid: grid) }
  }
}
