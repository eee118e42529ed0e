/// The one seeded random generator of the project: xoshiro256** (Blackman and Vigna 2018),
/// seeded through SplitMix64 so that any 64-bit seed, 0 included, gives a well-mixed state.
///
/// It is a value type passed explicitly (`inout`) to everything that draws; nothing in
/// `Analysis` uses global randomness. Streams for independent purposes are derived with
/// `derived(_:)` so that adding draws to one purpose never shifts another.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
  private var s0, s1, s2, s3: UInt64

  public init(seed: UInt64) {
    var sm = seed
    func splitmix() -> UInt64 {
      sm &+= 0x9E37_79B9_7F4A_7C15
      var z = sm
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = splitmix(); s1 = splitmix(); s2 = splitmix(); s3 = splitmix()
  }

  /// A generator for a named sub-purpose, independent of how much this one has drawn.
  func derived(_ purpose: UInt64) -> RandomGenerator {
    var copy = RandomGenerator(seed: s0 ^ (purpose &* 0xD1B5_4A32_D192_ED03))
    _ = copy.next()
    return copy
  }

  public mutating func next() -> UInt64 {
    let result = rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
    s2 ^= t
    s3 = rotl(s3, 45)
    return result
  }

  @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
  }

  /// Uniform in [0, 1) with 53 random bits.
  mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// Uniform in [lower, upper).
  public mutating func uniform<T: Scalar>(_ lower: T, _ upper: T) -> T {
    lower + T(nextUnit()) * (upper - lower)
  }

  /// Uniform integer in 0..<bound, without modulo bias.
  public mutating func nextInt(below bound: Int) -> Int {
    Int(next(upperBound: UInt64(bound)))
  }

  /// Standard normal by Box–Muller (one value per call; the pair's twin is discarded so the
  /// stream stays a pure function of the number of calls), with `PortableMath`'s log and
  /// cosine so that the draws are the same bits on every machine.
  public mutating func normal() -> Double {
    var u1 = nextUnit()
    while u1 <= 0 { u1 = nextUnit() }
    let u2 = nextUnit()
    return (-2 * PortableMath.log(u1)).squareRoot() * PortableMath.cosTwoPi(u2)
  }
}

