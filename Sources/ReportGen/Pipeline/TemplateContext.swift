import Analysis
import Mustache

/// What the templates can say: the study's values as text (escaped for Markdown when a template
/// writes `{{…}}`), flags for optional sections, and markers for the pipeline's blocks.
///
/// Names (documented for template authors in Templates/README.md):
/// `study.*`, `grid.*`, `training.*`, `evaluation.*`, `findings.*`, `counts.*`, `has.*`,
/// `recommendations` (a list), `figure.*`, `table.*`, `eq.*`, `block.*`, `m.*` (inline math) and
/// `ref.fig.*`, `ref.tab.*`, `ref.eq.*` (cross-references).
enum TemplateContext {
  static func make(_ results: StudyResults, grid: StudyGrid, figures: [String], tables: [String]) -> [String: Any] {
    let c = results.config, p = results.provenance
    let findings = Findings(results, grid: grid)
    func f(_ x: Double, _ d: Int = 2) -> String { NumberFormat.display(x, decimals: d) }
    let extraTest = grid.testLengths.filter { !grid.trainLengths.contains($0) }
    let runs = RunOutcome.Tally(results)
    let largestSE = largestStandardError(results)


    let values: [String: Any] = [
      "study": [
        "name": c.name,
        "space": ReportText.space(c.space),
        "date": ReportText.date(p.startTime),
        "toolVersion": p.toolVersion,
        "command": p.command,
      ],
      "grid": [
        "units": ReportText.list(grid.units.map(\.displayName)),
        "unitCount": String(grid.units.count),
        "hidden": ReportText.numbers(c.hidden.sorted()),
        "layers": ReportText.numbers(c.layers.sorted()),
        "size": ReportText.sizes(hidden: c.hidden.sorted(), layers: c.layers.sorted()),
        "lengths": ReportText.numbers(grid.trainLengths),
        "shortest": String(grid.trainLengths.first ?? 0),
        "longest": String(grid.trainLengths.last ?? 0),
        "testLengths": ReportText.numbers(grid.testLengths),
        "extraTestLengths": ReportText.numbers(extraTest),
        "seeds": ReportText.numbers(c.seeds),
        "seedCount": String(grid.seedCount),
        "cellCount": String(results.cells.count),
      ],
      "training": [
        "batch": String(c.training.batch),
        "learningRate": NumberFormat.significant(c.training.learningRate, 2),
        "clip": f(c.training.clip, 1),
        "maxSteps": NumberFormat.integer(c.training.maxSteps),
        "patience": String(c.training.patience),
        "validation": String(c.training.validation),
        "validateEvery": String(c.training.validateEvery),
      ],
      "evaluation": [
        "sequences": NumberFormat.integer(c.evaluation.sequences),
        "theta": f(c.evaluation.threshold),
        "thetaRec": f(c.evaluation.recommendThreshold),
        "probe": NumberFormat.significant(c.evaluation.probe, 2),
        "substitution": substitutionText(c.evaluation.effectiveSubstitution),
        "substitutionSequences": NumberFormat.integer(c.evaluation.effectiveSubstitutionSequences),
        "largestSE": largestSE.map { NumberFormat.display($0, decimals: 3) } ?? "—",
        "clipBias": largestSE.map { NumberFormat.display(0.4 * $0, decimals: 3) } ?? "—",
      ],
      "findings": [
        "retention": findings.retention,
        "leader": findings.leader,
        "recommendation": findings.recommendation,
        "failures": findings.failures,
        "heldGap": findings.heldGap,
        "depth": findings.depth,
        "probe": findings.probe,
      ],
      "counts": [
        "diverged": String(runs.diverged), "capped": String(runs.capped),
        "improving": String(runs.improving), "stalled": String(runs.stalled),
        "problems": Self.problemRuns(runs, maxSteps: c.training.maxSteps),
      ],
      "corpus": results.corpus.map(ReportCorpus.context) ?? [:],
      "examples": results.examples.map(ReportCorpus.examplesContext) ?? [:],
      "probe": results.probe.map { Self.probeContext($0, results: results) } ?? [:],
      "has": [
        "generalisation": figures.contains("generalisation"),
        "problems": tables.contains("problems"),
        "diverged": runs.diverged > 0,
        "capped": runs.capped > 0,
        "severalHidden": grid.sizes.count > 1,
        "severalDepths": grid.severalDepths,
        "probe": results.probe != nil,
        "stacked": c.layers.contains { $0 > 1 },
        "minUnits": c.units.contains { !$0.hasHiddenProjection },
        "recommendationWithoutSMR": results.recommendations.contains { $0.smrMean == nil },
        "corpus": results.corpus != nil,
        "examples": tables.contains("examples"),
        "held": tables.contains("held"),
        "ruleOnFit": RecommendationRule.measure(for: results) == .fitted,
        "correlatedTokens": c.space.kind == .embeddings,
      ],
      "recommendations": grid.units.flatMap { u in
        results.recommendations.filter { $0.unit == u }.map { r -> [String: Any] in
          [
            "unit": r.unit.displayName, "hidden": String(r.hidden), "layers": String(r.layers),
            "length": String(r.recommendedLength),
            "smrMean": r.smrMean.map { f($0, 3) } ?? "—", "smrLower": r.smrLower.map { RecommendationRule.format($0, against: c.evaluation.recommendThreshold, minimumDecimals: 3) } ?? "—",
            "eml": r.eml.map { f($0, 1) } ?? "—",
            "qualified": r.qualified, "reason": r.reason,
          ]
        }
      },
    ]
    let markerValues: [String: Any] = [
      "figure": MarkerNames(kind: .figure),
      "table": MarkerNames(kind: .table),
      "eq": MarkerNames(kind: .equation),
      "block": MarkerNames(kind: .block),
      "m": MarkerNames(kind: .math),
      "ref": [
        "fig": MarkerNames(kind: .ref, prefix: "fig-"),
        "tab": MarkerNames(kind: .ref, prefix: "tab-"),
        "eq": MarkerNames(kind: .ref, prefix: "eq-"),
        "sec": MarkerNames(kind: .ref, prefix: "sec-"),
      ],
    ]
    var context = neutralised(values)
    // The findings are prose written here: typeset after neutralising, so that their SMR_σ
    // becomes the same inline math as the templates' {{m.smr_sub}}.
    if let findings = context["findings"] as? [String: Any] {
      context["findings"] = findings.mapValues { ($0 as? String).map(Typography.markdown) ?? $0 }
    }
    return context.merging(markerValues) { _, marker in marker }
  }

  /// The runs the step-cap table lists, in words, naming only the outcomes that occur: "the 2
  /// runs that diverged and the 38 that reached the step cap of 2 000 steps (35 while still
  /// improving, 3 stalled at a high loss)".
  static func problemRuns(_ runs: RunOutcome.Tally, maxSteps: Int) -> String {
    let (diverged, improving, stalled, capped) = (runs.diverged, runs.improving, runs.stalled, runs.capped)
    var parts: [String] = []
    if diverged > 0 { parts.append(diverged == 1 ? "the run that diverged" : "the \(diverged) runs that diverged") }
    if capped > 0 {
      let kinds = [(improving, "while still improving"), (stalled, "stalled at a high loss")].filter { $0.0 > 0 }
      let how: String
      if kinds.count == 1, kinds[0].0 == capped {
        how = capped == 1 ? ", " + kinds[0].1 : ", all " + kinds[0].1
      } else {
        how = kinds.isEmpty ? "" : " (" + kinds.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + ")"
      }
      let which = capped == 1 ? (parts.isEmpty ? "the run" : "the one") : parts.isEmpty ? "the \(capped) runs" : "the \(capped)"
      parts.append("\(which) that reached the step cap of \(NumberFormat.integer(maxSteps)) steps\(how)")
    }
    return parts.joined(separator: " and ")
  }

  /// Where σ was measured, in words.
  static func substitutionText(_ lengths: SubstitutionLengths) -> String {
    switch lengths {
    case .inLength: "at the training length (n = L)"
    case .all: "at every test length"
    case .none: "nowhere (evaluation.substitution: none)"
    }
  }

  /// The largest standard error of any σ_k at n = L over every evaluated cell: the clipping in
  /// SMR_σ biases a unit that holds everything down by about 0.4 times it.
  static func largestStandardError(_ results: StudyResults) -> Double? {
    results.cells.flatMap { cell in
      cell.eval.filter { $0.length == cell.trainLength }.compactMap { $0.memoryRateSubSe?.max() }
    }.max()
  }

  /// Text from a config or corpus with the marker delimiters replaced by U+FFFD, so a study name
  /// cannot smuggle a figure or a reference into the page.
  static func neutralised(_ value: Any) -> [String: Any] {
    func clean(_ v: Any) -> Any {
      switch v {
      case let s as String:
        String(s.map { $0 == Marker.open || $0 == Marker.close ? "\u{FFFD}" : $0 })
      case let d as [String: Any]: d.mapValues(clean)
      case let a as [[String: Any]]: a.map { $0.mapValues(clean) }
      default: v
      }
    }
    return (value as? [String: Any] ?? [:]).mapValues(clean)
  }
}

/// `{{figure.forgetting}}`, `{{ref.sec.method}}`: any name a template writes becomes its marker,
/// and `Marker.checkNames` refuses the rendered text when a name is in no registry
/// (`FigureKind`, `TableKind`, `BlockKind`, `Formulas`; any section, whose headings are only
/// known after cmark and resolve or read "??"). A marker of something the study does not have
/// (a figure not drawn) is dropped with its caption where it is placed.
struct MarkerNames: MustacheParent {
  var kind: Marker.Kind
  var prefix = ""

  func child(named name: String) -> Any? { Marker(kind, prefix + name).text }
}

extension TemplateContext {
  /// The probed model in words, for a `memstudy probe` study.
  static func probeContext(_ p: ProbeDescription, results: StudyResults) -> [String: Any] {
    let layers = p.layers == 1 ? "one layer" : "\(p.layers) stacked layers"
    let state = p.state == .top
      ? "the top layer's last hidden state h_n, \(p.hidden) features"
      : "every layer's last hidden state h_n\(p.unit.hasCellState ? " and cell state c_n" : ""), \(p.layers * p.hidden * (p.unit.hasCellState ? 2 : 1)) features"
    return [
      "model": "a\(p.unit == .lstm ? "n" : "") \(p.unit.displayName) of \(layers), hidden size \(p.hidden), input size \(p.inputSize) and \(NumberFormat.integer(p.recurrentParameters)) recurrent parameters",
      "file": p.file, "sha": p.sha256, "bytes": results.corpus.map { ReportCorpus.bytes($0.vectors.bytes) } ?? "",
      "prefix": p.prefix, "embedding": p.embedding, "vocabulary": NumberFormat.integer(p.vocabulary),
      "ignored": p.ignored.isEmpty ? "none" : p.ignored.joined(separator: ", "),
      "space": p.vectors.map { "The Semantic Euclidean Space is that of the word vectors \($0), over the corpus words the model's vocabulary has, not the model's embedding." }
        ?? "The embedding is also the Semantic Euclidean Space.",
      "state": state, "trainingWindows": NumberFormat.integer(p.trainingWindows),
      "validationWindows": NumberFormat.integer(p.validationWindows),
    ]
  }
}
