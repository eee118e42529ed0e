/// `C = alpha · op(A) · op(B) + beta · C` on row-major buffers, through our own kernels.
///
/// `op(A)` is `(m, k)`, `op(B)` is `(k, n)`, `C` is `(m, n)`; `lda`, `ldb`, `ldc` are the row
/// strides of the buffers as stored (before the transpose).
///
/// Each element is summed over `k` in increasing order with fused multiply-adds, on every CPU
/// and every `ProductPath` (see `fixedOrderProduct`): the result is the same to the bit
/// anywhere. alpha = 1 with beta = 1 adds into `C` (the sum starts from `C`'s value).
@inlinable
func gemm<T: Scalar>(
  transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
  alpha: T = 1, _ a: UnsafePointer<T>, lda: Int,
  _ b: UnsafePointer<T>, ldb: Int,
  beta: T = 0, _ c: UnsafeMutablePointer<T>, ldc: Int
) {
  gemm(
    path: ProductPath.selected, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
    a, lda: lda, b, ldb: ldb, beta: beta, c, ldc: ldc)
}

/// `gemm` on a chosen path: tests compare the paths with each other.
@inlinable
func gemm<T: Scalar>(
  path: ProductPath, transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
  alpha: T = 1, _ a: UnsafePointer<T>, lda: Int,
  _ b: UnsafePointer<T>, ldb: Int,
  beta: T = 0, _ c: UnsafeMutablePointer<T>, ldc: Int
) {
  guard m > 0, n > 0 else { return }
  if k == 0 {
    // An empty sum only scales C; beta = 0 clears NaNs too.
    for i in 0..<m {
      for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] }
    }
    return
  }
  T.fixedOrderGemm(
    path: path, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
    b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, packedB: nil)
}

/// The triple-loop reference for `gemm`, kept beside it and tested against it (plain sums,
/// so it agrees with `gemm` to rounding, not to the bit).
func naiveGemm<T: Scalar>(
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

