/// Eight-lane `exp`, `sigmoid` and `tanh` for the Float training path.
///
/// Scalar `expf`/`tanhf` calls cost more than the matrix products of an LSTM step; these
/// polynomials (Cephes' single-precision `exp`, Eigen's rational `tanh`) run eight lanes per
/// instruction at about 1e−7 relative error, below what float32 training can tell apart. The Double path keeps
/// the library functions: it exists for finite-difference checks.
///
/// NaN propagates through every function: a diverging run must stay visibly non-finite.
enum VectorMath {
  typealias Lanes = SIMD8<Float>

  /// e^x as 2^n · e^r with x = n·ln2 + r, |r| ≤ ln2/2, and e^r a degree-7 polynomial.
  ///
  /// x is clamped to [−87.34, 88.38] so that n stays among the normal exponents
  /// (−126…127): the result saturates at ~1.2e−38 and ~2.4e38 instead of flushing to zero or
  /// overflowing, which `sigmoid` and `tanh` rely on.
  @_transparent
  static func exp(_ x: Lanes) -> Lanes {
    let hi = Lanes(repeating: 88.3762626647949), lo = Lanes(repeating: -87.3365447504)
    // Comparisons are false for NaN, so NaN passes the clamp and poisons r below.
    var x = x.replacing(with: hi, where: x .> hi)
    x = x.replacing(with: lo, where: x .< lo)
    // Adding 1.5·2²³ rounds x·log2(e) to the nearest integer n and leaves n in the sum's
    // low mantissa bits, from which 2^n's bits follow without a float-to-int conversion.
    let magic = Lanes(repeating: 12582912)
    let shifted = magic.addingProduct(x, Lanes(repeating: 1.44269504088896341))
    let n = shifted - magic
    // r = x − n·ln2 with ln2 in two parts (Cody–Waite), so r keeps its low bits.
    var r = x.addingProduct(n, Lanes(repeating: -0.693359375))
    r = r.addingProduct(n, Lanes(repeating: 2.12194440e-4))
    var p = Lanes(repeating: 1.9875691500e-4)
    p = Lanes(repeating: 1.3981999507e-3).addingProduct(p, r)
    p = Lanes(repeating: 8.3334519073e-3).addingProduct(p, r)
    p = Lanes(repeating: 4.1665795894e-2).addingProduct(p, r)
    p = Lanes(repeating: 1.6666665459e-1).addingProduct(p, r)
    p = Lanes(repeating: 5.0000001201e-1).addingProduct(p, r)
    p = (r + 1).addingProduct(p, r * r)
    // 2^n: the biased exponent n + 127 shifted into place; the magic's own bits shift out.
    let bits = (unsafeBitCast(shifted, to: SIMD8<UInt32>.self) &+ 127) &<< 23
    return p * unsafeBitCast(bits, to: Lanes.self)
  }

  /// σ(x) = 1 / (1 + e^−x). `exp` saturates instead of overflowing, so no branch is needed:
  /// for x ≪ 0 the quotient is a denormal near 0, for x ≫ 0 it rounds to 1.
  @_transparent
  static func sigmoid(_ x: Lanes) -> Lanes {
    1 / (1 + exp(-x))
  }

  /// tanh x as a rational function, x·p(x²)/q(x²) with p of degree 6 and q of degree 3
  /// (Eigen's single-precision coefficients): one division and ten FMAs, no `exp`, within
  /// 3e−7 relative error of tanh (2.5 ulp) over the whole range.
  ///
  /// x is clamped to ±7.9053111, beyond which the quotient would leave [−1, 1], and from
  /// |x| = 9 on, where tanh x rounds to ±1, that is returned exactly; below |x| = 4e−4,
  /// tanh x rounds to x, returned as is so that tiny and subnormal x keep their relative
  /// precision (the quotient's leading coefficients differ by 1.3e−7).
  @_transparent
  static func tanh(_ x: Lanes) -> Lanes {
    let bound = Lanes(repeating: 7.90531110763549805)
    // Comparisons are false for NaN, so NaN passes the clamp and propagates.
    var c = x.replacing(with: bound, where: x .> bound)
    c = c.replacing(with: -bound, where: c .< -bound)
    let z = c * c
    var p = Lanes(repeating: -2.76076847742355e-16)
    p = Lanes(repeating: 2.00018790482477e-13).addingProduct(p, z)
    p = Lanes(repeating: -8.60467152213735e-11).addingProduct(p, z)
    p = Lanes(repeating: 5.12229709037114e-08).addingProduct(p, z)
    p = Lanes(repeating: 1.48572235717979e-05).addingProduct(p, z)
    p = Lanes(repeating: 6.37261928875436e-04).addingProduct(p, z)
    p = Lanes(repeating: 4.89352455891786e-03).addingProduct(p, z)
    var q = Lanes(repeating: 1.19825839466702e-06)
    q = Lanes(repeating: 1.18534705686654e-04).addingProduct(q, z)
    q = Lanes(repeating: 2.26843463243900e-03).addingProduct(q, z)
    q = Lanes(repeating: 4.89352518554385e-03).addingProduct(q, z)
    let bits = unsafeBitCast(x, to: SIMD8<UInt32>.self)
    let magnitude = unsafeBitCast(bits & 0x7FFF_FFFF, to: Lanes.self)
    let one = unsafeBitCast((bits & 0x8000_0000) | 0x3F80_0000, to: Lanes.self)  // ±1, x's sign
    return ((p * c) / q)
      .replacing(with: x, where: magnitude .< 4e-4)
      .replacing(with: one, where: magnitude .>= 9)
  }

  /// The first `count` (≤ 8) values at `p`, zeros after: tails go through the same
  /// polynomials as full lanes, so a value's rounding does not depend on its position.
  @_transparent
  static func load(_ p: UnsafePointer<Float>, count: Int = 8) -> Lanes {
    if count >= 8 { return UnsafeRawPointer(p).loadUnaligned(as: Lanes.self) }
    var v = Lanes()
    for i in 0..<count { v[i] = p[i] }
    return v
  }

  /// Stores the first `count` (≤ 8) lanes of `v` at `p`.
  @_transparent
  static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Float>, count: Int = 8) {
    if count >= 8 {
      UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self)
      return
    }
    for i in 0..<count { p[i] = v[i] }
  }
}
