import Analysis

/// Figure: effective memory length EML_θ(L) and memory capacity MC(L) against training length,
/// side by side, per unit with 95 % bands; EML has the y = L line of a unit that keeps everything.
enum MemoryLengthFigure {
  static func make(_ results: StudyResults, grid: StudyGrid) -> Figure {
    let theta = results.config.evaluation.threshold
    let xAxis = ValueAxis.lengths(grid.trainLengths)
    let metrics: [(title: String, y: String, indicator: Indicator)] = [
      ("effective memory length", "EML_{θ}(L) (tokens)", .eml),
      ("memory capacity", "MC(L) (tokens)", .memoryCapacity),
    ]
    let panelHeight = 220.0, rowGap = 62.0, gap = 70.0
    let rows = grid.sizes.count
    let height = FigureFrame.top + Double(rows) * panelHeight + Double(rows - 1) * rowGap + FigureFrame.bottom
    let area = Rect(
      x: FigureFrame.left, y: FigureFrame.top,
      width: FigureFrame.width - FigureFrame.left - FigureFrame.right,
      height: height - FigureFrame.top - FigureFrame.bottom)
    let rects = GridLayout.panels(count: 2 * rows, columns: 2, in: area, gap: gap, rowGap: rowGap)

    var w = SVGWriter()
    Chart.legend(grid.units, centre: FigureFrame.width / 2, y: FigureFrame.legendY, into: &w)
    for (r, h) in grid.sizes.enumerated() {
      for (m, metric) in metrics.enumerated() {
        let series = grid.units.map { u in
          (unit: u, points: grid.trainLengths.compactMap { l in
            results.interval(unit: u, size: h, trainLength: l, metric.indicator.value(in:)).map { (Double(l), $0) }
          })
        }
        let values = series.flatMap { $0.points.map(\.1.mean) }
        let reference = m == 0 ? grid.trainLengths.map(Double.init) : []
        // Both are counts of tokens: a linear axis from zero. (A log axis would blow a capacity
        // of 10⁻⁴ tokens, which is no capacity, up to a visible decade.)
        let all = values + reference
        let yAxis = ValueAxis.linear(all.min() ?? 0, all.max() ?? 1, including: [0])
        let rect = rects[2 * r + m]
        let p = PanelAxes(rect: rect, x: xAxis, y: yAxis, title: grid.sizePrefix(h) + metric.title)
        Chart.axes(p, into: &w)
        if m == 0 {
          // EML = L: the unit keeps the whole sequence above θ.
          w.element("path", ["class": "ref", "d": .text(PathData.polyline(grid.trainLengths.map { (p.x(Double($0)), p.y(Double($0))) }).d)])
          // Labelled above its left end, where no unit can be (EML ≤ L).
          if grid.trainLengths.count > 1 {
            let l = Double(grid.trainLengths[1])
            w.label("EML = L", x: p.x(l) - 6, y: p.y(l) - 12, anchor: "end", class: "ref-label")
          }
        }
        for s in series { Chart.band(s.points.map { ($0.0, $0.1.lower, $0.1.upper) }, unit: s.unit, in: p, into: &w) }
        for s in series {
          Chart.line(s.points.map { (x: $0.0, y: $0.1.mean) }, unit: s.unit, in: p, into: &w)
          for (x, iv) in s.points { Chart.marker(s.unit, x: p.x(x), y: p.y(iv.mean), into: &w) }
        }
        w.label(metric.y, x: rect.x - 44, y: rect.midY, class: "axis-title", rotate: true)
        w.label("training length L (log scale)", x: rect.midX, y: rect.maxY + 38, class: "axis-title")
      }
    }
    return Figure(
      name: FigureKind.memoryLength.name,
      title: "Effective memory length and memory capacity against training length",
      description: "Two panels against the training length L on a log axis: left, the effective memory length EML at θ = \(NumberFormat.display(theta, decimals: 2)) in tokens, with a dashed line where EML equals L; right, Jaeger's memory capacity MC in tokens. Lines are means over up to \(grid.seedCount) seeds with 95 % bands, cut at the axis limits.",
      width: FigureFrame.width, height: height, body: w.output)
  }
}
