import Analysis
import Foundation

/// The recommendations as a plain-text table for the terminal.
enum RecommendationTable {
  static func render(_ results: StudyResults) -> String {
    var lines = [
      "unit          H    L*   qualified  SMR lower  SMR mean   EML",
      "------------  ---  ---  ---------  ---------  --------  -----",
    ]
    for r in results.recommendations {
      lines.append(
        String(
          format: "%@ %4d %4d  %@  %9.3f  %8.3f  %5.1f",
          r.unit.displayName.padding(toLength: 12, withPad: " ", startingAt: 0), r.hidden,
          r.recommendedLength, (r.qualified ? "yes" : "no").padding(toLength: 9, withPad: " ", startingAt: 0),
          r.smrLower, r.smrMean, r.eml))
    }
    return lines.joined(separator: "\n")
  }
}
