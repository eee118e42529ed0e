import Foundation

/// A mean across seeds with its 95 % confidence interval.
public struct Interval: Codable, Equatable, Sendable {
  public var mean: Double
  public var lower: Double
  public var upper: Double
  /// How many seeds it pools.
  public var count: Int

  public init(mean: Double, lower: Double, upper: Double, count: Int) {
    self.mean = mean
    self.lower = lower
    self.upper = upper
    self.count = count
  }
}

/// Aggregation across seeds: Student-t intervals, `mean ± t_{0.975, n−1} · s / √n`.
///
/// The t-interval is chosen over a bootstrap because a study has few seeds (2–5): a bootstrap
/// of three values cannot produce an interval wider than their range, while the t-interval
/// widens honestly as the number of seeds falls. With one seed the interval is the point.
public enum SeedStatistics {
  /// 95 % two-sided interval of the mean of `values`.
  public static func interval(_ values: [Double]) -> Interval {
    precondition(!values.isEmpty, "an interval needs at least one value")
    let n = values.count
    let mean = values.reduce(0, +) / Double(n)
    guard n > 1 else { return Interval(mean: mean, lower: mean, upper: mean, count: 1) }
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
    let half = tQuantile975(degreesOfFreedom: n - 1) * (variance / Double(n)).squareRoot()
    return Interval(mean: mean, lower: mean - half, upper: mean + half, count: n)
  }

  /// The 0.975 quantile of Student's t distribution.
  static func tQuantile975(degreesOfFreedom df: Int) -> Double {
    precondition(df >= 1)
    if df <= table.count { return table[df - 1] }
    // Cornish–Fisher expansion around the normal quantile; error < 1e-4 for df > 30.
    let z = 1.959963984540054
    let d = Double(df)
    let g1 = (z * z * z + z) / 4
    let g2 = (5 * z * z * z * z * z + 16 * z * z * z + 3 * z) / 96
    return z + g1 / d + g2 / (d * d)
  }

  /// t_{0.975, df} for df = 1 … 30.
  private static let table: [Double] = [
    12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836,
    2.446911851, 2.364624252, 2.306004135, 2.262157163, 2.228138852,
    2.200985160, 2.178812830, 2.160368656, 2.144786688, 2.131449546,
    2.119905299, 2.109815578, 2.100922040, 2.093024054, 2.085963447,
    2.079613845, 2.073873068, 2.068657610, 2.063898562, 2.059538553,
    2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
  ]
}
