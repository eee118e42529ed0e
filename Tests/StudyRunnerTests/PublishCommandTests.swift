import Analysis
import Foundation
import ReportGen
@testable import StudyRunner
import Testing

/// `memstudy site` and `memstudy export` through the real executable.
@Suite struct PublishCommandTests {
  /// A hostile study name: markup, an entity, quotes, LaTeX specials and a control character.
  static let hostileName = "<script>alert(1)</script> & \"q\" 'a' 100% $x_1$ {b} \\end{document} \u{07}"

  /// Runs the tiny study once into `dir/base`, then writes copies named `names` (re-rendered with
  /// `memstudy report`), so each test has several real studies for the cost of one run.
  static func studies(_ names: [String], in dir: URL) throws -> [URL] {
    let config = dir.appendingPathComponent("tiny.yaml")
    try tinyConfig.write(to: config, atomically: true, encoding: .utf8)
    let base = dir.appendingPathComponent("base")
    let run = try CLI.run(["run", "--config", config.path, "--out", base.path], in: dir)
    try #require(run.status == 0, "\(run.stderr)")
    let results = try StudyOutputs.readResults(in: base)
    return try names.enumerated().map { i, name in
      let study = dir.appendingPathComponent("study-\(i)")
      try FileManager.default.createDirectory(at: study, withIntermediateDirectories: true)
      var copy = results
      copy.config.name = name
      try copy.encoded().write(to: study.appendingPathComponent("results.json"))
      let report = try CLI.run(["report", study.path], in: dir)
      try #require(report.status == 0, "\(report.stderr)")
      return study
    }
  }

  @Test func siteListsEveryStudyAndGrowsOnARerun() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let studies = try Self.studies(["Tiny study", "Tiny study", Self.hostileName], in: dir)
    let site = dir.appendingPathComponent("site")

    let first = try CLI.run(["site", site.path, studies[0].path, studies[1].path], in: dir)
    #expect(first.status == 0, "\(first.stderr)")
    let manifest = try SiteManifest.decode(from: Data(contentsOf: site.appendingPathComponent("site.json")))
    #expect(manifest.studies.map(\.folder) == ["tiny-study", "tiny-study-2"], "one name, two folders")
    for folder in ["tiny-study", "tiny-study-2"] {
      let report = site.appendingPathComponent("\(folder)/index.html")
      // The study's report, rendered again with a link back to the index above its title.
      let page = try String(contentsOf: report, encoding: .utf8)
      let own = try String(contentsOf: studies[0].appendingPathComponent("report.html"), encoding: .utf8)
      let back = "<nav class=\"back\"><a href=\"../index.html\">← All studies of this site</a></nav>\n"
      #expect(page.contains(back) && !own.contains("<nav class=\"back\">"))
      #expect(page.replacingOccurrences(of: back, with: "") == own)
      #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("\(folder)/figures/smr.svg").path))
    }

    // A rerun with one more study (and one already there) adds it and keeps the others.
    let second = try CLI.run(["site", site.path, studies[2].path, studies[0].path, "--title", "Our <studies>"], in: dir)
    #expect(second.status == 0, "\(second.stderr)")
    let grown = try SiteManifest.decode(from: Data(contentsOf: site.appendingPathComponent("site.json")))
    #expect(grown.studies.map(\.folder) == ["tiny-study", "tiny-study-2", "script-alert-1-script-q-a-100-x-1-b-end-document"])
    let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
    #expect(index.contains("<title>Our &lt;studies&gt;</title>"))
    #expect(index.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39;"))
    #expect(!index.contains("<script"), "the hostile name is text, not markup")
    #expect(index.contains("<a href=\"tiny-study-2/index.html\">Tiny study</a>"))
    #expect(index.contains("id=\"fig-site-smr\""))
    #expect(try !FileManager.default.contentsOfDirectory(atPath: site.path).contains { $0.hasPrefix(".staging") })

    // A third run without --title keeps the title.
    let third = try CLI.run(["site", site.path, studies[1].path], in: dir)
    #expect(third.status == 0, "\(third.stderr)")
    #expect(try SiteManifest.decode(from: Data(contentsOf: site.appendingPathComponent("site.json"))).title == "Our <studies>")
  }

  @Test func siteRefusesBadInputAndWritesNothing() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let study = try Self.studies(["Tiny study"], in: dir)[0]
    let site = dir.appendingPathComponent("site").path
    let noResults = dir.appendingPathComponent("empty")
    try FileManager.default.createDirectory(at: noResults, withIntermediateDirectories: true)
    let foreign = dir.appendingPathComponent("foreign")
    try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
    try Data("mine".utf8).write(to: foreign.appendingPathComponent("notes.txt"))
    let broken = dir.appendingPathComponent("broken")
    try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
    try Data("{".utf8).write(to: broken.appendingPathComponent("results.json"))

    let cases: [([String], String)] = [
      (["site", site], "name at least one study directory"),
      (["site", site, study.path, dir.appendingPathComponent("missing").path], "missing is not a directory"),
      (["site", site, noResults.path], "holds no results.json"),
      (["site", site, broken.path], "is not a memstudy results file"),
      (["site", foreign.path, study.path], "holds no site.json, so it is not a memstudy site"),
      (["site", foreign.appendingPathComponent("notes.txt").path, study.path], "is a file"),
      (["site", site, study.path, "--title", " "], "--title: empty"),
    ]
    for (arguments, message) in cases {
      let outcome = try CLI.run(arguments, in: dir)
      #expect(outcome.status == 2, "\(arguments): \(outcome.stderr)")
      #expect(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: site), "nothing written")
    #expect(try FileManager.default.contentsOfDirectory(atPath: foreign.path) == ["notes.txt"])

    // A hand-edited manifest cannot send the site outside its folder.
    let good = try CLI.run(["site", site, study.path], in: dir)
    #expect(good.status == 0, "\(good.stderr)")
    let manifestURL = URL(fileURLWithPath: site).appendingPathComponent("site.json")
    let text = try String(contentsOf: manifestURL, encoding: .utf8)
    try text.replacingOccurrences(of: "\"tiny-study\"", with: "\"../escape\"").write(to: manifestURL, atomically: true, encoding: .utf8)
    let edited = try CLI.run(["site", site, study.path], in: dir)
    #expect(edited.status == 2)
    #expect(edited.stderr.contains("names the folder \"../escape\""))
  }

  /// Figures are drawn for the document's text width (tick labels 8.5 pt there): 600 px for
  /// the default 15 cm, the report's 720 px for a wide one, 480 px at least; a width outside
  /// 6…40 cm is refused.
  @Test func exportDrawsFiguresForTheTextWidth() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let study = try Self.studies(["Tiny study"], in: dir)[0]
    let results = try StudyResults.decode(from: Data(contentsOf: study.appendingPathComponent("results.json")))
    for (width, pixels) in [(15.0, 600.0), (6.0, 480.0), (30.0, 720.0)] {
      let export = LaTeXExport(results, generator: "test", textWidth: width)
      #expect(export.figures.allSatisfy { $0.svg.contains("viewBox=\"0 0 \(Int(pixels)) ") }, "\(width) cm: \(pixels) px")
      let readme = try #require(export.files.first { $0.path == "README.tex" }).text
      #expect(readme.contains("drawn for a text width of \(Int(width)) cm"))
    }
    let narrow = try CLI.run(["export", study.path, "--latex", dir.appendingPathComponent("tex").path, "--figure-width", "3"], in: dir)
    #expect(narrow.status == 2)
    #expect(narrow.stderr.contains("--figure-width 3.0 is not allowed; expected a width in cm from 6 to 40"))
  }

  @Test func exportWritesTablesFiguresBibliographyAndReadme() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let study = try Self.studies([Self.hostileName], in: dir)[0]
    let out = dir.appendingPathComponent("tex")
    let outcome = try CLI.run(["export", study.path, "--latex", out.path], in: dir)
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let fm = FileManager.default
    #expect(try fm.contentsOfDirectory(atPath: out.appendingPathComponent("tables").path).sorted() == ["generalisation.tex", "held-memory.tex", "indicators.tex", "problems.tex", "provenance.tex", "recommendations.tex"])
    let figures = try fm.contentsOfDirectory(atPath: out.appendingPathComponent("figures").path).sorted()
    #expect(figures.contains("smr.pdf") && figures.allSatisfy { $0.hasSuffix(".pdf") })
    for figure in figures {
      let pdf = try Data(contentsOf: out.appendingPathComponent("figures/\(figure)"))
      #expect(pdf.starts(with: Data("%PDF-".utf8)), "\(figure) is a PDF")
    }
    let readme = try String(contentsOf: out.appendingPathComponent("README.tex"), encoding: .utf8)
    #expect(readme.contains("\\def\\memstudydir{\\memstudyroot/\(out.lastPathComponent)}"), "paths start at the export's folder")
    #expect(readme.contains("\\memstudyfit{\\input{\\memstudydir/tables/indicators}}"))
    #expect(readme.contains("\\includegraphics[width=\\linewidth]{\\memstudydir/figures/smr.pdf}"))
    #expect(readme.contains("\\textless{}script\\textgreater{}alert(1)\\textless{}/script\\textgreater{} \\& ''q'' 'a' 100\\% \\ensuremath{\\$}x\\_1\\ensuremath{\\$} \\{b\\} \\textbackslash{}end\\{document\\} ?"))
    #expect(!readme.contains("\\end{document}"))
    let bib = try String(contentsOf: out.appendingPathComponent("memstudy.bib"), encoding: .utf8)
    #expect(bib.contains("@misc{memstudy,") && bib.contains("eprint        = {2002.07422}"))
    #expect(try !fm.contentsOfDirectory(atPath: out.path).contains { $0.hasPrefix(".staging") })

    // Again into the same folder: every file is replaced, a file of the user's is kept.
    try Data("mine".utf8).write(to: out.appendingPathComponent("notes.tex"))
    let again = try CLI.run(["export", study.path, "--latex", out.path], in: dir)
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try fm.contentsOfDirectory(atPath: out.appendingPathComponent("tables").path).sorted() == ["generalisation.tex", "held-memory.tex", "indicators.tex", "problems.tex", "provenance.tex", "recommendations.tex"])
    #expect(try String(contentsOf: out.appendingPathComponent("README.tex"), encoding: .utf8) == readme)
    #expect(try fm.contentsOfDirectory(atPath: out.path).sorted() == [".memstudy-export", "README.tex", "figures", "memstudy.bib", "notes.tex", "tables"])

    // The new export replaces the previous one as a set: a file the previous one wrote and this
    // one does not (a figure no longer drawn) goes; a file the record does not own stays.
    let record = out.appendingPathComponent(".memstudy-export")
    try (String(contentsOf: record, encoding: .utf8) + "figures/gone.pdf\n../escape.tex\n").write(to: record, atomically: true, encoding: .utf8)
    try Data("old".utf8).write(to: out.appendingPathComponent("figures/gone.pdf"))
    try Data("outside".utf8).write(to: dir.appendingPathComponent("escape.tex"))
    #expect(try CLI.run(["export", study.path, "--latex", out.path], in: dir).status == 0)
    #expect(!fm.fileExists(atPath: out.appendingPathComponent("figures/gone.pdf").path))
    #expect(fm.fileExists(atPath: dir.appendingPathComponent("escape.tex").path))
  }

  /// export writes only into a new or empty folder or one of its own exports (like run), unless
  /// --force; an empty --latex is refused, not taken as the current directory.
  @Test func exportRefusesAFolderItDidNotWrite() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let study = try Self.studies(["Tiny study"], in: dir)[0]
    let thesis = dir.appendingPathComponent("thesis")
    try FileManager.default.createDirectory(at: thesis, withIntermediateDirectories: true)
    try Data("\\documentclass{report}".utf8).write(to: thesis.appendingPathComponent("README.tex"))
    let refused = try CLI.run(["export", study.path, "--latex", thesis.path], in: dir)
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("holds files memstudy did not write (README.tex)"), "\(refused.stderr)")
    #expect(try String(contentsOf: thesis.appendingPathComponent("README.tex"), encoding: .utf8) == "\\documentclass{report}")
    let empty = try CLI.run(["export", study.path, "--latex", ""], in: dir)
    #expect(empty.status == 2 && empty.stderr.contains("--latex is empty"), "\(empty.stderr)")
    #expect(try CLI.run(["export", study.path, "--latex", dir.appendingPathComponent("new").path], in: dir).status == 0)
    let forced = try CLI.run(["export", study.path, "--latex", dir.appendingPathComponent("other").path, "--force"], in: dir)
    #expect(forced.status == 0, "\(forced.stderr)")
  }

  @Test func exportNamesWhatIsMissing() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let noFormat = try CLI.run(["export", dir.path], in: dir)
    #expect(noFormat.status == 2)
    #expect(noFormat.stderr.contains("choose a format: --latex OUT"))
    let noStudy = try CLI.run(["export", dir.path, "--latex", dir.appendingPathComponent("tex").path], in: dir)
    #expect(noStudy.status == 2)
    #expect(noStudy.stderr.contains("holds no results.json"))
    #expect(throws: PublishInputError.self) { try ExportOutputs.rsvgConvert(path: dir.path) }
    do {
      _ = try ExportOutputs.rsvgConvert(path: "")
    } catch let error as PublishInputError {
      #expect(error.description.contains("rsvg-convert was not found on PATH") && error.description.contains("librsvg2-bin"))
    }
  }
}

extension PublishCommandTests {
  /// Every output path a user can give, made unusable in each way a path can be: under a
  /// file, a file where a folder goes, a folder where a file goes, too long. Each command
  /// refuses it by name with exit status 2, never with Foundation's own dump ("Domain=…",
  /// "Code=512") nor a crash.
  @Test func unusableOutputPathsAreRefusedInWords() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let study = try Self.studies(["Paths"], in: dir)[0]
    let file = dir.appendingPathComponent("a-file")
    try "x".write(to: file, atomically: true, encoding: .utf8)
    let long = dir.appendingPathComponent(String(repeating: "n", count: 300)).path
    let paths = [file.appendingPathComponent("under").path, file.path, long]
    for path in paths {
      let commands = [
        ["export", study.path, "--latex", path], ["site", path, study.path],
        ["run", "--config", dir.appendingPathComponent("tiny.yaml").path, "--out", path],
      ]
      for arguments in commands {
        let outcome = try CLI.run(arguments, in: dir)
        let shown = "\(arguments[0]) into \(path.suffix(40)): \(outcome)"
        #expect(outcome.status == 2 && !outcome.signalled, "\(shown)")
        #expect(!outcome.stderr.contains("Domain=") && !outcome.stderr.contains("Code="), "\(shown)")
        #expect(outcome.stderr.contains(String(path.prefix(60))) || outcome.stderr.contains(String(path.suffix(20))), "the path is named: \(shown)")
      }
    }
  }
}
