import Analysis

/// Figure: length generalisation, SMR(n) at every test length n for a network trained at L, one
/// panel per training length, one line per unit; a dashed line marks n = L. Drawn only when the
/// study has test lengths other than its training lengths.
enum GeneralisationFigure {
  static func make(_ results: StudyResults, grid: StudyGrid) -> Figure? {
    guard grid.hasGeneralisation else { return nil }
    let keys = grid.sizes.flatMap { h in grid.trainLengths.map { (h, $0) } }
    let series = keys.map { h, l in
      grid.units.map { u in
        (unit: u, points: grid.testLengths.compactMap { n in
          results.interval(unit: u, size: h, trainLength: l, testLength: n) { $0.smr }.map { (Double(n), $0) }
        })
      }
    }
    let values = series.flatMap { $0.flatMap { $0.points.map(\.1.mean) } }
    let yAxis = ValueAxis.linear(values.min() ?? 0, values.max() ?? 1, including: [0, 1])
    let xAxis = ValueAxis.lengths(grid.testLengths)

    let columns = GridLayout.columns(for: grid.trainLengths.count)
    let (height, area, rects) = FigureFrame.smallMultiples(count: keys.count, columns: columns)

    var w = SVGWriter()
    Chart.legend(grid.units, centre: FigureFrame.width / 2, y: FigureFrame.legendY, into: &w)
    for (i, (h, l)) in keys.enumerated() {
      // "trained at" goes where the panel is too narrow for it (a narrow export, sizes in the title).
      let long = "\(grid.sizePrefix(h))trained at L = \(l)"
      let title = Chart.textWidth(long, size: 12.5) <= rects[i].width - 6 ? long : "\(grid.sizePrefix(h))L = \(l)"
      var p = PanelAxes(rect: rects[i], x: xAxis, y: yAxis, title: title)
      p.showYLabels = i % columns == 0
      // Crowded length ticks in a narrow panel: keep every other label.
      if grid.testLengths.count > 4, columns > 2 {
        p.xTicks = p.xTicks.enumerated().map { j, t in j % 2 == 0 ? t : Tick(value: t.value, label: "") }
      }
      // Over-counts: SMR(n) > 1 at n > L is a network adding tokens at the weight 1/L it
      // learnt, not memory. Shade that region, under everything else, where a point falls in it.
      if series[i].contains(where: { s in s.points.contains { Int($0.0) > l && ReportTables.overCounts($0.1.mean) } }) {
        let left = p.x(Double(l)), top = p.y(yAxis.domain.upperBound), one = p.y(1)
        w.rect(Rect(x: left, y: top, width: p.rect.maxX - left, height: one - top), class: "overcount")
        // The label goes in the first corner of the region that no line crosses (the
        // caption explains the shade where none is free).
        let lines = series[i].map { s in s.points.map { (x: p.x($0.0), y: p.y($0.1.mean)) } }
        let spots = [
          (x: p.rect.maxX - 4, y: top + 11, anchor: "end"), (x: left + 4, y: top + 11, anchor: "start"),
          (x: p.rect.maxX - 4, y: one - 4, anchor: "end"), (x: left + 4, y: one - 4, anchor: "start"),
        ]
        if p.rect.maxX - left >= 64, one - top >= 14,
          let spot = spots.first(where: { !Chart.crosses(Chart.labelBox("over-count", x: $0.x, y: $0.y, anchor: $0.anchor, size: 11.5), lines) })
        {
          // Drawn twice, a background-coloured outline under the text, so that it stays
          // readable over a band (`paint-order` is not valid CSS for every checker).
          for cls in ["note halo", "note"] {
            w.label("over-count", x: spot.x, y: spot.y, anchor: spot.anchor, class: cls)
          }
        }
      }
      Chart.axes(p, into: &w)
      let x = p.x(Double(l))
      w.line(x1: x, y1: p.rect.y, x2: x, y2: p.rect.maxY, class: "ref")
      for s in series[i] { Chart.band(s.points.map { ($0.0, $0.1.lower, $0.1.upper) }, unit: s.unit, in: p, into: &w) }
      for s in series[i] {
        Chart.line(s.points.map { (x: $0.0, y: $0.1.mean) }, unit: s.unit, in: p, into: &w)
        for (n, iv) in s.points {
          // Filled at n = L (in-length), hollow where the network reads an unseen length.
          Chart.marker(s.unit, x: p.x(n), y: p.y(iv.mean), size: 3, hollow: Int(n) != l, into: &w)
        }
      }
    }
    FigureFrame.yTitle("sequence memory rate SMR(n)", top: area.y, bottom: area.maxY, into: &w)
    FigureFrame.xTitle("test length n (tokens, log scale); dashed: n = L", left: area.x, right: area.maxX, y: height - 8, into: &w)

    return Figure(
      name: FigureKind.generalisation.name,
      title: "Length generalisation: SMR at test lengths other than the training length",
      description: "Small multiples, one panel per training length L: sequence memory rate SMR(n) of each unit against the test length n on a log axis, mean over up to \(grid.seedCount) seeds with 95 % bands cut at the axis limits. A dashed vertical line marks n = L; filled markers are in-length, hollow ones other lengths. A grey area above SMR = 1 right of n = L, where a panel has points there, marks over-counts, not memory.",
      width: FigureFrame.width, height: height, body: w.output)
  }
}
