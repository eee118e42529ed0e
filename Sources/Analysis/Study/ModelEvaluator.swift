/// The memory indicators of a trained model at a test length (METHOD.md §§3–4), for any model:
/// one a study just trained, or one loaded from a file (ours or PyTorch's, `memstudy evaluate`).
///
/// The test sequences come from the seed and the test length alone (`CellSeeds`), so every
/// model evaluated with a seed sees the same sequences a study's cells of that seed saw.
public struct ModelEvaluator: Sendable {
  let space: SemanticSpace
  public let evaluation: EvaluationConfig

  /// Sequences per forward pass, to bound the tape's memory.
  static let chunkSize = 256

  /// The space's vectors in the model's precision, converted once.
  let floatVectors: Matrix<Float>
  /// What the network reads for each token id of the space, `(V, I)`, when it is not the
  /// space's own vector (a probed model's embedding rows, with `--vectors` another space).
  let inputVectors: Matrix<Float>?

  public init(space: SemanticSpace, evaluation: EvaluationConfig) {
    self.init(space: space, evaluation: evaluation, floatVectors: space.vectors.converted())
  }

  /// `floatVectors`: the space's vectors already in Float, shared with the trainer.
  init(
    space: SemanticSpace, evaluation: EvaluationConfig, floatVectors: Matrix<Float>,
    inputVectors: Matrix<Float>? = nil
  ) {
    self.space = space
    self.evaluation = evaluation
    self.floatVectors = floatVectors
    self.inputVectors = inputVectors
  }

  /// An evaluator for a model that reads `inputVectors` (row `i` for the space's token `i`)
  /// instead of the space's vectors (`memstudy probe`).
  public init(space: SemanticSpace, evaluation: EvaluationConfig, inputVectors: Matrix<Double>?) {
    self.init(
      space: space, evaluation: evaluation, floatVectors: space.vectors.converted(),
      inputVectors: inputVectors?.converted())
  }

  /// The indicators of `model` at test length `length`, on `evaluation.sequences` test
  /// sequences drawn from `seed`; with `substitution`, the substitution coefficients σ_k too
  /// (METHOD.md §3b), on the first `substitution_sequences` of them with donors drawn from
  /// `seed`.
  public func evaluate(
    _ model: RecurrentModel<Float>, seed: Int, length: Int, substitution: Bool = false
  ) throws -> EvalResult {
    var rng = CellSeeds.generator(seed, .test, length)
    let n = evaluation.sequences
    let tokens = try space.sampleSequences(count: n, length: length, part: .test, using: &rng)
    let projections = inputProjections(for: model, rows: tokens.count)
    let (decoded, states) = forwardPass(model, tokens: tokens, length: length, projections: projections)
    // σ on the first `substitution_sequences` test sequences.
    let substituted = evaluation.effectiveSubstitutionSequences
    let curve = substitution
      ? try MemoryIndicators.Donors(count: substituted, length: length, seed: seed).map {
        try substitutionCurve(
          model, tokens: Array(tokens.prefix(substituted * length)), donors: $0, projections: projections)
      }
      : nil
    // A loaded model with huge (finite) weights can overflow Float on the way: the fits need
    // finite numbers, so say so instead of fitting NaN.
    guard decoded.storage.allSatisfy(\.isFinite), states.storage.allSatisfy(\.isFinite),
      curve.map({ $0.sigma.allSatisfy(\.isFinite) && $0.standardError.allSatisfy(\.isFinite) }) ?? true
    else {
      throw NonFiniteOutput(length: length)
    }
    return MemoryIndicators.evaluate(
      decoded: decoded, tokens: tokens, length: length, finalStates: states, space: space,
      threshold: evaluation.threshold, probeRidge: evaluation.probe, substitution: curve)
  }

  /// ŝ `(N, d)` and h_n `(N, H)` of `model` on `tokens` `(N, length)`, in chunks of
  /// `chunkSize` sequences (dense input through `projections`, or its own when worth it).
  func forwardPass(
    _ model: RecurrentModel<Float>, tokens: [Int32], length: Int,
    projections: InputProjections<Float>? = nil
  ) -> (decoded: Matrix<Double>, states: Matrix<Double>) {
    let projections = projections ?? inputProjections(for: model, rows: tokens.count)
    let n = tokens.count / length
    var decoded = Matrix<Double>(rows: n, cols: model.outputSize)
    var states = Matrix<Double>(rows: n, cols: model.hiddenSize)
    let tape = RecurrentTape<Float>(for: model)
    for first in stride(from: 0, to: n, by: Self.chunkSize) {
      let count = min(Self.chunkSize, n - first)
      let chunk = Array(tokens[(first * length)..<((first + count) * length)])
      model.forward(input(chunk, count: count, length: length, for: model, projections: projections), tape: tape)
      let (out, h) = (tape.readout, tape.finalState)
      for i in 0..<(count * model.outputSize) { decoded.storage[first * model.outputSize + i] = Double(out[i]) }
      for i in 0..<(count * model.hiddenSize) { states.storage[first * model.hiddenSize + i] = Double(h[i]) }
    }
    return (decoded, states)
  }

  /// ŝ `(N, d)` of `model` on `tokens` `(N, length)`.
  func decode(_ model: RecurrentModel<Float>, tokens: [Int32], length: Int) -> Matrix<Double> {
    forwardPass(model, tokens: tokens, length: length).decoded
  }

  /// σ_k of `model` on the test set `tokens` `(N, n)` with `donors` (METHOD.md §3b), read
  /// out by the model's own readout.
  func substitutionCurve(
    _ model: RecurrentModel<Float>, tokens: [Int32], donors: MemoryIndicators.Donors,
    projections: InputProjections<Float>? = nil
  ) throws -> SubstitutionCurve {
    let d = model.outputSize
    return try substitutionCurves(
      model, tokens: tokens, donors: donors, readouts: 1, projections: projections
    ) { tape in
      [Matrix(rows: tape.batch, cols: d, storage: tape.readout.map(Double.init))]
    }[0]
  }

  /// σ_k of `model` on the test set `tokens` `(N, n)` with `donors` (METHOD.md §3b), for each
  /// of the `readouts` outputs `(B, d)` that `outputs` reads off a tape after a forward pass
  /// (the model's readout, or several probes of its state).
  ///
  /// For each chunk of sequences, one pass of the unsubstituted sequences keeps every prefix
  /// state on its tape; then for each position `p` every sequence continues from its own state
  /// before `p` with the donor's token at `p` and its own tokens after it. So σ costs
  /// `(n + 1)/2 + 1` forward passes of the test set, not `n`, on the study's own kernels, for
  /// all readouts at once. With `jobs > 1` the chunks run on that many threads and their sums
  /// are added afterwards in chunk order: the curves are the same whatever `jobs` (a sequence's
  /// forward pass does not depend on the others in its batch).
  func substitutionCurves(
    _ model: RecurrentModel<Float>, tokens: [Int32], donors: MemoryIndicators.Donors, jobs: Int = 1,
    readouts: Int, projections: InputProjections<Float>? = nil,
    outputs: @escaping @Sendable (RecurrentTape<Float>) -> [Matrix<Double>]
  ) throws -> [SubstitutionCurve] {
    let (n, h) = (donors.length, model.hiddenSize)
    // The passes read (n + 1)(n + 2)/2 positions per sequence.
    let projections = projections ?? inputProjections(for: model, rows: donors.count * (n + 1) * (n + 2) / 2)
    var sums = (0..<readouts).map { _ in MemoryIndicators.SubstitutionSums(length: n) }
    // The passes over one chunk: `visit(p, original, changed)` gets every readout's outputs on
    // the unsubstituted and on the substituted sequences at each position, in order.
    let passes = { @Sendable (rows: Range<Int>, visit: (Int, [Matrix<Double>], [Matrix<Double>]) -> Void) in
      let count = rows.count
      let base = RecurrentTape<Float>(for: model)
      let scratch = RecurrentTape<Float>.forwardOnly(for: model)
      model.forward(
        self.input(
          Array(tokens[(rows.lowerBound * n)..<(rows.upperBound * n)]), count: count, length: n, for: model,
          projections: projections),
        tape: base)
      let original = outputs(base)
      // Every layer's state before p.
      let layers = (0..<model.layers).map(base.layer)
      for p in 0..<n {
        let initial = InitialState<Float>(
          hidden: layers.map { UnsafePointer($0.states.pointer(at: p * count * h)) },
          cell: model.unit.hasCellState ? layers.map { UnsafePointer($0.cells.pointer(at: p * count * h)) } : nil)
        let suffixes = donors.substitutedSuffixes(tokens, at: p, rows: rows)
        model.forward(
          self.input(suffixes, count: count, length: n - p, for: model, projections: projections),
          tape: scratch, initial: initial)
        visit(p, original, outputs(scratch))
      }
    }
    func add(_ rows: Range<Int>, _ p: Int, _ original: [Matrix<Double>], _ changed: [Matrix<Double>]) {
      let suffixes = donors.substitutedSuffixes(tokens, at: p, rows: rows)
      for i in 0..<readouts {
        for r in 0..<rows.count {
          sums[i].add(
            position: p, row: r, substituted: changed[i], original: original[i],
            donor: Int(suffixes[r * (n - p)]), own: Int(tokens[(rows.lowerBound + r) * n + p]), space: space)
        }
      }
    }
    let size = jobs > 1 ? max(1, (min(donors.count, Self.chunkSize) + jobs - 1) / jobs) : Self.chunkSize
    let chunks = stride(from: 0, to: donors.count, by: size).map { $0..<min($0 + size, donors.count) }
    if jobs > 1 {
      // Each chunk's outputs kept, then added in chunk order.
      let kept = try ParallelWork.run(chunks, jobs: jobs) { rows in
        var visits: [(original: [Matrix<Double>], changed: [Matrix<Double>])] = []
        passes(rows) { _, original, changed in visits.append((original, changed)) }
        return visits
      }
      for (rows, visits) in zip(chunks, kept) {
        for (p, visit) in visits.enumerated() { add(rows, p, visit.original, visit.changed) }
      }
    } else {
      for rows in chunks { passes(rows) { p, original, changed in add(rows, p, original, changed) } }
    }
    return sums.map(\.curve)
  }

  /// The first `count` test sequences of `seed` at `length` (the ones `evaluate` starts with)
  /// and what `model` decodes for them: tokens (count, length), ŝ (count, d).
  public func decodeTestSequences(
    _ model: RecurrentModel<Float>, seed: Int, length: Int, count: Int
  ) throws -> (tokens: [Int32], decoded: Matrix<Double>) {
    var rng = CellSeeds.generator(seed, .test, length)
    let tokens = try space.sampleSequences(count: count, length: length, part: .test, using: &rng)
    let tape = RecurrentTape<Float>(for: model)
    model.forward(
      input(tokens, count: count, length: length, for: model, projections: inputProjections(for: model, rows: tokens.count)),
      tape: tape)
    let out = tape.readout
    var decoded = Matrix<Double>(rows: count, cols: model.outputSize)
    for i in decoded.storage.indices { decoded.storage[i] = Double(out[i]) }
    return (tokens, decoded)
  }

  /// The network input of `count` sequences of `length` tokens for `model`: token ids for a
  /// one-hot space (the input product is a row gather), else the tokens' vectors, read through
  /// `projections` when they are `model`'s (the same bits, one product per word).
  func input(
    _ tokens: [Int32], count: Int, length: Int, for model: RecurrentModel<Float>,
    projections: InputProjections<Float>? = nil
  ) -> SequenceInput<Float> {
    switch space.kind {
    case .onehot:
      return .tokens(sequences: tokens, count: count, length: length)
    case .gaussian, .embeddings:
      if let projections, projections.belong(to: model) {
        return .projected(sequences: tokens, count: count, length: length, projections: projections)
      }
      return .dense(sequences: tokens, count: count, length: length, vectors: inputVectors ?? floatVectors)
    }
  }

  /// `model`'s input projections of the vectors it reads, when they save work on passes over
  /// `rows` positions in all: a dense space whose vocabulary is smaller than that (each word's
  /// product is then made once, not at every position that holds it). `nil` otherwise.
  func inputProjections(for model: RecurrentModel<Float>, rows: Int) -> InputProjections<Float>? {
    guard space.kind != .onehot else { return nil }
    let vectors = inputVectors ?? floatVectors
    guard vectors.rows < rows else { return nil }
    return model.inputProjections(of: vectors)
  }

  /// A model whose outputs or states overflow at a test length, so no indicator is defined.
  public struct NonFiniteOutput: Error, CustomStringConvertible {
    public let length: Int
    public var description: String {
      "the model's outputs or hidden states are not finite on test sequences of length \(length) (weights too large for Float arithmetic, or a diverged model)"
    }
  }
}
