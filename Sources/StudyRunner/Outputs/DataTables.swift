import Analysis

/// The long-format CSV files of a study: one row per unit, hidden size, layers, training length, test
/// length, seed, [distance], metric and value. The substitution indicators (`smr_sub`,
/// `eml_sub`, `tau_sub`) and the σ curve (`memory_rate_sub`) have rows only where σ was
/// measured (`evaluation.substitution`): no row means not measured, an empty value undefined. Numbers print in Swift's shortest round-trip
/// form, which is locale-free and the same on every run.
enum DataTables {
  static func indicators(_ results: StudyResults) -> String {
    var rows = ["unit,hidden,layers,train_length,test_length,seed,metric,value"]
    for cell in StudyGrid(results.config).ordered(results.cells) {
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
    for cell in StudyGrid(results.config).ordered(results.cells) {
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

  /// An empty field for an undefined value (τ without decay), never a NaN token.
  static func format(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "" }
    return "\(value)"
  }
}
