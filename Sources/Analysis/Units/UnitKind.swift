/// The recurrent units the study compares.
public enum UnitKind: String, Codable, CaseIterable, Sendable, CustomStringConvertible {
  /// Elman network with tanh (`torch.nn.RNN`).
  case vrnn
  /// Long short-term memory (`torch.nn.LSTM`), gates i, f, g, o.
  case lstm
  /// Gated recurrent unit (`torch.nn.GRU`), gates r, z, n.
  case gru

  /// Number of gate blocks `G`: the weights are `(G·H, ·)`.
  public var gateCount: Int {
    switch self {
    case .vrnn: 1
    case .lstm: 4
    case .gru: 3
    }
  }

  /// The name readers know: "vanilla RNN", "LSTM", "GRU".
  public var displayName: String {
    switch self {
    case .vrnn: "vanilla RNN"
    case .lstm: "LSTM"
    case .gru: "GRU"
    }
  }

  public var description: String { rawValue }
}
