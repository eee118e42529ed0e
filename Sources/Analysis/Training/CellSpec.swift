/// One grid cell of a study: a unit at a hidden size, trained at one length with one seed.
public struct CellSpec: Hashable, Codable, Sendable, CustomStringConvertible {
  public var unit: UnitKind
  public var hidden: Int
  public var trainLength: Int
  public var seed: Int

  public init(unit: UnitKind, hidden: Int, trainLength: Int, seed: Int) {
    self.unit = unit
    self.hidden = hidden
    self.trainLength = trainLength
    self.seed = seed
  }

  public var description: String { "\(unit.rawValue) H=\(hidden) L=\(trainLength) seed=\(seed)" }
}
