/// A batch of input sequences, stored time-major like PyTorch's default `(L, B, ·)` layout.
public enum SequenceInput<T: Scalar>: Sendable {
  /// Token ids for one-hot input: `ids[t * batch + b]`. The input product becomes a column
  /// gather of `weight_ih` (and a scatter-add in the backward pass), never a one-hot product.
  case tokens([Int32], batch: Int, length: Int)
  /// Dense input vectors: `values[(t * batch + b) * inputSize + i]`.
  case dense([T], batch: Int, length: Int)

  public var batch: Int {
    switch self {
    case .tokens(_, let batch, _), .dense(_, let batch, _): batch
    }
  }

  var isTokens: Bool {
    if case .tokens = self { true } else { false }
  }

  public var length: Int {
    switch self {
    case .tokens(_, _, let length), .dense(_, _, let length): length
    }
  }

  /// Re-lays row-major sequences (`ids[i * length + t]`, as sampled) time-major.
  public static func tokens(sequences ids: [Int32], count: Int, length: Int) -> SequenceInput {
    precondition(ids.count == count * length)
    var timeMajor = [Int32](repeating: 0, count: ids.count)
    for i in 0..<count {
      for t in 0..<length { timeMajor[t * count + i] = ids[i * length + t] }
    }
    return .tokens(timeMajor, batch: count, length: length)
  }

  /// The dense equivalent of token input with `vectors` (V, d) as the embedding: what a
  /// PyTorch user feeds (one-hot rows for the onehot space).
  public static func dense(
    sequences ids: [Int32], count: Int, length: Int, vectors: Matrix<T>
  ) -> SequenceInput {
    let d = vectors.cols
    var values = [T](repeating: 0, count: count * length * d)
    for i in 0..<count {
      for t in 0..<length {
        let w = Int(ids[i * length + t])
        let base = (t * count + i) * d
        for j in 0..<d { values[base + j] = vectors.storage[w * d + j] }
      }
    }
    return .dense(values, batch: count, length: length)
  }
}
