import Analysis

/// Figure: in-length sequence memory rate SMR(L) against training length, per unit, with 95 %
/// bands, the recommendation threshold θ_rec and each unit's recommended length L* ringed.
enum SMRFigure {
  static func make(_ results: StudyResults, grid: StudyGrid) -> Figure {
    let theta = results.config.evaluation.recommendThreshold
    // The rule's measure (held memory where σ was measured) with bands, and beside it, thin and
    // dotted, the fit's SMR.
    let measure = RecommendationRule.measure(for: results)
    func points(_ metric: @escaping (EvalResult) -> Double?) -> [[(unit: UnitKind, points: [(Int, Interval)])]] {
      grid.sizes.map { h in
        grid.units.map { u in
          (unit: u, points: grid.trainLengths.compactMap { l in
            results.interval(unit: u, size: h, trainLength: l, metric).map { (l, $0) }
          })
        }
      }
    }
    let series = points { measure.value(in: $0) }
    let fitted = measure == .held ? points { $0.smr } : []
    let values = (series + fitted).flatMap { $0.flatMap { $0.points.map(\.1.mean) } }
    let xAxis = ValueAxis.lengths(grid.trainLengths)
    let panelHeight = 250.0
    // Headroom above the data for the L* labels, room for all of them stacked: labels of
    // neighbouring lengths can collide as well as labels of one length.
    let stack = grid.sizes.map { h in results.recommendations.filter { $0.size == h }.count }.max() ?? 0
    let headroom = 12.0 + 15.0 * Double(stack)
    var yAxis = ValueAxis.linear(values.min() ?? 0, values.max() ?? 1, including: [0, 1, theta])
    let data = yAxis.domain
    let span = yAxis.domain.upperBound - yAxis.domain.lowerBound
    yAxis.domain = yAxis.domain.lowerBound...(yAxis.domain.upperBound + span * headroom / (panelHeight - headroom))

    let height = FigureFrame.top + panelHeight + FigureFrame.bottom
    let area = Rect(
      x: FigureFrame.left, y: FigureFrame.top,
      width: FigureFrame.width - FigureFrame.left - FigureFrame.right, height: panelHeight)
    let rects = GridLayout.panels(count: grid.sizes.count, columns: grid.sizes.count, in: area, gap: 30, rowGap: 0)

    var w = SVGWriter()
    Chart.legend(grid.units, centre: FigureFrame.width / 2, y: FigureFrame.legendY, into: &w)
    for (i, h) in grid.sizes.enumerated() {
      var p = PanelAxes(rect: rects[i], x: xAxis, y: yAxis, title: grid.sizeTitle(h))
      p.showYLabels = i == 0
      Chart.axes(p, into: &w)
      let ty = p.y(theta)
      w.line(x1: p.rect.x, y1: ty, x2: p.rect.maxX, y2: ty, class: "ref")
      w.label("θ_{rec} = \(NumberFormat.display(theta, decimals: 2))", x: p.rect.x + 6, y: ty + 14, anchor: "start", class: "ref-label")
      for s in series[i] {
        Chart.band(s.points.map { (Double($0.0), $0.1.lower, $0.1.upper) }, unit: s.unit, in: p, within: data, into: &w)
      }
      for s in fitted.isEmpty ? [] : fitted[i] {
        Chart.fitLine(s.points.map { (x: Double($0.0), y: $0.1.mean) }, unit: s.unit, in: p, into: &w)
      }
      for s in series[i] {
        Chart.line(s.points.map { (x: Double($0.0), y: $0.1.mean) }, unit: s.unit, in: p, into: &w)
        for (l, iv) in s.points {
          Chart.marker(s.unit, x: p.x(Double(l)), y: p.y(iv.mean), into: &w)
        }
      }
      // L*: a ring around the recommended point and the unit's name above it, lifted a line
      // at a time until it clears every label already placed in the panel.
      var placed: [(minX: Double, maxX: Double, y: Double)] = []
      for s in series[i] {
        guard let rec = results.recommendations.first(where: { $0.unit == s.unit && $0.size == h }),
          let point = s.points.first(where: { $0.0 == rec.recommendedLength })
        else { continue }
        let x = p.x(Double(point.0)), y = p.y(point.1.mean)
        w.element("circle", ["class": .text("star u-\(s.unit.rawValue)"), "cx": .number(x), "cy": .number(y), "r": 8.5])
        let text = "L* " + s.unit.displayName + (rec.qualified ? "" : " (none met θ_{rec})")
        let anchor = x > p.rect.maxX - 60 ? "end" : x < p.rect.x + 60 ? "start" : "middle"
        let width = Self.labelWidth(text)
        let minX = anchor == "end" ? x - width : anchor == "start" ? x : x - width / 2
        var labelY = y - 14
        while placed.contains(where: { abs($0.y - labelY) < 13 && $0.minX < minX + width + 4 && minX < $0.maxX + 4 }) {
          labelY -= 15
        }
        placed.append((minX, minX + width, labelY))
        w.label(text, x: x, y: labelY, anchor: anchor, class: "legend fill-\(s.unit.rawValue)")
      }
    }
    FigureFrame.yTitle(
      measure == .held ? "held memory SMR_{σ}(L) (dotted: SMR)" : "sequence memory rate SMR(L)",
      top: area.y, bottom: area.maxY, into: &w)
    FigureFrame.xTitle("training length L (tokens, log scale)", left: area.x, right: area.maxX, y: height - 8, into: &w)

    return Figure(
      name: FigureKind.smr.name,
      title: measure == .held
        ? "Held memory and sequence memory rate against training length, with the recommended lengths"
        : "Sequence memory rate against training length, with the recommended lengths",
      description: (measure == .held
        ? "In-length held memory SMR_σ(L) of each unit (the mean of its substitution coefficients, each clipped to [0, 1]) against the training length L on a log axis, mean over up to \(grid.seedCount) seeds with 95 % bands cut at the axis limits; thin and dotted beside it, the fit's SMR(L), which also credits what the network can deduce."
        : "In-length sequence memory rate SMR(L) of each unit against the training length L on a log axis, mean over up to \(grid.seedCount) seeds with 95 % bands cut at the axis limits.")
        + " A dashed line marks the threshold θ_rec = \(NumberFormat.display(theta, decimals: 2)); a ring labelled L* marks each unit's recommended length.",
      width: FigureFrame.width, height: height, body: w.output)
  }

  /// The width of a label in the legend font (11 px sans), estimated per character: enough to
  /// keep labels apart without measuring text.
  static func labelWidth(_ text: String) -> Double {
    Double(text.count) * 6.4
  }
}
