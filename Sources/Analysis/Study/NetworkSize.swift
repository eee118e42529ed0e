/// A network's size on the study's grid: its hidden size `H` and its stacked layers `K`.
///
/// The report's tables and figures group a study's cells by unit, size and length; a study of
/// one depth shows `H` alone, as before depth was an axis.
public struct NetworkSize: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var hidden: Int
  public var layers: Int

  public init(hidden: Int, layers: Int = 1) {
    self.hidden = hidden
    self.layers = layers
  }

  /// By hidden size, then depth.
  public static func < (a: NetworkSize, b: NetworkSize) -> Bool {
    (a.hidden, a.layers) < (b.hidden, b.layers)
  }

  /// "H = 32" for one layer, "H = 32, K = 2" for more.
  public var description: String { layers == 1 ? "H = \(hidden)" : "H = \(hidden), K = \(layers)" }

  /// The recurrent and readout parameters of a unit of this size reading `input`-wide vectors
  /// and writing `output`-wide ones: what `RecurrentModel` allocates (`G·H·(I + H + 2)` for
  /// layer 0, `G·H·(2H + 2)` for each layer above, `D·(H + 1)` for the readout).
  public func parameterCount(unit: UnitKind, input: Int, output: Int) -> Int {
    RecurrentModel<Float>.layout(
      unit: unit, inputSize: input, hiddenSize: hidden, outputSize: output, layers: layers
    ).count
  }
}

extension StudyConfig {
  /// The network sizes of the grid, hidden size first, then depth.
  public var sizes: [NetworkSize] {
    hidden.flatMap { h in layers.map { NetworkSize(hidden: h, layers: $0) } }
  }
}

extension CellSpec {
  public var size: NetworkSize { NetworkSize(hidden: hidden, layers: layers) }
}

extension CellResult {
  public var size: NetworkSize { NetworkSize(hidden: hidden, layers: layers) }
}

extension Recommendation {
  public var size: NetworkSize { NetworkSize(hidden: hidden, layers: layers) }
}

/// An integer of the results schema that files written before it existed lack, and that was
/// 1 for all of them: always encoded, decoded as 1 where the key is missing. A layer count
/// (cells, results and configs before depth was an axis held one layer) and a file's format
/// version (files before formats were recorded are format 1).
@propertyWrapper
public struct OneWhenMissing: Codable, Hashable, Sendable {
  public var wrappedValue: Int

  public init(wrappedValue: Int) {
    self.wrappedValue = wrappedValue
  }

  public init(from decoder: Decoder) throws {
    wrappedValue = try decoder.singleValueContainer().decode(Int.self)
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(wrappedValue)
  }
}

/// A stacked-layer count `K`.
public typealias LayerCount = OneWhenMissing
/// The format version of a results or cell file.
public typealias FormatVersion = OneWhenMissing

/// The depths of a study's grid (`layers`), decoded as `[1]` where the key is missing.
@propertyWrapper
public struct LayerCounts: Codable, Hashable, Sendable {
  public var wrappedValue: [Int]

  public init(wrappedValue: [Int]) {
    self.wrappedValue = wrappedValue
  }

  public init(from decoder: Decoder) throws {
    wrappedValue = try decoder.singleValueContainer().decode([Int].self)
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(wrappedValue)
  }
}

extension KeyedDecodingContainer {
  public func decode(_ type: OneWhenMissing.Type, forKey key: Key) throws -> OneWhenMissing {
    OneWhenMissing(wrappedValue: try decodeIfPresent(Int.self, forKey: key) ?? 1)
  }

  public func decode(_ type: LayerCounts.Type, forKey key: Key) throws -> LayerCounts {
    LayerCounts(wrappedValue: try decodeIfPresent([Int].self, forKey: key) ?? [1])
  }
}
