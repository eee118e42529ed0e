/// A table as data, serialised to escaped HTML with booktabs-style groups: a header row, then
/// one `<tbody>` per group whose first column may span the group's rows.
struct HTMLTable {
  /// A cell: text (escaped) or markup the pipeline made (MathML, `<sub>`), and its alignment.
  struct Cell {
    var html: String
    var numeric = false

    static func text(_ s: String, numeric: Bool = false) -> Cell {
      Cell(html: MarkupEscaping.escaped(s), numeric: numeric)
    }
  }

  struct Group {
    /// Spans every row of the group as a row-group header (`th scope="rowgroup"`); nil for none.
    var label: String?
    var rows: [[Cell]]
  }

  var header: [Cell]
  var groups: [Group]

  var html: String {
    var out = "<table>\n<thead><tr>"
    for cell in header {
      out += "<th scope=\"col\"\(cell.numeric ? " class=\"num\"" : "")>\(cell.html)</th>"
    }
    out += "</tr></thead>\n"
    for group in groups {
      out += "<tbody>\n"
      for (r, row) in group.rows.enumerated() {
        out += "<tr>"
        if let label = group.label, r == 0 {
          out += "<th scope=\"rowgroup\" rowspan=\"\(group.rows.count)\">\(MarkupEscaping.escaped(label))</th>"
        }
        for cell in row {
          out += "<td\(cell.numeric ? " class=\"num\"" : "")>\(cell.html)</td>"
        }
        out += "</tr>\n"
      }
      out += "</tbody>\n"
    }
    return out + "</table>"
  }
}
