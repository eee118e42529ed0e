import Foundation

/// The frame shared by the figures: a width that reads at 100 % zoom in a 44-em column, 720 px,
/// or narrower for a LaTeX export whose text column would otherwise shrink the tick labels below
/// 8 pt (`LaTeXExport.drawingWidth`); the panels, not the text, take the difference.
enum FigureFrame {
  @TaskLocal static var width = 720.0
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
