import Analysis

/// Figure: forgetting curves β_k against distance k, one panel per training length (small
/// multiples), one line per unit with its 95 % band across seeds; in-length evaluation (n = L).
enum ForgettingFigure {
  static func make(_ results: StudyResults, grid: StudyGrid) -> Figure {
    struct Curve { let unit: UnitKind; let intervals: [Interval] }
    let keys = grid.hidden.flatMap { h in grid.trainLengths.map { (h, $0) } }
    let curves = keys.map { h, l in
      grid.units.map { Curve(unit: $0, intervals: results.memoryRateIntervals(unit: $0, hidden: h, trainLength: l)) }
    }
    let all = curves.flatMap { $0.flatMap { $0.intervals.map(\.mean) } }
    let yAxis = ValueAxis.linear(all.min() ?? 0, all.max() ?? 1, including: [0, 1])

    let columns = GridLayout.columns(for: grid.trainLengths.count)
    let (height, area, rects) = FigureFrame.smallMultiples(count: keys.count, columns: columns)

    var w = SVGWriter()
    Chart.legend(grid.units, centre: FigureFrame.width / 2, y: FigureFrame.legendY, into: &w)
    for (i, (h, l)) in keys.enumerated() {
      let xAxis = ValueAxis.linear(0, Double(max(l - 1, 1)), target: 4, pad: 0.02)
      var p = PanelAxes(rect: rects[i], x: xAxis, y: yAxis, title: "\(grid.hiddenPrefix(h))L = \(l)")
      p.showYLabels = i % columns == 0
      Chart.axes(p, into: &w)
      for curve in curves[i] where !curve.intervals.isEmpty {
        let ks = curve.intervals.indices
        Chart.band(ks.map { (Double($0), curve.intervals[$0].lower, curve.intervals[$0].upper) }, unit: curve.unit, in: p, into: &w)
      }
      for (u, curve) in curves[i].enumerated() where !curve.intervals.isEmpty {
        Chart.line(curve.intervals.indices.map { (x: Double($0), y: curve.intervals[$0].mean) }, unit: curve.unit, in: p, into: &w)
        // Markers every few points, staggered per unit so coincident curves stay distinguishable.
        let step = max(1, curve.intervals.count / 4)
        for k in stride(from: (u * step) / max(grid.units.count, 1), to: curve.intervals.count, by: step) {
          Chart.marker(curve.unit, x: p.x(Double(k)), y: p.y(curve.intervals[k].mean), size: 3, into: &w)
        }
      }
    }
    FigureFrame.yTitle("memory rate β_{k}", top: area.y, bottom: area.maxY, into: &w)
    FigureFrame.xTitle("distance k from the last token read (tokens)", left: area.x, right: area.maxX, y: height - 8, into: &w)

    let seeds = grid.seedCount
    return Figure(
      name: "forgetting",
      title: "Forgetting curves βₖ against distance k, per training length",
      description: "Small multiples, one panel per training length L. In each, the memory rate βₖ of every unit (\(grid.units.map(\.displayName).joined(separator: ", "))) against the distance k from the last token read, evaluated at n = L; lines are the mean over up to \(seeds) seeds and shaded bands the 95 % interval, cut at the axis limits.",
      width: FigureFrame.width, height: height, body: w.output)
  }
}
