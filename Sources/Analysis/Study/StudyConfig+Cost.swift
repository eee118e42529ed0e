extension StudyConfig {
  /// The work one grid cell takes, estimated from the config alone, in floating-point-operation
  /// equivalents (an elementwise gate update counts as the products it takes as long as): what
  /// the runner orders cells by (longest first) and `--shard K/N` balances shards by.
  ///
  /// Early stopping cannot be foreseen, so training is costed at its step budget `maxSteps`.
  /// With `G` gate blocks, hidden size `H`, input dimension `D`, batch `B`, length `L`:
  /// - a training step: `B·L·G·H·(6R + e_u)` (recurrent products forward and backward, with
  ///   `R = H` for units with a hidden projection and 0 for those without, and the unit's
  ///   elementwise work `e_u` per gate element), `B·L·4·G·H·D` more for dense input (its product
  ///   and weight gradient), `6·B·H·D` for the readout; each layer above the first adds
  ///   `B·L·G·H·(6R + e_u)` and its input products from the layer below, `B·L·6·G·H·H`
  ///   (forward, weight gradient and the input's gradient);
  /// - validation every `validateEvery` steps: a forward pass, `V·L·G·H·(2R + e_u/2)`;
  /// - evaluation at each test length `n`: a forward pass over `N` sequences, the β fit's
  ///   normal equations (`N·n²/2` scalar updates) and the capacity probes (`2·N·n·D·H`).
  ///
  /// Deterministic (IEEE arithmetic on the config's integers), so every shard of a study
  /// computes the same partition.
  public func estimatedCost(of cell: CellSpec, inputDimension d: Int) -> Double {
    let g = Double(cell.unit.gateCount), h = Double(cell.hidden), l = Double(cell.trainLength)
    let dim = Double(d)
    let e = cell.unit.elementwiseWork
    let dense = space.kind == .onehot ? 0.0 : 1.0
    let batch = Double(training.batch), steps = Double(max(training.maxSteps, 1))

    let above = Double(cell.layers - 1)
    let r = cell.unit.hasHiddenProjection ? h : 0
    let perTimestep = g * h * (6 * r + e) + dense * 4 * g * h * dim
      + above * g * h * (6 * r + e + 6 * h)
    let step = batch * l * perTimestep + 6 * batch * h * dim
    let forwardPerTimestep = g * h * (2 * r + e / 2) + dense * 2 * g * h * dim
      + above * g * h * (2 * r + e / 2 + 2 * h)
    let checks = (steps / Double(max(training.validateEvery, 1))).rounded(.down) + 1
    let validation = checks * Double(training.validation) * l * forwardPerTimestep

    let n = Double(evaluation.sequences)
    let evaluationWork = effectiveTestLengths.reduce(0.0) { sum, length in
      let t = Double(length)
      return sum + n * t * forwardPerTimestep + Self.scalarUpdate * n * t * t / 2 + 2 * n * t * dim * h
    }
    return steps * step + validation + evaluationWork
  }

  /// A scalar, gathered update of the β fit's normal equations against one multiply-add of a
  /// product kernel (~1 ns against ~1/100 ns).
  static let scalarUpdate = 64.0
}
