import ArgumentParser
import Foundation
import Analysis
import StudyRunner

struct Site: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Publish studies as a static site: OUT/index.html compares them, OUT/<study>/index.html is each report.",
    discussion: "Run it again with more study directories to add them; a directory already in the site is refreshed. OUT/site.json records what the site holds.")

  @Argument(help: "The site's folder (new, empty, or a site memstudy wrote).")
  var out: String

  @Argument(help: "Study directories written by memstudy run.")
  var studies: [String] = []

  @Option(help: "The site's title (kept on later runs unless given again).")
  var title: String?

  func run() throws {
    let site = SiteOutputs(directory: URL(fileURLWithPath: out))
    let count: Int
    do {
      count = try site.publish(
        studies: studies.map { URL(fileURLWithPath: $0) }, title: title, generator: Provenance.toolVersion
      ).studies.count
    } catch let error as PublishInputError {
      throw UsageError(description: error.description)
    }
    print("memstudy: wrote \(site.directory.appendingPathComponent("index.html").path) (\(count) \(count == 1 ? "study" : "studies"))")
  }
}
