import Analysis

/// The long-format CSV files of a study: one row per unit, hidden size, layers, training length, test
/// length, seed, [distance], metric and value. The substitution indicators (`smr_sub`,
/// `eml_sub`, `tau_sub`) and the σ curve (`memory_rate_sub`) have rows only where σ was
/// measured (`evaluation.substitution`): no row means not measured, an empty value undefined. Numbers print in Swift's shortest round-trip
/// form, which is locale-free and the same on every run.
enum DataTables {
  static func indicators(_ results: StudyResults) -> String {
    var rows = ["unit,hidden,layers,train_length,test_length,seed,metric,value"]
    for cell in sortedCells(results) {
      let key = "\(cell.unit.rawValue),\(cell.hidden),\(cell.layers),\(cell.trainLength)"
      for e in cell.eval {
        for indicator in Indicator.allCases where indicator.isMeasured(in: e) {
          rows.append("\(key),\(e.length),\(cell.seed),\(indicator.key),\(format(indicator.value(in: e)))")
        }
      }
    }
    return rows.joined(separator: "\n") + "\n"
  }

  static func curves(_ results: StudyResults) -> String {
    var rows = ["unit,hidden,layers,train_length,test_length,seed,distance,metric,value"]
    for cell in sortedCells(results) {
      let key = "\(cell.unit.rawValue),\(cell.hidden),\(cell.layers),\(cell.trainLength)"
      for e in cell.eval {
        for (k, beta) in e.memoryRate.enumerated() {
          rows.append("\(key),\(e.length),\(cell.seed),\(k),memory_rate,\(format(beta))")
        }
        for (k, sigma) in (e.memoryRateSub ?? []).enumerated() {
          rows.append("\(key),\(e.length),\(cell.seed),\(k),memory_rate_sub,\(format(sigma))")
        }
      }
    }
    return rows.joined(separator: "\n") + "\n"
  }

  /// Cells in the study's canonical order: unit as configured, then hidden size, layers, length,
  /// seed.
  static func sortedCells(_ results: StudyResults) -> [CellResult] {
    let rank = Dictionary(uniqueKeysWithValues: results.config.units.enumerated().map { ($1, $0) })
    return results.cells.sorted { a, b in
      (rank[a.unit] ?? .max, a.hidden, a.layers, a.trainLength, a.seed)
        < (rank[b.unit] ?? .max, b.hidden, b.layers, b.trainLength, b.seed)
    }
  }

  /// An empty field for an undefined value (τ without decay), never a NaN token.
  static func format(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "" }
    return "\(value)"
  }
}
