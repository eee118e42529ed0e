import Foundation

/// Why a semantic space could not be built or sampled, with the file and line at fault.
public struct SemanticSpaceError: Error, Equatable, Sendable, LocalizedError,
  CustomStringConvertible
{
  public enum Problem: Equatable, Sendable {
    /// The file could not be read as UTF-8 text.
    case unreadable(String)
    /// A field that should be a finite number is not.
    case notANumber(String)
    /// A finite number too large for the Float arithmetic of training (|x| > 3.4e38).
    case beyondFloatRange(String)
    /// A word with no vector after it.
    case noValues(word: String)
    /// A row whose dimension differs from the one set by `referenceLine` (a header or the
    /// first row).
    case raggedRow(found: Int, expected: Int, referenceLine: Int)
    /// A word listed twice.
    case duplicateWord(String, firstLine: Int)
    /// A word2vec header `count dim` that the rows do not match, or that is not positive.
    case badHeader(String)
    /// The vectors file lists no word.
    case emptyVocabulary
    /// The corpus has no token that the vectors file lists.
    case noInVocabularyTokens
    /// The vectors of every corpus word the study uses are the same.
    case constantVectors(count: Int)
    /// Sequences of this length were asked for from a corpus part whose longest window
    /// (`windows`: its whole stream, or its longest line) is shorter.
    case noWindowOfLength(Int, part: String, longest: Int, windows: String)
    /// The split left a part of the corpus without any line (`share` percent of a small corpus).
    case emptyPart(String, share: Int)
  }

  /// The path of the file at fault.
  public var file: String
  /// The 1-based line at fault, when one is.
  public var line: Int?
  public var problem: Problem

  public init(file: String, line: Int?, problem: Problem) {
    self.file = file
    self.line = line
    self.problem = problem
  }

  public var description: String {
    let place = line.map { "\(file):\($0)" } ?? file
    return "\(place): \(explanation)"
  }

  public var errorDescription: String? { description }

  private var explanation: String {
    switch problem {
    case .unreadable(let reason):
      "cannot be read as a text file: it \(reason)"
    case .notANumber(let field):
      "'\(field)' is not a finite number"
    case .beyondFloatRange(let field):
      "'\(field)' is beyond the range of Float (±3.4e38), in which the units train"
    case .noValues(let word):
      "word '\(Self.shown(word))' has no vector values"
    case .raggedRow(let found, let expected, let referenceLine):
      "row has \(found) values, expected \(expected) (the dimension set by line \(referenceLine))"
    case .duplicateWord(let word, let firstLine):
      "word '\(Self.shown(word))' is listed again (first on line \(firstLine))"
    case .badHeader(let reason):
      "word2vec header: \(reason)"
    case .emptyVocabulary:
      "no word vectors in the file (empty vocabulary)"
    case .constantVectors(let count):
      "the vectors of the \(count) corpus words with a vector are all the same (all zero?): every window's semantics would be one point, leaving nothing to measure; use word vectors that tell words apart"
    case .noInVocabularyTokens:
      "no token of the corpus has a word vector"
    case .noWindowOfLength(let length, let part, let longest, let windows):
      "the \(part) part has no window of \(length) in-vocabulary tokens (windows: \(windows);"
        + " the longest has \(longest))"
    case .emptyPart(let part, let share):
      "the \(part) part (\(share) % of the lines, by a hash of each line) holds no line with a word"
        + " vector; a longer corpus or a larger share in space.split is needed"
    }
  }
}

extension SemanticSpaceError {
  /// A word from the file as a message quotes it: at most 60 characters, then "…" and its
  /// length, so a 10 MB "word" makes a one-line message.
  static func shown(_ word: String) -> String {
    word.count <= 60 ? word : "\(word.prefix(60))… (\(word.count) characters)"
  }
}
