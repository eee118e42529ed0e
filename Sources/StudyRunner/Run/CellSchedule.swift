import Analysis

/// The order cells train in and how a grid splits into shards, both from the estimated cost
/// of each cell (`StudyConfig.estimatedCost`) and the grid order alone, so every process that
/// reads the same config computes the same schedule. A cell's numbers never depend on it:
/// each cell draws from generators seeded by the cell alone.
struct CellSchedule: Sendable {
  /// The grid in its order (`StudyGrid.cells`).
  public let grid: [CellSpec]
  /// The estimated cost of each cell of `grid`, index for index.
  public let costs: [Double]

  public init(config: StudyConfig, inputDimension: Int) {
    grid = StudyGrid(config).cells
    costs = grid.map { config.estimatedCost(of: $0, inputDimension: inputDimension) }
  }

  /// Grid indices, most expensive first; equal costs keep the grid order.
  var longestFirstIndices: [Int] {
    grid.indices.sorted { costs[$0] != costs[$1] ? costs[$0] > costs[$1] : $0 < $1 }
  }

  /// `cells`, most expensive first (ties in grid order): started early, the long cells do not
  /// keep one worker busy after the others have finished.
  func longestFirst(_ cells: [CellSpec]) -> [CellSpec] {
    let wanted = Set(cells)
    return longestFirstIndices.map { grid[$0] }.filter { wanted.contains($0) }
  }

  /// The grid indices of each of `count` shards, each most expensive first: longest
  /// processing time first, every cell in turn to the least-loaded shard (the lowest index on
  /// a tie). A shard's load is then at most the mean load plus the largest cell's cost.
  /// Shards past the number of cells stay empty, so `count` allocates nothing.
  func shardIndices(count: Int) -> (indices: [[Int]], loads: [Double]) {
    let used = max(1, min(count, grid.count))
    var indices = Array(repeating: [Int](), count: used)
    var loads = Array(repeating: 0.0, count: used)
    for index in longestFirstIndices {
      var lightest = 0
      for k in 1..<used where loads[k] < loads[lightest] { lightest = k }
      indices[lightest].append(index)
      loads[lightest] += costs[index]
    }
    return (indices, loads)
  }

  /// The cells of shard `shard`, most expensive first.
  public func cells(of shard: Shard) -> [CellSpec] {
    let (indices, _) = shardIndices(count: shard.count)
    return shard.index < indices.count ? indices[shard.index].map { grid[$0] } : []
  }

  /// The estimated cost of each of `cells`.
  func costs(of cells: [CellSpec]) -> [CellSpec: Double] {
    let wanted = Set(cells)
    var costs: [CellSpec: Double] = [:]
    for (cell, cost) in zip(grid, self.costs) where wanted.contains(cell) { costs[cell] = cost }
    return costs
  }

  /// The estimated cost of `cells` as a fraction of the whole grid's.
  public func share(of cells: [CellSpec]) -> Double {
    let wanted = Set(cells)
    let total = costs.reduce(0, +)
    let part = grid.indices.filter { wanted.contains(grid[$0]) }.reduce(0.0) { $0 + costs[$1] }
    return total > 0 ? part / total : 0
  }
}

/// Shard `index` of `count` (0-based) of a study's grid: `memstudy run --shard K/N`.
public struct Shard: Hashable, Sendable, CustomStringConvertible {
  public let index: Int
  public let count: Int

  public init(index: Int, count: Int) throws(ShardError) {
    guard count >= 1 else {
      throw ShardError(description: "--shard \(index)/\(count): N must be at least 1")
    }
    guard (0..<count).contains(index) else {
      throw ShardError(description: "--shard \(index)/\(count): K must be between 0 and \(count - 1) (shards are numbered from 0)")
    }
    self.index = index
    self.count = count
  }

  /// Parses `K/N`, e.g. `0/4`.
  public init(parsing text: String) throws(ShardError) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
      throw ShardError(description: "--shard \(text): expected K/N with integers 0 ≤ K < N, e.g. 0/4")
    }
    try self.init(index: k, count: n)
  }

  public var description: String { "\(index)/\(count)" }
}

public struct ShardError: Error, CustomStringConvertible {
  public let description: String
}
