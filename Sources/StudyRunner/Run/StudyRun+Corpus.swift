import Analysis
import Foundation

extension StudyRun {
  /// Every length the grid asks a corpus part for, checked against what the part can give,
  /// before any cell trains: training lengths need the training and validation parts (and the
  /// test part, since every training length is evaluated in length), test lengths the test part.
  /// Throws one `ConfigError` listing each length that does not fit, with what is allowed.
  static func checkCorpusLengths(_ config: StudyConfig, space: SemanticSpace) throws {
    guard let summary = space.corpusSummary else { return }
    var problems: [ConfigError.Problem] = []
    func check(_ key: String, _ lengths: [Int], parts: [CorpusPart]) {
      for (index, length) in lengths.enumerated() {
        let short = parts.compactMap { part in
          space.longestSequence(in: part).flatMap { $0 < length ? (part, $0) : nil }
        }
        guard let tightest = short.min(by: { $0.1 < $1.1 }) else { continue }
        let names = ReportList.and(short.map { "\($0.0.rawValue) part (\($0.1) tokens)" })
        let what = summary.windows == .stream ? "its token stream has" : "its longest line has"
        problems.append(.init(
          path: "\(key)[\(index)]", line: nil,
          message: "\(length) is too long for the \(names) of \(summary.corpus.name): "
            + "a window must fit where \(what) that many in-vocabulary tokens (space.windows: "
            + "\(summary.windows.rawValue), space.split: \(summary.split)); allowed: lengths ≤ \(tightest.1)"
            + (summary.windows == .sentence ? ", or space.windows: stream" : "")
            + ", a larger share in space.split, or a longer corpus"))
      }
    }
    check("train_lengths", config.trainLengths, parts: CorpusPart.allCases)
    if let test = config.testLengths { check("test_lengths", test, parts: [.test]) }
    if !problems.isEmpty { throw ConfigError(source: summary.corpus.name, problems: problems) }
  }
}
