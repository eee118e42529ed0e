import Analysis
import Foundation

/// `OUT/site.json`: the studies a site holds, in the order they were added, each with the folder
/// its report was copied to and the summary the index is drawn from. A rerun reads it, adds or
/// refreshes studies and writes the index again.
public struct SiteManifest: Codable, Equatable, Sendable {
  /// Bumped when the layout changes incompatibly; a newer site is refused, not overwritten.
  public static let currentFormat = 1

  public var format: Int
  public var title: String
  public var studies: [Entry]

  public struct Entry: Codable, Equatable, Sendable {
    /// The folder under the site (`OUT/<folder>/index.html`): a safe, unique name.
    public var folder: String
    /// Which study directory the entry was rendered from: `sha256:` of its absolute path
    /// (`sourceKey`), so adding the same directory again refreshes this entry instead of
    /// adding another, and the published manifest names no path of the machine that made it.
    /// Sites written before hold the path itself, which `add` still recognises.
    public var source: String
    public var summary: StudySummary

    public init(folder: String, source: String, summary: StudySummary) {
      self.folder = folder
      self.source = source
      self.summary = summary
    }
  }

  public init(title: String, studies: [Entry] = []) {
    self.format = Self.currentFormat
    self.title = title
    self.studies = studies
  }

  public static let defaultTitle = "Memory studies"

  /// The key a study directory's absolute path is recorded under: its SHA-256.
  public static func sourceKey(_ path: String) -> String {
    "sha256:" + SHA256.hex(Data(path.utf8))
  }

  public func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return try encoder.encode(self) + Data("\n".utf8)
  }

  public static func decode(from data: Data) throws -> SiteManifest {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(SiteManifest.self, from: data)
  }

  /// Adds a study or, when `source` is already in the site, refreshes it in place (keeping its
  /// folder). Returns the entry's folder.
  @discardableResult
  public mutating func add(source: String, summary: StudySummary) -> String {
    if let i = studies.firstIndex(where: { $0.source == source || Self.sourceKey($0.source) == source }) {
      studies[i].source = source
      studies[i].summary = summary
      return studies[i].folder
    }
    let folder = SiteFolders.unique(SiteFolders.slug(summary.name), taken: Set(studies.map(\.folder)))
    studies.append(Entry(folder: folder, source: source, summary: summary))
    return folder
  }
}

/// Folder names from study names: lower-case ASCII letters, digits and single hyphens, at most
/// 48 characters, never empty, never a name some file system reserves, and unique in the site.
public enum SiteFolders {
  static let maxLength = 48

  /// The folder a study name suggests (before uniqueness).
  static func slug(_ name: String) -> String {
    var s = Slug.make(name, maxLength: maxLength)
    if s.isEmpty { return "study" }
    // Device names Windows refuses as folder names, whatever follows them.
    let reserved = Set(["con", "prn", "aux", "nul"] + (1...9).flatMap { ["com\($0)", "lpt\($0)"] })
    if reserved.contains(s) { s = "study-" + s }
    return s
  }

  /// `base`, or `base-2`, `base-3` … the first not in `taken`.
  static func unique(_ base: String, taken: Set<String>) -> String {
    guard taken.contains(base) else { return base }
    var i = 2
    while taken.contains("\(base)-\(i)") { i += 1 }
    return "\(base)-\(i)"
  }

  /// Whether `name` could have come from `slug`/`unique`: checked on a manifest read back, so a
  /// hand-edited `site.json` cannot make the site write outside its folder.
  public static func isSafe(_ name: String) -> Bool {
    !name.isEmpty && name.count <= maxLength + 12 && !name.hasPrefix("-")
      && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
  }
}
