/// An optional field of the results schema: encoded as JSON `null` when it has no value, so
/// every key of the schema is present in `results.json` and in cell files whether or not it has
/// a value; decoded as `nil` when the value is `null` or the key is missing (files written
/// before the field existed).
///
/// Synthesised `Codable` drops a `nil` optional's key, and hand-written `encode(to:)` methods
/// that write it silently drop any field added without its line. This wrapper is the one rule:
/// mark every optional field of a results type `@Nullable`, and the synthesised conformance
/// does the rest. `ResultsSchemaTests` checks that every stored property of every results type
/// is a key of its encoding.
@propertyWrapper
public struct Nullable<Value: Codable & Sendable>: Codable, Sendable {
  public var wrappedValue: Value?

  public init(wrappedValue: Value?) {
    self.wrappedValue = wrappedValue
  }

  public init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
  }
}

extension Nullable: Equatable where Value: Equatable {}

extension KeyedDecodingContainer {
  /// A missing key is `nil` too (synthesised decoding asks for the wrapper's key by `decode`,
  /// which would throw for a file written before the field existed).
  public func decode<Value>(_ type: Nullable<Value>.Type, forKey key: Key) throws -> Nullable<Value> {
    Nullable(wrappedValue: try decodeIfPresent(Value.self, forKey: key))
  }
}
