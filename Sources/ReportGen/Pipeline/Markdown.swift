import CCmark
import Foundation

/// CommonMark to HTML through libcmark: the one file that imports the C module.
enum Markdown {
  /// The HTML of `markdown`. Safe mode (cmark's default since 0.29, asked for explicitly here)
  /// replaces raw HTML and `javascript:`-style links in template text with comments, so a template
  /// cannot smuggle markup past the pipeline; smart punctuation sets quotes and dashes.
  ///
  /// The page fetches nothing: an image whose source is not a `data:image/…` URL (`http:`,
  /// `//host/…`, a relative path, from inline or reference syntax alike) is replaced by its
  /// alt text before rendering. Links stay: they load nothing until followed.
  static func html(_ markdown: String) -> Markup {
    let options = CMARK_OPT_SAFE | CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8
    let bytes = Array(markdown.utf8)
    guard let document = cmark_parse_document(bytes, bytes.count, options) else { return .empty }
    defer { cmark_node_free(document) }
    dropFetchingImages(document)
    guard let rendered = cmark_render_html(document, options) else { return .empty }
    defer { free(rendered) }
    // cmark escaped the text it renders; safe mode keeps the templates' raw HTML out.
    return .raw(String(cString: rendered))
  }

  /// Whether an image source is embedded in the page rather than fetched.
  static func isEmbedded(_ url: String) -> Bool {
    url.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("data:image/")
  }

  /// Replaces every image that would be fetched by its alt text (its children).
  private static func dropFetchingImages(_ document: OpaquePointer) {
    // Collect first: the tree must not change under the iterator.
    var images: [OpaquePointer] = []
    guard let iterator = cmark_iter_new(document) else { return }
    while true {
      let event = cmark_iter_next(iterator)
      if event == CMARK_EVENT_DONE { break }
      guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
        cmark_node_get_type(node) == CMARK_NODE_IMAGE
      else { continue }
      let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
      if !isEmbedded(url) { images.append(node) }
    }
    cmark_iter_free(iterator)
    // Innermost last in document order; an image inside another's alt text is moved out
    // with its parent's children first, then handled itself.
    for image in images {
      while let child = cmark_node_first_child(image) {
        cmark_node_unlink(child)
        cmark_node_insert_before(image, child)
      }
      cmark_node_unlink(image)
      cmark_node_free(image)
    }
  }
}
