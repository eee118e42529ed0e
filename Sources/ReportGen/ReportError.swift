/// Why a report could not be built; each case names the file at fault.
public enum ReportError: Error, CustomStringConvertible, Equatable {
  /// The templates directory does not exist or cannot be listed.
  case templatesNotFound(path: String)
  /// A template the report needs is not in the directory.
  case missingTemplate(file: String)
  case unreadableTemplate(file: String, reason: String)
  /// Mustache could not parse a template.
  case templateSyntax(file: String, line: Int, column: Int, reason: String)
  /// A template cites a figure, table, block, equation or symbol that no registry has.
  case unknownTemplateName(file: String, name: String, allowed: [String])

  public var description: String {
    switch self {
    case .templatesNotFound(let path): "templates directory not found: \(path)"
    case .missingTemplate(let file): "missing template: \(file)"
    case .unreadableTemplate(let file, let reason): "cannot read template \(file): \(reason)"
    case .templateSyntax(let file, let line, let column, let reason):
      "\(file):\(line):\(column): template error: \(reason)"
    case .unknownTemplateName(let file, let name, let allowed):
      "\(file) (or a template it includes): template error: {{\(name)}} names nothing the report has (allowed: \(allowed.joined(separator: ", ")))"
    }
  }
}
