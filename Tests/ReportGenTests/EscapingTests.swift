import Analysis
import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

@testable import ReportGen

@Suite struct EscapingTests {
  static let hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)></svg>]]>\u{7}*em* [l](javascript:x) {{x}}"

  func hostileResults() throws -> StudyResults {
    var results = try fixtureResults()
    results.config.name = Self.hostile
    results.config.space = .embeddings(EmbeddingsSource(vectors: "/tmp/\(Self.hostile).vec", corpus: "/data/\(Self.hostile)/corpus.txt"))
    results.provenance.command = "memstudy run '\(Self.hostile)'"
    results.provenance.host = Self.hostile
    return results
  }

  @Test func hostileTextIsLiteralInThePage() throws {
    let html = try ReportBuilder.build(ReportInputs(results: try hostileResults(), configYAML: "name: \(Self.hostile)\n")).html
    #expect(!html.contains("<script"))
    #expect(!html.contains("<img"))
    #expect(!html.contains("onerror=alert(2)>"))
    #expect(!html.contains("\u{7}"))
    #expect(!html.contains("href=\"javascript"))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(html.contains("␇"))
    // Markdown in a value stays literal: no emphasis from the study name in the byline or text.
    #expect(!html.contains("<em>em</em>"))
    #expect(html.contains("*em*"))
  }

  @Test func hostileTextIsLiteralInEveryStandaloneSVG() throws {
    var results = try hostileResults()
    results.config.testLengths = [5, 10, 20, 40, 80]
    let report = try ReportBuilder.build(ReportInputs(results: results))
    for figure in report.figures {
      let parser = XMLParser(data: Data(figure.svg.utf8))
      #expect(parser.parse(), "figures/\(figure.name).svg parses as XML: \(String(describing: parser.parserError))")
    }
  }

  @Test func svgWriterEscapesTextAndAttributes() throws {
    var w = SVGWriter()
    w.text("text", ["class": .text(Self.hostile)], Self.hostile)
    w.label("θ_{rec} <&> \u{7}", x: 1, y: 2, class: "a\"b")
    let doc = "<svg xmlns=\"http://www.w3.org/2000/svg\">\(w.output)</svg>"
    let parser = XMLParser(data: Data(doc.utf8))
    #expect(parser.parse(), "\(String(describing: parser.parserError))")
    #expect(!w.output.contains("<script"))
    #expect(w.output.contains("<tspan class=\"sub\" dy=\"3\">rec</tspan>"))
  }

  @Test func markdownEscapingMakesEveryPunctuationLiteral() {
    let escaped = MarkdownText().escapeText("# *a* _b_ [c](d) <e> `f` \\ line\nbreak -- \"q\"")
    let html = Markdown.html(escaped).serialised
    #expect(html == "<p># *a* _b_ [c](d) &lt;e&gt; `f` \\ line break -- &quot;q&quot;</p>\n")
  }

  @Test func configTextCannotInjectMarkers() throws {
    var results = try fixtureResults()
    results.config.name = "x \(Marker(.figure, "loss").text) \(Marker(.ref, "fig-loss").text)"
    let context = TemplateContext.make(results, grid: StudyGrid(results), figures: ["loss"], tables: [])
    let name = try #require((context["study"] as? [String: Any])?["name"] as? String)
    #expect(name == "x \u{FFFD}figure:loss\u{FFFD} \u{FFFD}ref:fig-loss\u{FFFD}")
    #expect((context["figure"] as? MarkerNames)?.child(named: "loss") as? String == Marker(.figure, "loss").text)
  }

  @Test func templateTextCannotCarryRawHTML() {
    let html = Markdown.html("<script>alert(1)</script>\n\n[x](javascript:alert(1))").serialised
    #expect(!html.contains("<script"))
    #expect(!html.contains("javascript:"))
  }

  @Test func yamlStringsAreQuotedAndEscaped() {
    #expect(ConfigYAML.quoted("a\"b\\c\n\u{7}") == "\"a\\\"b\\\\c\\n\\x07\"")
  }
}

/// Prose written from results is typeset like the templates' own text: apostrophes after
/// letters only, subscripted indicator names, and everything else escaped as before.
@Suite struct TypographyTests {
  @Test func apostrophesFollowLettersOnly() {
    #expect(Typography.apostrophes("a sequence's tokens' 'quoted' 5'") == "a sequence’s tokens’ 'quoted’ 5'")
    #expect(Typography.apostrophes("none") == "none")
  }

  @Test func subscriptsAreMarkupAndTheRestIsEscaped() {
    let html = Typography.html("held memory SMR_σ < θ_rec & the unit's <b>").serialised
    #expect(html == "held memory SMR<sub>σ</sub> &lt; θ<sub>rec</sub> &amp; the unit’s &lt;b&gt;")
    #expect(Typography.markdown("SMR_σ of it's") == Marker(.math, "smr_sub").text + " of it’s")
    #expect(Typography.latex("SMR_σ & θ_rec's 50%") == #"SMR$_\sigma$ \& $\theta_{\mathrm{rec}}$'s 50\%"#)
  }
}
