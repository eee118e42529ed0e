import CPUFeatures
import Foundation
import ProductKernels
import ProductKernelsAVX512

/// The code path that computes every matrix product (`gemm`): one summation order on every
/// path, so the choice changes the speed and never a bit of the results.
///
/// The widest path the CPU supports is taken, unless the environment variable
/// `MEMSTUDY_KERNELS=portable` (read once, at the first product) forces the narrowest, to prove
/// the results do not depend on it.
public enum ProductPath: String, CaseIterable, Sendable {
  /// 8 Float / 4 Double lanes: AVX2 and FMA on x86-64, NEON on arm64. Runs everywhere.
  case portable
  /// 32 Float / 16 Double lanes in zmm registers, on x86-64 CPUs with AVX-512 (x86-64-v4).
  case avx512

  /// The environment variable that forces a path, and the values it takes.
  static let environmentVariable = "MEMSTUDY_KERNELS"
  static let environmentValues = ["auto", "portable"]

  /// The paths this CPU runs, narrowest first.
  public static let available: [ProductPath] =
    memstudy_cpu_supports_x86_64_v4() != 0 ? [.portable, .avx512] : [.portable]

  /// The path every product takes in this process.
  public static let selected: ProductPath = {
    let value = ProcessInfo.processInfo.environment[environmentVariable] ?? ""
    return value == "portable" ? .portable : available.last!
  }()

  /// A message naming `MEMSTUDY_KERNELS` and its allowed values when it is set to anything
  /// else; the command line refuses to start then (exit code 2) instead of ignoring it.
  public static var environmentProblem: String? {
    guard let value = ProcessInfo.processInfo.environment[environmentVariable], !value.isEmpty,
      !environmentValues.contains(value)
    else { return nil }
    return "\(environmentVariable)=\(value) is not a kernel choice; allowed: "
      + environmentValues.joined(separator: ", ") + " (or unset)"
  }

  /// For provenance: the path that ran, and why.
  public static var description: String {
    let forced = selected != available.last!
    let lanes = selected == .avx512 ? "AVX-512, x86-64-v4" : portableLanes
    return "memstudy fixed-order products, \(selected.rawValue) path (\(lanes))"
      + (forced ? ", forced by \(environmentVariable)=portable" : "")
  }

  private static var portableLanes: String {
    #if arch(arm64)
      "NEON"
    #else
      "AVX2 and FMA"
    #endif
  }
}

extension Float {
  @inline(__always)
  public static func fixedOrderGemm(
    path: ProductPath, transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
    alpha: Float, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, packedB: UnsafePointer<Float>?
  ) {
    switch path {
    case .portable:
      PortableKernels.product(
        transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b,
        ldb: ldb, beta: beta, c: c, ldc: ldc, packedB: packedB)
    case .avx512:
      AVX512Kernels.product(
        transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b,
        ldb: ldb, beta: beta, c: c, ldc: ldc, packedB: packedB)
    }
  }

  public static func panelWidth(path: ProductPath) -> Int {
    switch path {
    case .portable: PortableKernels.panelWidth(Float.self)
    case .avx512: AVX512Kernels.panelWidth(Float.self)
    }
  }

  public static func packPanels(
    path: ProductPath, transB: Bool, k: Int, n: Int, b: UnsafePointer<Float>, ldb: Int,
    into packed: UnsafeMutablePointer<Float>
  ) {
    switch path {
    case .portable: PortableKernels.pack(transB: transB, k: k, n: n, b: b, ldb: ldb, into: packed)
    case .avx512: AVX512Kernels.pack(transB: transB, k: k, n: n, b: b, ldb: ldb, into: packed)
    }
  }
}

extension Double {
  @inline(__always)
  public static func fixedOrderGemm(
    path: ProductPath, transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int,
    b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, packedB: UnsafePointer<Double>?
  ) {
    switch path {
    case .portable:
      PortableKernels.product(
        transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b,
        ldb: ldb, beta: beta, c: c, ldc: ldc, packedB: packedB)
    case .avx512:
      AVX512Kernels.product(
        transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b,
        ldb: ldb, beta: beta, c: c, ldc: ldc, packedB: packedB)
    }
  }

  public static func panelWidth(path: ProductPath) -> Int {
    switch path {
    case .portable: PortableKernels.panelWidth(Double.self)
    case .avx512: AVX512Kernels.panelWidth(Double.self)
    }
  }

  public static func packPanels(
    path: ProductPath, transB: Bool, k: Int, n: Int, b: UnsafePointer<Double>, ldb: Int,
    into packed: UnsafeMutablePointer<Double>
  ) {
    switch path {
    case .portable: PortableKernels.pack(transB: transB, k: k, n: n, b: b, ldb: ldb, into: packed)
    case .avx512: AVX512Kernels.pack(transB: transB, k: k, n: n, b: b, ldb: ldb, into: packed)
    }
  }
}
