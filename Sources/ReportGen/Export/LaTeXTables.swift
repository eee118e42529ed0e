import Analysis

/// The report's main tables as LaTeX: the in-length indicators and the recommendations, with the
/// same numbers, precision and rules for undefined values as the HTML tables (`ReportTables`).
enum LaTeXTables {
  static func number(_ x: Double, _ decimals: Int) -> String {
    LaTeXEscaping.escaped(NumberFormat.display(x, decimals: decimals))
  }

  static func interval(_ iv: Interval, decimals: Int) -> LaTeXTable.Cell {
    let half = (iv.upper - iv.lower) / 2
    return .interval(mean: number(iv.mean, decimals), halfWidth: iv.count > 1 ? number(half, decimals) : nil)
  }

  static func indicators(_ results: StudyResults, grid: StudyGrid) -> LaTeXTable {
    inLength(results, grid: grid, columns: Indicator.fitted.map(\.latexSymbol)) { unit, h, l in
      InLengthValue.row(results, unit: unit, size: h, length: l, Indicator.fitted)
    }
  }

  /// Held memory against the fit's SMR, as `ReportTables.heldMemory`.
  static func heldMemory(_ results: StudyResults, grid: StudyGrid) -> LaTeXTable {
    inLength(results, grid: grid, columns: HeldMemoryRow.columns.map(\.latex)) { unit, h, l in
      HeldMemoryRow(results, unit: unit, size: h, length: l).values
    }
  }

  /// In-length values per unit (a group each), hidden size and training length, with the seeds
  /// pooled, as `ReportTables.inLength`.
  private static func inLength(
    _ results: StudyResults, grid: StudyGrid, columns: [String],
    values: (UnitKind, NetworkSize, Int) -> [InLengthValue]
  ) -> LaTeXTable {
    var table = LaTeXTable(
      columns: [.text] + Array(repeating: .number, count: grid.sizeTeXHeader.count) + [.number]
        + Array(repeating: .interval, count: columns.count) + [.number],
      header: ["Unit"] + grid.sizeTeXHeader + ["$L$"] + columns + ["Seeds"])
    for unit in grid.units {
      var rows: [[LaTeXTable.Cell]] = []
      for h in grid.sizes {
        for l in grid.trainLengths {
          let pooled = results.okCells(unit: unit, size: h, trainLength: l).count
          var row: [LaTeXTable.Cell] = [.tex(rows.isEmpty ? LaTeXEscaping.escaped(unit.displayName) : "")]
          row += grid.sizeTeX(h).map { .tex($0) }
          row.append(.tex(String(l)))
          row += values(unit, h, l).map(cell)
          row.append(.tex("\(pooled)/\(grid.seedCount)"))
          rows.append(row)
        }
      }
      table.groups.append(rows)
    }
    return table
  }

  private static func cell(_ value: InLengthValue) -> LaTeXTable.Cell {
    switch value {
    case .missing: .spanning("---")
    case .notMeasured: .spanning("not measured")
    case .interval(let iv, let decimals): interval(iv, decimals: decimals)
    case .noDecay: .spanning("no decay")
    case .beyond(let n): .spanning("$>$\\,\(n)")
    }
  }

  static func recommendations(_ results: StudyResults, grid: StudyGrid) -> LaTeXTable {
    let several = grid.sizes.count > 1
    var table = LaTeXTable(
      columns: [.text] + Array(repeating: .number, count: grid.sizeTeXHeader.count) + [.number, .number, .number, .number],
      header: ["Unit"] + grid.sizeTeXHeader + ["$L^*$"] + recommendationHeader(results))
    for unit in grid.units {
      var rows = grid.sizes.compactMap { h -> [LaTeXTable.Cell]? in
        guard let r = results.recommendations.first(where: { $0.unit == unit && $0.size == h }) else { return nil }
        var row: [LaTeXTable.Cell] = [.tex("")]
        row += grid.sizeTeX(h).map { .tex($0) }
        row += [
          // The dagger sits in a zero-width box so unqualified lengths stay aligned; a math
          // dagger is Computer Modern's symbol font in every encoding (T1's \textdagger needs
          // cm-super, else a bitmap font).
          .tex(String(r.recommendedLength) + (r.qualified ? "" : "\\rlap{\\,$^\\dagger$}")),
          // A dash where every seed diverged at the recommended length, as in the HTML table.
          .tex(r.smrMean.map { number($0, 3) } ?? "---"),
          .tex(r.smrLower.map { LaTeXEscaping.escaped(RecommendationRule.format($0, against: results.config.evaluation.recommendThreshold, minimumDecimals: 3)) } ?? "---"),
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

  /// SMR(n) at every test length, as `ReportTables.generalisation`: in-length values bold, an
  /// over-count at n > L marked with a double dagger.
  static func generalisation(_ results: StudyResults, grid: StudyGrid) -> LaTeXTable? {
    guard grid.hasGeneralisation else { return nil }
    var table = LaTeXTable(
      columns: [.text] + Array(repeating: .number, count: grid.sizeTeXHeader.count + 1 + grid.testLengths.count),
      header: ["Unit"] + grid.sizeTeXHeader + ["$L$"] + grid.testLengths.map { "$n = \($0)$" })
    for unit in grid.units {
      var rows: [[LaTeXTable.Cell]] = []
      for h in grid.sizes {
        for l in grid.trainLengths {
          var row: [LaTeXTable.Cell] = [.tex(rows.isEmpty ? LaTeXEscaping.escaped(unit.displayName) : "")]
          row += grid.sizeTeX(h).map { .tex($0) }
          row.append(.tex(String(l)))
          for n in grid.testLengths {
            switch ReportTables.GeneralisationValue(results, unit: unit, size: h, trainLength: l, testLength: n) {
            case nil: row.append(.tex("---"))
            case .inLength(let text): row.append(.tex("\\textbf{\(LaTeXEscaping.escaped(text))}"))
            case .overCount(let text): row.append(.tex(LaTeXEscaping.escaped(text) + "\\rlap{$^\\ddagger$}"))
            case .other(let text): row.append(.tex(LaTeXEscaping.escaped(text)))
            }
          }
          rows.append(row)
        }
      }
      table.groups.append(rows)
    }
    return table
  }

  /// The runs that diverged or reached the step cap, as `ReportTables.problemCells`.
  static func problems(_ results: StudyResults, grid: StudyGrid) -> LaTeXTable? {
    let cells = ReportTables.problems(results)
    guard !cells.isEmpty else { return nil }
    var table = LaTeXTable(
      columns: [.text] + Array(repeating: .number, count: grid.sizeTeXHeader.count + 2) + [.text, .number, .number, .number],
      header: ["Unit"] + grid.sizeTeXHeader + ["$L$", "Seed", "Outcome", "Steps", "Final loss", "Loss\\,/\\,variance"])
    table.groups = [cells.map { c in
      let v = ReportTables.ProblemRow(c)
      return [.tex(LaTeXEscaping.escaped(c.unit.displayName))] + grid.sizeTeX(c.size).map { .tex($0) } + [
        .tex(String(c.trainLength)), .tex(String(c.seed)), .tex(LaTeXEscaping.escaped(v.outcome)),
        .tex(LaTeXEscaping.escaped(v.steps)),
        .tex(v.finalLoss.map(LaTeXEscaping.escaped) ?? "---"), .tex(v.unexplained.map(LaTeXEscaping.escaped) ?? "---"),
      ]
    }]
    return table
  }

  /// The decoded test windows of a corpus study, as `ReportCorpus.examplesTable`, in columns that
  /// wrap.
  static func examples(_ e: DecodedExamples) -> LaTeXTable {
    let decoderShare = 0.5 / Double(max(e.decoders.count, 1))
    var table = LaTeXTable(
      columns: [.number, .paragraph(0.26), .paragraph(0.14)] + e.decoders.map { _ in .paragraph(decoderShare) },
      header: ["\\#", "Test window (\(e.length) tokens)", "Nearest to the true centroid"]
        + e.decoders.map { "Nearest to the \(LaTeXEscaping.escaped($0.unit.displayName))'s decoding" })
    table.groups = [e.windows.indices.map { i in
      [.tex(String(i + 1)), .tex(LaTeXEscaping.escaped(ReportCorpus.shown(e.windows[i]))),
       .tex(LaTeXEscaping.escaped(e.centroidNearest[i].joined(separator: ", ")))]
        + e.decoders.map { .tex(LaTeXEscaping.escaped(ReportCorpus.decoded($0, window: i))) }
    }]
    return table
  }

  /// The provenance of the run, as `ReportTables.provenance`: values in typewriter, wrapping.
  static func provenance(_ results: StudyResults) -> LaTeXTable {
    var table = LaTeXTable(columns: [.text, .paragraph(0.6)], header: ["Item", "Value"])
    table.groups = [ReportTables.provenanceRows(results).map { item, value in
      [.tex(LaTeXEscaping.escaped(item)), .tex("\\texttt{" + LaTeXEscaping.escaped(value) + "}")]
    }]
    return table
  }

  /// The rule's measure in the recommendations' column heads: held memory, or the fit's SMR
  /// where σ was not measured.
  private static func recommendationHeader(_ results: StudyResults) -> [String] {
    let measure = RecommendationRule.measure(for: results)
    let smr = measure.smr.latexSymbol
    return [smr + " (mean)", smr + " (95\\,\\% lower)", measure.eml.latexSymbol]
  }
}
