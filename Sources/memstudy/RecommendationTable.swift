import Analysis
import Foundation

/// The recommendations as a plain-text table for the terminal.
enum RecommendationTable {
  static func render(_ results: StudyResults) -> String {
    // The columns are the rule's measure: held memory SMR_σ, or the fit's SMR where σ was not
    // measured (its header says which).
    let held = RecommendationRule.measure(for: results) == .held
    // A K column when depth is an axis or above one layer.
    let deep = results.config.layers != [1]
    var lines = [
      (deep ? "unit          H    K" : "unit          H")
        + (held ? "    L*   qualified  SMRσ low.  SMRσ mean  EMLσ" : "    L*   qualified  SMR lower  SMR mean   EML"),
      (deep ? "------------  ---  --" : "------------  ---") + "  ---  ---------  ---------  --------  -----",
    ]
    for r in results.recommendations {
      let size = String(format: "%4d", r.hidden) + (deep ? String(format: " %3d", r.layers) : "")
      lines.append(
        String(
          format: "%@ %@ %4d  %@  %@  %@  %@",
          r.unit.displayName.padding(toLength: 12, withPad: " ", startingAt: 0), size,
          r.recommendedLength, (r.qualified ? "yes" : "no").padding(toLength: 9, withPad: " ", startingAt: 0),
          lower(r.smrLower, threshold: results.config.evaluation.recommendThreshold),
          number(r.smrMean, "%8.3f", width: 8),
          number(r.eml, "%5.1f", width: 5)))
    }
    return lines.joined(separator: "\n")
  }

  /// The lower bound with the digits it takes to compare with θ_rec (0.8992 against 0.9 reads
  /// "0.899", never "0.900"), right-aligned in 9 columns; "—" when there is none.
  private static func lower(_ value: Double?, threshold: Double) -> String {
    guard let value else { return String(repeating: " ", count: 8) + "—" }
    let text = RecommendationRule.format(value, against: threshold, minimumDecimals: 3)
    return String(repeating: " ", count: max(0, 9 - text.count)) + text
  }

  /// `value` in `format`, or "—" right-aligned in `width` when there is none (every seed
  /// diverged at the recommended length).
  private static func number(_ value: Double?, _ format: String, width: Int) -> String {
    guard let value else { return String(repeating: " ", count: width - 1) + "—" }
    return String(format: format, value)
  }
}
