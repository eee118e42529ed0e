import Analysis

/// What a text study's report says about its corpus, and the table of decoded test windows.
enum ReportCorpus {
  /// `corpus.*` for the method's "Corpus and windows" section.
  static func context(_ c: CorpusSummary) -> [String: Any] {
    func share(_ x: Double) -> String { NumberFormat.display(100 * x, decimals: 1) + " %" }
    let sizes = zip(["training", "validation", "test"], c.parts).map { name, p in
      "\(name) \(NumberFormat.integer(p.lines)) lines (\(NumberFormat.integer(p.tokens)) tokens)"
    }
    let windows: String
    switch c.windows {
    case .stream:
      windows = "A sequence of length n is a window of n consecutive tokens of one part's token stream (its lines in file order, joined), drawn uniformly; a window may cross the end of a line, so every length exists even though the longest line of the test part has \(c.parts[2].longestLine) tokens."
    case .sentence:
      windows = "A sequence of length n is a window of n consecutive tokens within one line of a part, drawn uniformly among all such windows; only lines of at least n tokens give windows of length n (the longest line of the test part has \(c.parts[2].longestLine) tokens)."
    }
    return [
      "corpusFile": c.corpus.name, "corpusSHA": c.corpus.sha256, "corpusBytes": bytes(c.corpus.bytes),
      "vectorsFile": c.vectors.name, "vectorsSHA": c.vectors.sha256, "vectorsBytes": bytes(c.vectors.bytes),
      "lines": NumberFormat.integer(c.lines), "tokens": NumberFormat.integer(c.tokens),
      "types": NumberFormat.integer(c.types), "vectorWords": NumberFormat.integer(c.vectorWords),
      "vocabulary": NumberFormat.integer(c.vocabulary), "dimension": String(c.dimension),
      "withoutVector": share(c.shareWithoutVector),
      "split": c.split.map(String.init).joined(separator: " / "), "splitSeed": String(c.splitSeed),
      "partSizes": ReportText.list(sizes), "windowsText": windows,
    ]
  }

  /// `examples.*` for the results' "Decoded windows" paragraph.
  static func examplesContext(_ e: DecodedExamples) -> [String: Any] {
    let keeps = e.decoders.first, forgets = e.decoders.dropFirst().first
    return [
      "length": String(e.length),
      "count": ReportText.word(e.windows.count),
      "keeps": keeps?.unit.displayName ?? "", "keepsSMR": NumberFormat.display(keeps?.smr ?? 0, decimals: 2),
      "forgets": forgets?.unit.displayName ?? "", "forgetsSMR": NumberFormat.display(forgets?.smr ?? 0, decimals: 2),
      "seed": String(keeps?.seed ?? 0), "hidden": String(keeps?.hidden ?? 0),
    ]
  }

  /// One row per test window: its words, then the words nearest the true centroid, then those
  /// nearest each cell's decoding with the cosine to the truth.
  static func examplesTable(_ e: DecodedExamples) -> HTMLTable {
    // The first column does not wrap (page style): it holds the window's number, not its words.
    var header: [HTMLTable.Cell] = [.text("#", numeric: true), .text("Test window (\(e.length) tokens)"), .text("Nearest to the true centroid")]
    for d in e.decoders {
      header.append(.text("Nearest to the \(d.unit.displayName)’s decoding"))
    }
    var rows: [[HTMLTable.Cell]] = []
    for (i, window) in e.windows.enumerated() {
      var row: [HTMLTable.Cell] = [
        .text(String(i + 1), numeric: true), .text(shown(window)), .text(e.centroidNearest[i].joined(separator: ", ")),
      ]
      for d in e.decoders { row.append(.text(decoded(d, window: i))) }
      rows.append(row)
    }
    return HTMLTable(header: header, groups: [HTMLTable.Group(label: nil, rows: rows)])
  }

  /// What a cell decoded for window `i`: its nearest words and the cosine to the truth.
  static func decoded(_ d: DecodedExamples.Decoder, window i: Int) -> String {
    d.nearest[i].joined(separator: ", ") + " (cos " + NumberFormat.display(d.cosine[i], decimals: 2) + ")"
  }

  /// A window's words; a long one keeps its first 8 and last 16 (the tokens a forgetting unit
  /// still holds) around a count of those left out.
  static func shown(_ words: [String]) -> String {
    guard words.count > 30 else { return words.joined(separator: " ") }
    return words.prefix(8).joined(separator: " ") + " … (\(words.count - 24) more) … "
      + words.suffix(16).joined(separator: " ")
  }

  static func bytes(_ n: Int) -> String {
    n < 1_000_000 ? NumberFormat.display(Double(n) / 1000, decimals: 1) + " kB"
      : NumberFormat.display(Double(n) / 1_000_000, decimals: 1) + " MB"
  }
}
