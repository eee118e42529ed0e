/// One figure of the report: its geometry already drawn into SVG elements, and its text
/// alternative. Serialised inline in the page or as a standalone `.svg` file.
struct Figure: Sendable {
  /// File stem and anchor: `forgetting` → `figures/forgetting.svg`, `#fig-forgetting`.
  let name: String
  /// Short accessible name (`<title>`).
  let title: String
  /// What the figure shows, for readers who cannot see it (`<desc>`).
  let description: String
  let width: Double
  let height: Double
  /// The drawing: SVG elements from `SVGWriter`.
  let body: String

  /// The `<svg>` element. A standalone file is a complete XML document with its own `<style>`
  /// (light colours); inline, the page's stylesheet provides the classes and dark mode.
  func svg(standalone: Bool) -> String {
    var w = SVGWriter()
    if standalone {
      w.xmlDeclaration()
      w.open(
        "svg",
        ["xmlns": "http://www.w3.org/2000/svg", "class": "fig", "role": "img",
         "width": .number(width), "height": .number(height),
         "viewBox": .text("0 0 \(NumberFormat.coordinate(width)) \(NumberFormat.coordinate(height))")])
    } else {
      w.open(
        "svg",
        ["class": "fig", "role": "img", "width": .number(width), "height": .number(height),
         "viewBox": .text("0 0 \(NumberFormat.coordinate(width)) \(NumberFormat.coordinate(height))")])
    }
    w.text("title", [:], title)
    w.text("desc", [:], description)
    if standalone { w.text("style", [:], FigureStyle.standalone) }
    w.append(body)
    w.close("svg")
    return w.output
  }

  /// The inline `<svg>` as markup for a page: `SVGWriter` escaped its text as it wrote it.
  var markup: Markup { .raw(svg(standalone: false)) }
}
