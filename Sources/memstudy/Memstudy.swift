import ArgumentParser
import Foundation
import Analysis
import ReportGen
import StudyRunner

/// `memstudy`: how much of a sequence a recurrent network remembers.
@main
struct Memstudy: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure how much of a sequence vanilla RNN, LSTM and GRU units remember, and publish the study as an HTML report.",
    discussion: """
      With no arguments, runs the quick preset and writes output/quick/report.html.

      Exit codes: 0 success, 2 bad usage or bad config, 1 failure while running.
      """,
    version: Provenance.toolVersion,
    subcommands: [Run.self, Report.self, Site.self, Export.self, Evaluate.self, Probe.self, Bench.self, Slurm.self],
    defaultSubcommand: Run.self)

  /// Parses, runs, and maps every error to the documented exit code: 2 for usage and
  /// config errors, 1 for failures while running.
  static func main() {
    if let problem = ProductPath.environmentProblem { fail("memstudy: \(problem)", code: 2) }
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let error as ConfigError {
      fail("\(error)", code: 2)
    } catch let error as UsageError {
      fail("memstudy: \(error.description)", code: 2)
    } catch let error as SemanticSpaceError {
      // A vectors file or corpus the config names cannot serve the study: bad input.
      fail("memstudy: \(error.description)", code: 2)
    } catch let error as StudyDirectoryError {
      // A study directory in use, foreign, or unwritable: found before anything runs.
      fail("memstudy: \(error.description)", code: 2)
    } catch let error as ResultsFileError {
      fail("memstudy: \(error.description)", code: 2)
    } catch let error as CellStore.StaleCell {
      // A cell file in the way (another config's, or damaged): found before training.
      fail("memstudy: \(error.description)", code: 2)
    } catch let error as ReportError {
      // The user's templates (`report --templates`) do not load.
      fail("memstudy: \(error.description)", code: 2)
    } catch let error as NSError where error.domain == NSCocoaErrorDomain {
      // Foundation's file errors name a path and, underneath, what the system said of it; its
      // own description ("Code=512 (null)") says neither in words.
      let (message, code) = fileErrorMessage(error)
      fail("memstudy: \(message)", code: code)
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        print(fullMessage(for: error))
        return
      }
      if code == .validationFailure {
        fail(fullMessage(for: error), code: 2)
      }
      fail("memstudy: error: \(error)", code: 1)
    }
  }

  /// "PATH: Not a directory" from a Foundation file error, and its exit code: 2 where the path
  /// given is unusable as it stands (under a file, a folder where a file goes, missing,
  /// read-only, too long), 1 for what went wrong while running (a full disk).
  static func fileErrorMessage(_ error: NSError) -> (String, Int32) {
    let path = (error.userInfo[NSFilePathErrorKey] as? String)
      ?? (error.userInfo[NSURLErrorKey] as? URL)?.path ?? "a file"
    let posix: Int32
    switch error.userInfo[NSUnderlyingErrorKey] {
    case let underlying as POSIXError: posix = underlying.code.rawValue
    case let underlying as NSError where underlying.domain == NSPOSIXErrorDomain: posix = Int32(underlying.code)
    default: posix = 0
    }
    let reason = posix != 0 ? String(cString: strerror(posix)) : "the file system refused (Foundation error \(error.code))"
    let badInput: Set<Int32> = [ENOTDIR, EISDIR, ENOENT, EACCES, EPERM, EROFS, EEXIST, ENAMETOOLONG, ELOOP]
    return ("\(path): \(reason)", posix == 0 || badInput.contains(posix) ? 2 : 1)
  }

  static func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    Foundation.exit(code)
  }
}

/// A usage error found after parsing (exit code 2).
struct UsageError: Error, CustomStringConvertible {
  let description: String
}

/// A binary file a user named, read whole (`TextFile.readData`: a regular file or a pipe,
/// never a directory or a device), with the reason in words when it cannot be.
enum BinaryFile {
  static func read(_ url: URL, maxBytes: Double) throws -> Data {
    do {
      return try TextFile.readData(url, maxBytes: maxBytes)
    } catch {
      throw UsageError(description: error.description)
    }
  }
}

/// The model in the safetensors file of a `--weights` option, read whole (a file bigger than
/// a sixth of memory cannot load: it is widened on the way) and parsed as `unit` when given;
/// any failure is a usage error naming the option and the file.
func loadWeights(_ path: String, unit: UnitKind?) throws -> RecurrentModel<Float> {
  do {
    let data = try BinaryFile.read(URL(fileURLWithPath: path), maxBytes: MemoryEstimate.available / 6)
    return try RecurrentModel<Float>.load(safeTensors: data, unit: unit)
  } catch {
    throw UsageError(description: "--weights \(path): \(error)")
  }
}
