import Analysis

/// Colours and second cues of the figures. Colours are CSS variables so the page's dark mode and
/// print style apply; standalone SVG files carry the same variables in their own `<style>`.
enum Palette {
  /// Okabe–Ito colours (Okabe & Ito 2008, colour-blind safe), light background then dark.
  static func colours(_ unit: UnitKind) -> (light: String, dark: String) {
    switch unit {
    case .vrnn: ("#D55E00", "#E69F00")  // vermillion / orange
    case .lstm: ("#0072B2", "#56B4E9")  // blue / sky blue
    case .gru: ("#009E73", "#2DB88A")  // bluish green, lifted for dark backgrounds
    case .mingru: ("#CC79A7", "#E3A6CB")  // reddish purple, lifted for dark backgrounds
    case .minlstm: ("#4D4D4D", "#C8C8C8")  // Okabe–Ito's black, as dark and light greys
    }
  }

  /// The second cue besides colour: a dash pattern per unit (SVG `stroke-dasharray`).
  static func dash(_ unit: UnitKind) -> String? {
    switch unit {
    case .vrnn: nil
    case .lstm: "7 3"
    case .gru: "2 2.5"
    case .mingru: "8 2.5 2 2.5"
    case .minlstm: "12 3"
    }
  }

  /// The marker per unit.
  enum Marker { case circle, square, triangle, diamond, invertedTriangle }

  static func marker(_ unit: UnitKind) -> Marker {
    switch unit {
    case .vrnn: .circle
    case .lstm: .square
    case .gru: .triangle
    case .mingru: .invertedTriangle
    case .minlstm: .diamond
    }
  }

  /// Viridis (matplotlib, van der Walt & Smith), 11 stops from 0 to 1, perceptually uniform and
  /// readable in greyscale; interpolated linearly in sRGB between stops.
  private static let viridisStops: [(Double, Double, Double)] = [
    (68, 1, 84), (72, 36, 117), (65, 68, 135), (53, 95, 141), (42, 120, 142), (33, 145, 140),
    (34, 168, 132), (68, 191, 112), (122, 209, 81), (189, 223, 38), (253, 231, 37),
  ]

  /// The viridis colour of `t` in [0, 1] (clamped) as `#rrggbb`.
  static func viridis(_ t: Double) -> String {
    let u = min(max(t.isFinite ? t : 0, 0), 1) * Double(viridisStops.count - 1)
    let i = min(Int(u), viridisStops.count - 2)
    let f = u - Double(i)
    let a = viridisStops[i], b = viridisStops[i + 1]
    func channel(_ x: Double, _ y: Double) -> String {
      let v = Int((x + (y - x) * f).rounded())
      let hex = String(v, radix: 16, uppercase: true)
      return hex.count == 1 ? "0" + hex : hex
    }
    return "#" + channel(a.0, b.0) + channel(a.1, b.1) + channel(a.2, b.2)
  }
}
