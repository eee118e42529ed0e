import Analysis
import Foundation
import ReportGen
@testable import StudyRunner
import Testing

/// Generated hostile inputs for the files a study reads back or is given: results.json, a
/// YAML config, site.json. Each is a valid file with one value swapped for an extreme (a huge or
/// tiny number, a negative count, an integer past Int64, an empty or 100 000-character string,
/// a value of another type), a key dropped or a list cut; every one is either refused with the
/// reader's own message or used all the way (report, export, site page, cost estimate) without
/// a crash, which would fail the whole run loudly. MEMSTUDY_FUZZ_SCALE=N runs N times the
/// rounds from another seed, for a longer hunt.
@Suite struct GeneratedHostileInputTests {
  static let scale = Int(ProcessInfo.processInfo.environment["MEMSTUDY_FUZZ_SCALE"] ?? "") ?? 1

  nonisolated(unsafe) static let extremes: [Any] = [
    1e308, -1e308, 0, -1, Double.leastNonzeroMagnitude, 9.3e18, -9.3e18, 2_147_483_648, 1.5, "", String(repeating: "x", count: 100_000),
    "NaN", "-1", [Any](), [String: Any](), NSNull(), true, "<script>", "../../etc", "\u{202E}x",
  ]

  /// Every leaf's path (keys and indices) in a parsed JSON value.
  static func leaves(_ value: Any, _ path: [Any] = []) -> [[Any]] {
    switch value {
    case let d as [String: Any]: return [path] + d.keys.sorted().flatMap { leaves(d[$0]!, path + [$0]) }
    case let a as [Any]: return [path] + a.indices.flatMap { leaves(a[$0], path + [$0]) }
    default: return [path]
    }
  }

  /// `value` with the element at `path` replaced (or, for `nil`, removed: a key dropped, a
  /// list cut at that index).
  static func replacing(_ value: Any, at path: ArraySlice<Any>, with new: Any?) -> Any {
    guard let head = path.first else { return new ?? NSNull() }
    if var d = value as? [String: Any], let key = head as? String, let inner = d[key] {
      if path.count == 1, new == nil { d[key] = nil } else { d[key] = replacing(inner, at: path.dropFirst(), with: new) }
      return d
    }
    if var a = value as? [Any], let i = head as? Int, a.indices.contains(i) {
      if path.count == 1, new == nil { a.removeSubrange(i...) } else { a[i] = replacing(a[i], at: path.dropFirst(), with: new) }
      return a
    }
    return value
  }

  /// A seeded mutation of a JSON document: one leaf or node swapped for an extreme or removed.
  static func mutatedJSON(_ data: Data, _ rng: inout RandomGenerator) throws -> Data {
    let root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    let paths = leaves(root).filter { !$0.isEmpty }
    let path = paths[rng.nextInt(below: paths.count)]
    let new: Any? = rng.nextInt(below: 5) == 0 ? nil : extremes[rng.nextInt(below: extremes.count)]
    return try JSONSerialization.data(withJSONObject: replacing(root, at: path[...], with: new), options: [.fragmentsAllowed])
  }

  /// results.json: decode, validate, and where it passes, render the report, the LaTeX export
  /// and the site's summary page, as `report`, `export` and `site` would.
  @Test func resultsWithExtremeValues() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let study = try PublishCommandTests.studies(["Fuzzed"], in: dir)[0]
    let valid = try Data(contentsOf: study.appendingPathComponent("results.json"))
    var rng = RandomGenerator(seed: UInt64(26 * Self.scale))
    var (refused, rendered) = (0, 0)
    for _ in 0..<(400 * Self.scale) {
      let data = try Self.mutatedJSON(valid, &rng)
      guard let results = try? StudyResults.decode(from: data), results.problems.isEmpty else {
        refused += 1
        continue
      }
      do {
        _ = try ReportBuilder.build(ReportInputs(results: results))
        _ = LaTeXExport(results, generator: "fuzz")
        var manifest = SiteManifest(title: "fuzz")
        manifest.add(source: "study", summary: StudySummary(results))
        if manifest.studies.allSatisfy({ $0.summary.problems.isEmpty }) {
          _ = SiteIndex.html(manifest, generator: "fuzz")
        }
        rendered += 1
      } catch {
        #expect(!"\(error)".isEmpty)
      }
    }
    // Both outcomes happen: the mutations reach past the decoder.
    #expect(refused > 40 && rendered > 40, "refused \(refused), rendered \(rendered)")
  }

  /// A config: every numeric value of the quick preset swapped, in turn and at random, for an
  /// extreme; a config that loads has its cells costed and its memory estimated.
  @Test func configsWithExtremeValues() throws {
    let lines = Preset.quickYAML.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let numeric = lines.indices.filter { lines[$0].contains(":") && lines[$0].last?.isNumber == true }
    let values = ["0", "-1", "1e308", "-1e308", "1e-320", "9223372036854775808", "99999999999999999999", ".nan", ".inf", "-.inf", "0x10", "1_000", "[]", "{}", "~", "\"\"", String(repeating: "9", count: 5000)]
    var rng = RandomGenerator(seed: UInt64(27 * Self.scale))
    var (refused, loaded) = (0, 0)
    for _ in 0..<(600 * Self.scale) {
      var mutated = lines
      for _ in 0...rng.nextInt(below: 2) {
        let i = numeric[rng.nextInt(below: numeric.count)]
        let key = mutated[i].prefix { $0 != ":" }
        mutated[i] = key + ": " + values[rng.nextInt(below: values.count)]
      }
      do {
        let config = try ConfigLoader.load(yaml: mutated.joined(separator: "\n"), source: "fuzz")
        let d = config.space.declaredSize?.dimension ?? 1
        for cell in StudyGrid(config).cells { #expect(config.estimatedCost(of: cell, inputDimension: d) >= 0) }
        loaded += 1
      } catch {
        #expect(!error.description.isEmpty)
        refused += 1
      }
    }
    #expect(refused > 100 && loaded > 10, "refused \(refused), loaded \(loaded)")
  }

  /// site.json: a site is grown again from a mutated manifest, through the real executable; it
  /// either refuses the manifest (exit 2, a sentence) or rewrites the site.
  @Test func siteManifestsWithExtremeValues() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let studies = try PublishCommandTests.studies(["One", "Two"], in: dir)
    let out = dir.appendingPathComponent("site")
    try #require(try CLI.run(["site", out.path] + studies.map(\.path), in: dir).status == 0)
    let manifestURL = out.appendingPathComponent("site.json")
    let valid = try Data(contentsOf: manifestURL)
    var rng = RandomGenerator(seed: UInt64(28 * Self.scale))
    var outcomes: [Int32: Int] = [:]
    for _ in 0..<(40 * Self.scale) {
      try Self.mutatedJSON(valid, &rng).write(to: manifestURL)
      let outcome = try CLI.run(["site", out.path], in: dir)
      #expect(!outcome.signalled && (outcome.status == 0 || outcome.status == 2), "\(outcome)")
      #expect(!outcome.stderr.contains("Domain="), "\(outcome)")
      outcomes[outcome.status, default: 0] += 1
      try valid.write(to: manifestURL)
    }
    #expect(outcomes[2, default: 0] > 5, "\(outcomes)")
  }
}
