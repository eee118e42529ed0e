import Analysis

/// What the report writes about the grid's sizes: the columns and labels that tell them apart.
extension StudyGrid {
  init(_ results: StudyResults) { self.init(results.config) }

  /// "H = 64, K = 2": what varies of a size across the grid; `nil` for a grid of one size.
  func sizeTitle(_ s: NetworkSize) -> String? {
    let parts = (severalHidden ? ["H = \(s.hidden)"] : []) + (severalDepths ? ["K = \(s.layers)"] : [])
    return parts.isEmpty ? nil : parts.joined(separator: ", ")
  }

  /// "H = 64, " when the study has several sizes, so panel titles say which; else "".
  func sizePrefix(_ s: NetworkSize) -> String { sizeTitle(s).map { $0 + ", " } ?? "" }

  /// The table columns that tell sizes apart: H, K (layers), or none.
  var sizeHeader: [HTMLTable.Cell] {
    (severalHidden ? [.text("H", numeric: true)] : []) + (severalDepths ? [.text("K", numeric: true)] : [])
  }

  /// The LaTeX table columns that tell sizes apart, and a row's cells under them.
  var sizeTeXHeader: [String] { (severalHidden ? ["$H$"] : []) + (severalDepths ? ["$K$"] : []) }
  func sizeTeX(_ s: NetworkSize) -> [String] {
    (severalHidden ? [String(s.hidden)] : []) + (severalDepths ? [String(s.layers)] : [])
  }

  /// " at hidden size 64 with 2 layers": what varies of a size, for prose; "" for one size.
  func sizePhrase(_ s: NetworkSize) -> String {
    (severalHidden ? " at hidden size \(s.hidden)" : "") + (severalDepths ? " with \(s.layers) layer\(s.layers == 1 ? "" : "s")" : "")
  }

  /// A row's cells under `sizeHeader`.
  func sizeCells(_ s: NetworkSize) -> [HTMLTable.Cell] {
    (severalHidden ? [.text(String(s.hidden), numeric: true)] : [])
      + (severalDepths ? [.text(String(s.layers), numeric: true)] : [])
  }
}
