import Foundation

/// Reading a text file a user named (a config, a vectors file, a corpus), with a message that
/// says what is wrong in the user's terms: a directory, a missing or unreadable file, a binary
/// file, a file too large for this machine, rather than Foundation's error codes.
public enum TextFile {
  public struct ReadError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What is wrong, without the path (the caller names the file).
    public let description: String
  }

  /// The file's text. Refuses a directory, more than `maxBytes` bytes, or text that is not
  /// UTF-8 (naming the offset of the first bad byte).
  public static func read(_ url: URL, maxBytes: Double) throws(ReadError) -> String {
    var info = stat()
    guard stat(url.path, &info) == 0 else {
      throw ReadError(description: errno == ENOENT ? "does not exist" : "cannot be read (\(String(cString: strerror(errno))))")
    }
    if info.st_mode & S_IFMT == S_IFDIR { throw ReadError(description: "is a directory, not a file") }
    let tooLarge = ReadError(description: "is more than the \(MemoryEstimate.format(maxBytes)) that can be read here")
    guard Double(info.st_size) <= maxBytes else { throw tooLarge }
    guard let handle = FileHandle(forReadingAtPath: url.path) else {
      throw ReadError(description: "cannot be read (permission denied?)")
    }
    defer { try? handle.close() }
    // At most one byte past the limit: a pipe (`--config <(…)`) has no size to check first,
    // and a device such as /dev/zero never ends.
    let limit = Int(min(maxBytes, Double(Int.max - 1)))
    let data: Data
    do {
      data = try handle.read(upToCount: limit + 1) ?? Data()
    } catch {
      throw ReadError(description: "cannot be read (\(error.localizedDescription))")
    }
    guard data.count <= limit else { throw tooLarge }
    guard let text = String(validating: data, as: UTF8.self) else {
      throw ReadError(description: "is not UTF-8 text (a binary file?): the first bad byte is at offset \(firstInvalidUTF8Offset(data))")
    }
    return text
  }

  /// The offset of the first byte that breaks UTF-8 decoding.
  static func firstInvalidUTF8Offset(_ data: Data) -> Int {
    var offset = 0
    var iterator = data.makeIterator()
    var decoder = UTF8()
    var consumed = 0
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar):
        offset += UTF8.width(scalar)
        consumed = offset
      case .emptyInput: return consumed
      case .error: return consumed
      }
    }
  }
}
