import Analysis
import Foundation
import ReportGen

/// Writes a static site of several studies: `OUT/index.html`, `OUT/site.json` (the manifest) and
/// per study `OUT/<folder>/index.html` (its report, rendered from the study's validated
/// `results.json`) with `OUT/<folder>/figures/*.svg`. A rerun
/// with more studies adds them; a study directory already in the site is refreshed in place.
///
/// Every input is checked before anything is written. Each study's folder is assembled in a
/// staging folder inside OUT and renamed into place, and the index and manifest are written whole
/// under temporary names, so a reader never sees half a page.
public struct SiteOutputs: Sendable {
  public let directory: URL

  public init(directory: URL) {
    self.directory = directory
  }

  var manifestURL: URL { directory.appendingPathComponent("site.json") }

  /// Adds `studies` (study directories) to the site; `title` replaces the site's title when given.
  /// Returns the manifest as written.
  @discardableResult
  public func publish(studies: [URL], title: String?, generator: String) throws -> SiteManifest {
    guard !studies.isEmpty else { throw PublishInputError("site: name at least one study directory (memstudy site OUT STUDY_DIR…)") }
    if let title, title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      throw PublishInputError("--title: empty; give the site a title or leave the option out")
    }
    // Every input is checked before OUT is touched: an existing OUT must be a site.
    _ = try readManifest()
    // Each study's page is rendered here from its validated results.json, never copied: a
    // study directory from someone else is untrusted, and its report.html or figures could
    // hold anything (a script, a link to any file of this machine).
    var rendered: [(source: String, summary: StudySummary, report: Report)] = []
    var seen: Set<String> = []
    for study in studies {
      let dir = study.standardizedFileURL.resolvingSymlinksInPath()
      guard seen.insert(dir.path).inserted else { continue }
      let results = try Self.readStudy(dir, given: study.path)
      let report: Report
      do {
        report = try StudyOutputs.render(
          results, configYAML: nil, templatesDirectory: nil, backLink: ("../index.html", "All studies of this site")).report
      } catch {
        throw PublishInputError("site: \(study.path): its report cannot be rendered: \(error)")
      }
      rendered.append((SiteManifest.sourceKey(dir.path), StudySummary(results), report))
    }

    // OUT is locked like a study directory: a second site run on it is refused while one runs,
    // so neither loses the other's studies. The manifest is read again under the lock.
    let fm = FileManager.default
    try fm.createDirectory(at: directory, withIntermediateDirectories: true)
    let lock: StudyLock
    do {
      lock = try StudyLock.acquire(directory: directory, mode: .exclusive)
    } catch {
      throw PublishInputError("site: \(error)")
    }
    return try withExtendedLifetime(lock) {
      // Staging folders of runs killed before they finished are ours, and only ours to remove.
      for name in try fm.contentsOfDirectory(atPath: directory.path) where name.hasPrefix(".staging-") {
        try? fm.removeItem(at: directory.appendingPathComponent(name))
      }
      var manifest = try readManifest()
      if let title { manifest.title = title }
      // A first run marks OUT as a site before it writes a page: killed at any point after
      // this, the next run finds a site to complete, not a foreign folder to refuse.
      if !fm.fileExists(atPath: manifestURL.path) {
        try SiteManifest(title: manifest.title).encoded().write(to: manifestURL, options: .atomic)
      }
      let pages = rendered.map { (folder: manifest.add(source: $0.source, summary: $0.summary), report: $0.report) }
      return try commit(pages, manifest: manifest, generator: generator)
    }
  }

  /// Writes the pages through a staging folder, then the manifest and the index, each whole.
  private func commit(_ pages: [(folder: String, report: Report)], manifest: SiteManifest, generator: String) throws -> SiteManifest {
    let fm = FileManager.default
    let staging = directory.appendingPathComponent(".staging-\(UUID().uuidString)")
    try fm.createDirectory(at: staging, withIntermediateDirectories: false)
    defer { try? fm.removeItem(at: staging) }
    for (folder, report) in pages {
      let target = staging.appendingPathComponent(folder)
      try fm.createDirectory(at: target.appendingPathComponent("figures"), withIntermediateDirectories: true)
      try Data(report.html.utf8).write(to: target.appendingPathComponent("index.html"))
      for figure in report.figures {
        try Data(figure.svg.utf8).write(to: target.appendingPathComponent("figures").appendingPathComponent("\(figure.name).svg"))
      }
    }
    for (folder, _) in pages {
      let live = directory.appendingPathComponent(folder)
      if fm.fileExists(atPath: live.path) {
        try fm.moveItem(at: live, to: staging.appendingPathComponent("replaced-" + folder))
      }
      try fm.moveItem(at: staging.appendingPathComponent(folder), to: live)
    }
    try manifest.encoded().write(to: manifestURL, options: .atomic)
    try Data(SiteIndex.html(manifest, generator: generator).utf8)
      .write(to: directory.appendingPathComponent("index.html"), options: .atomic)
    return manifest
  }

  /// The site's manifest; a new one for a missing or empty folder. Anything else in OUT is
  /// refused: the site must not overwrite files it did not write.
  func readManifest() throws -> SiteManifest {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: directory.path, isDirectory: &isDirectory) else {
      return SiteManifest(title: SiteManifest.defaultTitle)
    }
    guard isDirectory.boolValue else {
      throw PublishInputError("site: \(directory.path) is a file; OUT must be a new folder or a site memstudy wrote")
    }
    guard fm.fileExists(atPath: manifestURL.path) else {
      // memstudy's own lock and the staging folders of a first run that was killed do not make
      // OUT foreign: the rerun completes the site.
      let contents = try fm.contentsOfDirectory(atPath: directory.path)
        .filter { $0 != StudyLock.fileName && !$0.hasPrefix(".staging-") }
      guard contents.isEmpty else {
        throw PublishInputError("site: \(directory.path) is not empty and holds no site.json, so it is not a memstudy site; choose a new or empty folder")
      }
      return SiteManifest(title: SiteManifest.defaultTitle)
    }
    let manifest: SiteManifest
    do {
      manifest = try SiteManifest.decode(from: TextFile.readData(manifestURL, maxBytes: 256_000_000))
    } catch {
      throw PublishInputError("site: \(manifestURL.path) is not a memstudy site manifest: \(error)")
    }
    guard manifest.format <= SiteManifest.currentFormat else {
      throw PublishInputError("site: \(manifestURL.path) has format \(manifest.format), newer than this memstudy reads (\(SiteManifest.currentFormat)); use a newer memstudy or a new folder")
    }
    for entry in manifest.studies where !SiteFolders.isSafe(entry.folder) {
      throw PublishInputError("site: \(manifestURL.path) names the folder \"\(entry.folder)\"; folders are lower-case letters, digits and hyphens")
    }
    for (i, entry) in manifest.studies.enumerated() {
      if let problem = entry.summary.problems.first {
        throw PublishInputError("site: \(manifestURL.path): studies[\(i)].summary.\(problem)")
      }
    }
    guard Set(manifest.studies.map(\.folder)).count == manifest.studies.count else {
      throw PublishInputError("site: \(manifestURL.path) lists one folder for two studies")
    }
    return manifest
  }

  /// A study directory's results, read and validated.
  static func readStudy(_ dir: URL, given: String) throws -> StudyResults {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: dir.path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw PublishInputError("site: \(given) is not a directory; name study directories written by memstudy run")
    }
    guard fm.fileExists(atPath: dir.appendingPathComponent("results.json").path) else {
      throw PublishInputError("site: \(given) holds no results.json; run a study into it first (memstudy run --out \(given))")
    }
    let results: StudyResults
    do {
      results = try StudyOutputs.readResults(in: dir)
    } catch {
      throw PublishInputError("site: \(error)")
    }
    return results
  }
}
