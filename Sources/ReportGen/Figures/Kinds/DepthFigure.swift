import Analysis

/// Figure: depth against width. In-length held memory SMR_σ(L) (the fit's SMR where σ was not
/// measured) against training length, one panel per unit and one line per network size,
/// labelled with its parameter count, so a stacked network can be read against a one-layer
/// network of about as many parameters where the grid has one. Only for a grid of several depths.
enum DepthFigure {
  /// Sizes of different depth whose parameter counts differ by at most this share of the
  /// larger count are "about as many parameters".
  static let comparableShare = 0.1

  static func make(_ results: StudyResults, grid: StudyGrid) -> Figure? {
    guard grid.severalDepths else { return nil }
    let measure = RecommendationRule.measure(for: results)
    let theta = results.config.evaluation.recommendThreshold
    let dimension = inputDimension(results)
    let series = grid.units.map { u in
      grid.sizes.map { s in
        (size: s, points: grid.trainLengths.compactMap { l in
          results.interval(unit: u, size: s, trainLength: l) { measure.value(in: $0) }.map { (l, $0) }
        })
      }
    }
    let values = series.flatMap { $0.flatMap { $0.points.map(\.1.mean) } }
    let xAxis = ValueAxis.lengths(grid.trainLengths)
    let yAxis = ValueAxis.linear(values.min() ?? 0, values.max() ?? 1, including: [0, 1, theta])
    let panelHeight = 230.0
    let area = Rect(
      x: FigureFrame.left, y: FigureFrame.top,
      width: FigureFrame.width - FigureFrame.left - FigureFrame.right, height: panelHeight)
    let rects = GridLayout.panels(count: grid.units.count, columns: grid.units.count, in: area, gap: 24, rowGap: 0)
    let shallowest = grid.sizes.map(\.layers).min() ?? 1
    let panels = grid.units.enumerated().map { i, unit in
      var p = PanelAxes(rect: rects[i], x: xAxis, y: yAxis, title: unit.displayName)
      p.showYLabels = i == 0
      return p
    }
    // Each panel's key goes inside it where no line crosses it; where one panel has no such
    // place (narrow panels, lines everywhere), every key goes under its panel instead.
    let keyRowHeight = 15.0
    let keyHeight = keyRowHeight * Double(grid.sizes.count) + 6
    // Each line's label, then the key's width: line sample and marker, then the widest label.
    let labels = grid.units.enumerated().map { i, unit in
      series[i].map { label($0.size, unit: unit, dimension: dimension, grid: grid) }
    }
    let inside = panels.indices.compactMap { i in
      let width = 28 + (labels[i].map { Chart.textWidth($0, size: 12.5) }.max() ?? 0)
      return freeCorner(panels[i], lines: series[i].map(\.points), width: width, height: keyHeight)
    }
    let below = inside.count < panels.count
    let height = FigureFrame.top + panelHeight + FigureFrame.bottom + (below ? keyHeight + 4 : 0)

    var w = SVGWriter()
    for (i, unit) in grid.units.enumerated() {
      let p = panels[i]
      Chart.axes(p, into: &w)
      let ty = p.y(theta)
      w.line(x1: p.rect.x, y1: ty, x2: p.rect.maxX, y2: ty, class: "ref")
      let corner = below ? (x: p.rect.x + 4, y: p.rect.maxY + 24) : inside[i]
      for (j, line) in series[i].enumerated() {
        let thin = line.size.layers == shallowest
        Chart.line(line.points.map { (x: Double($0.0), y: $0.1.mean) }, unit: unit, in: p, thin: thin, into: &w)
        for (l, iv) in line.points {
          Chart.marker(unit, x: p.x(Double(l)), y: p.y(iv.mean), size: thin ? 2.6 : 3.2, hollow: thin, into: &w)
        }
        // The key's row: a line sample and marker in the size's style, then its size and
        // parameter count.
        let y = corner.y + keyRowHeight * Double(j + 1)
        let x = corner.x + 4
        Chart.stroke(PathData.polyline([(x, y - 4), (x + 18, y - 4)]), unit: unit, thin: thin, into: &w)
        Chart.marker(unit, x: x + 9, y: y - 4, size: thin ? 2.6 : 3.2, hollow: thin, into: &w)
        w.label(labels[i][j], x: x + 24, y: y, anchor: "start", class: "legend fill-\(unit.rawValue)")
      }
    }
    FigureFrame.yTitle(
      measure == .held ? "held memory SMR_{σ}(L)" : "sequence memory rate SMR(L)",
      top: area.y, bottom: area.maxY, into: &w)
    FigureFrame.xTitle("training length L (tokens, log scale)", left: area.x, right: area.maxX, y: height - 8, into: &w)

    return Figure(
      name: FigureKind.depth.name,
      title: "Depth against width: held memory per network size, with parameter counts",
      description: "In-length \(measure == .held ? "held memory SMR_σ(L)" : "SMR(L)") against the training length L on a log axis, one panel per unit and one line per network size (H hidden units, K stacked layers), mean over up to \(grid.seedCount) seeds; thin lines with hollow markers are \(shallowest)-layer networks, thick lines stacked ones; each line is labelled with its size and its number of parameters. A dashed line marks θ_rec = \(NumberFormat.display(theta, decimals: 2)). " + comparison(grid: grid, dimension: dimension),
      width: FigureFrame.width, height: height, body: w.output)
  }

  /// The first corner of panel `p` (bottom left, bottom right, top right, middle left, top left,
  /// middle right) where a key of this size crosses none of `lines`, or nil.
  static func freeCorner(
    _ p: PanelAxes, lines: [[(Int, Interval)]], width: Double, height: Double
  ) -> (x: Double, y: Double)? {
    let corners = [
      (x: p.rect.x + 4, y: p.rect.maxY - height), (x: p.rect.maxX - width, y: p.rect.maxY - height),
      (x: p.rect.maxX - width, y: p.rect.y + 4), (x: p.rect.x + 4, y: p.rect.midY - height / 2),
      (x: p.rect.x + 4, y: p.rect.y + 4), (x: p.rect.maxX - width, y: p.rect.midY - height / 2),
    ]
    let pixels = lines.map { line in line.map { (x: p.x(Double($0.0)), y: p.y($0.1.mean)) } }
    return corners.first { !Chart.crosses(Rect(x: $0.x, y: $0.y, width: width, height: height), pixels) }
  }

  /// The width of a token's vector, which sizes layer 0 and the readout; `nil` for a corpus study
  /// whose results do not record it.
  static func inputDimension(_ results: StudyResults) -> Int? {
    results.config.space.declaredSize?.dimension ?? results.corpus?.dimension
  }

  /// "K = 2 · 15.4 k": what varies of the size, and its parameter count.
  static func label(_ s: NetworkSize, unit: UnitKind, dimension: Int?, grid: StudyGrid) -> String {
    let name = grid.sizeTitle(s) ?? s.description
    guard let d = dimension else { return name }
    return name + " · " + count(s.parameterCount(unit: unit, input: d, output: d))
  }

  /// "15.4 k" parameters, "912".
  static func count(_ n: Int) -> String {
    n < 1000 ? String(n) : NumberFormat.display(Double(n) / 1000, decimals: 1) + " k"
  }

  /// The caption's sentence on which sizes of different depth have about as many parameters.
  static func comparison(grid: StudyGrid, dimension: Int?) -> String {
    guard let d = dimension else { return "" }
    var pairs: [String] = []
    for unit in grid.units {
      for (i, a) in grid.sizes.enumerated() {
        for b in grid.sizes[(i + 1)...] where a.layers != b.layers {
          let (pa, pb) = (a.parameterCount(unit: unit, input: d, output: d), b.parameterCount(unit: unit, input: d, output: d))
          if Double(abs(pa - pb)) <= comparableShare * Double(max(pa, pb)) {
            pairs.append("\(unit.displayName) \(a) (\(count(pa))) and \(b) (\(count(pb)))")
          }
        }
      }
    }
    let within = NumberFormat.display(comparableShare * 100, decimals: 0)
    return pairs.isEmpty
      ? "No two sizes of different depth have parameter counts within \(within) % of each other in this grid: add a hidden size to compare depth at equal parameters."
      : "Sizes of different depth with parameter counts within \(within) %: " + pairs.joined(separator: "; ") + "."
  }
}
