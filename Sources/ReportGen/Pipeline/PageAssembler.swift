import Foundation

/// The last passes, on cmark's HTML: the pipeline's blocks put where the templates' markers
/// stand (numbered in reading order), headings numbered and given ids, cross-references and
/// inline math resolved, the contents listed.
struct PageAssembler {
  /// Inline SVG of each figure, by name.
  var figures: [String: String]
  /// HTML of each table, by name.
  var tables: [String: String]
  /// HTML of each pipeline block (downloads, code), by name.
  var blocks: [String: String]

  /// "Figure 2", "Table 1", "(3)" by target id, filled by `placeBlocks`.
  private(set) var labels: [String: String] = [:]
  private var counts: [Marker.Kind: Int] = [:]
  private var ids: Set<String> = []

  init(figures: [String: String], tables: [String: String], blocks: [String: String]) {
    self.figures = figures
    self.tables = tables
    self.blocks = blocks
  }

  struct TOCEntry {
    var level: Int
    var id: String
    var number: String
    var text: String
  }

  enum Numbering { case none, arabic, letters }

  // MARK: Blocks

  /// Replaces every paragraph that opens with a block marker by the block; the paragraph's other
  /// content becomes the caption of a figure or table. Call on the parts in reading order.
  mutating func placeBlocks(_ html: String) -> String {
    var out = ""
    var rest = Substring(html)
    let opener = "<p>" + String(Marker.open)
    while let start = rest.range(of: opener) {
      out += rest[..<start.lowerBound]
      guard let close = rest[start.upperBound...].firstIndex(of: Marker.close),
        let marker = Marker(inner: rest[start.upperBound..<close]),
        [.figure, .table, .equation, .block].contains(marker.kind),
        let end = rest[close...].range(of: "</p>")
      else {
        out += opener
        rest = rest[start.upperBound...]
        continue
      }
      let caption = rest[rest.index(after: close)..<end.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
      out += block(marker, caption: caption)
      rest = rest[end.upperBound...]
    }
    return out + rest
  }

  private mutating func block(_ marker: Marker, caption: String) -> String {
    switch marker.kind {
    case .figure:
      guard let svg = figures[marker.name] else { return "" }
      let id = "fig-" + marker.name
      let n = number(.figure, id: id) { "Figure \($0)" }
      return "<figure class=\"figure\" id=\"\(id)\">\n\(svg)<figcaption><span class=\"label\">Figure \(n).</span> \(caption)</figcaption>\n</figure>\n"
    case .table:
      guard let table = tables[marker.name] else { return "" }
      let id = "tab-" + marker.name
      let n = number(.table, id: id) { "Table \($0)" }
      return "<figure class=\"table\" id=\"\(id)\">\n<figcaption><span class=\"label\">Table \(n).</span> \(caption)</figcaption>\n<div class=\"table-scroll\">\n\(table)\n</div>\n</figure>\n"
    case .equation:
      guard let math = Formulas.display[marker.name] else { return "" }
      let id = "eq-" + marker.name
      let n = number(.equation, id: id) { "(\($0))" }
      return "<div class=\"equation\" id=\"\(id)\">\(math.math(display: true))<span class=\"eqno\">(\(n))</span></div>\n"
    case .block:
      return (blocks[marker.name] ?? "") + "\n"
    case .ref, .math:
      return ""
    }
  }

  /// The next number of its kind for the block `id`, registered with the label that
  /// cross-references to it print.
  private mutating func number(_ kind: Marker.Kind, id: String, label: (Int) -> String) -> Int {
    counts[kind, default: 0] += 1
    let n = counts[kind]!
    labels[id] = label(n)
    ids.insert(id)
    return n
  }

  // MARK: Inline

  /// Cross-references and inline math; a reference to something not placed reads "??", as in
  /// LaTeX, and block markers left inside other text are dropped.
  func resolveInline(_ html: String) -> String {
    var out = ""
    var rest = Substring(html)
    while let open = rest.firstIndex(of: Marker.open) {
      out += rest[..<open]
      let inner = rest.index(after: open)
      guard let close = rest[inner...].firstIndex(of: Marker.close) else { break }
      if let marker = Marker(inner: rest[inner..<close]) {
        switch marker.kind {
        case .ref:
          if let label = labels[marker.name] {
            out += "<a class=\"xref\" href=\"#\(marker.name)\">\(label)</a>"
          } else {
            out += "??"
          }
        case .math:
          out += Formulas.inline[marker.name]?.math(display: false) ?? "??"
        default:
          break
        }
      }
      rest = rest[rest.index(after: close)...]
    }
    return out + rest
  }

  // MARK: Headings

  /// Gives every `<h2>`/`<h3>` an id, numbers them (1, 1.1 or A, A.1) and lists them.
  mutating func numberHeadings(_ html: String, _ numbering: Numbering, toc: inout [TOCEntry]) -> String {
    var out = ""
    var rest = Substring(html)
    var section = 0, subsection = 0
    while let open = rest.range(of: "<h") {
      out += rest[..<open.lowerBound]
      let after = rest[open.upperBound...]
      guard let level = after.first.flatMap({ Int(String($0)) }), [2, 3].contains(level),
        after.dropFirst().first == ">",
        let end = after.range(of: "</h\(level)>")
      else {
        out += "<h"
        rest = after
        continue
      }
      let inner = String(after[after.index(after.startIndex, offsetBy: 2)..<end.lowerBound])
      var number = ""
      if level == 2 {
        section += 1
        subsection = 0
      } else {
        subsection += 1
      }
      switch numbering {
      case .none: break
      case .arabic: number = level == 2 ? "\(section)" : "\(section).\(subsection)"
      case .letters:
        let letter = String(UnicodeScalar(UInt8(64 + min(section, 26))))
        number = level == 2 ? letter : "\(letter).\(subsection)"
      }
      let text = Self.plainText(inner)
      let id = uniqueID("sec-" + Self.slug(text))
      if !number.isEmpty { labels[id] = number }
      toc.append(TOCEntry(level: level, id: id, number: number, text: text))
      let numberHTML = number.isEmpty ? "" : "<span class=\"secnum\">\(number)</span> "
      out += "<h\(level) id=\"\(id)\">\(numberHTML)\(inner)</h\(level)>"
      rest = after[end.upperBound...]
    }
    return out + rest
  }

  private mutating func uniqueID(_ base: String) -> String {
    var id = base, i = 2
    while ids.contains(id) {
      id = "\(base)-\(i)"
      i += 1
    }
    ids.insert(id)
    return id
  }

  /// Lower-case ASCII letters and digits joined by hyphens; HTML ids only need to be non-empty
  /// and space-free, but plain ones survive copying into URLs.
  static func slug(_ text: String) -> String {
    var s = ""
    var hyphen = false
    for scalar in text.lowercased().unicodeScalars {
      if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
        if hyphen, !s.isEmpty { s += "-" }
        s.unicodeScalars.append(scalar)
        hyphen = false
      } else {
        hyphen = true
      }
    }
    return s.isEmpty ? "section" : s
  }

  /// `html` without its tags and markers; entities are kept, so the result is still escaped
  /// HTML text.
  static func plainText(_ html: String) -> String {
    var out = ""
    var inTag = false, inMarker = false
    for c in html {
      switch c {
      case "<": inTag = true
      case ">": inTag = false
      case Marker.open: inMarker = true
      case Marker.close: inMarker = false
      default: if !inTag && !inMarker { out.append(c) }
      }
    }
    return out.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The contents as nested ordered lists (numbers written out, so letters and digits mix).
  static func tableOfContents(_ entries: [TOCEntry]) -> String {
    var out = "<nav class=\"toc\" aria-labelledby=\"toc-title\">\n<h2 id=\"toc-title\">Contents</h2>\n<ol>\n"
    var openSub = false
    for (i, e) in entries.enumerated() {
      if e.level == 3 && !openSub {
        out += "<ol>\n"
        openSub = true
      }
      // An unnumbered entry (References) gets an empty number box so its text lines up.
      let number = "<span class=\"secnum\">\(e.number)</span> "
      out += "<li><a href=\"#\(e.id)\">\(number)\(e.text)</a>"
      let nextLevel = i + 1 < entries.count ? entries[i + 1].level : 2
      if nextLevel == 3 && e.level == 2 {
        out += "\n"
        continue
      }
      out += "</li>\n"
      if e.level == 3 && nextLevel == 2 {
        out += "</ol></li>\n"
        openSub = false
      }
    }
    if openSub { out += "</ol></li>\n" }
    return out + "</ol>\n</nav>\n"
  }
}
