import Foundation
import Testing
@testable import Analysis

/// `PortableMath` against the C library (to a few units in the last place) and against
/// recorded bit patterns (exactly: these must be the same on every machine).
@Suite struct PortableMathTests {
  @Test func logMatchesLibrary() {
    var rng = RandomGenerator(seed: 3)
    var worst = 0.0
    for _ in 0..<20_000 {
      // Magnitudes from 1e-300 to 1e300, and the unit interval Box–Muller draws from.
      let x = rng.nextUnit() < 0.5
        ? rng.nextUnit() : Foundation.pow(10, 600 * rng.nextUnit() - 300)
      guard x > 0 else { continue }
      let exact = Foundation.log(x)
      worst = max(worst, abs(PortableMath.log(x) - exact) / max(abs(exact), 1e-300))
    }
    #expect(worst < 4e-16, "largest relative error \(worst)")
    #expect(PortableMath.log(1) == 0)
    #expect(PortableMath.log(0) == -.infinity)
    #expect(PortableMath.log(-1).isNaN)
    #expect(PortableMath.log(.infinity) == .infinity)
    #expect(abs(PortableMath.log(Double.leastNonzeroMagnitude) - Foundation.log(Double.leastNonzeroMagnitude)) < 1e-12)
  }

  @Test func cosTwoPiMatchesLibrary() {
    var rng = RandomGenerator(seed: 4)
    var worst = 0.0
    for _ in 0..<20_000 {
      let u = rng.nextUnit()
      worst = max(worst, abs(PortableMath.cosTwoPi(u) - Foundation.cos(2 * .pi * u)))
    }
    #expect(worst < 1e-15, "largest absolute error \(worst)")
    #expect(PortableMath.cosTwoPi(0) == 1)
    #expect(PortableMath.cosTwoPi(0.5) == -1)
    #expect(PortableMath.cosTwoPi(0.25) == 0)
    #expect(PortableMath.cosTwoPi(-0.75) == 0)
  }

  @Test func powerMatchesLibrary() {
    for n in [0, 1, 2, 3, 10, 100, 1000, 12345] {
      for x in [0.9, 0.999, 1.01] {
        // Each squaring doubles the relative error so far: about n units in the last place.
        let exact = Foundation.pow(x, Double(n))
        #expect(abs(PortableMath.power(x, n) - exact) <= 2.2e-16 * Double(n + 1) * exact, "\(x)^\(n)")
      }
    }
  }

  /// The first Gaussian draws of a seed, as bit patterns: a machine whose log or cosine
  /// rounded differently would draw a different Gaussian space.
  @Test func normalDrawsAreFixedBits() {
    var rng = RandomGenerator(seed: 2024)
    let bits = (0..<4).map { _ in rng.normal().bitPattern }
    #expect(bits == Self.recordedNormalBits, "\(bits)")
  }

  static let recordedNormalBits: [UInt64] = [
    4602342794328547973, 4608229206931210989, 4582309264609235299, 13812186182694114441,
  ]
}
