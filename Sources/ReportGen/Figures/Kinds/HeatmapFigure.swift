import Analysis

/// Figure: β_k as colour over distance k (x) and training length L (y), one panel per unit,
/// viridis with a colour bar; distances beyond a row's length are left blank.
enum HeatmapFigure {
  static func make(_ results: StudyResults, grid: StudyGrid) -> Figure {
    let keys = grid.sizes.flatMap { h in grid.units.map { (h, $0) } }
    let maxLength = grid.trainLengths.max() ?? 1
    let rowHeight = 17.0, titleGap = 30.0, panelGap = 22.0
    let panelHeight = rowHeight * Double(grid.trainLengths.count)
    let top = 34.0
    let height = top + Double(keys.count) * (panelHeight + titleGap) + Double(keys.count - 1) * panelGap + FigureFrame.bottom - titleGap + 10
    let barWidth = 14.0, barGap = 26.0, barLabels = 44.0
    let plotRight = FigureFrame.width - FigureFrame.right - barLabels - barWidth - barGap
    let cellWidth = (plotRight - FigureFrame.left) / Double(maxLength)
    let xTicks = NiceTicks.linear(0, Double(maxLength - 1), target: 8).ticks.filter { $0.value <= Double(maxLength - 1) }

    var w = SVGWriter()
    var y = top
    var clipped = false
    for (h, unit) in keys {
      let rect = Rect(x: FigureFrame.left, y: y, width: plotRight - FigureFrame.left, height: panelHeight)
      w.label(grid.sizePrefix(h) + unit.displayName, x: rect.x, y: rect.y - 9, anchor: "start", class: "panel-title")
      w.rect(rect, class: "empty")
      for (row, l) in grid.trainLengths.enumerated() {
        let ry = rect.y + Double(row) * rowHeight
        w.label(String(l), x: rect.x - 7, y: ry + rowHeight / 2 + 4, anchor: "end", class: "tick")
        let betas = results.memoryRateIntervals(unit: unit, size: h, trainLength: l).map(\.mean)
        if betas.isEmpty {
          w.label("no converged seed", x: rect.x + 6, y: ry + rowHeight / 2 + 4, anchor: "start", class: "note")
          continue
        }
        if betas.contains(where: { $0 < 0 || $0 > 1 }) { clipped = true }
        // Neighbours of one colour are drawn as one rectangle (long rows at β ≈ 1 are mostly
        // one colour); cells overlap by a hair so anti-aliasing leaves no seams between them.
        let colours = betas.map(Palette.viridis)
        var k = 0
        while k < colours.count {
          var end = k + 1
          while end < colours.count && colours[end] == colours[k] { end += 1 }
          w.rect(Rect(x: rect.x + Double(k) * cellWidth, y: ry, width: Double(end - k) * cellWidth + 0.3, height: rowHeight + 0.3), fill: colours[k])
          k = end
        }
      }
      for t in xTicks {
        let x = rect.x + (t.value + 0.5) * cellWidth
        w.line(x1: x, y1: rect.maxY, x2: x, y2: rect.maxY + Chart.tickLength, class: "axis")
        w.label(t.label, x: x, y: rect.maxY + Chart.tickLength + 13, class: "tick")
      }
      y += panelHeight + titleGap + panelGap
    }
    let plotTop = top, plotBottom = y - titleGap - panelGap
    FigureFrame.yTitle("training length L", top: plotTop, bottom: plotBottom, into: &w)
    FigureFrame.xTitle("distance k from the last token read (tokens)", left: FigureFrame.left, right: plotRight, y: height - 8, into: &w)

    // Colour bar: 50 stacked slices rather than a gradient, which would need a document-wide id.
    let bar = Rect(x: plotRight + barGap, y: plotTop, width: barWidth, height: plotBottom - plotTop)
    let slices = 50
    for i in 0..<slices {
      let t0 = Double(i) / Double(slices)
      let sy = bar.maxY - Double(i + 1) * bar.height / Double(slices)
      w.rect(Rect(x: bar.x, y: sy, width: bar.width, height: bar.height / Double(slices) + 0.3), fill: Palette.viridis(t0 + 0.5 / Double(slices)))
    }
    w.rect(bar, class: "frame")
    for t in NiceTicks.linear(0, 1, target: 4).ticks {
      let ty = bar.maxY - t.value * bar.height
      w.line(x1: bar.maxX, y1: ty, x2: bar.maxX + Chart.tickLength, y2: ty, class: "axis")
      w.label(t.label, x: bar.maxX + Chart.tickLength + 3, y: ty + 4, anchor: "start", class: "tick")
    }
    w.label("β_{k}", x: bar.midX, y: plotTop - 12, class: "axis-title")

    return Figure(
      name: FigureKind.heatmap.name,
      title: "Memory rate βₖ over distance and training length, per unit",
      description: "One heat map per unit. Rows are training lengths L, columns distances k from the last token read; colour is the mean memory rate βₖ over seeds at n = L on the viridis scale from 0 (dark purple) to 1 (yellow)\(clipped ? ", values outside [0, 1] shown at the nearest end" : ""). Cells with k ≥ L are blank.",
      width: FigureFrame.width, height: height, body: w.output)
  }
}
