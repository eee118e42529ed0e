import Foundation

/// Locale-free, fixed-precision number formatting: the same digits on every machine, so
/// snapshots are stable and a German or French locale never turns `0.5` into `0,5`.
enum NumberFormat {
  /// `x` rounded to `decimals` places, ASCII digits, `-` for negatives: for SVG coordinates,
  /// where a tenth of a pixel is finer than any screen or print of a 720 px figure resolves.
  /// Trailing zeros are dropped (`12.50` → `12.5`) to keep figures short; `-0` is written `0`.
  static func coordinate(_ x: Double, decimals: Int = 1) -> String {
    trimmed(fixed(x, decimals: decimals, minus: "-"))
  }

  /// `x` with exactly `decimals` places and a typographic minus (U+2212): for text a reader sees.
  static func display(_ x: Double, decimals: Int) -> String {
    fixed(x, decimals: decimals, minus: "\u{2212}")
  }

  /// An integer with a thin space between thousands (`12 345`), as SI style asks.
  static func integer(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var groups: [Substring] = []
    var end = digits.endIndex
    while end > digits.startIndex {
      let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
      groups.insert(digits[start..<end], at: 0)
      end = start
    }
    return (n < 0 ? "\u{2212}" : "") + groups.joined(separator: "\u{2009}")
  }

  /// A positive quantity with `significant` significant digits, switching to `m × 10ⁿ` outside
  /// [10⁻³, 10⁵): for losses and learning rates, whose magnitudes vary over decades.
  static func significant(_ x: Double, _ significant: Int = 3) -> String {
    guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "∞" : "−∞") }
    if x == 0 { return "0" }
    let exponent = Int((log10(abs(x))).rounded(.down))
    if exponent >= -3 && exponent < 5 {
      return display(x, decimals: max(0, significant - 1 - exponent))
    }
    let mantissa = x / pow10(exponent)
    return display(mantissa, decimals: significant - 1) + " × 10" + superscript(exponent)
  }

  /// Digits and minus as Unicode superscripts: `-3` → `⁻³`.
  static func superscript(_ n: Int) -> String {
    let map: [Character: Character] = [
      "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸",
      "9": "⁹", "-": "⁻",
    ]
    return String(String(n).map { map[$0] ?? $0 })
  }

  static func pow10(_ e: Int) -> Double {
    var r = 1.0
    for _ in 0..<abs(e) { r *= 10 }
    return e < 0 ? 1 / r : r
  }

  private static func fixed(_ x: Double, decimals: Int, minus: String) -> String {
    guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "inf" : minus + "inf") }
    let scale = pow10(decimals)
    // Beyond 2^53 doubles are integers already and Int64 would overflow: print the integer part.
    let magnitude = (abs(x) * scale).rounded()
    guard magnitude < 9.0e15 else {
      return (x < 0 ? minus : "") + abs(x).description
    }
    let units = Int64(magnitude)
    let whole = units / Int64(scale)
    var text = String(whole)
    if decimals > 0 {
      let fraction = String(units % Int64(scale))
      text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
    return (x < 0 && units != 0 ? minus : "") + text
  }

  private static func trimmed(_ text: String) -> String {
    guard text.contains(".") else { return text }
    var t = Substring(text)
    while t.last == "0" { t = t.dropLast() }
    if t.last == "." { t = t.dropLast() }
    return String(t)
  }
}
