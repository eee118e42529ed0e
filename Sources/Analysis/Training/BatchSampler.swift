/// Draws training batches as `CellTrainer.batch` does, into buffers it keeps: after the first
/// batch of a shape, drawing one allocates nothing.
///
/// The returned input and target share the sampler's storage; release them before the next
/// draw (a training loop does), or that draw copies instead of reusing.
final class BatchSampler {
  let space: SemanticSpace
  /// The space's vectors in the training precision, `(V, d)`.
  let vectors: Matrix<Float>
  let count: Int
  let length: Int
  private var tokens: [Int32] = []  // (count, length), as sampled
  private var timeMajor: [Int32] = []  // (length, count)
  private var dense: [Float] = []  // (length, count, d)
  private var target: [Float] = []  // (count, d)
  private var sum: [Double]  // (d)

  init(space: SemanticSpace, vectors: Matrix<Float>, count: Int, length: Int) {
    self.space = space
    self.vectors = vectors
    self.count = count
    self.length = length
    sum = [Double](repeating: 0, count: space.dimension)
  }

  /// The next batch, and the centroids of its sequences as the target (computed in Double
  /// and rounded once, as `SemanticSpace.centroids`).
  func next(using rng: inout RandomGenerator) throws -> (input: SequenceInput<Float>, target: [Float]) {
    try space.sampleSequences(count: count, length: length, into: &tokens, using: &rng)
    let d = space.dimension
    let inverse = 1 / Double(length)
    if target.count != count * d { target = [Float](repeating: 0, count: count * d) }
    space.vectors.storage.withUnsafeBufferPointer { e in
      sum.withUnsafeMutableBufferPointer { s in
        for i in 0..<count {
          for j in 0..<d { s[j] = 0 }
          for t in 0..<length {
            let row = Int(tokens[i * length + t]) * d
            for j in 0..<d { s[j] += e[row + j] }
          }
          for j in 0..<d { target[i * d + j] = Float(s[j] * inverse) }
        }
      }
    }
    switch space.kind {
    case .onehot:
      if timeMajor.count != tokens.count { timeMajor = [Int32](repeating: 0, count: tokens.count) }
      for i in 0..<count {
        for t in 0..<length { timeMajor[t * count + i] = tokens[i * length + t] }
      }
      return (.tokens(timeMajor, batch: count, length: length), target)
    case .gaussian, .embeddings:
      if dense.count != tokens.count * d { dense = [Float](repeating: 0, count: tokens.count * d) }
      vectors.storage.withUnsafeBufferPointer { v in
        dense.withUnsafeMutableBufferPointer { x in
          for i in 0..<count {
            for t in 0..<length {
              let w = Int(tokens[i * length + t])
              (x.baseAddress! + (t * count + i) * d).update(from: v.baseAddress! + w * d, count: d)
            }
          }
        }
      }
      return (.dense(dense, batch: count, length: length), target)
    }
  }
}
