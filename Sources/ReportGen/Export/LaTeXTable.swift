/// A booktabs `tabular` built row by row. Numbers are set in right-aligned columns at a fixed
/// precision, so their digits line up (pdfLaTeX's digits all have one width); a mean and its
/// 95 % half-width take two columns, `0.978` right-aligned and `± 0.040` left-aligned, so both
/// align. Needs only `booktabs`.
struct LaTeXTable {
  /// One column of the table: plain text, a right-aligned number, or a mean with its interval.
  enum Column: Equatable {
    case text, number, interval
    /// Text that wraps, in a column of this share of the line width (`p{0.3\linewidth}`).
    case paragraph(Double)

    var spec: String {
      switch self {
      case .text: "l"
      case .number: "r"
      case .interval: "r@{\\,}l"
      case .paragraph(let share): "p{\(NumberFormat.display(share, decimals: 2))\\linewidth}"
      }
    }
    var width: Int { self == .interval ? 2 : 1 }
  }

  /// A cell's LaTeX, already escaped; `.spanning` fills both halves of an interval column.
  enum Cell {
    case tex(String)
    case interval(mean: String, halfWidth: String?)
    case spanning(String)
  }

  var columns: [Column]
  /// The header's LaTeX for each column.
  var header: [String]
  /// Row groups, separated by a thin rule.
  var groups: [[[Cell]]] = []

  var tex: String {
    var out = "\\begin{tabular}{" + columns.map(\.spec).joined(separator: " ") + "}\n\\toprule\n"
    out += zip(columns, header).map { column, title in
      column.width == 2 ? "\\multicolumn{2}{c}{\(title)}" : column == .number ? "\\multicolumn{1}{c}{\(title)}" : title
    }.joined(separator: " & ") + " \\\\\n\\midrule\n"
    for (g, rows) in groups.enumerated() {
      if g > 0 { out += "\\midrule\n" }
      for row in rows {
        out += zip(columns, row).map { column, cell in
          switch cell {
          case .tex(let s): return column.width == 2 ? "\\multicolumn{2}{c}{\(s)}" : s
          case .interval(let mean, let half): return mean + " & " + (half.map { "$\\pm$\\," + $0 } ?? "")
          case .spanning(let s): return column.width == 2 ? "\\multicolumn{2}{c}{\(s)}" : s
          }
        }.joined(separator: " & ") + " \\\\\n"
      }
    }
    return out + "\\bottomrule\n\\end{tabular}\n"
  }
}
