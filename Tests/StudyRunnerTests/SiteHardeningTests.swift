import Analysis
import Foundation
@testable import ReportGen
@testable import StudyRunner
import Testing

/// `memstudy site` with study directories and manifests from elsewhere (issue 26): what it
/// publishes is what memstudy renders from validated results, and a manifest's numbers are
/// range-checked before anything is drawn.
@Suite struct SiteHardeningTests {
  /// A study directory whose report and figures were replaced: a script in the page, a figure
  /// that links to a file outside the study. The site renders its own page from results.json.
  @Test func siteRendersPagesAndNeverCopiesAStudysFiles() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let study = try PublishCommandTests.studies(["Tiny study"], in: dir)[0]
    let secret = dir.appendingPathComponent("secret.txt")
    try "private key material".write(to: secret, atomically: true, encoding: .utf8)
    try "<html><script>alert(1)</script></html>".write(to: study.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
    let smr = study.appendingPathComponent("figures/smr.svg")
    try FileManager.default.removeItem(at: smr)
    try FileManager.default.createSymbolicLink(at: smr, withDestinationURL: secret)
    try FileManager.default.createSymbolicLink(
      at: study.appendingPathComponent("figures/extra.svg"), withDestinationURL: secret)

    let site = dir.appendingPathComponent("site")
    let outcome = try CLI.run(["site", site.path, study.path], in: dir)
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let page = try String(contentsOf: site.appendingPathComponent("tiny-study/index.html"), encoding: .utf8)
    #expect(!page.contains("<script"))
    #expect(page.contains("id=\"fig-forgetting\""), "memstudy's own rendering")
    let figures = try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("tiny-study/figures").path)
    #expect(!figures.contains("extra.svg"), "only the figures memstudy draws")
    for name in figures {
      let text = try String(contentsOf: site.appendingPathComponent("tiny-study/figures/\(name)"), encoding: .utf8)
      #expect(!text.contains("private key material"), "\(name)")
    }
    // Nothing the site writes of its own names a path of this machine (a study page shows the
    // command its study was run with, as the study recorded it).
    for file in ["site.json", "index.html"] {
      let text = try String(contentsOf: site.appendingPathComponent(file), encoding: .utf8)
      #expect(!text.contains(dir.path), "\(file) holds \(dir.path)")
    }
    // The same directory added again refreshes its entry (found by its key, not its path).
    let again = try CLI.run(["site", site.path, study.path], in: dir)
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try SiteManifest.decode(from: Data(contentsOf: site.appendingPathComponent("site.json"))).studies.count == 1)
  }

  /// Hand-edited numbers in site.json: a wall time past Int's range crashed `site`, SMR means of
  /// ±1e308 made the axis ticks run without end. Each is now refused by name, exit 2.
  @Test(arguments: [
    ("\"wall_seconds\" : 1e300", "summary.wall_seconds: 1e+300"),
    ("\"mean\" : 1e308", "summary.smr[0].points[0].mean: 1e+308"),
    ("\"recommend_threshold\" : -3", "summary.recommend_threshold: -3.0"),
    ("\"length\" : -1", "summary.recommendations[0].length: -1, expected an integer in 1…100000000"),
  ])
  func outOfRangeManifestNumbersAreRefusedByName(edit: String, message: String) throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let study = try PublishCommandTests.studies(["Tiny study"], in: dir)[0]
    let site = dir.appendingPathComponent("site")
    #expect(try CLI.run(["site", site.path, study.path], in: dir).status == 0)
    let manifest = site.appendingPathComponent("site.json")
    var text = try String(contentsOf: manifest, encoding: .utf8)
    let key = String(edit.prefix { $0 != ":" }).trimmingCharacters(in: .whitespaces)
    let pattern = try NSRegularExpression(pattern: NSRegularExpression.escapedPattern(for: key) + " : [-0-9.e+]+")
    let range = try #require(pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))?.range)
    text = (text as NSString).replacingCharacters(in: range, with: edit)
    try text.write(to: manifest, atomically: true, encoding: .utf8)
    let outcome = try CLI.run(["site", site.path, study.path], in: dir)
    #expect(outcome.status == 2, "\(outcome.stderr)")
    #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
  }

  /// Axis ticks over the whole Double range come back bounded.
  @Test func ticksOverTheWholeDoubleRangeAreFew() {
    for (lo, hi) in [(-1e308, 1e308), (-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude), (0, Double.infinity), (-.nan, 1)] {
      let (domain, ticks) = NiceTicks.linear(lo, hi)
      #expect(ticks.count <= 12, "\(lo)…\(hi): \(ticks.count) ticks")
      #expect(domain.lowerBound.isFinite && domain.upperBound.isFinite)
    }
  }

  /// A long study name is cut between words, each character measured once.
  @Test func longNamesAreCutBetweenWords() {
    let name = String(repeating: "memory study ", count: 2_500)
    let title = SiteSMRFigure.panelTitle(1, name, width: 300)
    #expect(title.hasSuffix("study…") || title.hasSuffix("memory…"), "\(title)")
    #expect(Chart.textWidth(title, size: 13.5) <= 300 - 12)
  }
}

extension SiteHardeningTests {
  /// A second `site` on an OUT in use is refused (exit 2) rather than both exiting 0 with half
  /// the studies listed; a first run killed at any point leaves an OUT the next run completes.
  @Test func siteLocksItsFolderAndCompletesAKilledFirstRun() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let study = try PublishCommandTests.studies(["Tiny study"], in: dir)[0]
    let site = dir.appendingPathComponent("site")
    try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)

    do {
      let held = try StudyLock.acquire(directory: site, mode: .exclusive)
      let busy = try CLI.run(["site", site.path, study.path], in: dir)
      #expect(busy.status == 2)
      #expect(busy.stderr.contains("is in use by memstudy (PID \(getpid()))"), "\(busy.stderr)")
      withExtendedLifetime(held) {}
    }

    // What a first run killed before its manifest leaves: the lock file and a staging folder;
    // and one killed after it: the provisional manifest and a page folder the manifest lacks.
    try FileManager.default.createDirectory(at: site.appendingPathComponent(".staging-1234/tiny-study"), withIntermediateDirectories: true)
    let first = try CLI.run(["site", site.path, study.path], in: dir)
    #expect(first.status == 0, "\(first.stderr)")
    try FileManager.default.removeItem(at: site.appendingPathComponent("index.html"))
    try SiteManifest(title: "Memory studies").encoded().write(to: site.appendingPathComponent("site.json"))
    let again = try CLI.run(["site", site.path, study.path], in: dir)
    #expect(again.status == 0, "\(again.stderr)")
    let manifest = try SiteManifest.decode(from: Data(contentsOf: site.appendingPathComponent("site.json")))
    #expect(manifest.studies.map(\.folder) == ["tiny-study"])
    let left = try FileManager.default.contentsOfDirectory(atPath: site.path)
    #expect(!left.contains { $0.hasPrefix(".staging") }, "\(left)")
    #expect(left.contains("index.html"))
  }
}
