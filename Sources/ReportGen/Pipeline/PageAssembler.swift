import Foundation

/// The last passes, on cmark's HTML: the pipeline's blocks put where the templates' markers
/// stand (numbered in reading order), headings numbered and given ids, cross-references and
/// inline math resolved, the contents listed.
///
/// The passes cut cmark's markup where a marker or a heading stands and write the pieces, with
/// the pipeline's markup in between, with `HTMLWriter`; a piece of cmark's markup becomes
/// `Markup` through `cmark(_:)` alone.
struct PageAssembler {
  /// Inline SVG of each figure, by name.
  var figures: [String: Markup]
  /// HTML of each table, by name.
  var tables: [String: Markup]
  /// HTML of each pipeline block (downloads, code), by name.
  var blocks: [String: Markup]

  /// "Figure 2", "Table 1", "(3)" by target id, filled by `placeBlocks`.
  private(set) var labels: [String: String] = [:]
  private var counts: [Marker.Kind: Int] = [:]
  private var ids: Set<String> = []

  init(figures: [String: Markup], tables: [String: Markup], blocks: [String: Markup]) {
    self.figures = figures
    self.tables = tables
    self.blocks = blocks
  }

  struct TOCEntry {
    var level: Int
    var id: String
    var number: String
    /// The heading's text, still escaped.
    var text: Markup
  }

  enum Numbering { case none, arabic, letters }

  // MARK: Blocks

  /// Replaces every paragraph that opens with a block marker by the block; the paragraph's other
  /// content becomes the caption of a figure or table. Call on the parts in reading order.
  mutating func placeBlocks(_ html: Markup) -> Markup {
    var w = HTMLWriter()
    var rest = Substring(html.serialised)
    while let start = rest.range(of: "<p>" + String(Marker.open)) {
      w.append(Self.cmark(rest[..<start.lowerBound]))
      guard let close = rest[start.upperBound...].firstIndex(of: Marker.close),
        let marker = Marker(inner: rest[start.upperBound..<close]),
        [.figure, .table, .equation, .block].contains(marker.kind),
        let end = rest[close...].range(of: "</p>")
      else {
        w.append(Self.cmark(rest[start]))
        rest = rest[start.upperBound...]
        continue
      }
      let caption = rest[rest.index(after: close)..<end.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
      w.append(block(marker, caption: Self.cmark(caption)))
      rest = rest[end.upperBound...]
    }
    w.append(Self.cmark(rest))
    return w.markup
  }

  private mutating func block(_ marker: Marker, caption: Markup) -> Markup {
    var w = HTMLWriter()
    switch marker.kind {
    case .figure:
      guard let svg = figures[marker.name] else { return .empty }
      let id = "fig-" + marker.name
      let n = number(.figure, id: id) { "Figure \($0)" }
      w.block("figure", ["class": "figure", "id": id]) { w in
        w.append(svg)
        w.line("figcaption") { w in
          w.element("span", ["class": "label"], text: "Figure \(n).")
          w.text(" ")
          w.append(caption)
        }
      }
    case .table:
      guard let table = tables[marker.name] else { return .empty }
      let id = "tab-" + marker.name
      let n = number(.table, id: id) { "Table \($0)" }
      w.block("figure", ["class": "table", "id": id]) { w in
        w.line("figcaption") { w in
          w.element("span", ["class": "label"], text: "Table \(n).")
          w.text(" ")
          w.append(caption)
        }
        w.block("div", ["class": "table-scroll"]) { w in w.append(table) }
      }
    case .equation:
      guard let math = Formulas.display[marker.name] else { return .empty }
      let id = "eq-" + marker.name
      let n = number(.equation, id: id) { "(\($0))" }
      w.line("div", ["class": "equation", "id": id]) { w in
        w.append(math.math(display: true))
        w.element("span", ["class": "eqno"], text: "(\(n))")
      }
    case .block:
      w.append(blocks[marker.name] ?? .empty)
      w.newline()
    case .ref, .math:
      break
    }
    return w.markup
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
  func resolveInline(_ html: Markup) -> Markup {
    var w = HTMLWriter()
    var rest = Substring(html.serialised)
    while let open = rest.firstIndex(of: Marker.open) {
      w.append(Self.cmark(rest[..<open]))
      let inner = rest.index(after: open)
      guard let close = rest[inner...].firstIndex(of: Marker.close) else { break }
      if let marker = Marker(inner: rest[inner..<close]) {
        switch marker.kind {
        case .ref:
          if let label = labels[marker.name] {
            w.element("a", ["class": "xref", "href": "#\(marker.name)"], text: label)
          } else {
            w.text("??")
          }
        case .math:
          if let math = Formulas.inline[marker.name] {
            w.append(math.math(display: false))
          } else {
            w.text("??")
          }
        default:
          break
        }
      }
      rest = rest[rest.index(after: close)...]
    }
    w.append(Self.cmark(rest))
    return w.markup
  }

  // MARK: Headings

  /// Gives every `<h2>`/`<h3>` an id, numbers them (1, 1.1 or A, A.1) and lists them.
  mutating func numberHeadings(_ html: Markup, _ numbering: Numbering, toc: inout [TOCEntry]) -> Markup {
    var w = HTMLWriter()
    var rest = Substring(html.serialised)
    var section = 0, subsection = 0
    while let open = rest.range(of: "<h") {
      w.append(Self.cmark(rest[..<open.lowerBound]))
      let after = rest[open.upperBound...]
      guard let level = after.first.flatMap({ Int(String($0)) }), [2, 3].contains(level),
        after.dropFirst().first == ">",
        let end = after.range(of: "</h\(level)>")
      else {
        w.append(Self.cmark(rest[open]))
        rest = after
        continue
      }
      let inner = Self.cmark(after[after.index(after.startIndex, offsetBy: 2)..<end.lowerBound])
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
      let id = uniqueID("sec-" + Self.slug(text.serialised))
      if !number.isEmpty { labels[id] = number }
      toc.append(TOCEntry(level: level, id: id, number: number, text: text))
      w.element(level == 2 ? "h2" : "h3", ["id": id]) { w in
        if !number.isEmpty {
          w.element("span", ["class": "secnum"], text: number)
          w.text(" ")
        }
        w.append(inner)
      }
      rest = after[end.upperBound...]
    }
    w.append(Self.cmark(rest))
    return w.markup
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

  /// A heading's id (after `sec-`): its `Slug`, or "section" for a heading without a letter
  /// or digit. HTML ids only need to be non-empty and space-free, but plain ones survive
  /// copying into URLs.
  static func slug(_ text: String) -> String {
    let s = Slug.make(text)
    return s.isEmpty ? "section" : s
  }

  /// The content of a part that is one paragraph (`<p>…</p>`, as the title part is), or the
  /// part as it is.
  static func unwrapParagraph(_ html: Markup) -> Markup {
    let s = html.serialised.trimmingCharacters(in: .whitespacesAndNewlines)
    guard s.hasPrefix("<p>"), let end = s.range(of: "</p>") else { return cmark(s) }
    return cmark(s[s.index(s.startIndex, offsetBy: 3)..<end.lowerBound])
  }

  /// `html` without its tags and markers; entities are kept, so the result is still escaped
  /// HTML text.
  static func plainText(_ html: Markup) -> Markup {
    var out = ""
    var inTag = false, inMarker = false
    for c in html.serialised {
      switch c {
      case "<": inTag = true
      case ">": inTag = false
      case Marker.open: inMarker = true
      case Marker.close: inMarker = false
      default: if !inTag && !inMarker { out.append(c) }
      }
    }
    return cmark(out.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// A piece of cmark's markup, cut at a tag or a marker: cmark escaped its text, and a cut
  /// between tags keeps it so.
  private static func cmark<S: StringProtocol>(_ piece: S) -> Markup {
    .raw(String(piece))
  }

  /// The contents as nested ordered lists (numbers written out, so letters and digits mix).
  static func tableOfContents(_ entries: [TOCEntry]) -> Markup {
    var w = HTMLWriter()
    w.block("nav", ["class": "toc", "aria-labelledby": "toc-title"]) { w in
      w.line("h2", ["id": "toc-title"], text: "Contents")
      w.block("ol") { w in
        // A section's subsections are an `<ol>` inside its `<li>`, opened at the first one and
        // closed with the section.
        var openSub = false
        for (i, e) in entries.enumerated() {
          if e.level == 3 && !openSub {
            w.open("ol")
            w.newline()
            openSub = true
          }
          w.open("li")
          w.element("a", ["href": "#\(e.id)"]) { w in
            // An unnumbered entry (References) gets an empty number box so its text lines up.
            w.element("span", ["class": "secnum"], text: e.number)
            w.text(" ")
            w.append(e.text)
          }
          let nextLevel = i + 1 < entries.count ? entries[i + 1].level : 2
          if nextLevel == 3 && e.level == 2 {
            w.newline()
            continue
          }
          w.close("li")
          w.newline()
          if e.level == 3 && nextLevel == 2 {
            w.close("ol")
            w.close("li")
            w.newline()
            openSub = false
          }
        }
        if openSub {
          w.close("ol")
          w.close("li")
          w.newline()
        }
      }
    }
    return w.markup
  }
}
