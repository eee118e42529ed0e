import Foundation

/// A floating-point type the numeric core computes in: `Float` for training, `Double` for
/// finite-difference checks. Each conformance routes products to its fixed-order kernels.
public protocol Scalar: BinaryFloatingPoint, Sendable, Codable
where RawSignificand: FixedWidthInteger {
  /// `C = alpha · op(A) · op(B) + beta · C` on row-major buffers (see `gemm`); `packedB`:
  /// `op(B)` packed beforehand by `packPanels` on the same path, or nil.
  static func fixedOrderGemm(
    path: ProductPath, transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
    alpha: Self, a: UnsafePointer<Self>, lda: Int,
    b: UnsafePointer<Self>, ldb: Int,
    beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int, packedB: UnsafePointer<Self>?)
  /// Columns per packed panel of `op(B)` on `path`.
  static func panelWidth(path: ProductPath) -> Int
  /// `op(B)` `(k, n)` in the product kernels' panel layout for `path`, into `packed` (room for
  /// `k` times `n` rounded up to whole panels).
  static func packPanels(
    path: ProductPath, transB: Bool, k: Int, n: Int, b: UnsafePointer<Self>, ldb: Int,
    into packed: UnsafeMutablePointer<Self>)
  /// The C library's functions, for the Double reference path of the cells only (tests check
  /// the Float path against it). Nothing that reaches a study result calls them: the Float
  /// cells use their C kernels (`Sources/CellKernels`), everything else `PortableMath`.
  static func exp(_ x: Self) -> Self
  static func log(_ x: Self) -> Self
  static func tanh(_ x: Self) -> Self
}

extension Float: Scalar {
  @inlinable public static func exp(_ x: Float) -> Float { Foundation.expf(x) }
  @inlinable public static func log(_ x: Float) -> Float { Foundation.logf(x) }
  @inlinable public static func tanh(_ x: Float) -> Float { Foundation.tanhf(x) }
}

extension Double: Scalar {
  @inlinable public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
  @inlinable public static func log(_ x: Double) -> Double { Foundation.log(x) }
  @inlinable public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
}

extension Scalar {
  /// Logistic sigmoid, written so that neither branch overflows: for large |x| the
  /// exponent is always of a non-positive number.
  @inlinable static func sigmoid(_ x: Self) -> Self {
    if x >= 0 {
      return 1 / (1 + exp(-x))
    } else {
      let e = exp(x)
      return e / (1 + e)
    }
  }
}
