import Analysis
import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

@testable import ReportGen

/// The HTML writer escapes by construction: text and attribute values cannot reach the page
/// unescaped, and markup gets in through `Markup.raw` alone, at the few places listed here.
@Suite struct HTMLWriterTests {
  /// Markup, quotes of both kinds, an entity, a C0 control, and bidirectional controls (an
  /// override and an isolate) that would make the text read in another order than stored.
  static let hostile = "<script>alert('x')</script>\"><img src=x onerror=alert(2)> &amp; \u{7}\u{202E}evil\u{2066}"

  @Test func textAndAttributeValuesAreEscaped() {
    let h = Self.hostile
    var w = HTMLWriter()
    w.open("div", ["class": h, "id": nil])
    w.text(h)
    w.element("span", ["title": h], text: h)
    w.line("p", ["data-x": h], text: h)
    w.element("em", ["lang": h]) { $0.text(h) }
    w.block("section", ["title": h]) { $0.line("b", text: h) }
    w.append(.text(h) + .element("i", ["title": h], text: h) + .element("u", ["title": h], markup: .text(h)))
    w.close("div")
    let out = w.markup.serialised

    // Well-formed: no value ended its attribute or its element early.
    let parser = XMLParser(data: Data("<root>\(out)</root>".utf8))
    #expect(parser.parse(), "\(String(describing: parser.parserError))")
    for injected in ["<script", "<img", "alert('x')</", "\"><", "&amp; ", "\u{7}", "\u{202E}", "\u{2066}"] {
      #expect(!out.contains(injected), "\(injected.debugDescription) reached the markup")
    }
    #expect(out.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt; &amp;amp; ␇\u{FFFD}evil\u{FFFD}"))
    // In a double-quoted value an apostrophe is harmless and stays; the quote cannot.
    #expect(out.contains(" class=\"&lt;script&gt;alert('x')&lt;/script&gt;&quot;&gt;&lt;img "))
    #expect(!out.contains("id="), "a nil value leaves its attribute out")
  }

  @Test func serialisationIsExact() {
    var w = HTMLWriter()
    w.doctype()
    w.void("meta", ["name": "a", "content": "x 'y' \"z\""])
    w.newline()
    w.block("ol") { w in
      w.line("li") { w in
        w.element("a", ["href": "#s", "class": nil], text: "1 < 2")
        w.text(" & ")
        w.element("code", markup: .element("b", text: "t"))
      }
    }
    #expect(w.markup.serialised == """
      <!DOCTYPE html>
      <meta name="a" content="x 'y' &quot;z&quot;">
      <ol>
      <li><a href="#s">1 &lt; 2</a> &amp; <code><b>t</b></code></li>
      </ol>

      """)
  }

  @Test func onlyRawLetsMarkupThrough() {
    #expect(Markup.text("<b>x</b>").serialised == "&lt;b&gt;x&lt;/b&gt;")
    #expect(Markup.element("p", text: "<b>").serialised == "<p>&lt;b&gt;</p>")
    #expect(Markup.raw("<b>x</b>").serialised == "<b>x</b>")
    var w = HTMLWriter()
    w.append(.raw("<b>x</b>"))
    #expect(w.markup.serialised == "<b>x</b>")
    // MathML is written by the same writer: its text is escaped too.
    #expect(MathML.row([.i("<"), .o("&"), .text("\"")]).markup.serialised == "<mrow><mi>&lt;</mi><mo>&amp;</mo><mtext>&quot;</mtext></mrow>")
    #expect(HTMLTable.Cell.text("<i>").content.serialised == "&lt;i&gt;")
  }

  /// The places that let markup in unescaped, each for its own reason; a new one must be added
  /// here, where a reviewer sees it.
  static let rawCallSites = [
    "Figures/Figure.swift": 1,  // SVG that SVGWriter wrote
    "Pipeline/Markdown.swift": 1,  // cmark's rendering
    "Pipeline/PageAssembler.swift": 1,  // pieces of cmark's rendering, cut at tags
    "Pipeline/Page.swift": 1,  // the page's stylesheet
  ]

  /// The writers are the only files that write tags or call the escaping themselves.
  static let writers: Set = ["Markup/HTMLWriter.swift", "Figures/SVGWriter.swift"]

  @Test func markupIsWrittenOnlyByTheWriters() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../Sources/ReportGen").standardizedFileURL
    let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
      .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
    #expect(files.count > 20, "the ReportGen sources are at \(root.path)")
    let tag = try Regex(#"<[A-Za-z/!?]"#)
    let literal = try Regex(#""(?:[^"\\]|\\.)*""#)
    let rawCall = try Regex(#"\.raw\("#)
    var raw: [String: Int] = [:]
    for file in files {
      let name = String(file.standardizedFileURL.path.dropFirst(root.path.count + 1))
      var inMultiline = false
      for (number, line) in try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let code = line.trimmingCharacters(in: .whitespaces)
        let location = "\(name):\(number + 1): \(code)"
        if code.hasPrefix("//") { continue }
        if code.contains("\"\"\"") {
          inMultiline.toggle()
          continue
        }
        if Self.writers.contains(name) { continue }
        raw[name, default: 0] += line.matches(of: rawCall).count
        #expect(!code.contains("MarkupEscaping.escaped"), "escaping by hand outside the writers: \(location)")
        let strings = inMultiline ? [Substring(line)] : line.matches(of: literal).map { line[$0.range] }
        // Reading cmark's markup (searching for a tag) is not writing it.
        let reads = code.contains("range(of:") || code.contains("hasPrefix(")
        #expect(reads || !strings.contains { $0.contains(tag) }, "markup written outside the writers: \(location)")
      }
    }
    #expect(raw.filter { $0.value > 0 } == Self.rawCallSites, "Markup.raw call sites by file")
  }
}
