/// Lists in words for messages: "a, b or c".
enum ReportList {
  static func or(_ items: [String]) -> String {
    items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
  }
}
