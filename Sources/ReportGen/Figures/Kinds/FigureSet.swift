import Analysis

/// Every figure of the report, in the order the default templates cite them.
enum FigureSet {
  static func make(_ results: StudyResults) -> [Figure] {
    let grid = StudyGrid(results)
    return [
      ForgettingFigure.make(results, grid: grid),
      SMRFigure.make(results, grid: grid),
      DepthFigure.make(results, grid: grid),
      HeatmapFigure.make(results, grid: grid),
      MemoryLengthFigure.make(results, grid: grid),
      LossFigure.make(results, grid: grid),
      GeneralisationFigure.make(results, grid: grid),
    ].compactMap { $0 }
  }
}
