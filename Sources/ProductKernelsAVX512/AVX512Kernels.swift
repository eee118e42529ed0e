import ProductKernels

/// The wide path for x86-64 CPUs with AVX-512 (this module is compiled for Skylake-AVX512; call
/// it only after `CPUFeatures` has confirmed the CPU and the OS support it): 16 Float or 8
/// Double lanes (one zmm register), tiles of 8 × 32 (Float) or 8 × 16 (Double), sixteen zmm
/// accumulators. Each element's chain of fused multiply-adds is the
/// portable path's, so the results are bit-identical (see `fixedOrderProduct`).
public enum AVX512Kernels {
  @inline(never)
  public static func product(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
    alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, packedB: UnsafePointer<Float>? = nil
  ) {
    fixedOrderProduct(
      lanes: SIMD16<Float>.self, rowsPerTile: 8, transA: transA, transB: transB, m: m, n: n, k: k,
      alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc,
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
      lanes: SIMD8<Double>.self, rowsPerTile: 8, transA: transA, transB: transB, m: m, n: n, k: k,
      alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc,
      scratch: ProductScratch.buffer(
        Double.self,
        count: scratchCount(panelWidth: panelWidth(Double.self), n: n, k: k, packingAll: transB && packedB == nil)),
      packedB: packedB)
  }

  /// Columns per packed panel of `op(B)` (see `packPanels`).
  public static func panelWidth(_: Float.Type) -> Int { 2 * SIMD16<Float>.scalarCount }
  public static func panelWidth(_: Double.Type) -> Int { 2 * SIMD8<Double>.scalarCount }

  @inline(never)
  public static func pack(
    transB: Bool, k: Int, n: Int, b: UnsafePointer<Float>, ldb: Int,
    into packed: UnsafeMutablePointer<Float>
  ) {
    packPanels(lanes: SIMD16<Float>.self, transB: transB, k: k, n: n, b: b, ldb: ldb, into: packed)
  }

  @inline(never)
  public static func pack(
    transB: Bool, k: Int, n: Int, b: UnsafePointer<Double>, ldb: Int,
    into packed: UnsafeMutablePointer<Double>
  ) {
    packPanels(lanes: SIMD8<Double>.self, transB: transB, k: k, n: n, b: b, ldb: ldb, into: packed)
  }
}
