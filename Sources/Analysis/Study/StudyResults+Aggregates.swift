/// Seed-pooled views of a study's cells, shared by the recommendation rule and the report.
extension StudyResults {
  /// The cells that trained without diverging, for one unit, size and training length.
  public func okCells(unit: UnitKind, size: NetworkSize, trainLength: Int) -> [CellResult] {
    cells.filter {
      $0.unit == unit && $0.size == size && $0.trainLength == trainLength && $0.status == .ok
    }
  }

  /// The evaluations at `testLength` of the non-diverged seeds of one grid point.
  public func evaluations(
    unit: UnitKind, size: NetworkSize, trainLength: Int, testLength: Int
  ) -> [EvalResult] {
    okCells(unit: unit, size: size, trainLength: trainLength).compactMap { cell in
      cell.eval.first { $0.length == testLength }
    }
  }

  /// The 95 % interval across seeds of one indicator; `nil` when no seed has it.
  /// `testLength` defaults to the training length (the in-length indicator).
  public func interval(
    unit: UnitKind, size: NetworkSize, trainLength: Int, testLength: Int? = nil,
    _ metric: (EvalResult) -> Double?
  ) -> Interval? {
    let values = evaluations(
      unit: unit, size: size, trainLength: trainLength, testLength: testLength ?? trainLength
    ).compactMap(metric).filter(\.isFinite)
    return values.isEmpty ? nil : SeedStatistics.interval(values)
  }

  /// β_k across seeds, one interval per distance k = 0 … testLength − 1.
  public func memoryRateIntervals(
    unit: UnitKind, size: NetworkSize, trainLength: Int, testLength: Int? = nil
  ) -> [Interval] {
    curveIntervals(unit: unit, size: size, trainLength: trainLength, testLength: testLength) { $0.memoryRate }
  }

  /// A per-distance curve (β_k, or σ_k with `\.memoryRateSub`) across the seeds that have it,
  /// one interval per distance k = 0 … testLength − 1; empty where no seed has it.
  public func curveIntervals(
    unit: UnitKind, size: NetworkSize, trainLength: Int, testLength: Int? = nil,
    _ curve: (EvalResult) -> [Double]?
  ) -> [Interval] {
    let n = testLength ?? trainLength
    let curves = evaluations(unit: unit, size: size, trainLength: trainLength, testLength: n)
      .compactMap(curve).filter { $0.count == n }
    guard !curves.isEmpty else { return [] }
    return (0..<n).map { k in SeedStatistics.interval(curves.map { $0[k] }) }
  }
}
