/// The one place SVG text is written: attribute values and text content are escaped, numbers
/// are fixed-precision and locale-free. One element per line keeps snapshot diffs readable.
import Foundation

struct SVGWriter {
  /// An attribute value: a number (formatted as a coordinate) or text (escaped).
  enum Value: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    case number(Double)
    case text(String)

    init(stringLiteral value: String) { self = .text(value) }
    init(floatLiteral value: Double) { self = .number(value) }
    init(integerLiteral value: Int) { self = .number(Double(value)) }

    var serialised: String {
      switch self {
      case .number(let x): NumberFormat.coordinate(x)
      case .text(let s): MarkupEscaping.escaped(s)
      }
    }
  }

  private(set) var output = ""
  private var depth = 0

  mutating func open(_ tag: String, _ attributes: KeyValuePairs<String, Value> = [:]) {
    line("<\(tag)\(Self.attributes(attributes))>")
    depth += 1
  }

  mutating func close(_ tag: String) {
    depth -= 1
    line("</\(tag)>")
  }

  /// An empty element: `<line … />`.
  mutating func element(_ tag: String, _ attributes: KeyValuePairs<String, Value>) {
    line("<\(tag)\(Self.attributes(attributes))/>")
  }

  /// An element holding text, escaped.
  mutating func text(_ tag: String, _ attributes: KeyValuePairs<String, Value> = [:], _ content: String) {
    line("<\(tag)\(Self.attributes(attributes))>\(MarkupEscaping.escaped(content))</\(tag)>")
  }

  /// A `<text>` label at (x, y); `anchor` is start, middle or end. `_{…}` in `content` is set
  /// as a subscript (`θ_{rec}`), since Unicode has no subscript for most letters.
  mutating func label(
    _ content: String, x: Double, y: Double, anchor: String = "middle", class cls: String,
    rotate: Bool = false
  ) {
    let position =
      rotate
      ? " transform=\"translate(\(NumberFormat.coordinate(x)) \(NumberFormat.coordinate(y))) rotate(-90)\""
      : " x=\"\(NumberFormat.coordinate(x))\" y=\"\(NumberFormat.coordinate(y))\""
    line(
      "<text class=\"\(MarkupEscaping.escaped(cls))\"\(position) text-anchor=\"\(anchor)\">"
        + Self.subscripted(content) + "</text>")
  }

  /// Escaped text with `_{…}` turned into lowered, smaller `tspan`s; the text after a
  /// subscript goes in a `tspan` raised back to the baseline (shifts in px, since `em` would
  /// differ between the smaller subscript and the text).
  static func subscripted(_ content: String) -> String {
    var out = ""
    var rest = Substring(content)
    var lowered = false
    func plain(_ s: Substring) -> String {
      guard !s.isEmpty else { return "" }
      let text = MarkupEscaping.escaped(String(s))
      return lowered ? "<tspan dy=\"-3\">" + text + "</tspan>" : text
    }
    while let open = rest.range(of: "_{"), let close = rest[open.upperBound...].firstIndex(of: "}") {
      out += plain(rest[..<open.lowerBound])
      if !rest[..<open.lowerBound].isEmpty { lowered = false }
      out += "<tspan class=\"sub\" dy=\"\(lowered ? 0 : 3)\">" + MarkupEscaping.escaped(String(rest[open.upperBound..<close])) + "</tspan>"
      lowered = true
      rest = rest[rest.index(after: close)...]
    }
    return out + plain(rest)
  }

  mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, class cls: String) {
    element("line", ["class": .text(cls), "x1": .number(x1), "y1": .number(y1), "x2": .number(x2), "y2": .number(y2)])
  }

  mutating func rect(_ r: Rect, class cls: String? = nil, fill: String? = nil) {
    var attributes = "<rect"
    if let cls { attributes += " class=\"\(MarkupEscaping.escaped(cls))\"" }
    attributes += " x=\"\(NumberFormat.coordinate(r.x))\" y=\"\(NumberFormat.coordinate(r.y))\""
    attributes += " width=\"\(NumberFormat.coordinate(r.width))\" height=\"\(NumberFormat.coordinate(r.height))\""
    if let fill { attributes += " fill=\"\(MarkupEscaping.escaped(fill))\"" }
    line(attributes + "/>")
  }

  /// Raw, already-serialised markup from another writer.
  mutating func append(_ markup: String) {
    output += markup
  }

  private mutating func line(_ s: String) {
    output += String(repeating: " ", count: depth) + s + "\n"
  }

  private static func attributes(_ pairs: KeyValuePairs<String, Value>) -> String {
    pairs.map { " \($0.key)=\"\($0.value.serialised)\"" }.joined()
  }
}

/// Path data (`d`) built from points, coordinates to two decimals.
struct PathData {
  private(set) var d = ""

  mutating func move(_ x: Double, _ y: Double) {
    d += (d.isEmpty ? "" : " ") + "M" + NumberFormat.coordinate(x) + " " + NumberFormat.coordinate(y)
  }

  mutating func lineTo(_ x: Double, _ y: Double) {
    d += " L" + NumberFormat.coordinate(x) + " " + NumberFormat.coordinate(y)
  }

  mutating func closePath() { d += " Z" }

  /// A polyline through `points`; breaks at nil points (a gap), so missing data is not bridged.
  static func polyline(_ points: [(Double, Double)?]) -> PathData {
    var path = PathData()
    var pen = false
    for p in points {
      guard let (x, y) = p else { pen = false; continue }
      if pen { path.lineTo(x, y) } else { path.move(x, y) }
      pen = true
    }
    return path
  }
}
