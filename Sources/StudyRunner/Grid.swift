import Analysis

extension StudyConfig {
  /// Every cell of the grid, in a fixed order: unit, hidden size, training length (longest
  /// first), seed. Cells train in `CellSchedule`'s order, longest estimated cost first.
  public var cells: [CellSpec] {
    units.flatMap { unit in
      hidden.flatMap { h in
        trainLengths.sorted(by: >).flatMap { length in
          seeds.map { CellSpec(unit: unit, hidden: h, trainLength: length, seed: $0) }
        }
      }
    }
  }
}
