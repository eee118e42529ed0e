import Analysis
import Testing

@testable import ReportGen

/// The provenance table names shards and hosts only when the cells did not all come from the
/// run that wrote the results.
@Suite struct ProvenanceTableTests {
  func rows(_ trainedBy: [CellOrigin]?, host: String = "here") throws -> [String: String] {
    var results = try fixtureResults()
    results.provenance.host = host
    results.provenance.trainedBy = trainedBy
    return Dictionary(uniqueKeysWithValues: ReportTables.cellOrigins(results))
  }

  @Test func aStudyTrainedByOneRunSaysNothingMore() throws {
    #expect(try rows(nil).isEmpty)
    #expect(try rows([CellOrigin(host: "here", shard: nil, cells: 8)]).isEmpty)
  }

  @Test func shardsAndHostsAreNamed() throws {
    let r = try rows([
      CellOrigin(host: "here", shard: nil, cells: 1),
      CellOrigin(host: "node1", shard: "0/2", cells: 4),
      CellOrigin(host: "node2", shard: "1/2", cells: 3),
      CellOrigin(host: "node1", shard: "0/1", cells: 2),
    ])
    #expect(r["Trained as"] == "1 shard (memstudy run --shard K/1) and 2 shards (memstudy run --shard K/2): 9 cells; 1 cell by the run that wrote the results")
    #expect(r["Cells trained on"] == "here (1 cell), node1 (6 cells), node2 (3 cells)")
    #expect(r["Cell time in all"] != nil)
  }

  @Test func cellsFromAnotherHostAreNamedWithoutShards() throws {
    let r = try rows([CellOrigin(host: "laptop", shard: nil, cells: 3), CellOrigin(host: "here", shard: nil, cells: 5)])
    #expect(r["Trained as"] == nil)
    #expect(r["Cells trained on"] == "here (5 cells), laptop (3 cells)")
  }

  /// A results file that claims more cells than it holds is refused before the table sums them.
  @Test func implausibleCellCountsAreRefusedOnRead() throws {
    var results = try fixtureResults()
    #expect(results.problems.isEmpty)
    results.provenance.trainedBy = [CellOrigin(host: "a", shard: "0/2", cells: Int.max), CellOrigin(host: "b", shard: "1/2", cells: Int.max)]
    #expect(results.problems.contains { $0.hasPrefix("provenance.trained_by[0].cells") })
    results.provenance.trainedBy = [CellOrigin(host: "a", shard: "0/2", cells: results.cells.count), CellOrigin(host: "b", shard: "1/2", cells: 1)]
    #expect(results.problems.contains { $0.hasPrefix("provenance.trained_by:") })
  }
}
