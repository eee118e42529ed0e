/// Bad input to `memstudy site` or `memstudy export` (exit code 2): a folder that is not a
/// study, an output folder that is not ours to write. Found before anything is written.
public struct PublishInputError: Error, CustomStringConvertible {
  public let description: String

  public init(_ description: String) {
    self.description = description
  }
}
