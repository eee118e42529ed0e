extension StudyConfig {
  /// Every cell of the grid, in a fixed order: unit, hidden size, depth, training length
  /// (longest first), seed. Cells train in `CellSchedule`'s order, longest estimated cost first.
  public var cells: [CellSpec] {
    units.flatMap { unit in
      sizes.flatMap { size in
        trainLengths.sorted(by: >).flatMap { length in
          seeds.map {
            CellSpec(unit: unit, hidden: size.hidden, layers: size.layers, trainLength: length, seed: $0)
          }
        }
      }
    }
  }
}
