import Foundation

/// Names for URLs from free text: section ids (`#sec-recommended-training-length`) and a site's
/// study folders. One rule for both, so an anchor and a folder made from the same words agree.
enum Slug {
  /// The ASCII letters and digits of `text` in lower case, Latin letters without their accents
  /// ("Étude" → "etude"), each run of anything else one hyphen, none at either end, at most
  /// `maxLength` characters, cut after a whole word where it has several; empty when `text` has
  /// no letter or digit.
  static func make(_ text: String, maxLength: Int = .max) -> String {
    var s = ""
    var hyphen = false
    var cutInWord = false
    let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
    for scalar in folded.unicodeScalars {
      let wordCharacter = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
      if s.count >= maxLength {
        cutInWord = wordCharacter && !hyphen
        break
      }
      if wordCharacter {
        if hyphen, !s.isEmpty { s += "-" }
        s.unicodeScalars.append(scalar)
        hyphen = false
      } else {
        hyphen = true
      }
    }
    // A name cut at the limit ends at a whole word where it has more than one.
    if cutInWord, let lastHyphen = s.lastIndex(of: "-") { s = String(s[..<lastHyphen]) }
    while s.hasSuffix("-") { s.removeLast() }
    return s.lowercased()
  }
}
