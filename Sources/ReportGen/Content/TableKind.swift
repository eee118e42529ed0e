/// The tables of the report, by the name a template cites (`{{table.<name>}}`, anchor
/// `#tab-<name>`), in the order the default templates place them. `ReportBuilder` builds the ones
/// a study has; a template that cites a name no case has is refused when the report is rendered.
enum TableKind: String, CaseIterable, Sendable {
  case held
  case recommendations
  case indicators
  case examples
  case problems
  case generalisation
  case provenance

  var name: String { rawValue }
}

/// The pipeline's blocks a template places alone in a paragraph (`{{block.<name>}}`).
enum BlockKind: String, CaseIterable, Sendable {
  case command, config, bibtex, downloads, fingerprint

  var name: String { rawValue }
}
