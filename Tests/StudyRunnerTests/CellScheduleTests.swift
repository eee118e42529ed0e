import Analysis
import Foundation
import Testing
@testable import StudyRunner

/// The cost estimate, the longest-first order and the shard partition: deterministic, every
/// cell exactly once, balanced; and a cell's numbers do not depend on the order cells train in.
@Suite struct CellScheduleTests {
  static let paper = try! Preset.paper.config()

  func schedule(_ config: StudyConfig = paper) -> CellSchedule {
    CellSchedule(config: config, inputDimension: config.space.declaredSize?.dimension ?? 1)
  }

  @Test func costGrowsWithEverySizeOfTheWork() {
    let c = Self.paper
    func cost(_ unit: UnitKind, _ h: Int, _ l: Int, _ config: StudyConfig = CellScheduleTests.paper) -> Double {
      config.estimatedCost(of: CellSpec(unit: unit, hidden: h, trainLength: l, seed: 1), inputDimension: 32)
    }
    #expect(cost(.gru, 128, 160) > cost(.gru, 64, 160))
    #expect(cost(.gru, 64, 160) > cost(.gru, 64, 80))
    #expect(cost(.lstm, 64, 80) > cost(.gru, 64, 80), "four gate blocks against three")
    #expect(cost(.gru, 64, 80) > cost(.vrnn, 64, 80))
    var longer = c
    longer.training.maxSteps *= 2
    #expect(cost(.vrnn, 64, 5, longer) > cost(.vrnn, 64, 5))
    var moreTests = c
    moreTests.evaluation.sequences *= 2
    #expect(cost(.vrnn, 64, 5, moreTests) > cost(.vrnn, 64, 5))
    // A second layer costs about as much again as the first, and a third more still; the
    // memory estimate counts the layers too.
    let deep = { (k: Int) in c.estimatedCost(of: CellSpec(unit: .lstm, hidden: 64, layers: k, trainLength: 80, seed: 1), inputDimension: 32) }
    #expect(deep(2) > 1.5 * deep(1) && deep(3) > deep(2))
    var stacked = c
    stacked.layers = [1, 2]
    #expect(stacked.memoryEstimate(vocab: 32, dimension: 32).bytes > c.memoryEstimate(vocab: 32, dimension: 32).bytes)
    #expect(CellSchedule(config: stacked, inputDimension: 32).grid.count == 2 * StudyGrid(c).cells.count)
    // The seed changes nothing.
    #expect(c.estimatedCost(of: CellSpec(unit: .lstm, hidden: 64, trainLength: 20, seed: 1), inputDimension: 32)
      == c.estimatedCost(of: CellSpec(unit: .lstm, hidden: 64, trainLength: 20, seed: 9), inputDimension: 32))
  }

  @Test func longestFirstStartsWithTheLongestCellsOfTheWholeGrid() {
    let s = schedule()
    let order = s.longestFirst(s.grid)
    #expect(Set(order) == Set(s.grid) && order.count == s.grid.count)
    let costs = order.map { Self.paper.estimatedCost(of: $0, inputDimension: 32) }
    #expect(costs == costs.sorted(by: >))
    // The grid lists vrnn first; the schedule starts with the H = 128, L = 160 gated cells.
    #expect(order.prefix(6).allSatisfy { $0.hidden == 128 && $0.trainLength == 160 && $0.unit != .vrnn })
    // Ties (seeds) keep the grid order.
    #expect(order.prefix(3).map(\.seed) == [1, 2, 3])
  }

  @Test(arguments: [1, 2, 3, 5, 8, 108, 500])
  func shardsCoverTheGridOnceAndAreBalanced(count: Int) throws {
    let s = schedule()
    let shards = try (0..<count).map { try s.cells(of: Shard(index: $0, count: count)) }
    let all = shards.flatMap { $0 }
    #expect(all.count == s.grid.count && Set(all) == Set(s.grid), "every cell in exactly one shard")
    // Recomputed from scratch, the partition is the same.
    #expect(try (0..<count).map { try schedule().cells(of: Shard(index: $0, count: count)) } == shards)
    // LPT's bound: no shard carries more than the mean plus the largest cell.
    let (_, loads) = s.shardIndices(count: count)
    let mean = s.costs.reduce(0, +) / Double(count)
    #expect(loads.max()! <= mean + s.costs.max()! * (1 + 1e-12))
    // Each shard trains its longest cells first.
    for cells in shards {
      let costs = cells.map { Self.paper.estimatedCost(of: $0, inputDimension: 32) }
      #expect(costs == costs.sorted(by: >))
    }
    // Shards past the number of cells are empty.
    if count > s.grid.count { #expect(shards[s.grid.count...].allSatisfy { $0.isEmpty }) }
  }

  @Test func twoShardsOfThePaperPresetCarryNearlyEqualWork() {
    let (_, loads) = schedule().shardIndices(count: 2)
    #expect(abs(loads[0] - loads[1]) / loads.reduce(0, +) < 0.01)
  }

  @Test(arguments: ["3/3", "-1/2", "1/0", "a/b", "1", "1/2/3", "", " 0/2"])
  func badShardsAreRejected(text: String) {
    #expect(throws: ShardError.self) { try Shard(parsing: text) }
  }

  @Test func shardsParse() throws {
    #expect(try Shard(parsing: "0/1") == Shard(index: 0, count: 1))
    #expect(try Shard(parsing: "4/5").description == "4/5")
  }

  /// The same cells trained in grid order and in reverse give the same numbers: the order
  /// the schedule picks can never change a result.
  @Test func cellsTrainTheSameInAnyOrder() throws {
    let config = try ConfigLoader.load(yaml: tinyConfig, source: "tiny")
    let runner = CellRunner(space: try SemanticSpace.make(config.space), config: config)
    let cells = StudyGrid(config).cells
    var forward = try cells.map { try runner.run($0) }
    var backward = try cells.reversed().map { try runner.run($0) }.reversed() as [CellResult]
    for i in forward.indices {
      forward[i].wallSeconds = 0
      backward[i].wallSeconds = 0
    }
    #expect(forward == backward)
  }
}
