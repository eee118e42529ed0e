/// The recurrent units the study compares, and the facts about each that the shared code
/// (tape, forward and backward passes, safetensors loading) switches on.
///
/// A new unit is a new case here, its cell file in `Units/Cells/` (forward and backward step
/// side by side), and the cases the compiler then asks for: every `switch` over `UnitKind`
/// is exhaustive, so it leads through each place the unit touches (see CONTRIBUTING.md).
public enum UnitKind: String, Codable, CaseIterable, Sendable, CustomStringConvertible {
  /// Elman network with tanh (`torch.nn.RNN`).
  case vrnn
  /// Long short-term memory (`torch.nn.LSTM`), gates i, f, g, o.
  case lstm
  /// Gated recurrent unit (`torch.nn.GRU`), gates r, z, n.
  case gru
  /// minGRU (Feng et al. 2024, "Were RNNs All We Needed?"), blocks z, h̃: gates that read only
  /// the input, an elementwise linear recurrence. No PyTorch module: the reference is
  /// `Tests/AnalysisTests/Fixtures/min_units.py`.
  case mingru
  /// minLSTM (Feng et al. 2024), blocks f, i, h̃, with f and i normalised to sum to one.
  case minlstm

  /// Number of gate blocks `G`: the weights are `(G·H, ·)`.
  public var gateCount: Int {
    switch self {
    case .vrnn: 1
    case .lstm: 4
    case .gru: 3
    case .mingru: 2
    case .minlstm: 3
    }
  }

  /// Whether `h_{t−1}` enters the gates through a hidden projection `W_hh h_{t−1} + b_hh`
  /// (tensors `weight_hh_lk`, `bias_hh_lk`). Without one (minGRU, minLSTM) every gate reads
  /// the input alone, each time step has no product, and `h_{t−1}` reaches `h_t` only through
  /// the cell (`hasDirectStatePath`).
  public var hasHiddenProjection: Bool {
    switch self {
    case .vrnn, .lstm, .gru: true
    case .mingru, .minlstm: false
    }
  }

  /// Whether the cell carries a second state beside `h` (the LSTM's `c`), kept on the tape
  /// and passed back as `∂J/∂c`.
  public var hasCellState: Bool {
    switch self {
    case .vrnn, .gru, .mingru, .minlstm: false
    case .lstm: true
    }
  }

  /// Whether the hidden projection `W_hh h + b_hh` must stay apart from the input
  /// projection in some gate block, rather than being added to it whole (the GRU's n block,
  /// where `r ⊙ (W_hn h + b_hn)` gates it). Such a unit keeps the projection on the tape,
  /// and its weight-gradient products see a gradient of their own.
  var keepsHiddenProjection: Bool {
    switch self {
    case .vrnn, .lstm, .mingru, .minlstm: false
    case .gru: true
    }
  }

  /// The gate blocks (0-based) in which `b_hh` is added to the input projection whole, so
  /// that the input table can hold `b_ih + b_hh`: all of them unless `keepsHiddenProjection`,
  /// none without a hidden projection.
  var combinedBiasBlocks: Range<Int> {
    switch self {
    case .vrnn, .lstm: 0..<gateCount
    case .gru: 0..<2  // r and z; n keeps b_hn inside the reset product.
    case .mingru, .minlstm: 0..<0
    }
  }

  /// Whether `h_{t−1}` reaches `h_t` other than through `W_hh` (the GRU's `z ⊙ h_{t−1}`):
  /// the cell's backward step then writes that part of `∂J/∂h_{t−1}` and the `W_hh` product
  /// adds to it (units without a hidden projection: the whole of it).
  var hasDirectStatePath: Bool {
    switch self {
    case .vrnn, .lstm: false
    case .gru, .mingru, .minlstm: true
    }
  }

  /// The name readers know: "vanilla RNN", "LSTM", "GRU", "minGRU", "minLSTM".
  public var displayName: String {
    switch self {
    case .vrnn: "vanilla RNN"
    case .lstm: "LSTM"
    case .gru: "GRU"
    case .mingru: "minGRU"
    case .minlstm: "minLSTM"
    }
  }

  public var description: String { rawValue }
}

extension UnitKind {
  /// One time step of the unit's cell (`Cells/`), forward: the gates from the products, the new
  /// state (and cell state) from the gates.
  @inline(__always)
  func forward<T: Scalar>(_ step: CellStep<T>) {
    switch self {
    case .vrnn: VanillaRNNCell.forward(step)
    case .lstm: LSTMCell.forward(step)
    case .gru: GRUCell.forward(step)
    case .mingru: MinGRUCell.forward(step)
    case .minlstm: MinLSTMCell.forward(step)
    }
  }

  /// One time step of the unit's cell, backward: the gates' gradients from the state's.
  @inline(__always)
  func backward<T: Scalar>(_ step: CellGradientStep<T>) {
    switch self {
    case .vrnn: VanillaRNNCell.backward(step)
    case .lstm: LSTMCell.backward(step)
    case .gru: GRUCell.backward(step)
    case .mingru: MinGRUCell.backward(step)
    case .minlstm: MinLSTMCell.backward(step)
    }
  }
}

extension UnitKind {
  /// The key that seeds a unit's initial weights: FNV-1a (64-bit) of its name.
  ///
  /// Derived from the name rather than the case's position, so adding or reordering cases
  /// never changes an existing unit's weights (and so its study's numbers).
  var seedKey: Int {
    Int(bitPattern: UInt(FNV1a.hash(rawValue.utf8)))
  }
}

extension UnitKind {
  /// Elementwise work per gate element and timestep, forward and backward (activations, state
  /// update, input gather and gradient scatter), in product FLOPs of the same duration: the
  /// "activations" and "gather/scatter" columns of `memstudy bench --profile` (BENCHMARKS.md of
  /// 2026-11-27, H = 64, L = 100, B = 64) at the products' 116 GFLOP/s. Only the ratios between
  /// units and against `6H` matter: they order cells and balance shards.
  var elementwiseWork: Double {
    switch self {
    case .vrnn: 96
    case .lstm: 176
    case .gru: 288
    // Measured 2026-12-06 (Intel Xeon, H = 64, L = 100, B = 64) against the vanilla RNN's 96:
    // 0.72 and 1.18 ms a step over 2 and 3 gate blocks, the vanilla RNN's 0.41 ms over one.
    case .mingru: 84
    case .minlstm: 91
    }
  }
}

extension UnitKind {
  /// The sigmoids and tanhs one forward position evaluates per hidden unit (the backward pass
  /// reuses them): at their stand-alone cost, the least time a step's activations can take
  /// (the activation floor of `memstudy bench --profile`).
  public var transcendentals: (sigmoid: Int, tanh: Int) {
    switch self {
    case .vrnn: (0, 1)  // h
    case .lstm: (3, 2)  // i, f, o; g, tanh c
    case .gru: (2, 1)  // r, z; n
    case .mingru: (1, 0)  // z
    case .minlstm: (2, 0)  // f, i
    }
  }
}
