/// A dense row-major matrix.
public struct Matrix<T: Scalar>: Equatable, Sendable {
  public let rows: Int
  public let cols: Int
  public var storage: [T]

  public init(rows: Int, cols: Int, repeating value: T = 0) {
    precondition(rows >= 0 && cols >= 0)
    self.rows = rows
    self.cols = cols
    self.storage = Array(repeating: value, count: rows * cols)
  }

  public init(rows: Int, cols: Int, storage: [T]) {
    precondition(storage.count == rows * cols, "storage has \(storage.count) values, shape \(rows)×\(cols)")
    self.rows = rows
    self.cols = cols
    self.storage = storage
  }

  public var count: Int { storage.count }
  public var shape: [Int] { [rows, cols] }

  @inlinable public subscript(row: Int, col: Int) -> T {
    get { storage[row * cols + col] }
    set { storage[row * cols + col] = newValue }
  }

  public var transposed: Matrix {
    var out = Matrix(rows: cols, cols: rows)
    for r in 0..<rows { for c in 0..<cols { out[c, r] = self[r, c] } }
    return out
  }

  public mutating func fill(_ value: T) {
    for i in storage.indices { storage[i] = value }
  }

  /// The same values in another precision.
  public func converted<U: Scalar>(to: U.Type = U.self) -> Matrix<U> {
    Matrix<U>(rows: rows, cols: cols, storage: storage.map { U($0) })
  }
}

extension Matrix {
  /// `op(a) · op(b)` through `gemm`.
  public static func product(
    _ a: Matrix, transposed transA: Bool = false, _ b: Matrix, transposed transB: Bool = false
  ) -> Matrix {
    let m = transA ? a.cols : a.rows
    let k = transA ? a.rows : a.cols
    let kb = transB ? b.cols : b.rows
    let n = transB ? b.rows : b.cols
    precondition(k == kb, "inner dimensions differ: \(k) vs \(kb)")
    var c = Matrix(rows: m, cols: n)
    a.storage.withUnsafeBufferPointer { pa in
      b.storage.withUnsafeBufferPointer { pb in
        c.storage.withUnsafeMutableBufferPointer { pc in
          gemm(
            transA: transA, transB: transB, m: m, n: n, k: k,
            pa.baseAddress!, lda: max(a.cols, 1), pb.baseAddress!, ldb: max(b.cols, 1),
            pc.baseAddress!, ldc: max(n, 1))
        }
      }
    }
    return c
  }
}
