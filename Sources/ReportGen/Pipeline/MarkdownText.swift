import Mustache

/// Escaping of template values for Markdown: a value prints as the literal text it is, never as
/// emphasis, a link, a heading or raw HTML.
///
/// Registered with Mustache as the content type `MARKDOWN`, which the pipeline switches on at the
/// top of every template, so `{{study.name}}` is escaped for Markdown the way it would be for
/// HTML in a web template. Triple braces `{{{…}}}` insert Markdown unescaped (the pipeline's own
/// markers and pre-rendered lists use them).
struct MarkdownText: MustacheContentType {
  static let name = "MARKDOWN"

  /// Backslash before every ASCII punctuation character (CommonMark §2.4 makes each of them
  /// literal), line breaks folded to spaces so a value cannot start a block, forbidden code points
  /// made visible. Marker delimiters pass: the pipeline's markers are values too, and text from
  /// a config has had its delimiters removed on entering the context (`TemplateContext`).
  func escapeText(_ text: String) -> String {
    var out = ""
    for scalar in MarkupEscaping.sanitized(text).unicodeScalars {
      switch scalar {
      case "\n", "\r": out += " "
      case _ where scalar.isASCII && scalar.properties.isPunctuationOrSymbol: out += "\\" + String(scalar)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  static func register() {
    MustacheContentTypes.register(MarkdownText(), named: name)
  }
}

private extension Unicode.Scalar.Properties {
  /// ASCII punctuation in CommonMark's sense: `!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~`.
  var isPunctuationOrSymbol: Bool {
    switch generalCategory {
    case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
      .initialPunctuation, .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol,
      .modifierSymbol, .otherSymbol:
      true
    default: false
    }
  }
}
