/// Where each named tensor lives in a model's one flat parameter buffer.
///
/// Keeping every parameter (and every gradient, and Adam's moments) in one contiguous array
/// makes the optimiser and the gradient norm single loops, and the names are PyTorch's
/// state-dict names so the layout doubles as the safetensors table of contents.
public struct ParameterLayout: Equatable, Sendable {
  public struct Entry: Equatable, Sendable {
    public let name: String
    public let shape: [Int]
    public let offset: Int
    public var count: Int { shape.reduce(1, *) }
    public var range: Range<Int> { offset..<(offset + count) }
  }

  public private(set) var entries: [Entry] = []
  public private(set) var count = 0

  public init(_ tensors: [(name: String, shape: [Int])]) {
    for (name, shape) in tensors {
      let entry = Entry(name: name, shape: shape, offset: count)
      entries.append(entry)
      count += entry.count
    }
  }

  public subscript(name: String) -> Entry? {
    entries.first { $0.name == name }
  }
}
