import Analysis

/// Figure: in-length sequence memory rate SMR(L) against training length, per unit, with 95 %
/// bands, the recommendation threshold θ_rec and each unit's recommended length L* ringed.
enum SMRFigure {
  static func make(_ results: StudyResults, grid: StudyGrid) -> Figure {
    let theta = results.config.evaluation.recommendThreshold
    let series = grid.hidden.map { h in
      grid.units.map { u in
        (unit: u, points: grid.trainLengths.compactMap { l in
          results.interval(unit: u, hidden: h, trainLength: l) { $0.smr }.map { (l, $0) }
        })
      }
    }
    let values = series.flatMap { $0.flatMap { $0.points.flatMap { [$0.1.lower, $0.1.upper] } } }
    let yAxis = ValueAxis.linear(values.min() ?? 0, values.max() ?? 1, including: [0, 1, theta])
    let xAxis = ValueAxis.lengths(grid.trainLengths)

    let panelHeight = 250.0
    let height = FigureFrame.top + panelHeight + FigureFrame.bottom
    let area = Rect(
      x: FigureFrame.left, y: FigureFrame.top,
      width: FigureFrame.width - FigureFrame.left - FigureFrame.right, height: panelHeight)
    let rects = GridLayout.panels(count: grid.hidden.count, columns: grid.hidden.count, in: area, gap: 30, rowGap: 0)

    var w = SVGWriter()
    Chart.legend(grid.units, centre: FigureFrame.width / 2, y: FigureFrame.legendY, into: &w)
    for (i, h) in grid.hidden.enumerated() {
      var p = PanelAxes(rect: rects[i], x: xAxis, y: yAxis, title: grid.hidden.count > 1 ? "H = \(h)" : nil)
      p.showYLabels = i == 0
      Chart.axes(p, into: &w)
      let ty = p.y(theta)
      w.line(x1: p.rect.x, y1: ty, x2: p.rect.maxX, y2: ty, class: "ref")
      w.label("θ_{rec} = \(NumberFormat.display(theta, decimals: 2))", x: p.rect.x + 6, y: ty + 14, anchor: "start", class: "ref-label")
      for s in series[i] {
        Chart.band(s.points.map { (Double($0.0), $0.1.lower, $0.1.upper) }, unit: s.unit, in: p, into: &w)
      }
      for s in series[i] {
        Chart.line(s.points.map { (x: Double($0.0), y: $0.1.mean) }, unit: s.unit, in: p, into: &w)
        for (l, iv) in s.points {
          Chart.marker(s.unit, x: p.x(Double(l)), y: p.y(iv.mean), into: &w)
        }
      }
      // L*: a ring around the recommended point and a label above it, staggered per unit so
      // units recommending the same length do not print over each other.
      var stacked: [Int: Int] = [:]
      for s in series[i] {
        guard let rec = results.recommendations.first(where: { $0.unit == s.unit && $0.hidden == h }),
          let point = s.points.first(where: { $0.0 == rec.recommendedLength })
        else { continue }
        let x = p.x(Double(point.0)), y = p.y(point.1.mean)
        w.element("circle", ["class": .text("star u-\(s.unit.rawValue)"), "cx": .number(x), "cy": .number(y), "r": 8.5])
        let level = stacked[point.0, default: 0]
        stacked[point.0] = level + 1
        let below = y < p.rect.y + 40
        let ly = below ? y + 24 + Double(level) * 14 : y - 14 - Double(level) * 14
        w.label(
          "L*" + (rec.qualified ? "" : " (none met)"), x: x, y: ly,
          anchor: x > p.rect.maxX - 40 ? "end" : "middle", class: "legend fill-\(s.unit.rawValue)")
      }
    }
    FigureFrame.yTitle("sequence memory rate SMR(L)", top: area.y, bottom: area.maxY, into: &w)
    FigureFrame.xTitle("training length L (tokens, log scale)", left: area.x, right: area.maxX, y: height - 8, into: &w)

    return Figure(
      name: "smr",
      title: "Sequence memory rate against training length, with the recommended lengths",
      description: "In-length sequence memory rate SMR(L) of each unit against the training length L on a log axis, mean over up to \(grid.seedCount) seeds with 95 % bands. A dashed line marks the threshold θ_rec = \(NumberFormat.display(theta, decimals: 2)); a ring labelled L* marks each unit's recommended length.",
      width: FigureFrame.width, height: height, body: w.output)
  }
}
