/// A rectangle in SVG user units, y pointing down.
struct Rect: Equatable, Sendable {
  var x: Double
  var y: Double
  var width: Double
  var height: Double

  var maxX: Double { x + width }
  var maxY: Double { y + height }
  var midX: Double { x + width / 2 }
  var midY: Double { y + height / 2 }
}

/// Where the panels of a small-multiple figure go.
enum GridLayout {
  /// Columns for `count` panels: one row up to four, then rows of three or four, whichever
  /// leaves fewer empty cells (six lengths read better as 3 × 2 than 4 + 2).
  static func columns(for count: Int, maximum: Int = 4) -> Int {
    guard count > maximum else { return max(count, 1) }
    return (2...maximum).min { a, b in
      let ea = (a - count % a) % a, eb = (b - count % b) % b
      return ea != eb ? ea < eb : a > b
    }!
  }

  /// Panel rectangles in reading order inside `area`, `gap` apart horizontally and `rowGap`
  /// vertically (room for the x tick labels and panel titles between rows).
  static func panels(
    count: Int, columns: Int, in area: Rect, gap: Double, rowGap: Double
  ) -> [Rect] {
    let rows = (count + columns - 1) / columns
    let w = (area.width - gap * Double(columns - 1)) / Double(columns)
    let h = (area.height - rowGap * Double(rows - 1)) / Double(rows)
    return (0..<count).map { i in
      let r = i / columns, c = i % columns
      return Rect(x: area.x + Double(c) * (w + gap), y: area.y + Double(r) * (h + rowGap), width: w, height: h)
    }
  }
}
