/// A table as data, written by `HTMLWriter` with booktabs-style groups: a header row, then one
/// `<tbody>` per group whose first column may span the group's rows.
struct HTMLTable {
  /// A cell: text (escaped) or markup the pipeline made (MathML, `<sub>`), and its alignment.
  struct Cell {
    var content: Markup
    var numeric = false

    static func text(_ s: String, numeric: Bool = false) -> Cell {
      Cell(content: .text(s), numeric: numeric)
    }
  }

  struct Group {
    /// Spans every row of the group as a row-group header (`th scope="rowgroup"`); nil for none.
    var label: String?
    var rows: [[Cell]]
  }

  var header: [Cell]
  var groups: [Group]

  /// The `<table>` element and a line break.
  var html: Markup {
    var w = HTMLWriter()
    w.block("table") { w in
      w.element("thead") { w in
        w.element("tr") { w in
          for cell in header {
            w.element("th", ["scope": "col", "class": cell.numeric ? "num" : nil], markup: cell.content)
          }
        }
      }
      w.newline()
      for group in groups {
        w.block("tbody") { w in
          for (r, row) in group.rows.enumerated() {
            w.element("tr") { w in
              if let label = group.label, r == 0 {
                w.element("th", ["scope": "rowgroup", "rowspan": String(group.rows.count)], text: label)
              }
              for cell in row {
                w.element("td", ["class": cell.numeric ? "num" : nil], markup: cell.content)
              }
            }
            w.newline()
          }
        }
      }
    }
    return w.markup
  }
}
