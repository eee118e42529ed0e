import Foundation

/// Reading a text file a user named (a config, a vectors file, a corpus), with a message that
/// says what is wrong in the user's terms: a directory, a missing or unreadable file, a binary
/// file, a file too large for this machine, rather than Foundation's error codes.
public enum TextFile {
  public struct ReadError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What is wrong, without the path (the caller names the file).
    public let description: String
  }

  /// The file's text. Refuses what is not a regular file, more than `maxBytes` bytes, or not
  /// UTF-8 (naming the offset of the first bad byte).
  public static func read(_ url: URL, maxBytes: Double) throws(ReadError) -> String {
    var info = stat()
    guard stat(url.path, &info) == 0 else {
      throw ReadError(description: errno == ENOENT ? "does not exist" : "cannot be read (\(String(cString: strerror(errno))))")
    }
    if info.st_mode & S_IFMT == S_IFDIR { throw ReadError(description: "is a directory, not a file") }
    guard info.st_mode & S_IFMT == S_IFREG else { throw ReadError(description: "is not a regular file") }
    guard Double(info.st_size) <= maxBytes else {
      throw ReadError(description: "is \(MemoryEstimate.format(Double(info.st_size))), more than the \(MemoryEstimate.format(maxBytes)) that can be read here")
    }
    guard let handle = FileHandle(forReadingAtPath: url.path) else {
      throw ReadError(description: "cannot be read (permission denied?)")
    }
    defer { try? handle.close() }
    let data: Data
    do {
      data = try handle.readToEnd() ?? Data()
    } catch {
      throw ReadError(description: "cannot be read (\(error.localizedDescription))")
    }
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
