import Testing

/// Expects `actual ≈ expected` elementwise: each |a − e| ≤ absolute + relative·|e|.
/// On failure it reports the count of misses and the worst element, with both errors.
func expectClose<T: BinaryFloatingPoint>(
  _ actual: [T], _ expected: [T], absolute: Double, relative: Double,
  _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(actual.count == expected.count, "\(what): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
  guard actual.count == expected.count else { return }
  var misses = 0
  var worst = (index: -1, excess: -Double.infinity, abs: 0.0, rel: 0.0)
  for i in actual.indices {
    let a = Double(actual[i]), e = Double(expected[i])
    let diff = abs(a - e)
    let excess = diff - (absolute + relative * abs(e))
    if !(excess <= 0) { misses += 1 }
    if excess > worst.excess || excess.isNaN {
      worst = (i, excess.isNaN ? .infinity : excess, diff, diff / max(abs(e), .leastNormalMagnitude))
    }
  }
  #expect(
    misses == 0,
    "\(what): \(misses) of \(actual.count) values off; worst at [\(worst.index)]: actual \(worst.index >= 0 ? Double(actual[worst.index]) : .nan), expected \(worst.index >= 0 ? Double(expected[worst.index]) : .nan), abs error \(worst.abs), rel error \(worst.rel)",
    sourceLocation: sourceLocation)
}
