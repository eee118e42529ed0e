/// 64-bit FNV-1a: the one hash behind every name-derived key that must be the same in every
/// process and on every platform (a unit's weight seed, a corpus line's part, a cell's
/// fingerprint). Written out rather than Swift's `Hasher`, which is seeded at random per process.
/// Not a cryptographic hash: it tells configs apart, it guards no secret.
public struct FNV1a: Sendable {
  public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

  public init() {}

  public mutating func add(_ byte: UInt8) {
    value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
  }

  public mutating func add<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
    for byte in bytes { add(byte) }
  }

  /// The hash of `bytes`.
  public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
    var h = FNV1a()
    h.add(bytes)
    return h.value
  }
}
