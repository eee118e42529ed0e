/// The one place SVG text is written: attribute values and text content are escaped, numbers
/// are fixed-precision (a tenth of a pixel) and locale-free. One element per line keeps
/// snapshot diffs readable.
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

  /// The XML declaration a standalone `.svg` file opens with.
  mutating func xmlDeclaration() {
    line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
  }

  mutating func open(_ tag: String, _ attributes: KeyValuePairs<String, Value> = [:]) {
    line("<\(tag)\(Self.attributes(attributes))>")
  }

  mutating func close(_ tag: String) {
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

  /// One element per line, not indented: indentation would be a tenth of a large figure.
  private mutating func line(_ s: String) {
    output += s + "\n"
  }

  private static func attributes(_ pairs: KeyValuePairs<String, Value>) -> String {
    pairs.map { " \($0.key)=\"\($0.value.serialised)\"" }.joined()
  }
}

/// Path data (`d`) built from points: an absolute move, then relative lines (`l`) between
/// points rounded to a tenth of a pixel. The figures are 720 px wide and shown at about that
/// size, so a tenth is below what a screen or a print resolves; relative steps are short
/// numbers. Each step is taken between *rounded* positions, in integer tenths, so rounding never
/// accumulates along a path.
struct PathData {
  private(set) var d = ""
  /// The pen in tenths of a pixel; nil before the first move.
  private var pen: (x: Int, y: Int)?
  /// Where the current subpath started: `z` returns the pen there.
  private var start: (x: Int, y: Int)?
  /// Whether the last command written was `l`, so the next step can omit the letter.
  private var inLine = false

  mutating func move(_ x: Double, _ y: Double) {
    let q = Self.tenths(x, y)
    d += (d.isEmpty ? "" : " ") + "M" + Self.number(q.x) + Self.separated(Self.number(q.y))
    pen = q
    start = q
    inLine = false
  }

  mutating func lineTo(_ x: Double, _ y: Double) {
    guard let from = pen else { return move(x, y) }
    let q = Self.tenths(x, y)
    let dx = Self.number(q.x - from.x), dy = Self.number(q.y - from.y)
    d += (inLine ? Self.separated(dx) : "l" + dx) + Self.separated(dy)
    pen = q
    inLine = true
  }

  mutating func closePath() {
    d += "z"
    pen = start
    inLine = false
  }

  /// A polyline through `points`, simplified to what the pixels show; breaks at nil points
  /// (a gap), so missing data is not bridged.
  static func polyline(_ points: [(Double, Double)?]) -> PathData {
    var path = PathData()
    var run: [(x: Double, y: Double)] = []
    func flush() {
      for (i, p) in PolylineSimplification.simplified(run).enumerated() {
        if i == 0 { path.move(p.x, p.y) } else { path.lineTo(p.x, p.y) }
      }
      run.removeAll(keepingCapacity: true)
    }
    for p in points {
      guard let (x, y) = p else { flush(); continue }
      run.append((x, y))
    }
    flush()
    return path
  }

  /// A coordinate in whole tenths of a pixel. Figures are a few thousand pixels at most, so the
  /// clamp only guards a non-finite or absurd value from trapping the conversion.
  private static func tenths(_ x: Double, _ y: Double) -> (x: Int, y: Int) {
    func q(_ v: Double) -> Int {
      guard v.isFinite else { return 0 }
      return Int((min(max(v, -1e9), 1e9) * 10).rounded())
    }
    return (q(x), q(y))
  }

  /// Tenths as a decimal: 123 → `12.3`, −5 → `-0.5`, 40 → `4`.
  private static func number(_ tenths: Int) -> String {
    let whole = tenths.magnitude / 10, fraction = tenths.magnitude % 10
    return (tenths < 0 ? "-" : "") + String(whole) + (fraction == 0 ? "" : "." + String(fraction))
  }

  /// A number after another: a minus sign separates by itself, anything else needs a space.
  private static func separated(_ number: String) -> String {
    number.hasPrefix("-") ? number : " " + number
  }
}
