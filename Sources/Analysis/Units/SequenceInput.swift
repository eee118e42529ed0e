/// A batch of input sequences, stored time-major like PyTorch's default `(L, B, ·)` layout.
public enum SequenceInput<T: Scalar>: Sendable {
  /// Token ids for one-hot input: `ids[t * batch + b]`. The input product becomes a column
  /// gather of `weight_ih` (and a scatter-add in the backward pass), never a one-hot product.
  case tokens([Int32], batch: Int, length: Int)
  /// Dense input vectors: `values[(t * batch + b) * inputSize + i]`.
  case dense([T], batch: Int, length: Int)
  /// Token ids `ids[t * batch + b]` whose dense vectors' input products `W_ih e_w` layer 0 reads
  /// from `projections` (`RecurrentModel.inputProjections(of:)`): the same bits as `.dense`
  /// with those vectors, the product made once per word instead of once per position.
  /// Forward passes only (the weight gradient needs the vectors).
  case projected([Int32], batch: Int, length: Int, projections: InputProjections<T>)

  public var batch: Int {
    switch self {
    case .tokens(_, let batch, _), .dense(_, let batch, _), .projected(_, let batch, _, _): batch
    }
  }

  var isTokens: Bool {
    if case .tokens = self { true } else { false }
  }

  public var length: Int {
    switch self {
    case .tokens(_, _, let length), .dense(_, _, let length), .projected(_, _, let length, _): length
    }
  }

  /// Re-lays row-major sequences (`ids[i * length + t]`, as sampled) time-major.
  public static func tokens(sequences ids: [Int32], count: Int, length: Int) -> SequenceInput {
    var timeMajor: [Int32] = []
    layTokens(ids, count: count, length: length, into: &timeMajor)
    return .tokens(timeMajor, batch: count, length: length)
  }

  /// The dense equivalent of token input with `vectors` (V, d) as the embedding: what a
  /// PyTorch user feeds (one-hot rows for the onehot space).
  public static func dense(
    sequences ids: [Int32], count: Int, length: Int, vectors: Matrix<T>
  ) -> SequenceInput {
    var values: [T] = []
    layDense(ids, count: count, length: length, vectors: vectors, into: &values)
    return .dense(values, batch: count, length: length)
  }

  /// `dense(sequences:…)` read through `projections` (of the same vectors, for the model that
  /// runs it): see `projected`.
  static func projected(
    sequences ids: [Int32], count: Int, length: Int, projections: InputProjections<T>
  ) -> SequenceInput {
    var timeMajor: [Int32] = []
    layTokens(ids, count: count, length: length, into: &timeMajor)
    return .projected(timeMajor, batch: count, length: length, projections: projections)
  }

  /// `tokens(sequences:…)` into `timeMajor`, resized to fit: no allocation when it already
  /// has the size and is not shared (the training loop's reused buffers).
  static func layTokens(_ ids: [Int32], count: Int, length: Int, into timeMajor: inout [Int32]) {
    precondition(ids.count == count * length)
    if timeMajor.count != ids.count { timeMajor = [Int32](repeating: 0, count: ids.count) }
    for i in 0..<count {
      for t in 0..<length { timeMajor[t * count + i] = ids[i * length + t] }
    }
  }

  /// `dense(sequences:…)` into `values`, resized to fit, as `layTokens`.
  static func layDense(
    _ ids: [Int32], count: Int, length: Int, vectors: Matrix<T>, into values: inout [T]
  ) {
    precondition(ids.count == count * length)
    let d = vectors.cols
    if values.count != ids.count * d { values = [T](repeating: 0, count: ids.count * d) }
    vectors.storage.withUnsafeBufferPointer { v in
      values.withUnsafeMutableBufferPointer { x in
        for i in 0..<count {
          for t in 0..<length {
            let w = Int(ids[i * length + t])
            (x.baseAddress! + (t * count + i) * d).update(from: v.baseAddress! + w * d, count: d)
          }
        }
      }
    }
  }
}

/// Layer 0's input products of every word of a vocabulary, `(V, G·H)`: row `w` is `W_ih e_w`,
/// the product a dense input pass computes for each position that holds `w`, with the same
/// fixed-order sum per element (so reading the row instead changes no bit). Made for one model
/// by `RecurrentModel.inputProjections(of:)`; `parameters` is that model's parameter buffer, to
/// refuse any other.
public struct InputProjections<T: Scalar>: Sendable {
  let rows: [T]
  let vocabulary: Int
  let parameters: [T]

  /// Whether these are `model`'s (the same parameter buffer, not a copy with other values).
  func belong(to model: RecurrentModel<T>) -> Bool {
    parameters.withUnsafeBufferPointer { mine in
      model.parameters.withUnsafeBufferPointer { theirs in mine.baseAddress == theirs.baseAddress }
    }
  }
}
