import CCmark
import Foundation

/// CommonMark to HTML through libcmark: the one file that imports the C module.
enum Markdown {
  /// The HTML of `markdown`. Safe mode (cmark's default since 0.29, asked for explicitly here)
  /// replaces raw HTML and `javascript:`-style links in template text with comments, so a template
  /// cannot smuggle markup past the pipeline; smart punctuation sets quotes and dashes.
  static func html(_ markdown: String) -> String {
    let options = CMARK_OPT_SAFE | CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8
    let bytes = Array(markdown.utf8)
    guard let rendered = cmark_markdown_to_html(bytes, bytes.count, options) else { return "" }
    defer { free(rendered) }
    return String(cString: rendered)
  }
}
