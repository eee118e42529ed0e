import ProductKernels

/// The wide path for x86-64 CPUs with AVX-512 (this module is compiled for Skylake-AVX512; call
/// it only after `CPUFeatures` has confirmed the CPU and the OS support it): 16 Float or 8
/// Double lanes (one zmm register), tiles of 8 × 32 (Float) or 8 × 16 (Double), sixteen zmm
/// accumulators. Each element's chain of fused multiply-adds is the
/// portable path's, so the results are bit-identical (see `fixedOrderProduct`).
public enum AVX512Kernels {
  public static let name = "avx512"

  @inline(never)
  public static func product(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
    alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    fixedOrderProduct(
      lanes: SIMD16<Float>.self, rowsPerTile: 8, transA: transA, transB: transB, m: m, n: n, k: k,
      alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc,
      scratch: ProductScratch.buffer(Float.self, count: 32 * k))
  }

  @inline(never)
  public static func product(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    fixedOrderProduct(
      lanes: SIMD8<Double>.self, rowsPerTile: 8, transA: transA, transB: transB, m: m, n: n, k: k,
      alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc,
      scratch: ProductScratch.buffer(Double.self, count: 16 * k))
  }
}
