/// One grid cell of a study: a unit at a hidden size and depth, trained at one length with one
/// seed.
public struct CellSpec: Hashable, Codable, Sendable, CustomStringConvertible {
  public var unit: UnitKind
  public var hidden: Int
  /// Stacked layers `K`.
  @LayerCount public var layers: Int
  public var trainLength: Int
  public var seed: Int

  public init(unit: UnitKind, hidden: Int, layers: Int = 1, trainLength: Int, seed: Int) {
    self.unit = unit
    self.hidden = hidden
    self.layers = layers
    self.trainLength = trainLength
    self.seed = seed
  }

  public var description: String {
    "\(unit.rawValue) H=\(hidden)\(layers == 1 ? "" : " K=\(layers)") L=\(trainLength) seed=\(seed)"
  }
}
