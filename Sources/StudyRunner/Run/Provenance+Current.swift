import Analysis
import Foundation

extension Provenance {
  public static let toolVersion = "0.1.0"

  /// What this process can tell about itself; `wallSeconds` is filled in at the end.
  static func current(command: String, start: Date) -> Provenance {
    Provenance(
      toolVersion: toolVersion, gitCommit: gitCommit(), swiftVersion: swiftVersion,
      blas: ProductPath.description, host: currentHost,
      cores: ProcessInfo.processInfo.activeProcessorCount,
      startTime: ISO8601DateFormatter().string(from: start), wallSeconds: 0, command: command)
  }

  /// This machine's name, as each cell file and the provenance record it.
  static var currentHost: String { ProcessInfo.processInfo.hostName }

  static var swiftVersion: String {
    #if compiler(>=6.4)
      "6.4 or later"
    #elseif compiler(>=6.3)
      "6.3"
    #elseif compiler(>=6.2)
      "6.2"
    #elseif compiler(>=6.1)
      "6.1"
    #else
      "6.0"
    #endif
  }

  /// The commit of the working directory's git checkout, when there is one.
  static func gitCommit() -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "rev-parse", "--short=12", "HEAD"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do {
      try process.run()
      process.waitUntilExit()
    } catch {
      return nil
    }
    guard process.terminationStatus == 0 else { return nil }
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    return text.isEmpty ? nil : text
  }
}
