import Analysis

/// Figure: forgetting curves β_k against distance k, one panel per training length (small
/// multiples), one line per unit with its 95 % band across seeds; in-length evaluation (n = L).
enum ForgettingFigure {
  /// The highest the y-axis goes: 1 and the over-weighting of the last tokens a unit that holds
  /// its sequence shows (up to about 1.2), with room to spare.
  static let ceiling = 1.6

  static func make(_ results: StudyResults, grid: StudyGrid) -> Figure {
    // held: σ_k where measured (drawn with its band, as the unit's line); fitted: β_k (the unit's
    // line where σ was not measured, else a thin dotted line beside σ).
    struct Curve { let unit: UnitKind; let held: [Interval]; let fitted: [Interval] }
    let keys = grid.sizes.flatMap { h in grid.trainLengths.map { (h, $0) } }
    let curves = keys.map { h, l in
      grid.units.map {
        Curve(
          unit: $0,
          held: results.curveIntervals(unit: $0, size: h, trainLength: l) { $0.memoryRateSub },
          fitted: results.memoryRateIntervals(unit: $0, size: h, trainLength: l))
      }
    }
    let anyHeld = curves.contains { $0.contains { !$0.held.isEmpty } }
    let all = curves.flatMap { $0.flatMap { ($0.held + $0.fitted).map(\.mean) } }
    // A coefficient far above 1 (on text a collapsed vanilla RNN puts its weight on the last
    // token: σ_0 ≈ 6) would flatten every other curve: the axis stops at `ceiling`, and a
    // curve above it is drawn along the top edge, its largest value written there.
    let yAxis = ValueAxis.linear(all.min() ?? 0, min(all.max() ?? 1, Self.ceiling), including: [0, 1])
    let top = yAxis.domain.upperBound
    let clip = { (y: Double) in min(y, top) }
    var clipped = false

    let columns = GridLayout.columns(for: grid.trainLengths.count)
    let (height, area, rects) = FigureFrame.smallMultiples(count: keys.count, columns: columns)

    var w = SVGWriter()
    Chart.legend(grid.units, centre: FigureFrame.width / 2, y: FigureFrame.legendY, into: &w)
    for (i, (h, l)) in keys.enumerated() {
      let xAxis = ValueAxis.linear(0, Double(max(l - 1, 1)), target: 4, pad: 0.02)
      var p = PanelAxes(rect: rects[i], x: xAxis, y: yAxis, title: "\(grid.sizePrefix(h))L = \(l)")
      p.showYLabels = i % columns == 0
      Chart.axes(p, into: &w)
      let main = curves[i].map { (unit: $0.unit, intervals: $0.held.isEmpty ? $0.fitted : $0.held) }
      for curve in main where !curve.intervals.isEmpty {
        let ks = curve.intervals.indices
        Chart.band(ks.map { (Double($0), curve.intervals[$0].lower, curve.intervals[$0].upper) }, unit: curve.unit, in: p, into: &w)
      }
      for curve in curves[i] where !curve.held.isEmpty && !curve.fitted.isEmpty {
        Chart.fitLine(curve.fitted.indices.map { (x: Double($0), y: clip(curve.fitted[$0].mean)) }, unit: curve.unit, in: p, into: &w)
      }
      var labels = 0
      for (u, curve) in main.enumerated() where !curve.intervals.isEmpty {
        Chart.line(curve.intervals.indices.map { (x: Double($0), y: clip(curve.intervals[$0].mean)) }, unit: curve.unit, in: p, into: &w)
        // Markers every few points, staggered per unit so coincident curves stay distinguishable.
        let step = max(1, curve.intervals.count / 4)
        for k in stride(from: (u * step) / max(grid.units.count, 1), to: curve.intervals.count, by: step) {
          Chart.marker(curve.unit, x: p.x(Double(k)), y: p.y(clip(curve.intervals[k].mean)), size: 3, into: &w)
        }
        if let highest = curve.intervals.indices.max(by: { curve.intervals[$0].mean < curve.intervals[$1].mean }),
          curve.intervals[highest].mean > top
        {
          clipped = true
          let text = "↑ " + NumberFormat.display(curve.intervals[highest].mean, decimals: 1)
          // Right of the clipped point, as near as no curve of the panel crosses it (a curve
          // that leaves the top usually falls steeply just right of it).
          let y = p.rect.y + 11 + 12 * Double(labels)
          let lines = curves[i].flatMap { c in [c.held, c.fitted] }.filter { !$0.isEmpty }.map { intervals in
            intervals.indices.map { (x: p.x(Double($0)), y: p.y(clip(intervals[$0].mean))) }
          }
          let start = p.x(Double(highest)) + 5
          let x = stride(from: start, to: p.rect.maxX - 30, by: 6).first {
            !Chart.crosses(Chart.labelBox(text, x: $0, y: y, anchor: "start", size: 12.5), lines)
          } ?? start
          w.label(text, x: x, y: y, anchor: "start", class: "legend fill-\(curve.unit.rawValue)")
          labels += 1
        }
      }
    }
    FigureFrame.yTitle(anyHeld ? "held σ_{k} (dotted: fit β_{k})" : "memory rate β_{k}", top: area.y, bottom: area.maxY, into: &w)
    FigureFrame.xTitle("distance k from the last token read (tokens)", left: area.x, right: area.maxX, y: height - 8, into: &w)

    let seeds = grid.seedCount
    let units = grid.units.map(\.displayName).joined(separator: ", ")
    return Figure(
      name: FigureKind.forgetting.name,
      title: anyHeld
        ? "Forgetting curves: held σₖ and fitted βₖ against distance k, per training length"
        : "Forgetting curves βₖ against distance k, per training length",
      description: (anyHeld
        ? "Small multiples, one panel per training length L. In each, the substitution coefficient σₖ (what the network holds of the token k steps back) of every unit (\(units)) against the distance k from the last token read, evaluated at n = L, as the unit's line with markers, its mean over up to \(seeds) seeds and a shaded 95 % band cut at the axis limits; beside it, thin and dotted in the same colour, the fit's memory rate βₖ (mean), which also credits what the network can deduce of that token from the others."
        : "Small multiples, one panel per training length L. In each, the memory rate βₖ of every unit (\(units)) against the distance k from the last token read, evaluated at n = L; lines are the mean over up to \(seeds) seeds and shaded bands the 95 % interval, cut at the axis limits.")
        + (clipped ? " The axis stops at \(NumberFormat.display(top, decimals: 2)): a curve above it runs along the top edge, where an arrow gives its largest value." : ""),
      width: FigureFrame.width, height: height, body: w.output)
  }
}
