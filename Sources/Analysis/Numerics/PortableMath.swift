/// Elementary functions built from IEEE 754 basic operations only (+, −, ×, ÷ and exact
/// scalings by powers of two), which every CPU rounds the same way: the same bits on any
/// machine and C library, where `Foundation.log` or `cos` may differ in the last place.
/// Everything that reaches a study result uses these (the Gaussian space and weight draws,
/// the τ fit, Adam's bias corrections); the library functions stay in the Double reference
/// path that only checks the Float path.
///
/// Accuracy is a few units in the last place, not correct rounding: what matters here is
/// that the result is a fixed function of the input.
enum PortableMath {
  /// ln x for x > 0: x = m·2^e with m in [√½, √2), ln m = 2 atanh(s) with s = (m − 1)/(m + 1),
  /// |s| ≤ 0.172, summed as an odd series to s²⁵ (the next term is below 2⁻⁶⁰ of the sum).
  /// ln 0 = −∞; negative x and NaN give NaN; ln ∞ = ∞.
  static func log(_ x: Double) -> Double {
    guard x > 0 else { return x == 0 ? -.infinity : .nan }
    guard x.isFinite else { return x }
    // `significand` and `exponent` are exact bit fields (subnormals included).
    var m = x.significand
    var e = Double(x.exponent)
    if m > 1.4142135623730951 {
      m *= 0.5
      e += 1
    }
    let s = (m - 1) / (m + 1)  // m − 1 is exact (Sterbenz)
    let z = s * s
    var series = 1.0 / 25
    for odd in stride(from: 23.0, through: 3, by: -2) { series = 1 / odd + z * series }
    let lnM = 2 * s + 2 * s * (z * series)
    // ln 2 in two parts (fdlibm's): e · ln2Hi is exact for |e| < 2¹¹.
    let ln2Hi = 6.93147180369123816490e-01, ln2Lo = 1.90821492927058770002e-10
    return e * ln2Hi + (e * ln2Lo + lnM)
  }

  /// cos(2πu). The reduction is exact: 4u = q + f with q an integer and |f| ≤ ½, so 2πu is
  /// a quarter turn q plus x = f·π/2, |x| ≤ π/4, where Taylor series to x¹⁸ and x¹⁹ are
  /// accurate to the last place. (Unlike `cos(2 * .pi * u)`, 2π·u is never rounded.)
  static func cosTwoPi(_ u: Double) -> Double {
    guard u.isFinite else { return .nan }
    let v = 4 * u
    let q = v.rounded(.toNearestOrEven)
    let x = (v - q) * 1.5707963267948966
    let z = x * x
    // Horner in z, highest degree first: cos x = 1 + z·Σ c_n zⁿ⁻¹, sin x = x + x·z·Σ s_n zⁿ⁻¹.
    var cosine = 0.0
    var sine = 0.0
    for n in stride(from: cosTerms.count - 1, through: 0, by: -1) {
      cosine = cosTerms[n] + z * cosine
      sine = sinTerms[n] + z * sine
    }
    cosine = 1 + z * cosine
    sine = x + x * (z * sine)
    switch (Int(q) % 4 + 4) % 4 {
    case 0: return cosine
    case 1: return -sine
    case 2: return -cosine
    default: return sine
    }
  }

  /// (−1)ⁿ/(2n)! and (−1)ⁿ/(2n + 1)! for n = 1 … 9. The factorials up to 19! are exact in
  /// Double (19! = 2¹⁶ times an odd number below 2⁵³), so each term is one correct rounding.
  private static let (cosTerms, sinTerms): ([Double], [Double]) = {
    var factorial = 1.0
    var cosTerms: [Double] = [], sinTerms: [Double] = []
    for i in 1...19 {
      factorial *= Double(i)
      let n = i / 2
      guard n >= 1 else { continue }
      let term = (n % 2 == 0 ? 1 : -1) / factorial
      if i % 2 == 0 { cosTerms.append(term) } else { sinTerms.append(term) }
    }
    return (cosTerms, sinTerms)
  }()

  /// xⁿ for n ≥ 0 by repeated squaring: a fixed sequence of ⌊log₂ n⌋ + popcount(n) products.
  static func power(_ x: Double, _ n: Int) -> Double {
    precondition(n >= 0, "power needs n ≥ 0")
    var result = 1.0
    var base = x
    var n = n
    while n > 0 {
      if n & 1 == 1 { result *= base }
      n >>= 1
      if n > 0 { base *= base }
    }
    return result
  }
}
