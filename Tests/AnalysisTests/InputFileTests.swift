import Foundation
import Testing

@testable import Analysis

/// Every input file goes through `TextFile.readData`: paths that are not regular files are
/// refused by name before a byte is read, and a pipe that never speaks is given up, not waited
/// on forever (issue 26: a FIFO as a corpus or config blocked `run`, `report`, `site` and
/// `export`; `/dev/zero` was buffered to 3 GB before it was refused).
@Suite struct InputFileTests {
  static func directory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("memstudy-input-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  @Test func aFIFOWithoutAWriterIsGivenUp() throws {
    let dir = try Self.directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let fifo = dir.appendingPathComponent("corpus.txt")
    #expect(mkfifo(fifo.path, 0o600) == 0)
    #expect(throws: TextFile.ReadError(description: "is a pipe that nothing was written to in 1 s (a FIFO without a writer?)")) {
      try TextFile.readData(fifo, maxBytes: 1e6, pipeTimeout: 1)
    }
  }

  @Test func aPipeWithDataIsReadToItsEnd() throws {
    let dir = try Self.directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let fifo = dir.appendingPathComponent("config.yaml")
    #expect(mkfifo(fifo.path, 0o600) == 0)
    let writer = Thread {
      if let handle = FileHandle(forWritingAtPath: fifo.path) {
        handle.write(Data("name: piped\n".utf8))
        try? handle.close()
      }
    }
    writer.start()
    #expect(try TextFile.read(fifo, maxBytes: 1e6) == "name: piped\n")
  }

  @Test func devicesAndDirectoriesAreRefusedBeforeReading() throws {
    #expect(throws: TextFile.ReadError(description: "is a device, not a file")) { try TextFile.readData(URL(fileURLWithPath: "/dev/zero"), maxBytes: 1e6) }
    #expect(throws: TextFile.ReadError(description: "is a device, not a file")) { try TextFile.readData(URL(fileURLWithPath: "/dev/null"), maxBytes: 1e6) }
    #expect(throws: TextFile.ReadError(description: "is a directory, not a file")) { try TextFile.readData(URL(fileURLWithPath: "/tmp"), maxBytes: 1e6) }
  }

  @Test func aSymbolicLinkIsReadAsWhatItNames() throws {
    let dir = try Self.directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try Data("text\n".utf8).write(to: dir.appendingPathComponent("real.txt"))
    try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("link.txt"), withDestinationURL: dir.appendingPathComponent("real.txt"))
    #expect(try TextFile.read(dir.appendingPathComponent("link.txt"), maxBytes: 100) == "text\n")
    try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("zero"), withDestinationURL: URL(fileURLWithPath: "/dev/zero"))
    #expect(throws: TextFile.ReadError(description: "is a device, not a file")) { try TextFile.readData(dir.appendingPathComponent("zero"), maxBytes: 1e6) }
  }

  @Test func aFileOverTheCapIsRefusedBySize() throws {
    let dir = try Self.directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try Data(repeating: 65, count: 2_000).write(to: dir.appendingPathComponent("big.txt"))
    #expect(throws: TextFile.ReadError.self) { try TextFile.readData(dir.appendingPathComponent("big.txt"), maxBytes: 1_000) }
  }
}
