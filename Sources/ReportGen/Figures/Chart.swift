import Analysis
import Foundation

/// A plotting area with its scales and ticks: the pure geometry a panel is drawn from.
struct PanelAxes {
  var rect: Rect
  var x: Scale
  var y: Scale
  var xTicks: [Tick]
  var yTicks: [Tick]
  var title: String?
  var showXLabels = true
  var showYLabels = true

  init(rect: Rect, x: ValueAxis, y: ValueAxis, title: String? = nil) {
    self.rect = rect
    self.x = x.scale(rect.x, rect.maxX)
    self.y = y.scale(rect.maxY, rect.y)
    self.xTicks = x.ticks
    self.yTicks = y.ticks
    self.title = title
  }
}

/// An axis before it has pixels: kind, domain and ticks.
struct ValueAxis {
  var kind: Scale.Kind
  var domain: ClosedRange<Double>
  var ticks: [Tick]

  func scale(_ start: Double, _ end: Double) -> Scale {
    kind == .log ? .log(domain, to: start, end) : .linear(domain, to: start, end)
  }

  /// A linear axis that shows `lower…upper` (widened to include `including`), with nice ticks
  /// inside it; the domain is padded by 3 % rather than stretched to the next tick, so a
  /// quantity bounded by 1 is not drawn up to 1.2.
  static func linear(
    _ lower: Double, _ upper: Double, including: [Double] = [], target: Int = 5, pad: Double = 0.03
  ) -> ValueAxis {
    let lo = ([lower] + including).min()!, hi = ([upper] + including).max()!
    let (_, ticks) = NiceTicks.linear(lo, hi, target: target)
    let span = max(hi - lo, 1e-9)
    let domain = (lo - (lo == 0 ? 0 : pad * span))...(hi + pad * span)
    return ValueAxis(
      kind: .linear, domain: domain,
      ticks: ticks.filter { $0.value >= domain.lowerBound - 1e-9 && $0.value <= domain.upperBound + 1e-9 })
  }

  /// A log axis on decades, for values spanning orders of magnitude (losses).
  static func log(_ lower: Double, _ upper: Double) -> ValueAxis {
    let (domain, ticks) = NiceTicks.log(lower, upper)
    return ValueAxis(kind: .log, domain: domain, ticks: ticks)
  }

  /// A log axis for the grid's lengths: ticks at the lengths themselves, padded by a quarter step.
  static func lengths(_ lengths: [Int]) -> ValueAxis {
    let lo = Double(lengths.min() ?? 1), hi = Double(lengths.max() ?? 2)
    let pad = hi > lo ? Foundation.pow(hi / lo, 0.06) : 1.5
    return ValueAxis(kind: .log, domain: (lo / pad)...(hi * pad), ticks: NiceTicks.at(lengths.map(Double.init)))
  }

  /// Linear when values stay within two decades or touch zero; log otherwise (METHOD.md asks for
  /// log axes where values span decades).
  static func auto(_ values: [Double], including: [Double] = []) -> ValueAxis {
    let finite = values.filter(\.isFinite)
    guard let lo = finite.min(), let hi = finite.max() else { return .linear(0, 1) }
    if lo > 0, hi / lo >= 100 { return .log(lo, hi) }
    return .linear(lo, hi, including: including)
  }
}

/// Drawing primitives shared by the figure kinds: axes, series, bands, markers, legends.
enum Chart {
  static let tickLength = 4.0

  /// Grid lines, the two axis lines, tick labels and the panel title.
  static func axes(_ p: PanelAxes, into w: inout SVGWriter) {
    let r = p.rect
    w.open("g", ["class": "axes"])
    for t in p.yTicks {
      let y = p.y(t.value)
      w.line(x1: r.x, y1: y, x2: r.maxX, y2: y, class: "grid")
      if p.showYLabels, !t.label.isEmpty { w.label(t.label, x: r.x - tickLength - 3, y: y + 4, anchor: "end", class: "tick") }
    }
    for t in p.xTicks {
      let x = p.x(t.value)
      w.line(x1: x, y1: r.maxY, x2: x, y2: r.maxY + tickLength, class: "axis")
      if p.showXLabels, !t.label.isEmpty {
        // A label at the panel's right edge ends there, so that it never runs into the first
        // label of the panel beside it ("2000" into "0").
        let half = textWidth(t.label, size: 12) / 2
        let centre = x + half > r.maxX + 2 ? r.maxX + 2 - half : x
        w.label(t.label, x: centre, y: r.maxY + tickLength + 13, class: "tick")
      }
    }
    w.line(x1: r.x, y1: r.maxY, x2: r.maxX, y2: r.maxY, class: "axis")
    w.line(x1: r.x, y1: r.y, x2: r.x, y2: r.maxY, class: "axis")
    if let title = p.title { w.label(title, x: r.midX, y: r.y - 8, class: "panel-title") }
    w.close("g")
  }

  /// The mean as a line in the unit's colour and dash pattern; nil points break the line.
  static func line(
    _ points: [(x: Double, y: Double)?], unit: UnitKind, in p: PanelAxes, thin: Bool = false,
    into w: inout SVGWriter
  ) {
    stroke(PathData.polyline(points.map { $0.map { (p.x($0.x), p.y($0.y)) } }), unit: unit, thin: thin, into: &w)
  }

  /// A path in the unit's colour and dash pattern, in pixels.
  static func stroke(_ path: PathData, unit: UnitKind, thin: Bool = false, into w: inout SVGWriter) {
    guard !path.d.isEmpty else { return }
    let cls = "series u-\(unit.rawValue)" + (thin ? " thin" : "")
    if let dash = Palette.dash(unit) {
      w.element("path", ["class": .text(cls), "stroke-dasharray": .text(dash), "d": .text(path.d)])
    } else {
      w.element("path", ["class": .text(cls), "d": .text(path.d)])
    }
  }

  /// The fit's curve drawn beside a held-memory curve: thin and dotted in the unit's colour,
  /// whatever the unit's own dash pattern, so "dotted = fit" reads the same for every unit.
  static func fitLine(
    _ points: [(x: Double, y: Double)?], unit: UnitKind, in p: PanelAxes, into w: inout SVGWriter
  ) {
    let path = PathData.polyline(points.map { $0.map { (p.x($0.x), p.y($0.y)) } })
    guard !path.d.isEmpty else { return }
    w.element("path", [
      "class": .text("series thin u-\(unit.rawValue)"), "stroke-dasharray": .text(fitDash),
      "d": .text(path.d),
    ])
  }

  /// The dash pattern of `fitLine`.
  static let fitDash = "1.5 2.5"

  /// The 95 % interval as a translucent polygon between lower and upper curves.
  static func band(
    _ points: [(x: Double, lower: Double, upper: Double)], unit: UnitKind, in p: PanelAxes,
    within limits: ClosedRange<Double>? = nil, into w: inout SVGWriter
  ) {
    // A band of identical bounds (one seed) would be an invisible sliver: skip it.
    guard points.count >= 2, points.contains(where: { $0.upper - $0.lower > 1e-12 }) else { return }
    // Cut at the axis limits, or at `limits` inside them (a panel whose top is headroom for
    // labels): with two seeds a t-interval can be ten times wider than the data, and letting it
    // set the axis would flatten every curve (captions say bands are cut).
    let domain = limits.map { $0.clamped(to: p.y.domain) } ?? p.y.domain
    let lo = domain.lowerBound, hi = domain.upperBound
    func clamp(_ v: Double) -> Double { min(max(v, lo), hi) }
    let upper = PolylineSimplification.simplified(points.map { (x: p.x($0.x), y: p.y(clamp($0.upper))) })
    let lower = PolylineSimplification.simplified(points.reversed().map { (x: p.x($0.x), y: p.y(clamp($0.lower))) })
    var path = PathData()
    for (i, q) in (upper + lower).enumerated() {
      if i == 0 { path.move(q.x, q.y) } else { path.lineTo(q.x, q.y) }
    }
    path.closePath()
    w.element("path", ["class": .text("band fill-\(unit.rawValue)"), "d": .text(path.d)])
  }

  /// The unit's marker centred at (x, y) in pixels; hollow markers are filled with the background.
  static func marker(
    _ unit: UnitKind, x: Double, y: Double, size: Double = 3.6, hollow: Bool = false,
    into w: inout SVGWriter
  ) {
    let u = unit.rawValue
    let cls = "marker u-\(u) " + (hollow ? "hollow" : "fill-\(u)")
    switch Palette.marker(unit) {
    case .circle:
      w.element("circle", ["class": .text(cls), "cx": .number(x), "cy": .number(y), "r": .number(size)])
    case .square:
      let s = size * 0.9
      w.element("rect", ["class": .text(cls), "x": .number(x - s), "y": .number(y - s), "width": .number(2 * s), "height": .number(2 * s)])
    case .triangle, .invertedTriangle:
      let s = size * 1.2, up: Double = Palette.marker(unit) == .triangle ? 1 : -1
      var path = PathData()
      path.move(x, y - up * s)
      path.lineTo(x + s * 0.95, y + up * s * 0.6)
      path.lineTo(x - s * 0.95, y + up * s * 0.6)
      path.closePath()
      w.element("path", ["class": .text(cls), "d": .text(path.d)])
    case .diamond:
      let s = size * 1.25
      var path = PathData()
      path.move(x, y - s)
      path.lineTo(x + s, y)
      path.lineTo(x, y + s)
      path.lineTo(x - s, y)
      path.closePath()
      w.element("path", ["class": .text(cls), "d": .text(path.d)])
    }
  }

  /// A diagonal cross (×) marking where a run stopped by diverging.
  static func cross(_ unit: UnitKind, x: Double, y: Double, into w: inout SVGWriter) {
    let s = 4.0
    var path = PathData()
    path.move(x - s, y - s)
    path.lineTo(x + s, y + s)
    path.move(x - s, y + s)
    path.lineTo(x + s, y - s)
    w.element("path", ["class": .text("series u-\(unit.rawValue)"), "d": .text(path.d)])
  }

  /// A centred row of legend entries (line sample, marker, name) with its baseline at `y`.
  /// Widths are estimated from character counts: no font metrics exist at build time.
  static func legend(
    _ units: [UnitKind], extra: [(draw: (inout SVGWriter, Double, Double) -> Void, label: String)] = [],
    centre: Double, y: Double, into w: inout SVGWriter
  ) {
    let sample = 30.0, gap = 22.0
    let labels = units.map(\.displayName) + extra.map(\.label)
    let widths = labels.map { sample + 6 + textWidth($0, size: 12.5) }
    let total = widths.reduce(0, +) + gap * Double(max(labels.count - 1, 0))
    var x = centre - total / 2
    w.open("g", ["class": "legend"])
    for (i, unit) in units.enumerated() {
      stroke(.polyline([(x, y - 4), (x + sample, y - 4)]), unit: unit, into: &w)
      marker(unit, x: x + sample / 2, y: y - 4, into: &w)
      w.label(labels[i], x: x + sample + 6, y: y, anchor: "start", class: "legend")
      x += widths[i] + gap
    }
    for (j, item) in extra.enumerated() {
      item.draw(&w, x + sample / 2, y - 4)
      w.label(item.label, x: x + sample + 6, y: y, anchor: "start", class: "legend")
      x += widths[units.count + j] + gap
    }
    w.close("g")
  }

  /// Approximate advance width of `text` in a sans-serif face: enough to centre and to avoid
  /// collisions, deliberately generous.
  static func textWidth(_ text: String, size: Double) -> Double {
    text.reduce(0) { sum, c in
      let em: Double =
        "il.,:;|!'· ".contains(c) ? 0.3 : "mwMW".contains(c) ? 0.85 : c.isUppercase ? 0.68 : 0.56
      return sum + em * size
    }
  }

  /// Whether any segment of `polylines` (pixels) passes through `box`: where a label must not
  /// go (Liang–Barsky clipping of each segment against the box).
  static func crosses(_ box: Rect, _ polylines: [[(x: Double, y: Double)]]) -> Bool {
    polylines.contains { line in
      zip(line, line.dropFirst()).contains { a, b in
        var (t0, t1) = (0.0, 1.0)
        let (dx, dy) = (b.x - a.x, b.y - a.y)
        for (p, q) in [(-dx, a.x - box.x), (dx, box.maxX - a.x), (-dy, a.y - box.y), (dy, box.maxY - a.y)] {
          if p == 0 {
            if q < 0 { return false }
            continue
          }
          let r = q / p
          if p < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
          if t0 > t1 { return false }
        }
        return true
      }
    }
  }

  /// The box a one-line label at (x, y) takes: `textWidth` wide, the ascent above the baseline
  /// and a fifth of the size below it.
  static func labelBox(_ text: String, x: Double, y: Double, anchor: String, size: Double) -> Rect {
    let width = textWidth(text, size: size)
    let left = anchor == "end" ? x - width : anchor == "middle" ? x - width / 2 : x
    return Rect(x: left, y: y - 0.75 * size, width: width, height: 0.95 * size)
  }
}
