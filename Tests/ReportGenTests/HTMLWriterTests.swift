import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

@testable import ReportGen

/// The HTML writer escapes by construction: text and attribute values cannot reach the page
/// unescaped, and markup gets in through `Markup.raw` alone.
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
  }
}
