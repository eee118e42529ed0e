/// Text made safe to stand as literal characters in HTML5 and in XML 1.0 (SVG).
///
/// Everything that comes from a config or a corpus (the study name, file paths, the command line)
/// passes through here before it reaches markup; bidirectional controls are neutralised too.
enum MarkupEscaping {
  /// Replaces the code points HTML5 and XML 1.0 forbid in text with visible stand-ins, so a
  /// hostile or binary name still reads as what it was: C0 controls (other than tab, line feed
  /// and carriage return) and DEL become their Control Pictures (U+2400 block); C1 controls and
  /// noncharacters become U+FFFD. XML cannot carry these even as character references.
  static func sanitized(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      out.append(stand(for: scalar))
    }
    return String(out)
  }

  /// `sanitized`, then the five markup-significant characters as entities; safe in element
  /// content and in double- or single-quoted attribute values of both HTML and XML.
  static func escaped(_ text: String) -> String {
    escaped(text, apostrophe: true)
  }

  /// `escaped` for an attribute value in double quotes, where `'` is harmless and stays as it
  /// is, so a Content-Security-Policy's `'none'` reads as the standard writes it.
  static func escapedDoubleQuoted(_ value: String) -> String {
    escaped(value, apostrophe: false)
  }

  private static func escaped(_ text: String, apostrophe: Bool) -> String {
    // Most values (numbers, ids, the base64 of a download) are printable ASCII with nothing to
    // replace: they pass as they are, without a copy scalar by scalar.
    let plain = text.utf8.allSatisfy { byte in
      (0x20..<0x7F).contains(byte) && byte != UInt8(ascii: "&") && byte != UInt8(ascii: "<")
        && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "'")
    }
    if plain { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'" where apostrophe: out += "&#39;"
      default: out.unicodeScalars.append(stand(for: scalar))
      }
    }
    return out
  }

  private static func stand(for scalar: Unicode.Scalar) -> Unicode.Scalar {
    let v = scalar.value
    switch v {
    case 0x09, 0x0A, 0x0D: return scalar
    case 0x00..<0x20: return Unicode.Scalar(0x2400 + v)!
    case 0x7F: return "\u{2421}"
    case 0x80..<0xA0, 0xFDD0...0xFDEF: return "\u{FFFD}"
    // Bidirectional controls (embeddings, overrides, isolates, marks) can make text read in
    // another order than it is stored ("Trojan Source"); they become visible U+FFFD.
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return "\u{FFFD}"
    default:
      // U+xFFFE and U+xFFFF of every plane are noncharacters.
      return v & 0xFFFE == 0xFFFE ? "\u{FFFD}" : scalar
    }
  }
}
