import Analysis
import Foundation
import Testing

@testable import ReportGen

/// A report is published: whatever a template or a config says, the page fetches nothing,
/// embeds no file outside the templates folder, names data files without their folders, and
/// shows text in the order it is stored.
@Suite struct InjectionTests {
  func templates(_ edit: (URL) throws -> Void) throws -> URL {
    let source = try #require(ReportBuilder.defaultTemplatesDirectory)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("memstudy-injection-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: source, to: dir)
    try edit(dir)
    return dir
  }

  func append(_ text: String, to file: String, in dir: URL) throws {
    let url = dir.appendingPathComponent(file)
    try (String(contentsOf: url, encoding: .utf8) + text).write(to: url, atomically: true, encoding: .utf8)
  }

  /// Every `src`, `href` and `url(…)` of the page's markup, outside its `data:` payloads.
  func fetchedURLs(_ html: String) -> [String] {
    let pattern = #"(?:src|href|xlink:href|poster|srcset|action)\s*=\s*"([^"]*)"|url\(([^)]*)\)"#
    let regex = try! NSRegularExpression(pattern: pattern)
    let range = NSRange(html.startIndex..., in: html)
    return regex.matches(in: html, range: range).compactMap { match in
      for group in 1...2 {
        if let r = Range(match.range(at: group), in: html) { return String(html[r]) }
      }
      return nil
    }.filter { url in
      let lower = url.lowercased()
      // Links within the page, and embedded data, load nothing from elsewhere.
      return !lower.hasPrefix("#") && !lower.hasPrefix("data:")
    }
  }

  @Test func imagesThatWouldFetchBecomeTheirAltText() throws {
    let dir = try templates { dir in
      try append(
        """

        Inline ![tracker one](http://example.com/pixel.png) and protocol-relative
        ![tracker two](//example.com/p.gif), relative ![tracker three](figures/x.png),
        reference-style ![tracker four][ref] and a nested
        [![tracker five](https://example.com/a.png)](https://example.com/).
        An embedded one stays: ![dot](data:image/gif;base64,R0lGODlhAQABAAAAACw=).

        [ref]: //example.com/ref.png

        """, to: "discussion.md", in: dir)
    }
    defer { try? FileManager.default.removeItem(at: dir) }
    let html = try ReportBuilder.build(ReportInputs(results: try fixtureResults(), templatesDirectory: dir)).html
    for alt in ["tracker one", "tracker two", "tracker three", "tracker four", "tracker five"] {
      #expect(html.contains(alt), "the alt text \(alt) is kept as text")
    }
    #expect(!html.contains("<img src=\"http"), "no image fetches")
    #expect(!html.contains("example.com/pixel") && !html.contains("example.com/p.gif") && !html.contains("ref.png"))
    #expect(html.contains("<img src=\"data:image/gif;base64,"), "embedded images stay")
    let loaded = fetchedURLs(html).filter { !$0.hasPrefix("https://example.com/") }
    // Only the one link the template wrote (a link loads nothing until followed) and the
    // references' own links may point elsewhere; no image or style does.
    #expect(!html.contains("<img src=\"/") && !html.contains("<img src=\"figures"), "\(loaded)")
  }

  @Test func pageCarriesAContentSecurityPolicy() throws {
    let html = try ReportBuilder.build(ReportInputs(results: try fixtureResults())).html
    #expect(html.contains(#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"#))
    // The policy is in the head, before anything that could load.
    let policy = try #require(html.range(of: "Content-Security-Policy"))
    let style = try #require(html.range(of: "<style>"))
    #expect(policy.lowerBound < style.lowerBound)
  }

  @Test func symlinkedTemplateIsRefused() throws {
    let secret = FileManager.default.temporaryDirectory.appendingPathComponent("memstudy-secret-\(UUID().uuidString).md")
    try "TOP SECRET\n".write(to: secret, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: secret) }
    let dir = try templates { dir in
      try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("leak.md"), withDestinationURL: secret)
      try append("\n{{> leak}}\n", to: "discussion.md", in: dir)
    }
    defer { try? FileManager.default.removeItem(at: dir) }
    do {
      let html = try ReportBuilder.build(ReportInputs(results: try fixtureResults(), templatesDirectory: dir)).html
      Issue.record("a symbolic link was followed: \(html.contains("TOP SECRET") ? "the secret is in the page" : "no error")")
    } catch let error as ReportError {
      #expect("\(error)".contains("leak.md") && "\(error)".contains("not a regular file"), "\(error)")
    }
  }

  @Test(arguments: [
    ("{{> ../../etc/passwd}}", ""),
    ("{{=<% %>=}}<%> body%>", "custom delimiters"),
    ("{{>*name}}", "dynamic partials"),
    ("{{> body}}", "cycle"),
    (String(repeating: "{{#a}}", count: 80_000) + String(repeating: "{{/a}}", count: 80_000), "nested more than 64 deep"),
  ])
  func partialsCannotEscapeOrRecurse(tag: String, expected: String) throws {
    let dir = try templates { dir in try append("\n\(tag)\n", to: "method.md", in: dir) }
    defer { try? FileManager.default.removeItem(at: dir) }
    do {
      let html = try ReportBuilder.build(ReportInputs(results: try fixtureResults(), templatesDirectory: dir)).html
      // A path-like partial name is only a name: nothing of that name is registered.
      #expect(expected.isEmpty, "expected an error mentioning \(expected)")
      #expect(!html.contains("root:"))
    } catch let error as ReportError {
      #expect(!expected.isEmpty && "\(error)".contains(expected), "\(error)")
    }
  }

  @Test func bidiControlsAreNeutralised() throws {
    var results = try fixtureResults()
    let trojan = "safe\u{202E}gnp.exe\u{2066}x\u{2069}\u{200F}"
    results.config.name = trojan
    results.provenance.command = "memstudy run --config \u{202E}lmay.evil"
    let report = try ReportBuilder.build(ReportInputs(results: results))
    for control in ["\u{202E}", "\u{2066}", "\u{2069}", "\u{200F}"] {
      #expect(!report.html.contains(control))
      for figure in report.figures { #expect(!figure.svg.contains(control)) }
    }
    #expect(report.html.contains("safe\u{FFFD}gnp.exe"))
    #expect(MarkupEscaping.escaped("a\u{061C}b\u{200E}c\u{202A}d") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d")
  }

  @Test func dataFilesAreNamedByFileAndHashNotByPath() throws {
    var results = try fixtureResults()
    results.config.space = .embeddings(EmbeddingsSource(
      vectors: "/home/someone/secret-project/glove.txt", corpus: "corpus.txt",
      vectorsHash: "sha256:" + String(repeating: "ab", count: 32), corpusHash: "sha256:" + String(repeating: "cd", count: 32)))
    let text = ReportText.space(results.config.space)
    #expect(text.contains("glove.txt (SHA-256 abababababababab…)"))
    #expect(text.contains("corpus.txt (SHA-256 cdcdcdcdcdcdcdcd…)"))
    #expect(!text.contains("/home/someone"))
  }
}
