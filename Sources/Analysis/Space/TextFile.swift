import Foundation

/// Reading a file a user named (a config, a vectors file, a corpus), with a message that
/// says what is wrong in the user's terms: a directory, a missing or unreadable file, a binary
/// file, a file too large for this machine, rather than Foundation's error codes.
public enum TextFile {
  public struct ReadError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What is wrong, without the path (the caller names the file).
    public let description: String
  }

  /// The file's text. Refuses what `readData` refuses, and text that is not UTF-8 (naming the
  /// offset of the first bad byte).
  public static func read(_ url: URL, maxBytes: Double) throws(ReadError) -> String {
    let data = try readData(url, maxBytes: maxBytes)
    guard let text = String(validating: data, as: UTF8.self) else {
      throw ReadError(description: "is not UTF-8 text (a binary file?): the first bad byte is at offset \(firstInvalidUTF8Offset(data))")
    }
    return text
  }

  /// How long a pipe may stay silent before it is given up: a FIFO that no program writes to
  /// would otherwise block the read forever.
  public static let pipeTimeoutSeconds = 10

  /// Every input file memstudy reads goes through here. A regular file (a symbolic link is
  /// followed to one) of at most `maxBytes` bytes, or a pipe (`--config <(…)`, a FIFO) read
  /// until it ends, at most `maxBytes` and refused after `pipeTimeoutSeconds` of silence.
  /// Refuses a directory, a device (`/dev/zero` would never end) or a socket, naming it, before
  /// reading a byte of it.
  public static func readData(
    _ url: URL, maxBytes: Double, pipeTimeout: Int = pipeTimeoutSeconds
  ) throws(ReadError) -> Data {
    var info = stat()
    guard stat(url.path, &info) == 0 else {
      throw ReadError(description: errno == ENOENT ? "does not exist" : "cannot be read (\(String(cString: strerror(errno))))")
    }
    let tooLarge = ReadError(description: "is more than the \(MemoryEstimate.format(maxBytes)) that can be read here")
    switch info.st_mode & S_IFMT {
    case S_IFREG: guard Double(info.st_size) <= maxBytes else { throw tooLarge }
    case S_IFIFO: break
    case S_IFDIR: throw ReadError(description: "is a directory, not a file")
    case S_IFCHR, S_IFBLK: throw ReadError(description: "is a device, not a file")
    default: throw ReadError(description: "is not a regular file (a socket?)")
    }
    let isPipe = info.st_mode & S_IFMT == S_IFIFO
    // A pipe is opened without blocking (a FIFO without a writer would block the open itself),
    // then waited on for data with a timeout, then read blocking.
    let fd = open(url.path, O_RDONLY | O_CLOEXEC | (isPipe ? O_NONBLOCK : 0))
    guard fd >= 0 else {
      throw ReadError(description: "cannot be read (\(String(cString: strerror(errno))))")
    }
    let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    if isPipe {
      var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let ready = poll(&poller, 1, Int32(clamping: pipeTimeout * 1000))
      guard ready > 0 else {
        throw ReadError(description: "is a pipe that nothing was written to in \(pipeTimeout) s (a FIFO without a writer?)")
      }
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    }
    // At most one byte past the limit: a pipe has no size to check first.
    let limit = Int(min(maxBytes, Double(Int.max - 1)))
    let data: Data
    do {
      data = try handle.read(upToCount: limit + 1) ?? Data()
    } catch {
      throw ReadError(description: "cannot be read (\(error.localizedDescription))")
    }
    guard data.count <= limit else { throw tooLarge }
    return data
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
