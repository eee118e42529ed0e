import Analysis
import Foundation
import Testing

@testable import ReportGen

@Suite struct SiteTests {
  /// A corpus study names its corpus and its vectors, as file names (never the folders).
  @Test func aTextStudysSpaceNamesItsCorpus() {
    let space = SpaceConfig.embeddings(EmbeddingsSource(
      vectors: "/home/me/data/vectors.vec", corpus: "/home/me/data/glosses.txt", seed: 0, split: [80, 10, 10], windows: .stream))
    #expect(StudySummary.space(space) == "corpus glosses.txt, word vectors vectors.vec")
  }

  @Test(arguments: [
    ("Quick memory study", "quick-memory-study"),
    ("Étude n° 2: H = 64", "etude-n-2-h-64"),
    ("  ../../etc/passwd  ", "etc-passwd"),
    ("<script>", "script"),
    ("中文", "study"),
    ("", "study"),
    ("CON", "study-con"),
    (String(repeating: "long name ", count: 20), "long-name-long-name-long-name-long-name-long"),
  ])
  func folderNamesAreSafe(name: String, folder: String) {
    let slug = SiteFolders.slug(name)
    #expect(slug == folder)
    #expect(SiteFolders.isSafe(slug))
  }

  @Test func foldersAreUniqueAndASourceIsRefreshedInPlace() throws {
    let summary = StudySummary(try fixtureResults())
    var manifest = SiteManifest(title: "t")
    #expect(manifest.add(source: "/a", summary: summary) == "small-synthetic")
    #expect(manifest.add(source: "/b", summary: summary) == "small-synthetic-2")
    #expect(manifest.add(source: "/c", summary: summary) == "small-synthetic-3")
    var renamed = summary
    renamed.name = "Renamed"
    #expect(manifest.add(source: "/b", summary: renamed) == "small-synthetic-2", "same source, same folder")
    #expect(manifest.studies.count == 3)
    #expect(manifest.studies[1].summary.name == "Renamed")
    #expect(try SiteManifest.decode(from: manifest.encoded()) == manifest)
  }

  @Test func unsafeFolderNamesAreRecognised() {
    for name in ["", "../x", "a/b", "A", ".hidden", "-x", "a b", "a\u{0}"] {
      #expect(!SiteFolders.isSafe(name), "\(name)")
    }
  }

  /// Two studies from the fixture, the second with another hidden size and a hostile name.
  static func manifest() throws -> SiteManifest {
    let results = try fixtureResults()
    var other = results
    other.config.name = "H = 16 <b>&amp;</b> \"x\""
    other.config.hidden = [16]
    other.cells = other.cells.map { var c = $0; c.hidden = 16; return c }
    other.recommendations = other.recommendations.map { var r = $0; r.hidden = 16; r.qualified = r.unit != .vrnn; return r }
    var manifest = SiteManifest(title: "Studies <&>")
    manifest.add(source: "/studies/one", summary: StudySummary(results))
    manifest.add(source: "/studies/two", summary: StudySummary(other))
    return manifest
  }

  @Test func indexMatchesSnapshot() throws {
    try assertSnapshot(SiteIndex.html(try Self.manifest(), generator: "0.1.0"), named: "site-index.html")
  }

  @Test func indexEscapesNamesAndComparesStudies() throws {
    let html = SiteIndex.html(try Self.manifest(), generator: "0.1.0")
    #expect(html.contains("<h1>Studies &lt;&amp;&gt;</h1>"))
    #expect(html.contains("H = 16 &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;x&quot;"))
    #expect(!html.contains("<b>"))
    let fetches = ["<script", "src=", "<link", "url(", "@import", "<iframe", "<object"].filter { html.contains($0) }
    #expect(fetches.isEmpty, "the page would fetch or run: \(fetches)")
    #expect(html.contains("<a href=\"small-synthetic/index.html\">small-synthetic</a>"))
    // One column per study; a hidden size a study did not run reads "—"; † marks no qualifier.
    // Columns named by their studies (escaped, cut after whole words), not "Study 1…N".
    #expect(html.contains("<th scope=\"col\" class=\"num\">1. small-synthetic</th><th scope=\"col\" class=\"num\">2. H = 16 &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;x&quot;</th>"))
    #expect(ReportText.shortened("Memory of vanilla RNN, LSTM and GRU units on WordNet glosses", to: 28) == "Memory of vanilla RNN, LSTM…")
    #expect(html.contains("<td class=\"num\">16</td><td class=\"num\">—</td><td class=\"num\">20 †</td>"))
    // One panel per study, titled with its number.
    #expect(html.contains(">1. small-synthetic</text>"))
    #expect(html.contains(">2. H = 16 &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;x&quot;</text>"))
  }

  @Test func longStudyNamesAreCutToThePanel() {
    let title = SiteSMRFigure.panelTitle(3, String(repeating: "a very long study name ", count: 5), width: 180)
    #expect(title.hasPrefix("3. a very long") && title.hasSuffix("…"))
    #expect(Chart.textWidth(title, size: 13.5) <= 180 - 12)
  }
}

extension SiteTests {
  /// A heading's anchor and a site folder made from the same words agree (one `Slug`), accents
  /// folded rather than dropped.
  @Test func headingAnchorsAndFoldersShareOneSlug() {
    #expect(PageAssembler.slug("Étude de la mémoire") == "etude-de-la-memoire")
    #expect(SiteFolders.slug("Étude de la mémoire") == "etude-de-la-memoire")
    #expect(PageAssembler.slug("§ –") == "section")
    #expect(SiteFolders.slug("§ –") == "study")
  }
}

extension SiteTests {
  /// A long study name becomes a folder cut after a whole word, never inside one.
  @Test func longFolderNamesEndAtAWord() {
    let slug = SiteFolders.slug("Memory of vanilla RNN, LSTM and GRU units on WordNet glosses")
    #expect(slug == "memory-of-vanilla-rnn-lstm-and-gru-units-on")
    #expect(SiteFolders.slug(String(repeating: "x", count: 100)).count == SiteFolders.maxLength, "one long word is cut")
  }
}

extension SiteTests {
  /// A study rerun from cached cells took a fraction of a second; the site shows what its cells
  /// took when they ran (summed), not that.
  @Test func cachedRerunShowsItsCellTime() throws {
    var results = try fixtureResults()
    results.provenance.wallSeconds = 0.2
    let summary = StudySummary(results)
    let cells = results.cells.reduce(0) { $0 + $1.wallSeconds }
    #expect(summary.cellSeconds == cells && cells > 1)
    let html = SiteIndex.html(SiteManifest(title: "t", studies: [.init(folder: "s", source: "sha256:0", summary: summary)]), generator: "0")
    #expect(html.contains(">\(ReportText.duration(cells))</td>"))
    #expect(!html.contains(">0.2 s</td>"))
  }
}
