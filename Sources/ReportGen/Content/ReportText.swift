import Analysis

/// Small pieces of prose shared by the context and the tables: lists, dates, durations.
enum ReportText {
  /// "a, b and c".
  static func list(_ items: [String]) -> String {
    switch items.count {
    case 0: ""
    case 1: items[0]
    default: items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
  }

  /// Small counts in words, as prose wants them: "three units".
  static func word(_ n: Int) -> String {
    let words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    return n >= 0 && n < words.count ? words[n] : String(n)
  }

  /// "5, 10, 20 and 40".
  static func numbers(_ values: [Int]) -> String { list(values.map(String.init)) }

  /// "hidden size 32", or with depth as an axis or above one layer "hidden size 32, 1 and 2
  /// stacked layers".
  static func sizes(hidden: [Int], layers: [Int]) -> String {
    let h = "hidden size " + numbers(hidden)
    if layers == [1] { return h }
    return h + ", " + numbers(layers) + " stacked layer" + (layers == [1] ? "" : "s")
  }

  /// "1 June 2025" from an ISO 8601 time; the time itself when it does not parse. Locale-free.
  static func date(_ iso: String) -> String {
    let months = [
      "January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December",
    ]
    let parts = iso.prefix(10).split(separator: "-")
    guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
      (1...12).contains(m), (1...31).contains(d)
    else { return iso }
    return "\(d) \(months[m - 1]) \(y)"
  }

  /// The year of an ISO 8601 time, for the citation.
  static func year(_ iso: String) -> String {
    let y = iso.prefix(4)
    return y.count == 4 && y.allSatisfy(\.isNumber) ? String(y) : "n.d."
  }

  /// `text` when it has at most `limit` characters, else its longest run of whole words that fits
  /// (the first `limit` characters when the first word alone is longer) and "…".
  static func shortened(_ text: String, to limit: Int) -> String {
    guard text.count > limit else { return text }
    let head = text.prefix(limit)
    let cut = head.lastIndex(of: " ").map { head[..<$0] } ?? head
    return cut.trimmingCharacters(in: .whitespaces) + "…"
  }

  /// "1 h 02 min", "30 min 35 s", "12.5 s".
  static func duration(_ seconds: Double) -> String {
    // Past a million hours a duration is a corrupt input, and would not fit an Int.
    guard seconds.isFinite, seconds >= 0, seconds < 3.6e9 else { return "unknown" }
    if seconds < 60 { return NumberFormat.display(seconds, decimals: 1) + " s" }
    let total = Int(seconds.rounded())
    let h = total / 3600, m = (total % 3600) / 60, s = total % 60
    if h > 0 { return "\(h) h " + (m < 10 ? "0" : "") + "\(m) min" }
    return "\(m) min " + (s < 10 ? "0" : "") + "\(s) s"
  }

  /// A data file by its name (never the folder it was in) and the start of its SHA-256.
  static func file(_ path: String, _ hash: String?) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    guard let hash else { return name }
    let hex = hash.hasPrefix("sha256:") ? String(hash.dropFirst(7)) : hash
    return "\(name) (SHA-256 \(hex.prefix(16))…)"
  }

  /// What the semantic space of the study is, in words.
  static func space(_ space: SpaceConfig) -> String {
    switch space {
    case .onehot(let vocab):
      "one-hot vectors over a vocabulary of \(vocab) tokens (d = V), tokens drawn uniformly"
    case .gaussian(let vocab, let dim, let seed):
      "Gaussian random vectors, \(vocab) tokens in d = \(dim) dimensions, fixed by space seed \(seed)"
    case .embeddings(let source):
      "word vectors read from \(file(source.vectors, source.vectorsHash)), sequences cut from the corpus \(file(source.corpus, source.corpusHash))"
    }
  }
}
