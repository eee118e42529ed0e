/// Draws batches (sequences as network input, their centroids as the target) into buffers it
/// keeps: after the first batch of a shape, drawing one allocates nothing.
///
/// The returned input and target share the sampler's storage; release them before the next
/// draw (a training loop does), or that draw copies instead of reusing.
final class BatchSampler {
  let space: SemanticSpace
  /// The space's vectors in the training precision, `(V, d)`.
  let vectors: Matrix<Float>
  let count: Int
  let length: Int
  /// The corpus part sequences come from (embeddings; synthetic spaces have no parts).
  let part: CorpusPart
  private var tokens: [Int32] = []  // (count, length), as sampled
  private var timeMajor: [Int32] = []  // (length, count)
  private var dense: [Float] = []  // (length, count, d)
  private var target: [Float] = []  // (count, d)

  init(space: SemanticSpace, vectors: Matrix<Float>, count: Int, length: Int, part: CorpusPart) {
    self.space = space
    self.vectors = vectors
    self.count = count
    self.length = length
    self.part = part
  }

  /// The next batch, and the centroids of its sequences as the target.
  func next(using rng: inout RandomGenerator) throws -> (input: SequenceInput<Float>, target: [Float]) {
    try space.sampleSequences(count: count, length: length, part: part, into: &tokens, using: &rng)
    space.centroids(of: tokens, length: length, into: &target)
    switch space.kind {
    case .onehot:
      SequenceInput<Float>.layTokens(tokens, count: count, length: length, into: &timeMajor)
      return (.tokens(timeMajor, batch: count, length: length), target)
    case .gaussian, .embeddings:
      SequenceInput<Float>.layDense(tokens, count: count, length: length, vectors: vectors, into: &dense)
      return (.dense(dense, batch: count, length: length), target)
    }
  }
}
