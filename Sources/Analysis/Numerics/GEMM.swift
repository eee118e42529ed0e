/// `C = alpha · op(A) · op(B) + beta · C` on row-major buffers, through BLAS.
///
/// `op(A)` is `(m, k)`, `op(B)` is `(k, n)`, `C` is `(m, n)`; `lda`, `ldb`, `ldc` are the row
/// strides of the buffers as stored (before the transpose).
@inlinable
public func gemm<T: Scalar>(
  transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
  alpha: T = 1, _ a: UnsafePointer<T>, lda: Int,
  _ b: UnsafePointer<T>, ldb: Int,
  beta: T = 0, _ c: UnsafeMutablePointer<T>, ldc: Int
) {
  guard m > 0, n > 0 else { return }
  if k == 0 {
    // BLAS with k = 0 only scales C; make that explicit so beta = 0 clears NaNs too.
    for i in 0..<m {
      for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] }
    }
    return
  }
  T.blasGemm(
    transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
    b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
}

/// The triple-loop reference for `gemm`, kept beside it and tested against it.
public func naiveGemm<T: Scalar>(
  transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
  alpha: T = 1, _ a: UnsafePointer<T>, lda: Int,
  _ b: UnsafePointer<T>, ldb: Int,
  beta: T = 0, _ c: UnsafeMutablePointer<T>, ldc: Int
) {
  for i in 0..<m {
    for j in 0..<n {
      var sum: T = 0
      for p in 0..<k {
        let aip = transA ? a[p * lda + i] : a[i * lda + p]
        let bpj = transB ? b[j * ldb + p] : b[p * ldb + j]
        sum += aip * bpj
      }
      c[i * ldc + j] = alpha * sum + (beta == 0 ? 0 : beta * c[i * ldc + j])
    }
  }
}

