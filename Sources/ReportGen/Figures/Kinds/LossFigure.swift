import Analysis

/// Figure: training loss against step on a log axis, one panel per training length, one thin
/// line per seed in its unit's style; a cross marks where a diverged run stopped. None for a
/// probed model (`memstudy probe`), which was not trained here.
enum LossFigure {
  static func make(_ results: StudyResults, grid: StudyGrid) -> Figure? {
    guard results.probe == nil else { return nil }
    let keys = grid.sizes.flatMap { h in grid.trainLengths.map { (h, $0) } }
    let losses = results.cells.flatMap { $0.lossCurve.map(\.loss) }.filter { $0.isFinite && $0 >= 1e-300 }
    let yAxis = ValueAxis.log(losses.min() ?? 1e-4, losses.max() ?? 1)
    let maxStep = results.cells.flatMap { $0.lossCurve.map(\.step) }.max() ?? results.config.training.maxSteps
    let xAxis = ValueAxis.linear(0, Double(max(maxStep, 1)), target: 2, pad: 0.02)

    let columns = GridLayout.columns(for: grid.trainLengths.count)
    let (height, area, rects) = FigureFrame.smallMultiples(count: keys.count, columns: columns)
    let anyDiverged = results.cells.contains { $0.status == .diverged }

    var w = SVGWriter()
    Chart.legend(
      grid.units,
      extra: anyDiverged ? [({ w, x, y in w.element("path", ["class": "series axis", "d": .text(crossPath(x, y).d)]) }, "diverged")] : [],
      centre: FigureFrame.width / 2, y: FigureFrame.legendY, into: &w)
    for (i, (h, l)) in keys.enumerated() {
      var p = PanelAxes(rect: rects[i], x: xAxis, y: yAxis, title: "\(grid.sizePrefix(h))L = \(l)")
      p.showYLabels = i % columns == 0
      Chart.axes(p, into: &w)
      for unit in grid.units {
        let cells = results.cells
          .filter { $0.unit == unit && $0.size == h && $0.trainLength == l }
          .sorted { $0.seed < $1.seed }
        for cell in cells {
          let points = cell.lossCurve.map { q -> (x: Double, y: Double)? in
            q.loss.isFinite && q.loss > 0 ? (x: Double(q.step), y: q.loss) : nil
          }
          Chart.line(points, unit: unit, in: p, thin: true, into: &w)
          if cell.status == .diverged, let last = points.compactMap({ $0 }).last {
            let x = Double(cell.divergedAtStep ?? Int(last.x))
            Chart.cross(unit, x: p.x(x), y: p.y(last.y), into: &w)
          }
        }
      }
    }
    FigureFrame.yTitle("training loss (MSE, log scale)", top: area.y, bottom: area.maxY, into: &w)
    FigureFrame.xTitle("training step", left: area.x, right: area.maxX, y: height - 8, into: &w)

    return Figure(
      name: FigureKind.loss.name,
      title: "Training loss curves, per training length",
      description: "Small multiples, one panel per training length L: training loss (mean squared error, log axis) against training step, one thin line per unit and seed\(anyDiverged ? "; a cross marks where a diverged run stopped" : "").",
      width: FigureFrame.width, height: height, body: w.output)
  }

  private static func crossPath(_ x: Double, _ y: Double) -> PathData {
    var path = PathData()
    path.move(x - 4, y - 4)
    path.lineTo(x + 4, y + 4)
    path.move(x - 4, y + 4)
    path.lineTo(x + 4, y - 4)
    return path
  }
}
