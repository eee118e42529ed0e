/// The one place HTML is written, beside `SVGWriter`: tag and attribute names are literals in the
/// code (`StaticString`, so no value from a config or a corpus can name one), and every text and
/// attribute value passes through `MarkupEscaping` on its way in. The writer adds no whitespace of
/// its own: `newline()`, `line` and `block` put line breaks where the page has them.
struct HTMLWriter {
  /// Attribute names and values, in the order written; a nil value leaves its attribute out.
  typealias Attributes = KeyValuePairs<StaticString, String?>

  private(set) var markup = Markup.empty

  /// `<!DOCTYPE html>` and a line break.
  mutating func doctype() {
    write("<!DOCTYPE html>\n")
  }

  mutating func open(_ tag: StaticString, _ attributes: Attributes = [:]) {
    write("<\(tag)\(Self.serialised(attributes))>")
  }

  mutating func close(_ tag: StaticString) {
    write("</\(tag)>")
  }

  /// An element without content or end tag, as HTML writes its void elements: `<meta …>`.
  mutating func void(_ tag: StaticString, _ attributes: Attributes) {
    open(tag, attributes)
  }

  /// An element holding text, escaped.
  mutating func element(_ tag: StaticString, _ attributes: Attributes = [:], text: String) {
    open(tag, attributes)
    self.text(text)
    close(tag)
  }

  /// An element holding markup already written.
  mutating func element(_ tag: StaticString, _ attributes: Attributes = [:], markup content: Markup) {
    open(tag, attributes)
    append(content)
    close(tag)
  }

  /// An element whose content `content` writes.
  mutating func element(
    _ tag: StaticString, _ attributes: Attributes = [:], content: (inout HTMLWriter) -> Void
  ) {
    open(tag, attributes)
    content(&self)
    close(tag)
  }

  /// An element holding text, escaped, and a line break: one line of the page.
  mutating func line(_ tag: StaticString, _ attributes: Attributes = [:], text: String) {
    element(tag, attributes, text: text)
    newline()
  }

  /// An element holding markup, and a line break.
  mutating func line(_ tag: StaticString, _ attributes: Attributes = [:], markup content: Markup) {
    element(tag, attributes, markup: content)
    newline()
  }

  /// An element whose content `content` writes, and a line break.
  mutating func line(
    _ tag: StaticString, _ attributes: Attributes = [:], content: (inout HTMLWriter) -> Void
  ) {
    element(tag, attributes, content: content)
    newline()
  }

  /// An element on lines of its own: the start tag, a line break, what `content` writes (which
  /// ends its own lines), the end tag and a line break.
  mutating func block(
    _ tag: StaticString, _ attributes: Attributes = [:], content: (inout HTMLWriter) -> Void
  ) {
    open(tag, attributes)
    newline()
    content(&self)
    close(tag)
    newline()
  }

  /// Text, escaped.
  mutating func text(_ text: String) {
    write(MarkupEscaping.escaped(text))
  }

  mutating func newline() {
    write("\n")
  }

  /// Markup written before: by a writer, or let in through `Markup.raw`.
  mutating func append(_ markup: Markup) {
    write(markup.serialised)
  }

  private mutating func write(_ s: String) {
    markup.serialised += s
  }

  private static func serialised(_ attributes: Attributes) -> String {
    var out = ""
    for (name, value) in attributes {
      guard let value else { continue }
      out += " \(name)=\"\(MarkupEscaping.escapedDoubleQuoted(value))\""
    }
    return out
  }
}

/// Serialised HTML (with MathML or SVG inside): what `HTMLWriter` writes, and the only kind of
/// string the page's parts are put together from.
///
/// Text becomes markup by being escaped (`Markup.text`, the writer's `text`). A string that is
/// markup already, made where no writer can reach (cmark's rendering of the templates, an SVG
/// figure from `SVGWriter`, the page's stylesheet), becomes markup only through `Markup.raw`: the
/// one way around escaping, kept to a few call sites that `HTMLWriterTests` lists.
struct Markup: Sendable, Equatable {
  /// The markup as it goes into the page.
  fileprivate(set) var serialised: String

  fileprivate init(serialised: String) {
    self.serialised = serialised
  }

  static let empty = Markup(serialised: "")

  var isEmpty: Bool { serialised.isEmpty }

  /// `text`, escaped.
  static func text(_ text: String) -> Markup {
    Markup(serialised: MarkupEscaping.escaped(text))
  }

  /// An element holding text, escaped.
  static func element(_ tag: StaticString, _ attributes: HTMLWriter.Attributes = [:], text: String) -> Markup {
    var w = HTMLWriter()
    w.element(tag, attributes, text: text)
    return w.markup
  }

  /// An element holding markup.
  static func element(_ tag: StaticString, _ attributes: HTMLWriter.Attributes = [:], markup content: Markup) -> Markup {
    var w = HTMLWriter()
    w.element(tag, attributes, markup: content)
    return w.markup
  }

  static func + (lhs: Markup, rhs: Markup) -> Markup {
    Markup(serialised: lhs.serialised + rhs.serialised)
  }

  /// `markup` as it is, unescaped: only for a string that is markup already and came from cmark,
  /// `SVGWriter` or the page's own constants, or is a piece cut from such markup.
  static func raw(_ markup: String) -> Markup {
    Markup(serialised: markup)
  }
}
