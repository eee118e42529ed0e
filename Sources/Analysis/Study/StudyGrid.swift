/// The grid a study runs over, and the one order everything lists it in: units as configured,
/// network sizes (hidden size, then depth), training lengths and seeds ascending. The cells of
/// `results.json` and the rows of `indicators.csv` and `curves.csv` follow it, the figures and
/// tables draw in it, and `CellSchedule` breaks ties of cost by it.
public struct StudyGrid: Sendable {
  public let units: [UnitKind]
  /// Every hidden size with every depth, ascending.
  public let sizes: [NetworkSize]
  public let trainLengths: [Int]
  /// Training lengths and the extra test lengths, ascending.
  public let testLengths: [Int]
  public let seeds: [Int]

  public init(_ config: StudyConfig) {
    units = config.units
    sizes = Array(Set(config.sizes)).sorted()
    trainLengths = Array(Set(config.trainLengths)).sorted()
    testLengths = config.effectiveTestLengths
    seeds = Array(Set(config.seeds)).sorted()
  }

  public var seedCount: Int { seeds.count }

  /// Whether there are test lengths that are not training lengths: the length-generalisation
  /// part of the study.
  public var hasGeneralisation: Bool { !Set(testLengths).subtracting(trainLengths).isEmpty }

  /// Whether the study has several hidden sizes, and several depths.
  public var severalHidden: Bool { Set(sizes.map(\.hidden)).count > 1 }
  public var severalDepths: Bool { Set(sizes.map(\.layers)).count > 1 }

  /// Every cell, in the grid's order.
  public var cells: [CellSpec] {
    units.flatMap { unit in
      sizes.flatMap { size in
        trainLengths.flatMap { length in
          seeds.map { CellSpec(unit: unit, hidden: size.hidden, layers: size.layers, trainLength: length, seed: $0) }
        }
      }
    }
  }

  /// `results` in the grid's order (a unit the grid does not have last).
  public func ordered(_ results: [CellResult]) -> [CellResult] {
    let rank = Dictionary(units.enumerated().map { ($1, $0) }, uniquingKeysWith: min)
    return results.sorted { a, b in
      (rank[a.unit] ?? .max, a.hidden, a.layers, a.trainLength, a.seed)
        < (rank[b.unit] ?? .max, b.hidden, b.layers, b.trainLength, b.seed)
    }
  }
}
