/// Lists in words for messages: "a, b or c", "a, b and c".
enum ReportList {
  static func or(_ items: [String]) -> String { joined(items, "or") }
  static func and(_ items: [String]) -> String { joined(items, "and") }

  private static func joined(_ items: [String], _ word: String) -> String {
    guard let last = items.last, items.count > 1 else { return items.joined() }
    return items.dropLast().joined(separator: ", ") + " \(word) " + last
  }
}
