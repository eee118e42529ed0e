import Analysis
import Foundation

/// The CSS of the figures, shared by the page (inline SVG) and the standalone `.svg` files.
enum FigureStyle {
  /// Variables in light colours: the page overrides them for dark mode; standalone files keep them.
  static var lightVariables: String {
    var css = "--fig-fg: #1f1f1f; --fig-muted: #555; --fig-grid: #e4e4e4; --fig-axis: #333; --fig-bg: #fff; --fig-ref: #6b6b6b;"
    for unit in UnitKind.allCases { css += " --u-\(unit.rawValue): \(Palette.colours(unit).light);" }
    return css
  }

  static var darkVariables: String {
    var css = "--fig-fg: #e2e2e2; --fig-muted: #a8a8a8; --fig-grid: #333; --fig-axis: #bbb; --fig-bg: #161616; --fig-ref: #9a9a9a;"
    for unit in UnitKind.allCases { css += " --u-\(unit.rawValue): \(Palette.colours(unit).dark);" }
    return css
  }

  /// Rules for the classes the figure code writes; scoped under `svg.fig`.
  static var rules: String {
    var css = """
      svg.fig { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 12px; }
      svg.fig text { fill: var(--fig-fg); }
      svg.fig .tick { fill: var(--fig-muted); font-size: 12px; }
      svg.fig .axis-title { font-size: 12.5px; }
      svg.fig .panel-title { font-size: 12.5px; font-weight: 600; }
      svg.fig .legend { font-size: 12.5px; }
      svg.fig .note { fill: var(--fig-muted); font-size: 11.5px; }
      svg.fig .grid { stroke: var(--fig-grid); stroke-width: 1; }
      svg.fig .axis { stroke: var(--fig-axis); stroke-width: 1; }
      svg.fig .ref { stroke: var(--fig-ref); stroke-width: 1.2; stroke-dasharray: 5 4; fill: none; }
      svg.fig .ref-label { fill: var(--fig-ref); font-size: 11.5px; }
      svg.fig .series { fill: none; stroke-width: 1.8; stroke-linejoin: round; stroke-linecap: round; }
      svg.fig .series.thin { stroke-width: 1.1; }
      svg.fig .band { stroke: none; opacity: 0.18; }
      svg.fig .marker { stroke-width: 1.3; }
      svg.fig .marker.hollow { fill: var(--fig-bg); }
      svg.fig .star { fill: none; stroke-width: 1.6; }
      svg.fig .empty { fill: none; stroke: var(--fig-grid); }
      svg.fig .overcount { fill: var(--fig-muted); opacity: 0.14; stroke: none; }
      svg.fig text.halo { fill: none; stroke: var(--fig-bg); stroke-width: 3px; stroke-linejoin: round; }
      svg.fig .sub { font-size: 0.8em; }
      svg.fig .frame { fill: none; stroke: var(--fig-axis); stroke-width: 0.8; }

      """
    for unit in UnitKind.allCases {
      let u = unit.rawValue
      css += "svg.fig .u-\(u) { stroke: var(--u-\(u)); } svg.fig .fill-\(u) { fill: var(--u-\(u)); }\n"
    }
    return css
  }

  /// The `<style>` of a standalone file: the rules with the light colours written in place of
  /// their variables, and a white canvas. Renderers without CSS custom properties (librsvg,
  /// which makes the exported PDFs, and the viewers built on it) then draw every colour.
  static var standalone: String {
    "svg.fig { background: #fff; }\n" + resolved(rules, with: lightVariables)
  }

  /// `css` with each `var(--name)` replaced by the value `variables` (`--name: value;` pairs)
  /// gives it; unknown variables are left as they are.
  static func resolved(_ css: String, with variables: String) -> String {
    var values: [String: String] = [:]
    for declaration in variables.split(separator: ";") {
      let parts = declaration.split(separator: ":", maxSplits: 1)
      guard parts.count == 2 else { continue }
      values[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
    }
    var out = ""
    var rest = Substring(css)
    while let open = rest.range(of: "var(--"), let close = rest[open.upperBound...].firstIndex(of: ")") {
      let name = "--" + rest[open.upperBound..<close]
      out += rest[..<open.lowerBound]
      out += values[name] ?? String(rest[open.lowerBound...close])
      rest = rest[rest.index(after: close)...]
    }
    return out + rest
  }
}
