import Foundation

extension StudyResults {
  /// The encoder of `results.json` and of cell files: snake_case keys, sorted, compact (a
  /// paper-sized study is a few megabytes, and the report embeds it).
  public static func makeEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
  }

  public static func makeDecoder() -> JSONDecoder {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return decoder
  }

  public func encoded() throws -> Data {
    try Self.makeEncoder().encode(self)
  }

  public static func decode(from data: Data) throws -> StudyResults {
    try makeDecoder().decode(StudyResults.self, from: data)
  }
}
