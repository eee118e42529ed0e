import CellKernels

/// One time step's buffers as a cell's forward step sees them. Rows are batch entries; gate
/// rows are laid out `(B, G·H)` in PyTorch's block order.
///
/// Each cell's forward step makes one pass over the step's gates: it adds the input rows to
/// the products already in `gates`, applies the activations, writes them back for the
/// backward step and updates the state. Fields a unit does not use point at an empty buffer.
struct CellStep<T: Scalar> {
  let batch: Int
  let hidden: Int
  /// `(B, G·H)`. In: `W_hh h_{t−1}` (units that add the hidden projection whole), plus the
  /// dense input product `W_ih x_t` when `gatesHoldInputProduct`. Out: the activations.
  let gates: UnsafeMutablePointer<T>
  /// Whether `gates` holds the dense input product on entry (for units with
  /// `keepsHiddenProjection` it holds nothing else).
  let gatesHoldInputProduct: Bool
  /// Each row's constant part of the input projection: a token's row of the input table
  /// (`W_ihᵀ` with the biases folded in), or the bias row alone for dense input.
  let input: InputRows<T>
  /// `h_{t−1}` in, `h_t` out, `(B, H)`.
  let statePrevious: UnsafePointer<T>
  let state: UnsafeMutablePointer<T>
  /// `c_{t−1}` in; `c_t` and `tanh c_t` out, `(B, H)` (units with `hasCellState`).
  let cellPrevious: UnsafePointer<T>
  let cell: UnsafeMutablePointer<T>
  let cellTanh: UnsafeMutablePointer<T>
  /// `W_hh h_{t−1}`, `(B, G·H)` (units with `keepsHiddenProjection`): this step's scratch.
  let hiddenProduct: UnsafePointer<T>
  /// Out: the blocks kept apart, with their `b_hh` added, `(B, H)` per block, for the backward
  /// step (units with `keepsHiddenProjection`).
  let hiddenProjection: UnsafeMutablePointer<T>
  /// `b_hh` `(G·H)`: only the blocks outside `combinedBiasBlocks` are read.
  let hiddenBias: UnsafePointer<T>

  /// The same buffers as Float, for the fast paths taken after checking `T.self == Float.self`.
  var asFloat: CellStep<Float> { unsafeBitCast(self, to: CellStep<Float>.self) }
}

/// One time step's buffers as a cell's backward step sees them (see `CellStep`).
///
/// The backward step reads the saved activations once and writes the pre-activation
/// gradients, adding each row to its input-gradient row (a token's row of the table
/// gradient, or the bias gradient for dense input) in the same pass.
struct CellGradientStep<T: Scalar> {
  let batch: Int
  let hidden: Int
  /// The activations the forward step saved, `(B, G·H)`.
  let gates: UnsafePointer<T>
  let statePrevious: UnsafePointer<T>
  let cellPrevious: UnsafePointer<T>
  let cellTanh: UnsafePointer<T>
  /// The blocks of the hidden projection kept apart (see `CellStep`).
  let hiddenProjection: UnsafePointer<T>
  /// `∂J/∂h_t`, `(B, H)`.
  let dState: UnsafePointer<T>
  /// `∂J/∂c_t` in, `∂J/∂c_{t−1}` out, `(B, H)` (units with `hasCellState`).
  let dCell: UnsafeMutablePointer<T>
  /// The direct path's part of `∂J/∂h_{t−1}`, `(B, H)` (units with `hasDirectStatePath`).
  let dStatePrevious: UnsafeMutablePointer<T>
  /// Pre-activation gradients of the input projection, `(B, G·H)`, or nil when nothing reads
  /// them (token input into the bottom layer, where only `inputGradient` is kept): writing
  /// rows nobody reads cost the GRU 0.18 of its 0.94 ms of cell steps a step at H 32, L 160.
  let dInput: UnsafeMutablePointer<T>?
  /// Of the hidden projection, `(B, G·H)`: a buffer of its own for units with
  /// `keepsHiddenProjection`; for the vanilla RNN and the LSTM, whose two gradients are equal,
  /// the only one they write (the same buffer as `dInput`, when that is kept); unused by units
  /// without a hidden projection.
  let dHidden: UnsafeMutablePointer<T>
  /// The forward step's `input`: minGRU and minLSTM read h̃ from a token's row there rather
  /// than from the tape (their forward step stores it only for dense input).
  let input: InputRows<T>
  /// Where each row of `dInput` is added: see `InputRows`.
  let inputGradient: InputRows<T>
  /// `Σ_rows` of `dHidden` in the blocks outside `combinedBiasBlocks`, `(G·H)`: their `b_hh`
  /// gradient.
  let dHiddenBias: UnsafeMutablePointer<T>

  var asFloat: CellGradientStep<Float> { unsafeBitCast(self, to: CellGradientStep<Float>.self) }
}

/// A row per batch entry of a `(·, G·H)` buffer: `ids[b]`'s row for token input, the same
/// row for every entry otherwise.
struct InputRows<T: Scalar> {
  let base: UnsafeMutablePointer<T>
  /// This step's token ids `(B)`, or nil.
  let ids: UnsafePointer<Int32>?
  let width: Int

  @inline(__always) func row(_ b: Int) -> UnsafeMutablePointer<T> {
    guard let ids else { return base }
    return base + Int(ids[b]) * width
  }
}

/// The Float fast path of every cell: its step in C (`Sources/CellKernels`), at 16 lanes on the
/// AVX-512 kernel path and 8 lanes otherwise, the same bits either way (see `cell_kernels.h`).
/// A cell's generic path stays the reference the Double checks run; a new unit needs no kernel
/// here to be correct, only to be fast.
enum CellKernel {
  typealias Forward = @convention(c) (UnsafePointer<memstudy_cell_forward>?) -> Void
  typealias Backward = @convention(c) (UnsafePointer<memstudy_cell_backward>?) -> Void

  /// Whether this process runs the 16-lane kernels (the products' path decides for both, so
  /// `MEMSTUDY_KERNELS=portable` narrows every kernel at once).
  static var wide: Bool { ProductPath.selected == .avx512 }

  @inline(__always)
  static func forward(_ s: CellStep<Float>, _ narrow: Forward, _ wide: Forward) {
    var step = memstudy_cell_forward(
      batch: s.batch, hidden: s.hidden, gates: s.gates,
      gates_hold_input_product: s.gatesHoldInputProduct ? 1 : 0, input: s.input.base,
      ids: s.input.ids, input_width: s.input.width, state_previous: s.statePrevious,
      state: s.state, cell_previous: s.cellPrevious, cell: s.cell, cell_tanh: s.cellTanh,
      hidden_product: s.hiddenProduct, hidden_projection: s.hiddenProjection,
      hidden_bias: s.hiddenBias)
    (Self.wide ? wide : narrow)(&step)
  }

  @inline(__always)
  static func backward(_ s: CellGradientStep<Float>, _ narrow: Backward, _ wide: Backward) {
    var step = memstudy_cell_backward(
      batch: s.batch, hidden: s.hidden, gates: s.gates, state_previous: s.statePrevious,
      cell_previous: s.cellPrevious, cell_tanh: s.cellTanh,
      hidden_projection: s.hiddenProjection, d_state: s.dState, d_cell: s.dCell,
      d_state_previous: s.dStatePrevious, d_input: s.dInput, d_hidden: s.dHidden,
      input: s.input.base, input_gradient: s.inputGradient.base, ids: s.inputGradient.ids,
      input_width: s.inputGradient.width, d_hidden_bias: s.dHiddenBias)
    (Self.wide ? wide : narrow)(&step)
  }

  /// The kernels' elementwise functions over `x`, at either width (for the accuracy tests).
  enum Activation {
    case exp, sigmoid, tanh
  }

  static func apply(_ f: Activation, to x: [Float], wide: Bool) -> [Float] {
    let kind: memstudy_activation =
      switch f {
      case .exp: memstudy_activation_exp
      case .sigmoid: memstudy_activation_sigmoid
      case .tanh: memstudy_activation_tanh
      }
    var y = [Float](repeating: 0, count: x.count)
    x.withUnsafeBufferPointer { xs in
      y.withUnsafeMutableBufferPointer { ys in
        guard let xp = xs.baseAddress, let yp = ys.baseAddress else { return }
        if wide {
          memstudy_activation_16(kind, xp, yp, x.count)
        } else {
          memstudy_activation_8(kind, xp, yp, x.count)
        }
      }
    }
    return y
  }
}

extension UnsafePointer {
  /// The same memory as Float, for fast paths taken after checking `T.self == Float.self`.
  @inline(__always) var asFloat: UnsafePointer<Float> {
    UnsafeRawPointer(self).assumingMemoryBound(to: Float.self)
  }
}

extension UnsafeMutablePointer {
  /// The same memory as Float, for fast paths taken after checking `T.self == Float.self`.
  @inline(__always) var asFloat: UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer(self).assumingMemoryBound(to: Float.self)
  }
}
