import Foundation

/// The command a study was run with, as its provenance and the report's appendix give it: each
/// word shell-quoted where it needs it, so pasting it runs the same command and nothing else
/// (an `--out` of `$(…)` stays a folder name).
enum Invocation {
  static var current: String {
    (["memstudy"] + CommandLine.arguments.dropFirst()).map(shellQuoted).joined(separator: " ")
  }

  /// `word` as one shell word: as it is when it holds only characters no shell treats
  /// specially, else in single quotes (a quote inside as `'\''`).
  static func shellQuoted(_ word: String) -> String {
    let plain = !word.isEmpty && word.unicodeScalars.allSatisfy {
      CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-_./=,:+@%".unicodeScalars.contains($0)
    }
    return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
