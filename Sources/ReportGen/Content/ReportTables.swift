import Analysis

/// The report's tables: indicators, recommendations, problem cells and provenance.
enum ReportTables {
  /// `0.978 ± 0.040`: a seed-pooled mean and the half-width of its 95 % interval.
  static func meanCI(_ iv: Interval, decimals: Int) -> HTMLTable.Cell {
    let half = (iv.upper - iv.lower) / 2
    let text = NumberFormat.display(iv.mean, decimals: decimals)
      + (iv.count > 1 ? " ± " + NumberFormat.display(half, decimals: decimals) : "")
    return .text(text, numeric: true)
  }

  /// In-length indicators (n = L) per unit and training length, seeds pooled.
  static func indicators(_ results: StudyResults, grid: StudyGrid) -> HTMLTable {
    inLength(results, grid: grid, columns: Indicator.fitted.map(\.htmlSymbol)) { unit, h, l in
      InLengthValue.row(results, unit: unit, size: h, length: l, Indicator.fitted)
    }
  }

  /// Held memory against apparent memory, in length (n = L): SMR_σ, the fit's SMR and the gap
  /// between them (per seed, then pooled), with the σ curve's EML and τ.
  static func heldMemory(_ results: StudyResults, grid: StudyGrid) -> HTMLTable {
    inLength(results, grid: grid, columns: HeldMemoryRow.columns.map(\.html)) { unit, h, l in
      HeldMemoryRow(results, unit: unit, size: h, length: l).values
    }
  }

  /// A table of in-length values: a group per unit, a row per hidden size and training length
  /// with `values(unit, hidden, length)` under `columns`, and the seeds pooled.
  private static func inLength(
    _ results: StudyResults, grid: StudyGrid, columns: [Markup],
    values: (UnitKind, NetworkSize, Int) -> [InLengthValue]
  ) -> HTMLTable {
    var header: [HTMLTable.Cell] = [.text("Unit")]
    header += grid.sizeHeader
    header.append(.text("L", numeric: true))
    header += columns.map { HTMLTable.Cell(content: $0, numeric: true) }
    header.append(.text("Seeds", numeric: true))
    var groups: [HTMLTable.Group] = []
    for unit in grid.units {
      var rows: [[HTMLTable.Cell]] = []
      for h in grid.sizes {
        for l in grid.trainLengths {
          let pooled = results.okCells(unit: unit, size: h, trainLength: l).count
          var row: [HTMLTable.Cell] = grid.sizeCells(h)
          row.append(.text(String(l), numeric: true))
          row += values(unit, h, l).map(cell)
          row.append(.text("\(pooled)/\(grid.seedCount)", numeric: true))
          rows.append(row)
        }
      }
      groups.append(HTMLTable.Group(label: unit.displayName, rows: rows))
    }
    return HTMLTable(header: header, groups: groups)
  }

  private static func cell(_ value: InLengthValue) -> HTMLTable.Cell {
    switch value {
    case .missing: .text("—", numeric: true)
    case .notMeasured: .text("not measured", numeric: true)
    case .interval(let iv, let decimals): meanCI(iv, decimals: decimals)
    case .noDecay: .text("no decay", numeric: true)
    case .beyond(let n): .text("> " + String(n), numeric: true)
    }
  }

  /// SMR(n) at every test length for each training length, seeds pooled; `nil` when the study
  /// has no test length besides its training lengths. In-length values (n = L) are bold; a mean
  /// above 1 at n > L is marked ‡: an over-count, not memory (the caption says why).
  static func generalisation(_ results: StudyResults, grid: StudyGrid) -> HTMLTable? {
    guard grid.hasGeneralisation else { return nil }
    var header: [HTMLTable.Cell] = [.text("Unit")]
    header += grid.sizeHeader
    header.append(.text("L", numeric: true))
    header += grid.testLengths.map { HTMLTable.Cell(content: .element("i", text: "n") + .text(" = \($0)"), numeric: true) }
    let groups = grid.units.map { unit in
      let rows = grid.sizes.flatMap { h in
        grid.trainLengths.map { l -> [HTMLTable.Cell] in
          var row: [HTMLTable.Cell] = grid.sizeCells(h)
          row.append(.text(String(l), numeric: true))
          for n in grid.testLengths {
            switch GeneralisationValue(results, unit: unit, size: h, trainLength: l, testLength: n) {
            case nil: row.append(.text("—", numeric: true))
            case .inLength(let text): row.append(HTMLTable.Cell(content: .element("strong", text: text), numeric: true))
            case .overCount(let text): row.append(.text("\(text)\u{2009}‡", numeric: true))
            case .other(let text): row.append(.text(text, numeric: true))
            }
          }
          return row
        }
      }
      return HTMLTable.Group(label: unit.displayName, rows: rows)
    }
    return HTMLTable(header: header, groups: groups)
  }

  /// One cell of the length-generalisation table, for the page and the LaTeX export: SMR(n)
  /// pooled over the seeds at two decimals, and whether it is in-length (set bold) or an
  /// over-count at n > L (marked ‡); `nil` where no seed has a value.
  enum GeneralisationValue {
    case inLength(String), overCount(String), other(String)

    init?(_ results: StudyResults, unit: UnitKind, size: NetworkSize, trainLength l: Int, testLength n: Int) {
      guard let iv = results.interval(unit: unit, size: size, trainLength: l, testLength: n, { $0.smr }) else { return nil }
      let text = NumberFormat.display(iv.mean, decimals: 2)
      self = n == l ? .inLength(text) : n > l && ReportTables.overCounts(iv.mean) ? .overCount(text) : .other(text)
    }
  }

  /// SMR above 1 by more than the two decimals a table shows: at n > L, a network that keeps
  /// adding tokens at the weight 1/L it learnt, not one that remembers more than everything.
  static func overCounts(_ smr: Double) -> Bool { smr >= 1.005 }

  static func recommendations(_ results: StudyResults, grid: StudyGrid) -> HTMLTable {
    var header: [HTMLTable.Cell] = [.text("Unit")]
    header += grid.sizeHeader
    let measure = RecommendationRule.measure(for: results)
    let symbol = measure.smr.htmlSymbol
    header += [
      HTMLTable.Cell(content: .text("L") + .element("sup", text: "*"), numeric: true),
      HTMLTable.Cell(content: symbol + .text(" (mean)"), numeric: true),
      HTMLTable.Cell(content: symbol + .text("\u{00A0}(95\u{00A0}% lower)"), numeric: true),
      HTMLTable.Cell(content: measure.eml.htmlSymbol, numeric: true),
      .text("Reason"),
    ]
    let rows = grid.units.flatMap { unit in
      grid.sizes.compactMap { h -> [HTMLTable.Cell]? in
        guard let r = results.recommendations.first(where: { $0.unit == unit && $0.size == h }) else { return nil }
        var row: [HTMLTable.Cell] = [.text(unit.displayName)]
        row += grid.sizeCells(h)
        row += [
          .text(String(r.recommendedLength) + (r.qualified ? "" : " †"), numeric: true),
          .text(r.smrMean.map { NumberFormat.display($0, decimals: 3) } ?? "—", numeric: true),
          .text(r.smrLower.map { RecommendationRule.format($0, against: results.config.evaluation.recommendThreshold, minimumDecimals: 3) } ?? "—", numeric: true),
          .text(r.eml.map { NumberFormat.display($0, decimals: 1) } ?? "—", numeric: true),
          HTMLTable.Cell(content: Typography.html(r.reason)),
        ]
        return row
      }
    }
    return HTMLTable(header: header, groups: [HTMLTable.Group(label: nil, rows: rows)])
  }

  /// Cells that diverged or reached the step cap, each with how it ended: a run capped while
  /// still improving (trained, its loss still falling) is told apart from one that stalled high.
  static func problemCells(_ results: StudyResults, grid: StudyGrid) -> HTMLTable? {
    let cells = problems(results)
    guard !cells.isEmpty else { return nil }
    var header: [HTMLTable.Cell] = [.text("Unit")]
    header += grid.sizeHeader
    header += [
      .text("L", numeric: true), .text("Seed", numeric: true), .text("Outcome"),
      .text("Steps", numeric: true), .text("Final loss", numeric: true),
      .text("Loss / variance", numeric: true),
    ]
    let rows = cells.map { c -> [HTMLTable.Cell] in
      let v = ProblemRow(c)
      return [.text(c.unit.displayName)] + grid.sizeCells(c.size) + [
        .text(String(c.trainLength), numeric: true), .text(String(c.seed), numeric: true),
        .text(v.outcome), .text(v.steps, numeric: true),
        .text(v.finalLoss ?? "—", numeric: true), .text(v.unexplained ?? "—", numeric: true),
      ]
    }
    return HTMLTable(header: header, groups: [HTMLTable.Group(label: nil, rows: rows)])
  }

  /// The text of a listed run's outcome, steps, final loss and loss over variance (nil where
  /// unknown), for the page and the LaTeX export.
  struct ProblemRow {
    let outcome, steps: String
    let finalLoss, unexplained: String?

    init(_ c: CellResult) {
      outcome = RunOutcome(c).text
      steps = NumberFormat.integer(c.steps)
      finalLoss = c.finalLoss.map { NumberFormat.significant($0) }
      unexplained = c.unexplainedShare.map { NumberFormat.significant($0, 2) }
    }
  }

  /// Diverged cells and cells that hit the step cap, in grid order.
  static func problems(_ results: StudyResults) -> [CellResult] {
    results.cells.filter { RunOutcome($0).isListed }
  }

  /// Where the cells were trained, when not all by the run that wrote the results: the shard
  /// count of `memstudy run --shard K/N`, the cells' training time in all (the wall time above
  /// is the assembling run's) and the cells trained on each host.
  static func cellOrigins(_ results: StudyResults) -> [(String, String)] {
    let p = results.provenance
    guard let origins = p.trainedBy, !origins.isEmpty else { return [] }
    var perHost: [String: Int] = [:]
    for origin in origins { perHost[origin.host, default: 0] += origin.cells }
    let shards = p.shardCounts
    guard !shards.isEmpty || perHost.keys.sorted() != [p.host] else { return [] }
    let plural = { (n: Int) in n == 1 ? "1 cell" : "\(n) cells" }
    var rows: [(String, String)] = []
    if !shards.isEmpty {
      let byShards = origins.filter { $0.shard != nil }.reduce(0) { $0 + $1.cells }
      let counts = shards.map { "\($0) shard\($0 == 1 ? "" : "s") (memstudy run --shard K/\($0))" }.joined(separator: " and ")
      let rest = origins.filter { $0.shard == nil }.reduce(0) { $0 + $1.cells }
      let assembled = rest > 0 ? "; \(plural(rest)) by the run that wrote the results" : ""
      rows.append(("Trained as", "\(counts): \(plural(byShards))\(assembled)"))
      rows.append(("Cell time in all", ReportText.duration(results.cells.reduce(0) { $0 + $1.wallSeconds })))
    }
    rows.append(("Cells trained on", perHost.keys.sorted().map { "\($0) (\(plural(perHost[$0]!)))" }.joined(separator: ", ")))
    return rows
  }

  /// Provenance as a two-column table (what, value).
  static func provenance(_ results: StudyResults) -> HTMLTable {
    HTMLTable(
      header: [.text("Item"), .text("Value")],
      groups: [HTMLTable.Group(label: nil, rows: provenanceRows(results).map { [.text($0.0), HTMLTable.Cell(content: .element("code", text: $0.1))] })])
  }

  /// The provenance table's rows, item and value, for the page and the LaTeX export.
  static func provenanceRows(_ results: StudyResults) -> [(String, String)] {
    let p = results.provenance
    return [
      ("memstudy version", p.toolVersion),
      ("Git commit", p.gitCommit ?? "unknown"),
      ("Swift", p.swiftVersion),
      ("Products", p.blas),
      ("Host", p.host),
      ("Cores", String(p.cores)),
      ("Started (UTC)", p.startTime),
      ("Wall time", ReportText.duration(p.wallSeconds)),
      ("Seeds", results.config.seeds.map(String.init).joined(separator: ", ")),
      ("Grid cells", "\(results.cells.count) (\(results.cells.filter { $0.status == .diverged }.count) diverged)"),
    ] + cellOrigins(results)
  }
}
