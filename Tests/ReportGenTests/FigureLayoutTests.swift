import Analysis
import Foundation
import Testing

@testable import ReportGen

/// No two labels of a figure overlap, and no label sits on a plotted line: what a reader would
/// otherwise have to untangle. Text boxes are estimated from the writer's own output (font size
/// by class, `Chart.textWidth`'s glyph widths, the ascent above and a fifth of an em below the
/// baseline); rotated axis titles and label halos are left out.
@Suite struct FigureLayoutTests {
  struct Box: CustomStringConvertible {
    var text: String
    var x0, y0, x1, y1: Double
    var description: String { "\"\(text)\" [\(Int(x0))…\(Int(x1)), \(Int(y0))…\(Int(y1))]" }

    func overlaps(_ o: Box) -> Bool { x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1 }

    /// Whether `polyline` passes through the box: the figures' own test (`Chart.crosses`).
    func crosses(_ polyline: [(x: Double, y: Double)]) -> Bool {
      Chart.crosses(Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0), [polyline])
    }
  }

  static let fontSize: [String: Double] = [
    "tick": 12, "axis-title": 12.5, "panel-title": 12.5, "legend": 12.5, "note": 11.5, "ref-label": 11.5,
  ]

  static func attribute(_ name: String, in line: Substring) -> String? {
    guard let start = line.range(of: " \(name)=\"") else { return nil }
    let rest = line[start.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
  }

  /// The labels' boxes, shrunk by a pixel on every side so that labels that only touch pass.
  static func boxes(_ svg: String) -> [Box] {
    svg.split(separator: "\n").compactMap { line -> Box? in
      guard line.hasPrefix("<text "), !line.contains("transform="),
        let cls = attribute("class", in: line), !cls.contains("halo"),
        let x = attribute("x", in: line).flatMap(Double.init), let y = attribute("y", in: line).flatMap(Double.init)
      else { return nil }
      // The visible text: tags removed, entities counted as one character.
      var text = ""
      var inTag = false
      for c in line.drop(while: { $0 != ">" }).dropFirst() {
        if c == "<" { inTag = true } else if c == ">" { inTag = false } else if !inTag { text.append(c) }
      }
      for entity in ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"] { text = text.replacingOccurrences(of: entity, with: "&") }
      let size = cls.split(separator: " ").compactMap { fontSize[String($0)] }.first ?? 12
      let width = Chart.textWidth(text, size: size)
      let x0: Double
      switch attribute("text-anchor", in: line) {
      case "end": x0 = x - width
      case "middle": x0 = x - width / 2
      default: x0 = x
      }
      return Box(text: text, x0: x0 + 1, y0: y - 0.75 * size + 1, x1: x0 + width - 1, y1: y + 0.2 * size - 1)
    }
  }

  /// The plotted lines (class `series`, outside the legend) as polylines in pixels.
  static func lines(_ svg: String) -> [[(x: Double, y: Double)]] {
    var inLegend = false
    var result: [[(x: Double, y: Double)]] = []
    for line in svg.split(separator: "\n") {
      if line.hasPrefix("<g class=\"legend\"") { inLegend = true }
      if line.hasPrefix("</g>") { inLegend = false }
      guard !inLegend, line.hasPrefix("<path "), let cls = attribute("class", in: line),
        cls.split(separator: " ").contains("series"), let d = attribute("d", in: line)
      else { continue }
      result.append(contentsOf: polylines(d))
    }
    return result
  }

  /// `M x y` starts a polyline; `l dx dy …` continues it (PathData writes nothing else for lines).
  static func polylines(_ d: String) -> [[(x: Double, y: Double)]] {
    var result: [[(x: Double, y: Double)]] = []
    var numbers: [Double] = []
    var command: Character = " "
    var current: [(x: Double, y: Double)] = []
    func flush() {
      var i = 0
      while i + 1 < numbers.count {
        if command == "M" {
          if current.count > 1 { result.append(current) }
          current = [(numbers[i], numbers[i + 1])]
          command = "l"
        } else if command == "l", let last = current.last {
          current.append((last.x + numbers[i], last.y + numbers[i + 1]))
        }
        i += 2
      }
      numbers = []
    }
    var token = ""
    for c in d + " " {
      if c.isLetter {
        if !token.isEmpty { numbers.append(Double(token) ?? 0); token = "" }
        flush()
        command = c
      } else if c == " " || c == "," || (c == "-" && !token.isEmpty && token.last != "e") {
        if !token.isEmpty { numbers.append(Double(token) ?? 0); token = "" }
        if c == "-" { token = "-" }
      } else {
        token.append(c)
      }
    }
    flush()
    if current.count > 1 { result.append(current) }
    return result
  }

  static func problems(_ figure: Figure) -> [String] {
    let svg = figure.svg(standalone: false)
    let boxes = boxes(svg)
    var found: [String] = []
    for i in boxes.indices {
      for j in boxes.indices where j > i && boxes[i].overlaps(boxes[j]) {
        found.append("\(figure.name): \(boxes[i]) overlaps \(boxes[j])")
      }
    }
    for box in boxes {
      for polyline in lines(svg) where box.crosses(polyline) {
        found.append("\(figure.name): \(box) lies on a plotted line")
        break
      }
    }
    return found
  }

  @Test func thePathParserReadsWhatPathDataWrites() {
    var path = PathData()
    path.move(10, 20)
    path.lineTo(30, 25)
    path.lineTo(30, 5)
    let lines = Self.polylines(path.d)
    #expect(lines.count == 1 && lines[0].count == 3)
    #expect(lines[0].last.map { abs($0.x - 30) < 0.2 && abs($0.y - 5) < 0.2 } == true)
    let box = Box(text: "x", x0: 25, y0: 10, x1: 35, y1: 15)
    #expect(box.crosses([lines[0][1], lines[0][2]]))
    #expect(!box.crosses([lines[0][0], (x: 20, y: 20)]))
  }

  /// The check finds what it looks for: two labels drawn on each other, and one on a line.
  @Test func collisionsAreFound() {
    var w = SVGWriter()
    w.label("over-count", x: 100, y: 50, anchor: "end", class: "note")
    w.label("L* GRU", x: 90, y: 52, anchor: "middle", class: "legend")
    var path = PathData()
    path.move(150, 0)
    path.lineTo(150, 100)
    w.element("path", ["class": "series u-gru", "d": .text(path.d)])
    w.label("EML = L", x: 150, y: 60, class: "note")
    let figure = Figure(name: "trial", title: "", description: "", width: 200, height: 100, body: w.output)
    let found = Self.problems(figure)
    #expect(found.count == 2, "\(found)")
    #expect(found.contains { $0.contains("\"over-count\"") && $0.contains("overlaps") })
    #expect(found.contains { $0.contains("\"EML = L\"") && $0.contains("plotted line") })
  }

  /// At the report's width, at the LaTeX export's for a 15 cm text column, and at its narrowest.
  static let widths = [720.0, LaTeXExport.drawingWidth(textWidth: LaTeXExport.defaultTextWidth), LaTeXExport.drawingWidth(textWidth: 6)]

  @Test(arguments: FigureKind.allCases)
  func labelsNeitherOverlapNorSitOnLines(kind: FigureKind) throws {
    // The fixture as it is, with a second depth, on a corpus, and with no length qualifying
    // (every unit's L* label at the shortest length, stacked there).
    var unqualified = try fixtureResults()
    let shortest = unqualified.config.trainLengths.min() ?? 1
    for i in unqualified.recommendations.indices {
      unqualified.recommendations[i].qualified = false
      unqualified.recommendations[i].recommendedLength = shortest
    }
    for results in [try fixtureResults(), try stackedFixtureResults(), try TextReportTests.textResults(), unqualified] {
      try Self.checkLayout(kind, of: results)
    }
  }
}

extension FigureLayoutTests {
  /// A study directory's results (MEMSTUDY_LAYOUT_RESULTS), for looking at a real study's
  /// figures at every width (MEMSTUDY_LAYOUT_DUMP writes them); skipped without it.
  @Test func aStudyOfOnesOwn() throws {
    guard let path = ProcessInfo.processInfo.environment["MEMSTUDY_LAYOUT_RESULTS"] else { return }
    let results = try StudyResults.decode(from: Data(contentsOf: URL(fileURLWithPath: path)))
    for kind in FigureKind.allCases {
      try Self.checkLayout(kind, of: results)
    }
  }

  /// `kind` drawn from `results` at every width holds no layout problem; with
  /// MEMSTUDY_LAYOUT_DUMP=DIR, each drawing is also written there as standalone SVG, to look at.
  static func checkLayout(_ kind: FigureKind, of results: StudyResults) throws {
    for width in widths {
      guard let figure = FigureFrame.$width.withValue(width, operation: { kind.draw(results, grid: StudyGrid(results)) }) else { continue }
      let found = problems(figure)
      #expect(found.isEmpty, "at \(Int(width)) px: \(found.joined(separator: "\n"))")
      if let dump = ProcessInfo.processInfo.environment["MEMSTUDY_LAYOUT_DUMP"] {
        try figure.svg(standalone: true).write(
          toFile: "\(dump)/\(figure.name)-\(Int(width)).svg", atomically: true, encoding: .utf8)
      }
    }
  }
}
