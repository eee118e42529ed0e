import Foundation
import Testing
@testable import Analysis
@testable import StudyRunner

/// `memstudy probe` through the real executable: a PyTorch-style language model checkpoint, its
/// vocabulary and a corpus give a study directory whose numbers do not depend on `--jobs`; bad
/// input exits 2 naming the problem, before anything is written.
@Suite struct ProbeCommandTests {
  /// A 2-layer GRU language model over 30 words, a vocabulary file and a corpus in `dir`.
  static func inputs(in dir: URL) throws {
    var rng = RandomGenerator(seed: 11)
    let (vocab, input, hidden) = (30, 6, 8)
    let model = RecurrentModel<Float>(unit: .gru, inputSize: input, hiddenSize: hidden, outputSize: 1, layers: 2, using: &rng)
    var tensors: [(String, SafeTensors.Tensor)] = [
      ("encoder.weight", SafeTensors.Tensor(shape: [vocab, input], values: (0..<(vocab * input)).map { _ in rng.normal() }))
    ]
    tensors += model.layout.entries.filter { $0.name.hasPrefix("rnn.") }.map {
      ($0.name, SafeTensors.Tensor(shape: $0.shape, values: model.parameters[$0.range].map { Double($0) * 3 }))
    }
    tensors.append(("decoder.weight", SafeTensors.Tensor(shape: [vocab, hidden], values: .init(repeating: 0, count: vocab * hidden))))
    try SafeTensors.write(tensors, dtype: .f32).write(to: dir.appendingPathComponent("lm.safetensors"))
    let words = (0..<vocab).map { "word\($0)" }
    try (words.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
    let lines = (0..<600).map { _ in (0..<(5 + rng.nextInt(below: 20))).map { _ in words[rng.nextInt(below: vocab)] }.joined(separator: " ") }
    try (lines.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("corpus.txt"), atomically: true, encoding: .utf8)
  }

  static let common = ["probe", "--weights", "lm.safetensors", "--vocab", "vocab.txt", "--corpus", "corpus.txt", "--lengths", "3,6", "--sequences", "64"]

  @Test func aLanguageModelIsProbedIntoAStudyDirectory() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try Self.inputs(in: dir)
    let one = try CLI.run(Self.common + ["--out", "one", "--jobs", "1"], in: dir)
    #expect(one.status == 0, "\(one.stderr)")
    let two = try CLI.run(Self.common + ["--out", "two", "--jobs", "2"], in: dir)
    #expect(two.status == 0, "\(two.stderr)")
    for file in ["indicators.csv", "curves.csv"] {
      #expect(try Data(contentsOf: dir.appendingPathComponent("one/\(file)")) == Data(contentsOf: dir.appendingPathComponent("two/\(file)")), "\(file)")
    }
    let results = try StudyOutputs.readResults(in: dir.appendingPathComponent("one"))
    let probe = try #require(results.probe)
    #expect(probe.unit == .gru && probe.layers == 2 && probe.hidden == 8 && probe.prefix == "rnn." && probe.embedding == "encoder.weight")
    #expect(probe.ignored == ["decoder.weight [30, 8]"])
    #expect(results.cells.count == 2 * 3)
    for cell in results.cells {
      let e = try #require(cell.eval.first)
      #expect(cell.eval.count == 1 && e.length == cell.trainLength)
      #expect(e.smrSub != nil && e.memoryRateSub?.count == cell.trainLength)
    }
    let html = try String(contentsOf: dir.appendingPathComponent("one/report.html"), encoding: .utf8)
    #expect(html.contains("The probed network"))
    #expect(html.contains("a GRU of 2 stacked layers, hidden size 8"))
    #expect(!html.contains("Training loss"))
    // The report re-renders from the results, and the LaTeX export has no training-loss figure.
    let rerender = try CLI.run(["report", "one"], in: dir)
    #expect(rerender.status == 0, "\(rerender)")
    #expect(try String(contentsOf: dir.appendingPathComponent("one/report.html"), encoding: .utf8).contains("The probed network"))
    let export = try CLI.run(["export", "one", "--latex", "tex"], in: dir)
    #expect(export.status == 0, "\(export)")
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("tex/figures/smr.pdf").path))
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("tex/figures/loss.pdf").path))
    // --state all reads every layer's state: other probes, the same kind of study.
    let all = try CLI.run(Self.common + ["--out", "all", "--state", "all"], in: dir)
    #expect(all.status == 0, "\(all.stderr)")
    #expect(try StudyOutputs.readResults(in: dir.appendingPathComponent("all")).probe?.state == .all)
    // --vectors: the centroids in another space, over the words both have (20 of the 30, and
    // one the model lacks).
    let rows = (0..<20).map { (i: Int) -> String in
      let values: [String] = (0..<5).map { (j: Int) -> String in String(Double((i * 7 + j * 3) % 11) / 10) }
      return "word\(i) " + values.joined(separator: " ")
    }
    try ((rows + ["stranger 1 2 3 4 5"]).joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("other.vec"), atomically: true, encoding: .utf8)
    let other = try CLI.run(Self.common + ["--out", "other", "--vectors", "other.vec"], in: dir)
    #expect(other.status == 0, "\(other.stderr)")
    let otherResults = try StudyOutputs.readResults(in: dir.appendingPathComponent("other"))
    #expect(otherResults.probe?.vectors == "other.vec" && otherResults.corpus?.vocabulary == 20 && otherResults.corpus?.dimension == 5)
  }

  @Test(arguments: [
    (["--lengths", "3,x"], "--lengths"),
    (["--lengths", "0"], "--lengths"),
    (["--resamples", "1"], "--resamples 1"),
    (["--vocab", "missing.txt"], "--vocab missing.txt: does not exist"),
    (["--weights", "vocab.txt"], "--weights vocab.txt"),
    (["--prefix", "encoder."], "--prefix encoder."),
    (["--unit", "lstm"], "not a lstm"),
    (["--lengths", "3,50000"], "50000 is longer than any"),
  ])
  func badInputExitsTwoNamingItAndWritesNothing(extra: [String], expected: String) throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try Self.inputs(in: dir)
    var arguments = Self.common + ["--out", "study"]
    // A later option replaces an earlier one.
    for i in stride(from: 0, to: extra.count, by: 2) {
      if let at = arguments.firstIndex(of: extra[i]) { arguments.removeSubrange(at...(at + 1)) }
    }
    let outcome = try CLI.run(arguments + extra, in: dir)
    #expect(outcome.status == 2, "\(extra): \(outcome.stderr)")
    #expect(outcome.stderr.contains(expected), "\(extra): \(outcome.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("study").path))
  }
}
