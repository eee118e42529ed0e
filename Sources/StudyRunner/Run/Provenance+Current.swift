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

  /// The commit memstudy was built from (`BuildInfo`, stamped by `scripts/build-info`), never
  /// that of the directory a study runs in: "-dirty" when built from a modified tree, `nil`
  /// ("unknown") when built outside a git checkout of its own.
  static func gitCommit() -> String? { BuildInfo.commit }
}
