/// The random streams of a grid cell: one generator per purpose (initial weights, training
/// batches, the validation set, test sequences), each derived from the seed, the purpose and
/// a few keys alone, so a cell's numbers depend neither on which worker runs it nor on what
/// ran before it.
///
/// Common random numbers: the data streams are keyed by the seed and the length only, not by
/// the unit or the hidden size, so every unit and hidden size of a seed trains, validates and
/// is tested on the same sequences. A difference between two units at a seed is then the
/// units' and not the draws', which sharpens the comparisons the study makes. Initial weights
/// are keyed by the unit (its name, `UnitKind.seedKey`), the hidden size and (above one layer)
/// the depth as well.
enum CellSeeds {
  /// What a stream is drawn for. The raw value is mixed into the seed: changing it changes
  /// every study's numbers.
  enum Purpose: UInt64 {
    case initialisation = 1, training, validation, test
    /// The donors of the substitution coefficients (METHOD.md §3b), keyed by the test length
    /// and the position.
    case substitution
  }

  /// The generator a cell draws `purpose` from. Training, validation and test sequences depend
  /// on the seed and the length alone, so every unit and hidden size of a seed sees the same
  /// sequences (common random numbers); initial weights depend on the unit and hidden size too.
  static func generator(for cell: CellSpec, _ purpose: Purpose) -> RandomGenerator {
    switch purpose {
    // A one-layer cell keeps the keys it had before depth was an axis, and so its weights.
    case .initialisation where cell.layers == 1: generator(cell.seed, purpose, cell.unit.seedKey, cell.hidden)
    case .initialisation: generator(cell.seed, purpose, cell.unit.seedKey, cell.hidden, cell.layers)
    case .training, .validation, .test, .substitution: generator(cell.seed, purpose, cell.trainLength)
    }
  }

  /// A generator that depends only on the cell seed, the purpose and the given keys.
  static func generator(_ seed: Int, _ purpose: Purpose, _ keys: Int...) -> RandomGenerator {
    var mixed = UInt64(bitPattern: Int64(seed)) &* 0x9E37_79B9_7F4A_7C15 ^ purpose.rawValue
    for key in keys {
      var g = RandomGenerator(seed: mixed ^ UInt64(bitPattern: Int64(key)) &* 0xC2B2_AE3D_27D4_EB4F)
      mixed = g.next()
    }
    return RandomGenerator(seed: mixed)
  }
}
