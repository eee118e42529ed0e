/// The narrowest path, which runs on every CPU the package builds for: 8 Float or 4 Double
/// lanes (AVX2 and FMA on x86-64, NEON pairs on arm64), tiles of 4 × 16 (Float) or 4 × 8
/// (Double). See `fixedOrderProduct` for the order every path shares.
public enum PortableKernels {
  public static let name = "portable"

  @inline(never)
  public static func product(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
    alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    fixedOrderProduct(
      lanes: SIMD8<Float>.self, rowsPerTile: 4, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
      a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc,
      scratch: ProductScratch.buffer(Float.self, count: 16 * k))
  }

  @inline(never)
  public static func product(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    fixedOrderProduct(
      lanes: SIMD4<Double>.self, rowsPerTile: 4, transA: transA, transB: transB, m: m, n: n, k: k,
      alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc,
      scratch: ProductScratch.buffer(Double.self, count: 8 * k))
  }
}
