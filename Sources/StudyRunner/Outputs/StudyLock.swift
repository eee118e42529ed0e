import Foundation

/// An OS lock (`flock`) on `DIR/.memstudy.lock`, held while a process works on a study
/// directory, so two runs never mix their cells and outputs.
///
/// - `exclusive`: an ordinary `memstudy run` or `memstudy report`: no other process may hold
///   the directory in either mode.
/// - `shared`: the shards of one study (`memstudy run --shard K/N`), which write disjoint
///   cells: any number of shards hold it together, and an exclusive holder (a plain run, a
///   report, the merge) waits for none of them but is refused while any runs. A shard path
///   that merges and writes the outputs takes the lock `exclusive` for that step.
///
/// The kernel releases the lock when the process exits in any way (crash, `kill -9`), so a lock
/// file left behind is never stale: the next `acquire` simply gets it. The file holds the
/// holders' PIDs, one line each (`PID mode`), for the message a refused process prints; it is
/// never deleted (deleting a lock file races with a process opening it). Keep the returned
/// value alive for as long as the directory is in use (`withExtendedLifetime`); it releases
/// the lock when it is deinitialised.
public final class StudyLock: @unchecked Sendable {
  public enum Mode: String, Sendable {
    case exclusive, shared
  }

  static let fileName = ".memstudy.lock"

  public let mode: Mode
  public let url: URL
  private let descriptor: Int32

  /// Takes the lock without waiting; throws `StudyLockError.held` naming the holders' PIDs when
  /// another process holds it in a conflicting mode. `directory` must exist.
  static func acquire(directory: URL, mode: Mode) throws -> StudyLock {
    let url = directory.appendingPathComponent(fileName)
    let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw StudyLockError.cannotOpen(path: url.path, reason: String(cString: strerror(errno)))
    }
    guard flock(fd, (mode == .exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 else {
      let holders = liveHolders(fd).map(\.pid)
      close(fd)
      throw StudyLockError.held(directory: directory.path, pids: holders)
    }
    let me = "\(getpid()) \(mode.rawValue)\n"
    if mode == .exclusive {
      // Alone: the previous holders' lines are stale.
      _ = ftruncate(fd, 0)
      _ = pwrite(fd, me, me.utf8.count, 0)
    } else {
      // Keep the other shards' lines; drop those of processes that are gone, and any
      // exclusive holder's (none holds the lock now, or this one would not have it).
      let alive = liveHolders(fd).filter { $0.mode == .shared }.map { "\($0.pid) \($0.mode.rawValue)\n" }.joined()
      _ = ftruncate(fd, 0)
      let text = alive + me
      _ = pwrite(fd, text, text.utf8.count, 0)
    }
    return StudyLock(mode: mode, url: url, descriptor: fd)
  }

  private init(mode: Mode, url: URL, descriptor: Int32) {
    self.mode = mode
    self.url = url
    self.descriptor = descriptor
  }

  deinit { close(descriptor) }

  /// The live processes listed in the lock file.
  private static func liveHolders(_ fd: Int32) -> [(pid: Int32, mode: Mode)] {
    var bytes = [UInt8](repeating: 0, count: 4096)
    let count = pread(fd, &bytes, bytes.count, 0)
    guard count > 0 else { return [] }
    let text = String(decoding: bytes.prefix(count), as: UTF8.self)
    return text.split(separator: "\n").compactMap { line in
      let fields = line.split(separator: " ")
      guard let pid = fields.first.flatMap({ Int32($0) }), pid > 0,
        kill(pid, 0) == 0 || errno == EPERM
      else { return nil }
      return (pid, fields.dropFirst().first.flatMap { Mode(rawValue: String($0)) } ?? .exclusive)
    }
  }
}

enum StudyLockError: Error, CustomStringConvertible, Equatable {
  case held(directory: String, pids: [Int32])
  case cannotOpen(path: String, reason: String)

  public var description: String {
    switch self {
    case .held(let directory, let pids):
      let who = pids.isEmpty ? "another memstudy process" : "memstudy (PID \(pids.map(String.init).joined(separator: ", ")))"
      return "\(directory) is in use by \(who); wait for it to finish, or choose another directory"
    case .cannotOpen(let path, let reason):
      return "cannot create the lock file \(path): \(reason)"
    }
  }
}
