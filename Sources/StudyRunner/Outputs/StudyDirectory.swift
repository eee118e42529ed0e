import Analysis
import Foundation

/// The checks a study directory passes before anything trains or is written: a usable path, no
/// foreign files memstudy would overwrite, writable, and owned by this process alone
/// (`StudyLock`). An interrupted output commit is finished first (`StudyOutputs.recover`).
public enum StudyDirectory {
  /// The files and folders a study writes at its top level.
  static let outputs = ["report.html", "results.json", "indicators.csv", "curves.csv", "config.yaml", "figures", "cells"]

  /// Makes `directory` ready for a run (created when missing) and locks it.
  ///
  /// - Parameters:
  ///   - force: overwrite the outputs of a directory that is not a memstudy study.
  ///   - configYAML: the config about to be written as `config.yaml`; an existing file with the
  ///     same text (the config the run reads) is not foreign.
  public static func prepare(
    _ directory: URL, mode: StudyLock.Mode = .exclusive, force: Bool = false, configYAML: String? = nil
  ) throws -> StudyLock {
    let path = directory.path
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw StudyDirectoryError("\(path) is a file, not a directory; choose another --out")
      }
      if !force, let foreign = foreignOutputs(in: directory, configYAML: configYAML) {
        throw StudyDirectoryError(
          "\(path) is not a memstudy study directory, and memstudy would overwrite its \(foreign.joined(separator: ", ")); choose another --out, or pass --force to overwrite them")
      }
    } else {
      try makeDirectories(directory, for: path)
    }
    try checkWritable(directory)
    let lock: StudyLock
    do {
      lock = try StudyLock.acquire(directory: directory, mode: mode)
    } catch let error as StudyLockError {
      throw StudyDirectoryError(error.description)
    }
    if mode == .exclusive { try StudyOutputs.recover(in: directory) }
    return lock
  }

  /// Which of a study's outputs exist in a directory that shows no sign of being a study (no
  /// lock file, no readable `results.json`); `nil` when there is nothing to fear.
  static func foreignOutputs(in directory: URL, configYAML: String?) -> [String]? {
    let manager = FileManager.default
    if manager.fileExists(atPath: directory.appendingPathComponent(StudyLock.fileName).path) { return nil }
    if (try? StudyOutputs.readResults(in: directory)) != nil { return nil }
    let present = outputs.filter { name in
      let url = directory.appendingPathComponent(name)
      guard manager.fileExists(atPath: url.path) else { return false }
      // The config this run reads, kept in its own study folder, is not at risk.
      if name == "config.yaml", let configYAML,
        (try? String(contentsOf: url, encoding: .utf8)) == configYAML
      {
        return false
      }
      return true
    }
    return present.isEmpty ? nil : present
  }

  /// `mkdir -p`, with the operating system's reason when a level cannot be made.
  static func makeDirectories(_ url: URL, for study: String) throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw StudyDirectoryError("cannot create the study directory \(study): \(url.path) is a file")
      }
      return
    }
    let parent = url.deletingLastPathComponent()
    if parent.path != url.path { try makeDirectories(parent, for: study) }
    guard mkdir(url.path, 0o777) == 0 || errno == EEXIST else {
      throw StudyDirectoryError("cannot create the study directory \(study): \(String(cString: strerror(errno)))")
    }
  }

  /// Creates and removes a file, so an unwritable directory fails now, not after training.
  static func checkWritable(_ directory: URL) throws {
    let probe = directory.appendingPathComponent(".memstudy-write-test-\(getpid())")
    let fd = open(probe.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw StudyDirectoryError("cannot write in \(directory.path): \(String(cString: strerror(errno)))")
    }
    close(fd)
    unlink(probe.path)
  }

  /// The operating system's words for a failed file operation ("No space left on device").
  static func reason(_ error: Error) -> String {
    if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
    let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
    if let posix = underlying, posix.domain == NSPOSIXErrorDomain {
      return String(cString: strerror(Int32(posix.code)))
    }
    return error.localizedDescription
  }
}

/// A study directory that cannot be used; bad usage (exit 2), found before anything runs.
public struct StudyDirectoryError: Error, CustomStringConvertible {
  public let description: String
  init(_ description: String) { self.description = description }
}
