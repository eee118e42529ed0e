import ArgumentParser
import Foundation
import Analysis
import ReportGen
import StudyRunner

struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Export a study for a thesis or paper: LaTeX tables, PDF figures, BibTeX and the lines to paste.",
    discussion: "--latex OUT writes OUT/tables/*.tex (booktabs), OUT/figures/*.pdf (needs rsvg-convert, Debian's librsvg2-bin), OUT/memstudy.bib and OUT/README.tex.")

  @Argument(help: "A study directory holding results.json.")
  var directory: String

  @Option(help: "The folder to write the LaTeX export into: new, empty, or an export memstudy wrote.")
  var latex: String?

  @Flag(help: "Write into a folder that holds other files too (only memstudy's own files are replaced).")
  var force = false

  @Option(help: "The document's text width in cm, at which the figures are set (\\linewidth): they are drawn so that their tick labels are 8.5 pt there (from 12 cm on; smaller below). (default: 15)")
  var figureWidth: Double = LaTeXExport.defaultTextWidth

  func validate() throws {
    let allowed = LaTeXExport.textWidths
    guard figureWidth.isFinite, allowed.contains(figureWidth) else {
      throw ValidationError("--figure-width \(figureWidth) is not allowed; expected a width in cm from \(Int(allowed.lowerBound)) to \(Int(allowed.upperBound))")
    }
  }

  func run() throws {
    guard let latex else {
      throw UsageError(description: "export: choose a format: --latex OUT (the only one so far)")
    }
    guard !latex.isEmpty else {
      throw UsageError(description: "export: --latex is empty; name a folder")
    }
    let export = ExportOutputs(directory: URL(fileURLWithPath: latex))
    do {
      let files = try export.write(
        study: URL(fileURLWithPath: directory), generator: Provenance.toolVersion, force: force, figureWidth: figureWidth)
      print("memstudy: wrote \(files.count) files into \(export.directory.path); README.tex has the lines to paste")
    } catch let error as PublishInputError {
      throw UsageError(description: error.description)
    }
  }
}
