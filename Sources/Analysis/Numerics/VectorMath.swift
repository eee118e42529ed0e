/// Eight-lane `exp`, `sigmoid` and `tanh` for the Float training path.
///
/// Scalar `expf`/`tanhf` calls cost more than the matrix products of an LSTM step; these
/// polynomials (Cephes' single-precision ones) run eight lanes per instruction at about
/// 1e−7 relative error, below what float32 training can tell apart. The Double path keeps
/// the library functions: it exists for finite-difference checks.
///
/// NaN propagates through every function: a diverging run must stay visibly non-finite.
public enum VectorMath {
  public typealias Lanes = SIMD8<Float>

  /// e^x as 2^n · e^r with x = n·ln2 + r, |r| ≤ ln2/2, and e^r a degree-7 polynomial.
  ///
  /// x is clamped to [−87.34, 88.38] so that n stays among the normal exponents
  /// (−126…127): the result saturates at ~1.2e−38 and ~2.4e38 instead of flushing to zero or
  /// overflowing, which `sigmoid` and `tanh` rely on.
  @_transparent
  public static func exp(_ x: Lanes) -> Lanes {
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
  public static func sigmoid(_ x: Lanes) -> Lanes {
    1 / (1 + exp(-x))
  }

  /// tanh x: an odd polynomial for |x| < 0.625, where 1 − 2/(e^{2|x|} + 1) would lose
  /// relative precision to cancellation, and that form (with x's sign) beyond.
  @_transparent
  public static func tanh(_ x: Lanes) -> Lanes {
    let magnitude = unsafeBitCast(
      unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: Lanes.self)
    let sign = unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x8000_0000
    let large = 1 - 2 / (exp(magnitude + magnitude) + 1)
    let signedLarge = unsafeBitCast(
      unsafeBitCast(large, to: SIMD8<UInt32>.self) | sign, to: Lanes.self)
    let z = x * x
    var p = Lanes(repeating: -5.70498872745e-3)
    p = Lanes(repeating: 2.06390887954e-2).addingProduct(p, z)
    p = Lanes(repeating: -5.37397155531e-2).addingProduct(p, z)
    p = Lanes(repeating: 1.33314422036e-1).addingProduct(p, z)
    p = Lanes(repeating: -3.33332819422e-1).addingProduct(p, z)
    let small = x.addingProduct(p * z, x)
    return signedLarge.replacing(with: small, where: magnitude .< 0.625)
  }

  /// The first `count` (≤ 8) values at `p`, zeros after: tails go through the same
  /// polynomials as full lanes, so a value's rounding does not depend on its position.
  @_transparent
  public static func load(_ p: UnsafePointer<Float>, count: Int = 8) -> Lanes {
    if count >= 8 { return UnsafeRawPointer(p).loadUnaligned(as: Lanes.self) }
    var v = Lanes()
    for i in 0..<count { v[i] = p[i] }
    return v
  }

  /// Stores the first `count` (≤ 8) lanes of `v` at `p`.
  @_transparent
  public static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Float>, count: Int = 8) {
    if count >= 8 {
      UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self)
      return
    }
    for i in 0..<count { p[i] = v[i] }
  }
}
