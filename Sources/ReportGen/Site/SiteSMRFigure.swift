import Foundation
import Analysis

/// The site's figure: in-length SMR(L) against training length, one small panel per study, on
/// shared axes so the studies compare at a glance. The largest hidden size of a study is drawn
/// bold with filled markers, smaller ones thin with hollow markers; each panel marks its own θ_rec.
enum SiteSMRFigure {
  static func make(_ studies: [(number: Int, summary: StudySummary)]) -> Figure {
    let lengths = Array(Set(studies.flatMap(\.summary.trainLengths).filter { $0 > 0 })).sorted()
    let xAxis = ValueAxis.lengths(lengths.isEmpty ? [1, 2] : lengths)
    let means = studies.flatMap { $0.summary.smr.flatMap { $0.points.map(\.mean) } }
    let yAxis = ValueAxis.linear(
      means.min() ?? 0, means.max() ?? 1,
      including: [0, 1] + studies.map(\.summary.recommendThreshold).filter(\.isFinite))
    let units = UnitKind.allCases.filter { u in studies.contains { $0.summary.units.contains(u) } }
    let severalSizes = studies.contains { $0.summary.sizes.count > 1 }

    let columns = min(max(studies.count, 1), 3)
    let (height, area, rects) = FigureFrame.smallMultiples(count: max(studies.count, 1), columns: columns)
    var w = SVGWriter()
    let hollow: [(draw: (inout SVGWriter, Double, Double) -> Void, label: String)] =
      severalSizes
      ? [({ w, x, y in
        // A neutral sample: a thin line in the axis colour through a hollow circle.
        w.element("path", ["class": "series thin axis", "d": .text("M\(NumberFormat.coordinate(x - 15)) \(NumberFormat.coordinate(y))h30")])
        w.element("circle", ["class": "marker hollow axis", "cx": .number(x), "cy": .number(y), "r": 2.6])
      }, "smaller size")] : []
    Chart.legend(units, extra: hollow, centre: FigureFrame.width / 2, y: FigureFrame.legendY, into: &w)
    for (i, study) in studies.enumerated() {
      let s = study.summary
      var p = PanelAxes(rect: rects[i], x: xAxis, y: yAxis, title: panelTitle(study.number, s.name, width: rects[i].width))
      p.showYLabels = i % columns == 0
      Chart.axes(p, into: &w)
      let theta = s.recommendThreshold
      if theta.isFinite {
        let ty = p.y(theta)
        w.line(x1: p.rect.x, y1: ty, x2: p.rect.maxX, y2: ty, class: "ref")
      }
      // The largest size: widest, then deepest.
      let largest = s.smr.map { NetworkSize(hidden: $0.hidden, layers: $0.layers) }.max()
      for series in s.smr {
        let points = series.points.filter { $0.length > 0 }
        let bold = NetworkSize(hidden: series.hidden, layers: series.layers) == largest
        Chart.line(points.map { (x: Double($0.length), y: $0.mean) }, unit: series.unit, in: p, thin: !bold, into: &w)
        for q in points {
          Chart.marker(series.unit, x: p.x(Double(q.length)), y: p.y(q.mean), size: bold ? 3 : 2.6, hollow: !bold, into: &w)
        }
      }
    }
    FigureFrame.yTitle("held memory SMR_{σ}(L)", top: area.y, bottom: area.maxY, into: &w)
    FigureFrame.xTitle("training length L (tokens, log scale)", left: area.x, right: area.maxX, y: height - 8, into: &w)

    let names = studies.map { "\($0.number). \($0.summary.name)" }
    return Figure(
      name: "site-smr",
      title: "Sequence memory rate against training length, one panel per study",
      description: "Small multiples, one panel per study (\(names.joined(separator: "; "))): in-length held memory SMR_σ(L) of each unit (the fit's SMR(L) for a study that did not measure σ) against the training length L on a shared log axis, mean over the study's seeds; a dashed line marks the study's threshold θ_rec\(severalSizes ? "; where a study has several network sizes, the largest (widest, then deepest) is drawn bold and smaller ones thin with hollow markers" : "").",
      width: FigureFrame.width, height: height, body: w.output)
  }

  /// "2. Quick memory study", cut with an ellipsis to the panel's width less a margin
  /// (estimated from character widths, as the legend is; the title is bold, hence the larger
  /// size).
  /// The cut falls between words where the name has a space to cut at, and each character is
  /// measured once (a 30 000-character name costs as much as its length, not its square).
  static func panelTitle(_ number: Int, _ name: String, width: Double) -> String {
    let full = "\(number). " + name
    let room = width - 12
    let size = 13.5
    guard Chart.textWidth(full, size: size) > room else { return full }
    let budget = room - Chart.textWidth("…", size: size)
    var used = 0.0
    var end = full.startIndex
    for i in full.indices {
      used += Chart.textWidth(String(full[i]), size: size)
      if used > budget { break }
      end = full.index(after: i)
    }
    var cut = full[..<end]
    let nameStart = full.index(full.startIndex, offsetBy: "\(number). ".count)
    if end < full.endIndex, full[end] != " ", let space = cut.lastIndex(of: " "), space > nameStart {
      cut = cut[..<space]
    }
    return cut.trimmingCharacters(in: .whitespaces) + "…"
  }
}
