import Analysis

/// The grid a study ran over, in drawing order: units as configured, network sizes (hidden
/// size, then depth) and lengths ascending. Figures and tables iterate it so they agree on order.
struct StudyGrid {
  let units: [UnitKind]
  let sizes: [NetworkSize]
  let trainLengths: [Int]
  let testLengths: [Int]
  let seedCount: Int

  init(_ results: StudyResults) {
    let c = results.config
    units = c.units
    sizes = c.sizes.sorted()
    trainLengths = Array(Set(c.trainLengths)).sorted()
    testLengths = Array(Set(c.effectiveTestLengths)).sorted()
    seedCount = c.seeds.count
  }

  /// Test lengths that are not training lengths: the length-generalisation part of the study.
  var hasGeneralisation: Bool { !Set(testLengths).subtracting(trainLengths).isEmpty }

  /// Whether the study has several hidden sizes, and several depths: a size is labelled by
  /// what varies.
  var severalHidden: Bool { Set(sizes.map(\.hidden)).count > 1 }
  var severalDepths: Bool { Set(sizes.map(\.layers)).count > 1 }

  /// "H = 64, K = 2": what varies of a size across the grid; `nil` for a grid of one size.
  func sizeTitle(_ s: NetworkSize) -> String? {
    let parts = (severalHidden ? ["H = \(s.hidden)"] : []) + (severalDepths ? ["K = \(s.layers)"] : [])
    return parts.isEmpty ? nil : parts.joined(separator: ", ")
  }

  /// "H = 64, " when the study has several sizes, so panel titles say which; else "".
  func sizePrefix(_ s: NetworkSize) -> String { sizeTitle(s).map { $0 + ", " } ?? "" }

  /// The table columns that tell sizes apart: H, K (layers), or none.
  var sizeHeader: [HTMLTable.Cell] {
    (severalHidden ? [.text("H", numeric: true)] : []) + (severalDepths ? [.text("K", numeric: true)] : [])
  }

  /// The LaTeX table columns that tell sizes apart, and a row's cells under them.
  var sizeTeXHeader: [String] { (severalHidden ? ["$H$"] : []) + (severalDepths ? ["$K$"] : []) }
  func sizeTeX(_ s: NetworkSize) -> [String] {
    (severalHidden ? [String(s.hidden)] : []) + (severalDepths ? [String(s.layers)] : [])
  }

  /// " at hidden size 64 with 2 layers": what varies of a size, for prose; "" for one size.
  func sizePhrase(_ s: NetworkSize) -> String {
    (severalHidden ? " at hidden size \(s.hidden)" : "") + (severalDepths ? " with \(s.layers) layer\(s.layers == 1 ? "" : "s")" : "")
  }

  /// A row's cells under `sizeHeader`.
  func sizeCells(_ s: NetworkSize) -> [HTMLTable.Cell] {
    (severalHidden ? [.text(String(s.hidden), numeric: true)] : [])
      + (severalDepths ? [.text(String(s.layers), numeric: true)] : [])
  }
}

/// The frame shared by the figures: a fixed width that reads at 100 % zoom in a 44-em column.
enum FigureFrame {
  static let width = 720.0
  static let left = 62.0
  static let right = 18.0
  /// Baseline of the legend row.
  static let legendY = 20.0
  /// Top of the first panel row (below the legend and the panel titles).
  static let top = 58.0
  /// Room under the last row for tick labels and the x-axis title.
  static let bottom = 46.0

  /// The frame of a small-multiple figure with `count` panels in rows of `columns`: the
  /// figure's height, the area the panels fill, and the panels in reading order.
  static func smallMultiples(count: Int, columns: Int) -> (height: Double, area: Rect, panels: [Rect]) {
    let rows = (count + columns - 1) / columns
    let panelHeight = 150.0, rowGap = 58.0
    let height = top + Double(rows) * panelHeight + Double(rows - 1) * rowGap + bottom
    let area = Rect(x: left, y: top, width: width - left - right, height: height - top - bottom)
    return (height, area, GridLayout.panels(count: count, columns: columns, in: area, gap: 26, rowGap: rowGap))
  }

  /// The y-axis title, rotated, centred on the panels' vertical extent.
  static func yTitle(_ text: String, top: Double, bottom: Double, into w: inout SVGWriter) {
    w.label(text, x: 16, y: (top + bottom) / 2, class: "axis-title", rotate: true)
  }

  /// The x-axis title centred under the plotting area.
  static func xTitle(_ text: String, left: Double, right: Double, y: Double, into w: inout SVGWriter) {
    w.label(text, x: (left + right) / 2, y: y, class: "axis-title")
  }
}
