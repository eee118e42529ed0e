import Analysis
import Foundation
import Testing
@testable import StudyRunner

/// Depth as an axis of the grid (`layers`), through the real executable: the cells stack the
/// layers, their weights load into a K-layer model and `evaluate` reproduces the study's
/// numbers from them; one- and two-worker runs write the same data; the outputs name the depth
/// wherever they name the hidden size; one-layer cells keep their names and weights.
@Suite struct DepthTests {
  static let config = tinyConfig
    .replacingOccurrences(of: "units: [vrnn, gru]", with: "units: [lstm, gru]")
    .replacingOccurrences(of: "hidden: [8]", with: "hidden: [8]\nlayers: [1, 2]")

  @Test func aGridOfDepthsTrainsStackedCellsThatEvaluateReproduces() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try Self.config.write(to: dir.appendingPathComponent("depth.yaml"), atomically: true, encoding: .utf8)
    let one = try CLI.run(["run", "--config", "depth.yaml", "--out", "one", "--jobs", "1"], in: dir)
    #expect(one.status == 0, "\(one.stderr)")
    let two = try CLI.run(["run", "--config", "depth.yaml", "--out", "two", "--jobs", "2"], in: dir)
    #expect(two.status == 0, "\(two.stderr)")
    for file in ["indicators.csv", "curves.csv"] {
      let a = try Data(contentsOf: dir.appendingPathComponent("one/\(file)"))
      #expect(a == (try Data(contentsOf: dir.appendingPathComponent("two/\(file)"))), "\(file)")
    }
    let results = try StudyOutputs.readResults(in: dir.appendingPathComponent("one"))
    #expect(results.cells.count == 2 * 2 * 2 * 2)
    #expect(Set(results.cells.map(\.layers)) == [1, 2])
    #expect(results.recommendations.map { "\($0.unit.rawValue)\($0.layers)" } == ["lstm1", "lstm2", "gru1", "gru2"])

    // The terminal table and the CSV files name the depth.
    #expect(one.stdout.contains("unit          H    K    L*"), "\(one.stdout)")
    let csv = try String(contentsOf: dir.appendingPathComponent("one/indicators.csv"), encoding: .utf8)
    #expect(csv.hasPrefix("unit,hidden,layers,train_length,"))
    #expect(csv.contains("\nlstm,8,2,6,6,1,smr,"))

    // A 2-layer cell's weights are a torch.nn.LSTM(num_layers=2) state dict that evaluate
    // reads whole, giving the study's own numbers.
    let cell = try #require(results.cells.first { $0.unit == .lstm && $0.layers == 2 && $0.trainLength == 6 && $0.seed == 1 })
    let weights = dir.appendingPathComponent("one/cells/lstm-h8-k2-l6-s1.safetensors")
    let model = try RecurrentModel<Float>.load(safeTensors: Data(contentsOf: weights), unit: .lstm)
    #expect(model.layers == 2 && model.layout["rnn.weight_ih_l1"]?.shape == [32, 8])
    let outcome = try CLI.run(
      ["evaluate", "--weights", weights.path, "--unit", "lstm", "--vocab", "4", "--length", "6",
       "--sequences", "64", "--seed", "1"], in: dir)
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let evaluated = try StudyResults.makeDecoder().decode(EvalResult.self, from: Data(outcome.stdout.utf8))
    #expect(evaluated == cell.eval.first { $0.length == 6 })

    // The report: a K column beside H's place, the depth in the panel titles and the method.
    let html = try String(contentsOf: dir.appendingPathComponent("one/report.html"), encoding: .utf8)
    #expect(html.contains("<th scope=\"col\" class=\"num\">K</th>"))
    #expect(html.contains("K = 2"))
    #expect(html.contains("num_layers=K"))
    #expect(html.contains("hidden size 8, 1 and 2 stacked layers"))

    // The site names the depth too: a K column, and the depths as a factor of the grid.
    let site = try CLI.run(["site", "site", "one"], in: dir)
    #expect(site.status == 0, "\(site)")
    let index = try String(contentsOf: dir.appendingPathComponent("site/index.html"), encoding: .utf8)
    #expect(index.contains("2 × 1 × 2 × 2 × 2 = 16"), "the grid of units × H × K × L × seeds")
    #expect(index.contains("× depths (K, stacked layers) ×"))

    // One-layer cells are the cells a study without the axis trains, bit for bit.
    let plain = tinyConfig.replacingOccurrences(of: "units: [vrnn, gru]", with: "units: [lstm, gru]")
    try plain.write(to: dir.appendingPathComponent("plain.yaml"), atomically: true, encoding: .utf8)
    let flat = try CLI.run(["run", "--config", "plain.yaml", "--out", "plain"], in: dir)
    #expect(flat.status == 0, "\(flat.stderr)")
    let deepWeights = try Data(contentsOf: dir.appendingPathComponent("one/cells/gru-h8-l3-s2.safetensors"))
    let flatWeights = try Data(contentsOf: dir.appendingPathComponent("plain/cells/gru-h8-l3-s2.safetensors"))
    #expect(deepWeights == flatWeights)
    let flatCSV = try String(contentsOf: dir.appendingPathComponent("plain/indicators.csv"), encoding: .utf8)
    let oneLayerRows = csv.split(separator: "\n").filter { $0.split(separator: ",")[2] == "1" }
    #expect(oneLayerRows == Array(flatCSV.split(separator: "\n").dropFirst()))
  }

  @Test(arguments: [
    ("layers: [0]", "layers[0]"), ("layers: [1, 1]", "repeats a value"), ("layers: [9]", "9 is not allowed"),
    ("layers: two", "layers"),
  ])
  func badDepthsAreRefusedNamingTheKey(line: String, expected: String) throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let config = tinyConfig.replacingOccurrences(of: "hidden: [8]", with: "hidden: [8]\n\(line)")
    try config.write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
    let outcome = try CLI.run(["run", "--config", "bad.yaml", "--out", "study"], in: dir)
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains(expected), "\(outcome.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("study").path))
  }
}
