/// The narrowest path, which runs on every CPU the package builds for: 8 Float or 4 Double
/// lanes (AVX2 and FMA on x86-64, NEON pairs on arm64), tiles of 4 × 16 (Float) or 4 × 8
/// (Double). See `fixedOrderProduct` for the order every path shares.
public enum PortableKernels {
  @inline(never)
  public static func product(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
    alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, packedB: UnsafePointer<Float>? = nil
  ) {
    fixedOrderProduct(
      lanes: SIMD8<Float>.self, rowsPerTile: 4, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
      a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc,
      scratch: ProductScratch.buffer(
        Float.self,
        count: scratchCount(panelWidth: panelWidth(Float.self), n: n, k: k, packingAll: transB && packedB == nil)),
      packedB: packedB)
  }

  @inline(never)
  public static func product(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, packedB: UnsafePointer<Double>? = nil
  ) {
    fixedOrderProduct(
      lanes: SIMD4<Double>.self, rowsPerTile: 4, transA: transA, transB: transB, m: m, n: n, k: k,
      alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc,
      scratch: ProductScratch.buffer(
        Double.self,
        count: scratchCount(panelWidth: panelWidth(Double.self), n: n, k: k, packingAll: transB && packedB == nil)),
      packedB: packedB)
  }

  /// Columns per packed panel of `op(B)` (see `packPanels`).
  public static func panelWidth(_: Float.Type) -> Int { 2 * SIMD8<Float>.scalarCount }
  public static func panelWidth(_: Double.Type) -> Int { 2 * SIMD4<Double>.scalarCount }

  @inline(never)
  public static func pack(
    transB: Bool, k: Int, n: Int, b: UnsafePointer<Float>, ldb: Int,
    into packed: UnsafeMutablePointer<Float>
  ) {
    packPanels(lanes: SIMD8<Float>.self, transB: transB, k: k, n: n, b: b, ldb: ldb, into: packed)
  }

  @inline(never)
  public static func pack(
    transB: Bool, k: Int, n: Int, b: UnsafePointer<Double>, ldb: Int,
    into packed: UnsafeMutablePointer<Double>
  ) {
    packPanels(lanes: SIMD4<Double>.self, transB: transB, k: k, n: n, b: b, ldb: ldb, into: packed)
  }
}
