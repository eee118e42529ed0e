/// The activations a forward pass keeps for the backward pass, and the backward pass's
/// scratch buffers. Allocated once per batch shape and reused, so a training step allocates
/// nothing. Not shared between threads: each worker owns its tape.
///
/// A tape holds one layer: the top one, whose states are the model's `finalState` and
/// `outputs`; a stacked model's lower layers have tapes of their own in `lower`.
public final class RecurrentTape<T: Scalar> {
  public private(set) var batch = 0
  public private(set) var length = 0
  let hidden: Int
  let gateWidth: Int
  let inputSize: Int
  let outputSize: Int
  let unit: UnitKind

  /// Token input: `weight_ihᵀ` `(I, G·H)` with `inputBias` folded in, so that a token's
  /// input projection is one row.
  let inputTable: Buffer<T>
  /// The constant part of every input projection `(G·H)`: `b_ih`, plus `b_hh` in the unit's
  /// `combinedBiasBlocks`.
  let inputBias: Buffer<T>
  /// Gates `(L, B, G·H)`: the products of each step (the dense input product for all steps
  /// at once, then `W_hh h_{t−1}` unless the unit keeps that apart), overwritten by the cell's
  /// forward step with the activations (vanilla RNN h; LSTM i, f, g, o; GRU r, z, n).
  var gates = Buffer<T>(count: 0)
  /// Units with `keepsHiddenProjection`: `W_hh h_{t−1}` of the current step `(B, G·H)`, and
  /// of every step `(L, B, H·k)` the k blocks kept apart with their `b_hh` (GRU: p_n).
  var hiddenProduct = Buffer<T>(count: 0)
  var hiddenProjection = Buffer<T>(count: 0)
  private(set) var keptPerStep = 0
  /// Hidden states `(L + 1, B, H)`, `h_0 = 0` first.
  var states = Buffer<T>(count: 0)
  /// Cell states `(L + 1, B, H)` and `tanh(c_t)` `(L, B, H)` of units with `hasCellState`.
  var cells = Buffer<T>(count: 0)
  var cellTanh = Buffer<T>(count: 0)
  /// Readout outputs `(B, D)`.
  var output = Buffer<T>(count: 0)
  /// Phase timings, attached by `memstudy bench --profile` only (and shared by every layer).
  public var profile: StepProfile? {
    didSet { for tape in lower { tape.profile = profile } }
  }
  /// The tapes of the layers below this one, bottom first (empty for one layer).
  let lower: [RecurrentTape]
  /// A lower layer's `∂J/∂h_t` from the layer above, `(L, B, H)`, for every output `h_1 … h_L`.
  var dOutputs = Buffer<T>(count: 0)
  /// `W_hhᵀ` packed once per forward pass for the products (see `product`).
  let packedOperand = PackedOperand<T>()

  // Backward scratch.
  /// Time steps whose pre-activation gradients are kept before their weight-gradient
  /// products: a chunk of them stays in L2 (see `chunkLength(batch:)`).
  private(set) var chunk = 1
  var dInputProjection = Buffer<T>(count: 0)  // (chunk, B, G·H)
  var dHiddenProjection = Buffer<T>(count: 0)  // (chunk, B, G·H), keepsHiddenProjection only
  var dState = Buffer<T>(count: 0)  // (B, H)
  var dStatePrevious = Buffer<T>(count: 0)  // (B, H)
  var dCell = Buffer<T>(count: 0)  // (B, H)
  /// Dense input: Σ of the input projection's gradient rows, the gradient of `inputBias`.
  let dInputBias: Buffer<T>  // (G·H)
  /// Σ of the hidden projection's gradient rows in the blocks outside `combinedBiasBlocks`.
  let dHiddenBias: Buffer<T>  // (G·H)
  /// Token input: the gradient of `inputTable`, each step's rows added to their token's row.
  let dInputTable: Buffer<T>  // (I, G·H)
  /// Stands in for the buffers a unit does not use.
  let unused = Buffer<T>(count: 0)

  public convenience init<U>(for model: RecurrentModel<U>) {
    let lower = (0..<(model.layers - 1)).map { k in
      RecurrentTape(
        unit: model.unit, hidden: model.hiddenSize, inputSize: model.stack[k].inputSize,
        outputSize: 0, bottom: k == 0, lower: [])
    }
    self.init(
      unit: model.unit, hidden: model.hiddenSize, inputSize: model.stack[model.layers - 1].inputSize,
      outputSize: model.outputSize, bottom: lower.isEmpty, lower: lower)
  }

  private init(
    unit: UnitKind, hidden: Int, inputSize: Int, outputSize: Int, bottom: Bool, lower: [RecurrentTape]
  ) {
    self.unit = unit
    self.hidden = hidden
    gateWidth = unit.gateCount * hidden
    self.inputSize = inputSize
    self.outputSize = outputSize
    self.lower = lower
    // Only the bottom layer reads tokens through the table.
    let table = bottom ? inputSize * gateWidth : 0
    inputTable = Buffer(count: table)
    inputBias = Buffer(count: gateWidth)
    dInputBias = Buffer(count: gateWidth)
    dHiddenBias = Buffer(count: gateWidth)
    dInputTable = Buffer(count: table)
  }

  /// The tape of layer `k` of the model (0 = bottom): `self` for the top one.
  func layer(_ k: Int) -> RecurrentTape {
    k == lower.count ? self : lower[k]
  }

  /// Bytes of pre-activation gradients per chunk: with the states they multiply, well inside
  /// a 1 MiB L2. One huge product after the loop streams the whole (L, B, G·H) gradient from
  /// memory again; one product per step is too small to run at speed.
  /// Tests shrink it to exercise chunk boundaries; set it before the first `forward`.
  var chunkBytes = 256 * 1024

  private func chunkLength(batch: Int) -> Int {
    let buffers = unit.keepsHiddenProjection ? 2 : 1
    let perStep = batch * gateWidth * MemoryLayout<T>.stride * buffers
    return max(1, min(length, chunkBytes / max(perStep, 1)))
  }

  /// A tape for forward passes only (`forwardOnly`): sizing it for a smaller shape keeps the
  /// larger buffers, since a forward pass writes every element it later reads. The
  /// substitution coefficients run `n` forward passes of falling length per chunk of test
  /// sequences, and reallocating (and zeroing) the tape for each cost a third of their time.
  private(set) var keepsLargerBuffers = false

  /// A tape that `forward` may use with shapes of falling size without reallocating; it must not
  /// serve `backward`, whose scratch buffers assume a fresh size.
  static func forwardOnly<U>(for model: RecurrentModel<U>) -> RecurrentTape {
    let tape = RecurrentTape(for: model)
    tape.keepsLargerBuffers = true
    for layer in tape.lower { layer.keepsLargerBuffers = true }
    return tape
  }

  /// `buffer` when it holds `count` elements and the tape keeps larger buffers, else a new one.
  private func sized(_ buffer: Buffer<T>, _ count: Int) -> Buffer<T> {
    keepsLargerBuffers && buffer.count >= count ? buffer : Buffer(count: count)
  }

  /// Sizes the buffers for a batch shape (a no-op when the shape is unchanged) at the start
  /// of a forward pass through this tape's layer. `feedsLayerAbove`: a lower layer, which keeps
  /// the gradient of its outputs for the backward pass.
  func prepare(batch: Int, length: Int, feedsLayerAbove: Bool = false) {
    packedOperand.forget()  // the weights may have moved since the last pass
    guard batch != self.batch || length != self.length else { return }
    self.batch = batch
    self.length = length
    chunk = chunkLength(batch: batch)
    let gatesCount = length * batch * gateWidth
    let statesCount = (length + 1) * batch * hidden
    let chunkCount = chunk * batch * gateWidth
    let (apart, cell) = (unit.keepsHiddenProjection, unit.hasCellState)
    gates = sized(gates, gatesCount)
    let apartBlocks = unit.gateCount - unit.combinedBiasBlocks.count
    keptPerStep = apart ? batch * hidden * apartBlocks : 0
    hiddenProduct = sized(hiddenProduct, apart ? batch * gateWidth : 0)
    hiddenProjection = sized(hiddenProjection, length * keptPerStep)
    states = sized(states, statesCount)
    cells = sized(cells, cell ? statesCount : 0)
    cellTanh = sized(cellTanh, cell ? length * batch * hidden : 0)
    output = sized(output, batch * outputSize)
    guard !keepsLargerBuffers else { return }
    dInputProjection = Buffer(count: chunkCount)
    dHiddenProjection = Buffer(count: apart ? chunkCount : 0)
    dState = Buffer(count: batch * hidden)
    dStatePrevious = Buffer(count: batch * hidden)
    dCell = Buffer(count: cell ? batch * hidden : 0)
    dOutputs = Buffer(count: feedsLayerAbove ? length * batch * hidden : 0)
  }

  /// The last hidden state `h_n`, `(B, H)`.
  public var finalState: [T] {
    Array(states.pointer(at: length * batch * hidden), count: batch * hidden)
  }

  /// The last cell state `c_n`, `(B, H)` (units with `hasCellState`).
  public var finalCell: [T] {
    precondition(unit.hasCellState)
    return Array(cells.pointer(at: length * batch * hidden), count: batch * hidden)
  }

  /// All hidden outputs `h_1 … h_L`, `(L, B, H)`: PyTorch's `output`.
  public var outputs: [T] {
    Array(states.pointer(at: batch * hidden), count: length * batch * hidden)
  }

  /// The readout's outputs `ŝ`, `(B, D)`.
  public var readout: [T] {
    Array(output.base, count: batch * outputSize)
  }

  /// `readout` into `values`, reusing its storage when the size matches.
  func copyReadout(into values: inout [T]) {
    let n = batch * outputSize
    if values.count != n { values = [T](repeating: 0, count: n) }
    values.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: output.base, count: n) }
  }
}

/// A fixed-size, zero-initialised heap buffer owned by one object: kernels take its raw
/// pointer, with none of an array's copy-on-write or exclusivity checks in the inner loops.
final class Buffer<T: Scalar> {
  let base: UnsafeMutablePointer<T>
  let count: Int

  init(count: Int) {
    self.count = count
    base = .allocate(capacity: max(count, 1))
    base.initialize(repeating: 0, count: max(count, 1))
  }

  deinit { base.deallocate() }

  @inline(__always) func pointer(at offset: Int) -> UnsafeMutablePointer<T> { base + offset }

  func zero() { base.update(repeating: 0, count: count) }
}

extension Array {
  init(_ pointer: UnsafePointer<Element>, count: Int) {
    self.init(UnsafeBufferPointer(start: pointer, count: count))
  }

  init(_ pointer: UnsafeMutablePointer<Element>, count: Int) {
    self.init(UnsafeBufferPointer(start: pointer, count: count))
  }
}
