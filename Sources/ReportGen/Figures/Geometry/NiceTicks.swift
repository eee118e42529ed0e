import Foundation

/// A tick: where it sits in data units and what it says.
struct Tick: Equatable, Sendable {
  var value: Double
  var label: String
}

/// Round tick values a reader can interpolate between (Heckbert, "Nice numbers for graph labels",
/// Graphics Gems 1990): steps of 1, 2 or 5 times a power of ten, decades on log axes.
enum NiceTicks {
  /// The nice step nearest to `span / target`: 1, 2, 5 or 10 times a power of ten.
  static func step(span: Double, target: Int) -> Double {
    precondition(target >= 1)
    guard span > 0, span.isFinite else { return 1 }
    let raw = span / Double(target)
    let magnitude = NumberFormat.pow10(Int(log10(raw).rounded(.down)))
    let fraction = raw / magnitude
    let nice: Double =
      fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
    return nice * magnitude
  }

  /// The domain widened outward to whole steps, and the ticks on it, about `target` of them.
  /// An empty or degenerate range is widened to one unit around its value.
  static func linear(_ lower: Double, _ upper: Double, target: Int = 5)
    -> (domain: ClosedRange<Double>, ticks: [Tick])
  {
    // A chart of values past ±1e300 shows nothing readable, and a span past Double's range
    // would give one tick per unit (effectively without end): clamp first; a non-finite bound
    // (a corrupt input) gives the unit range.
    guard lower.isFinite, upper.isFinite else { return linear(0, 1, target: target) }
    var (lo, hi) = (max(min(lower, upper), -1e300), min(max(lower, upper), 1e300))
    if hi - lo < 1e-12 * max(1, abs(hi)) { (lo, hi) = (lo - 0.5, hi + 0.5) }
    let s = step(span: hi - lo, target: target)
    // Snapping to multiples of the step first avoids 0.30000000000000004-style drift.
    let first = (lo / s).rounded(.down), last = (hi / s).rounded(.up)
    let decimals = max(0, -Int(log10(s).rounded(.down)))
    let ticks = stride(from: first, through: last, by: 1).map { i -> Tick in
      let v = i * s
      return Tick(value: v, label: NumberFormat.display(v, decimals: decimals))
    }
    return (first * s...last * s, ticks)
  }

  /// Decade ticks for a log axis over [lower, upper] (both > 0), widened to whole decades.
  /// Over fewer than two decades the 2 and 5 multiples are added so the axis is not bare.
  static func log(_ lower: Double, _ upper: Double) -> (domain: ClosedRange<Double>, ticks: [Tick]) {
    precondition(lower > 0 && upper > 0, "log ticks need positive bounds")
    let lo = Int(log10(min(lower, upper)).rounded(.down))
    var hi = Int(log10(max(lower, upper)).rounded(.up))
    if hi == lo { hi += 1 }
    let multiples: [Double] = hi - lo < 2 ? [1, 2, 5] : [1]
    let plain = lo >= -3 && hi <= 4
    // Past six decades every other decade is labelled (the grid line stays), or labels collide.
    let every = hi - lo > 6 ? 2 : 1
    var ticks: [Tick] = []
    for e in lo...hi {
      for m in multiples where e < hi || m == 1 {
        let v = m * NumberFormat.pow10(e)
        let shown = (e - lo) % every == 0
        ticks.append(Tick(value: v, label: shown ? logLabel(mantissa: m, exponent: e, plain: plain) : ""))
      }
    }
    return (NumberFormat.pow10(lo)...NumberFormat.pow10(hi), ticks)
  }

  /// Ticks at given values (the grid's sequence lengths), labelled as integers when they are.
  static func at(_ values: [Double]) -> [Tick] {
    values.map { v in
      Tick(
        value: v,
        label: v == v.rounded() ? NumberFormat.display(v, decimals: 0) : NumberFormat.display(v, decimals: 2))
    }
  }

  private static func logLabel(mantissa m: Double, exponent e: Int, plain: Bool) -> String {
    if plain { return NumberFormat.display(m * NumberFormat.pow10(e), decimals: max(0, -e)) }
    let power = "10" + NumberFormat.superscript(e)
    return m == 1 ? power : NumberFormat.display(m, decimals: 0) + "·" + power
  }
}
