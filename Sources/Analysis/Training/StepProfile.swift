import CellKernels
import Foundation

/// Where a training step's time goes: wall-clock seconds per phase, summed over the steps
/// run with the profile attached (`memstudy bench --profile`), and the shapes of one step's
/// matrix products, to replay them alone through `gemm`.
///
/// Attached only when measuring: without it each phase boundary costs one nil check.
public final class StepProfile {
  public enum Phase: Int, CaseIterable, Sendable {
    /// Drawing the batch and its targets.
    case data
    /// The matrix products (`gemm`).
    case products
    /// The cells' elementwise forward and backward steps.
    case activations
    /// Input gather, bias and token-gradient sums, weight transposes.
    case gatherScatter
    /// Loss and its gradient.
    case loss
    /// Gradient clipping and Adam.
    case optimiser

    public var name: String {
      switch self {
      case .data: "data"
      case .products: "products"
      case .activations: "activations"
      case .gatherScatter: "gather_scatter"
      case .loss: "loss"
      case .optimiser: "optimiser"
      }
    }
  }

  /// One product of a step: `C (+)= op(A) · op(B)`, `op(A)` `(m, k)`, `op(B)` `(k, n)`.
  public struct Product: Hashable, Sendable {
    public let transA, transB: Bool
    public let m, n, k: Int
    public var flops: Double { 2 * Double(m) * Double(n) * Double(k) }
  }

  public private(set) var seconds = [Double](repeating: 0, count: Phase.allCases.count)
  /// Floating-point operations of the products timed under `.products`.
  public private(set) var productFlops = 0.0
  /// The products of the first step recorded, in order.
  public private(set) var stepProducts: [Product] = []
  private var recordingProducts = true

  public init() {}

  @inline(__always) static func now() -> UInt64 {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec)
  }

  @inline(__always) func add(_ phase: Phase, since start: UInt64) {
    seconds[phase.rawValue] += Double(Self.now() &- start) * 1e-9
  }

  func addProduct(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, since start: UInt64) {
    add(.products, since: start)
    let product = Product(transA: transA, transB: transB, m: m, n: n, k: k)
    productFlops += product.flops
    if recordingProducts { stepProducts.append(product) }
  }

  /// Ends the recording of product shapes (after the first step).
  func stepEnded() { recordingProducts = false }

  /// Seconds to run `stepProducts` `repeats` times through `gemm` on warm buffers of their
  /// sizes: the same products as a step, without the rest of the step around them.
  public func replayProducts(repeats: Int) -> Double {
    let size = { (p: Product) in max(p.m * p.k, p.k * p.n, p.m * p.n) }
    let count = stepProducts.map(size).max() ?? 1
    var rng = RandomGenerator(seed: 1)
    let a = (0..<count).map { _ in Float(rng.normal()) }
    let b = (0..<count).map { _ in Float(rng.normal()) }
    var c = [Float](repeating: 0, count: count)
    let start = Self.now()
    for _ in 0..<repeats {
      for p in stepProducts {
        gemm(
          transA: p.transA, transB: p.transB, m: p.m, n: p.n, k: p.k, a,
          lda: p.transA ? p.m : p.k, b, ldb: p.transB ? p.k : p.n, beta: 1, &c, ldc: p.n)
      }
    }
    return Double(Self.now() - start) * 1e-9
  }
}

extension StepProfile {
  /// Seconds per value of the cells' sigmoid and tanh at the lane width this process runs,
  /// on a cache-warm buffer of values spread over their working range (best of five runs of
  /// at least 10 ms each): what one evaluation costs when nothing else competes.
  public static func activationCost() -> (sigmoid: Double, tanh: Double) {
    let count = 4096
    var rng = RandomGenerator(seed: 1)
    let x = (0..<count).map { _ in rng.uniform(Float(-8), Float(8)) }
    var y = [Float](repeating: 0, count: count)
    let kernel = CellKernel.wide ? memstudy_activation_16 : memstudy_activation_8
    func cost(_ kind: memstudy_activation) -> Double {
      x.withUnsafeBufferPointer { x in
        y.withUnsafeMutableBufferPointer { y in
          var best = Double.infinity
          for _ in 0..<5 {
            var (runs, seconds) = (0, 0.0)
            let start = now()
            while seconds < 0.01 {
              kernel(kind, x.baseAddress, y.baseAddress, count)
              runs += 1
              seconds = Double(now() - start) * 1e-9
            }
            best = min(best, seconds / Double(runs * count))
          }
          return best
        }
      }
    }
    return (cost(memstudy_activation_sigmoid), cost(memstudy_activation_tanh))
  }
}

extension RecurrentTape {
  /// A phase's start time, or 0 when no profile is attached.
  @inline(__always) func clockStart() -> UInt64 { profile == nil ? 0 : StepProfile.now() }

  @inline(__always) func clockStop(_ phase: StepProfile.Phase, _ start: UInt64) {
    profile?.add(phase, since: start)
  }

  /// `C = op(A) · op(B)` (`accumulate`: `C += …`) through `gemm`, timed and recorded when a
  /// profile is attached. A transposed `B` stays packed for the next product if that reads
  /// the same `B` again (the forward pass's `W_hhᵀ`, see `PackedOperand`); the result is the
  /// same to the bit.
  @inline(__always)
  func product(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
    _ a: UnsafePointer<T>, lda: Int,
    _ b: UnsafePointer<T>, ldb: Int, accumulate: Bool, _ c: UnsafeMutablePointer<T>, ldc: Int
  ) {
    let start = clockStart()
    if transB && m > 0 && n > 0 && k > 0 {
      let path = ProductPath.selected
      let packed = packedOperand.packed(b, n: n, k: k, ldb: ldb, path: path)
      T.fixedOrderGemm(
        path: path, transA: transA, transB: true, m: m, n: n, k: k, alpha: 1, a: a, lda: lda,
        b: b, ldb: ldb, beta: accumulate ? 1 : 0, c: c, ldc: ldc, packedB: packed)
    } else {
      packedOperand.forget()
      gemm(
        transA: transA, transB: transB, m: m, n: n, k: k, a, lda: lda, b, ldb: ldb,
        beta: accumulate ? 1 : 0, c, ldc: ldc)
    }
    profile?.addProduct(transA: transA, transB: transB, m: m, n: n, k: k, since: start)
  }
}
