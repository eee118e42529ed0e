import Analysis

/// The report's main tables as LaTeX: the in-length indicators and the recommendations, with the
/// same numbers, precision and rules for undefined values as the HTML tables (`ReportTables`).
enum LaTeXTables {
  static func number(_ x: Double, _ decimals: Int) -> String {
    LaTeXEscaping.escaped(NumberFormat.display(x, decimals: decimals))
  }

  static func interval(_ iv: Interval?, decimals: Int) -> LaTeXTable.Cell {
    guard let iv else { return .spanning("---") }
    let half = (iv.upper - iv.lower) / 2
    return .interval(mean: number(iv.mean, decimals), halfWidth: iv.count > 1 ? number(half, decimals) : nil)
  }

  static func indicators(_ results: StudyResults, grid: StudyGrid) -> LaTeXTable {
    let several = grid.hidden.count > 1
    var table = LaTeXTable(
      columns: [.text] + (several ? [.number] : []) + [.number] + Array(repeating: .interval, count: 6) + [.number],
      header: ["Unit"] + (several ? ["$H$"] : []) + [
        "$L$", "SMR", "$F$", "$I$", "EML$_\\theta$", "$\\tau$", "MC", "Seeds",
      ])
    for unit in grid.units {
      var rows: [[LaTeXTable.Cell]] = []
      for h in grid.hidden {
        for l in grid.trainLengths {
          func iv(_ metric: (EvalResult) -> Double?) -> Interval? {
            results.interval(unit: unit, hidden: h, trainLength: l, metric)
          }
          let pooled = results.okCells(unit: unit, hidden: h, trainLength: l).count
          var row: [LaTeXTable.Cell] = [.tex(rows.isEmpty ? LaTeXEscaping.escaped(unit.displayName) : "")]
          if several { row.append(.tex(String(h))) }
          row += [
            .tex(String(l)),
            interval(iv { $0.smr }, decimals: 3), interval(iv { $0.fidelity }, decimals: 3),
            interval(iv { $0.interference }, decimals: 3), interval(iv { Double($0.eml) }, decimals: 1),
            tau(results, unit: unit, hidden: h, length: l),
            interval(iv { $0.memoryCapacity }, decimals: 1),
            .tex("\(pooled)/\(grid.seedCount)"),
          ]
          rows.append(row)
        }
      }
      table.groups.append(rows)
    }
    return table
  }

  /// τ as the HTML table gives it: a number only where β decays within ten lengths.
  private static func tau(_ results: StudyResults, unit: UnitKind, hidden: Int, length: Int) -> LaTeXTable.Cell {
    let evals = results.evaluations(unit: unit, hidden: hidden, trainLength: length, testLength: length)
    guard !evals.isEmpty else { return .spanning("---") }
    let taus = evals.compactMap(\.tau).filter(\.isFinite)
    if taus.isEmpty { return .spanning("no decay") }
    if taus.count < evals.count || taus.contains(where: { $0 > 10 * Double(length) }) {
      return .spanning("$>$\\,\(10 * length)")
    }
    return interval(SeedStatistics.interval(taus), decimals: 1)
  }

  static func recommendations(_ results: StudyResults, grid: StudyGrid) -> LaTeXTable {
    let several = grid.hidden.count > 1
    var table = LaTeXTable(
      columns: [.text] + (several ? [.number] : []) + [.number, .number, .number, .number],
      header: ["Unit"] + (several ? ["$H$"] : []) + ["$L^*$", "SMR (mean)", "SMR (95\\,\\% lower)", "EML$_\\theta$"])
    for unit in grid.units {
      var rows = grid.hidden.compactMap { h -> [LaTeXTable.Cell]? in
        guard let r = results.recommendations.first(where: { $0.unit == unit && $0.hidden == h }) else { return nil }
        var row: [LaTeXTable.Cell] = [.tex("")]
        if several { row.append(.tex(String(h))) }
        row += [
          // The dagger sits in a zero-width box so unqualified lengths stay aligned.
          .tex(String(r.recommendedLength) + (r.qualified ? "" : "\\rlap{\\,\\dag}")),
          // A dash where every seed diverged at the recommended length, as in the HTML table.
          .tex(r.smrMean.map { number($0, 3) } ?? "---"), .tex(r.smrLower.map { number($0, 3) } ?? "---"),
          .tex(r.eml.map { number($0, 1) } ?? "---"),
        ]
        return row
      }
      guard !rows.isEmpty else { continue }
      rows[0][0] = .tex(LaTeXEscaping.escaped(unit.displayName))
      // One row per unit needs no rule between units.
      if !several, !table.groups.isEmpty { table.groups[0] += rows } else { table.groups.append(rows) }
    }
    return table
  }
}
