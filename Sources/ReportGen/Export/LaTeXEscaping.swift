/// Text made safe to stand as literal characters in a LaTeX document compiled by pdfLaTeX with
/// its defaults (UTF-8 input, OT1 fonts): the ten special characters become commands, a few
/// symbols the report uses (Greek letters among them) become math, all of it in Computer
/// Modern's Type 1 fonts (never TS1's text symbols, bitmaps without cm-super), Latin-1 letters stay as they are, control characters
/// become `?`, and anything else is written as its code point (`U+4E2D`) rather than stopping
/// the compile with "Unicode character not set up for use with LaTeX".
enum LaTeXEscaping {
  static func escaped(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": out += "\\textbackslash{}"
      case "{": out += "\\{"
      case "}": out += "\\}"
      case "$": out += "\\ensuremath{\\$}"  // not \$, which italic and bold take from TS1
      case "&": out += "\\&"
      case "#": out += "\\#"
      case "%": out += "\\%"
      case "_": out += "\\_"
      // Computer Modern Typewriter's own glyphs: \textasciicircum and \textasciitilde come
      // from the TS1 encoding, a bitmap font where cm-super is not installed.
      case "^": out += "\\texttt{\\char94}"
      case "~": out += "\\texttt{\\char126}"
      // Characters that pdfLaTeX's default OT1 fonts set as other glyphs (¡, ¿, —, ”).
      case "<": out += "\\textless{}"
      case ">": out += "\\textgreater{}"
      case "|": out += "\\textbar{}"
      case "\"": out += "''"
      case "\n", "\r", "\t": out += " "
      default:
        if let symbol = symbols[scalar] {
          out += symbol
        } else if scalar.value >= 0x20 && scalar.value < 0x7F {
          out.unicodeScalars.append(scalar)
        } else if (0xC0...0xFF).contains(scalar.value) && ![0xD0, 0xD7, 0xDE, 0xF0, 0xF7, 0xFE].contains(scalar.value) {
          // Latin-1 letters: LaTeX's UTF-8 input sets them in the default OT1 encoding too
          // (eth and thorn only in T1, so they are written as code points).
          out.unicodeScalars.append(scalar)
        } else if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) {
          out += "?"
        } else {
          let hex = String(scalar.value, radix: 16, uppercase: true)
          out += "\\texttt{U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "}"
        }
      }
    }
    return out
  }

  /// Symbols outside Latin letters that the report's own text uses.
  static let symbols: [Unicode.Scalar: String] = [
    "\u{00A0}": "~", "\u{2009}": "\\,", "\u{2212}": "\\ensuremath{-}", "\u{00B1}": "\\ensuremath{\\pm}",
    "\u{00D7}": "\\ensuremath{\\times}", "\u{00F7}": "\\ensuremath{\\div}", "\u{2013}": "--", "\u{2014}": "---",
    "\u{2018}": "`", "\u{2019}": "'", "\u{201C}": "``", "\u{201D}": "''", "\u{2026}": "\\ldots{}",
    "\u{00B7}": "\\ensuremath{\\cdot}", "\u{2020}": "\\ensuremath{\\dagger}", "\u{2192}": "\\ensuremath{\\rightarrow}",
    "\u{2264}": "\\ensuremath{\\leq}", "\u{2265}": "\\ensuremath{\\geq}", "\u{03B8}": "\\ensuremath{\\theta}",
    "\u{03B2}": "\\ensuremath{\\beta}", "\u{03C4}": "\\ensuremath{\\tau}", "\u{03BC}": "\\ensuremath{\\mu}",
    "\u{2096}": "\\ensuremath{_k}", "\u{00A7}": "\\ensuremath{\\S}", "\u{00A9}": "(c)", "\u{00B0}": "\\ensuremath{^\\circ}",
    "\u{03C3}": "\\ensuremath{\\sigma}", "\u{03B1}": "\\ensuremath{\\alpha}", "\u{03B3}": "\\ensuremath{\\gamma}",
    "\u{03B4}": "\\ensuremath{\\delta}", "\u{03B5}": "\\ensuremath{\\varepsilon}", "\u{03BB}": "\\ensuremath{\\lambda}",
    "\u{03C0}": "\\ensuremath{\\pi}", "\u{03C1}": "\\ensuremath{\\rho}", "\u{03C6}": "\\ensuremath{\\phi}",
    "\u{03C9}": "\\ensuremath{\\omega}", "\u{0394}": "\\ensuremath{\\Delta}", "\u{03A3}": "\\ensuremath{\\Sigma}",
  ].merging(superscripts) { a, _ in a }

  /// Superscript digits and minus (`10⁻⁵` in a table's loss) as math superscripts.
  private static let superscripts: [Unicode.Scalar: String] = Dictionary(uniqueKeysWithValues:
    zip(["\u{2070}", "\u{00B9}", "\u{00B2}", "\u{00B3}", "\u{2074}", "\u{2075}", "\u{2076}", "\u{2077}", "\u{2078}", "\u{2079}", "\u{207B}"] as [Unicode.Scalar],
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "-"]).map { ($0, "\\ensuremath{^{\($1)}}") })
}
