import Foundation

/// Runs the built `memstudy` executable, as a user would.
struct CLI {
  struct Outcome: CustomStringConvertible {
    let status: Int32
    let stdout: String
    let stderr: String
    /// Whether the process exited or was killed by a signal (`status` is then the signal).
    var signalled = false

    /// How the run ended and what it printed, for a failed expectation's message.
    var description: String {
      "\(signalled ? "killed by signal" : "exit status") \(status)\nstdout: \(stdout.suffix(2000))\nstderr: \(stderr.suffix(2000))"
    }
  }

  /// The executable sits beside the test bundle in the build folder.
  static let executable: URL = {
    var dir = Bundle.module.bundleURL.deletingLastPathComponent()
    for _ in 0..<3 where !FileManager.default.fileExists(atPath: dir.appendingPathComponent("memstudy").path) {
      dir = dir.deletingLastPathComponent()
    }
    return dir.appendingPathComponent("memstudy")
  }()

  static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Outcome {
    finish(try start(arguments, in: directory, environment: environment))
  }

  /// Runs `script` with `/bin/sh`, the executable's path as `$0`: for limits (`ulimit`) and
  /// signal dispositions (`trap`) that the child inherits.
  static func shell(_ script: String, in directory: URL) throws -> Outcome {
    finish(try launch(URL(fileURLWithPath: "/bin/sh"), ["-c", script, executable.path], in: directory))
  }

  /// Starts the memstudy executable; `environment` adds to (or replaces in) this process's
  /// environment.
  static func start(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Process {
    try launch(executable, arguments, in: directory, environment: environment)
  }

  /// Starts `program` with its output and errors on pipes, which `finish` reads.
  static func launch(
    _ program: URL, _ arguments: [String], in directory: URL, environment: [String: String] = [:]
  ) throws -> Process {
    let process = Process()
    process.executableURL = program
    process.arguments = arguments
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    process.currentDirectoryURL = directory
    process.standardOutput = Pipe()
    process.standardError = Pipe()
    try process.run()
    return process
  }

  /// Waits for a process from `launch` and returns its exit status and output. Both pipes are
  /// read before waiting, so a chatty child never blocks on a full pipe.
  static func finish(_ process: Process) -> Outcome {
    let out = process.standardOutput as! Pipe, err = process.standardError as! Pipe
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Outcome(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self), signalled: process.terminationReason == .uncaughtSignal)
  }
}

/// A fresh temporary folder per test.
func temporaryDirectory(_ name: String = #function) throws -> URL {
  let safe = name.filter { $0.isLetter || $0.isNumber }
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("memstudy-tests-\(safe)-\(UUID().uuidString.prefix(8))")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// A small but real study: trains in a second or two in an optimised build.
let tinyConfig = """
  name: tiny
  space:
    kind: onehot
    vocab: 4
  units: [vrnn, gru]
  hidden: [8]
  train_lengths: [3, 6]
  test_lengths: [3, 6, 9]
  seeds: [1, 2]
  training:
    batch: 16
    learning_rate: 0.01
    max_steps: 60
    patience: 2
    validation: 32
    validate_every: 20
  evaluation:
    sequences: 64

  """
