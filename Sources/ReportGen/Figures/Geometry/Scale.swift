import Foundation

/// A map from data values to one pixel axis: linear, or logarithmic for values that span decades.
struct Scale: Equatable, Sendable {
  enum Kind: Equatable, Sendable { case linear, log }

  var kind: Kind
  var domain: ClosedRange<Double>
  /// Pixel positions of `domain.lowerBound` and `domain.upperBound`; `end < start` for a y axis.
  var start: Double
  var end: Double

  static func linear(_ domain: ClosedRange<Double>, to start: Double, _ end: Double) -> Scale {
    Scale(kind: .linear, domain: domain, start: start, end: end)
  }

  /// A log scale; the domain must be positive.
  static func log(_ domain: ClosedRange<Double>, to start: Double, _ end: Double) -> Scale {
    precondition(domain.lowerBound > 0, "a log scale needs a positive domain")
    return Scale(kind: .log, domain: domain, start: start, end: end)
  }

  /// The pixel position of `value`; values outside the domain extrapolate.
  func callAsFunction(_ value: Double) -> Double {
    let t: Double
    switch kind {
    case .linear:
      let span = domain.upperBound - domain.lowerBound
      // A degenerate domain (one value) maps to the middle rather than dividing by zero.
      t = span == 0 ? 0.5 : (value - domain.lowerBound) / span
    case .log:
      let lower = Foundation.log(domain.lowerBound), upper = Foundation.log(domain.upperBound)
      t = upper == lower ? 0.5 : (Foundation.log(max(value, .leastNormalMagnitude)) - lower) / (upper - lower)
    }
    return start + t * (end - start)
  }

  /// Whether `value` can be placed on this scale (log scales cannot place zero or negatives).
  func accepts(_ value: Double) -> Bool {
    value.isFinite && (kind == .linear || value > 0)
  }
}
