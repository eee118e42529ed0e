/// A transposed right-hand operand `Bᵀ` kept packed in the product kernels' panel layout
/// between consecutive products that read it: the forward pass multiplies by `W_hhᵀ` once per
/// time step, and packing it each time would cost a third of the product.
///
/// The packing is reused only by the *next* product with the same pointer and shape; any other
/// product in between drops it, and so does the start of every forward pass (`forget()`):
/// within a pass nothing changes `W_hh` between its time steps, while between passes the
/// optimiser moves it. Packing changes no value: the product's bits are the same either way.
final class PackedOperand<T: Scalar> {
  private var storage = Buffer<T>(count: 0)
  private var key: Key?

  private struct Key: Equatable {
    let pointer: UnsafePointer<T>
    let n, k, ldb: Int
    let path: ProductPath
  }

  /// `op(B)` for `B` `(n, k)` transposed, packed: from the previous call when it packed the
  /// same operand, else packed now.
  func packed(_ b: UnsafePointer<T>, n: Int, k: Int, ldb: Int, path: ProductPath) -> UnsafePointer<T> {
    let wanted = Key(pointer: b, n: n, k: k, ldb: ldb, path: path)
    if key != wanted {
      let width = T.panelWidth(path: path)
      let count = (n + width - 1) / width * width * k
      if storage.count < count { storage = Buffer(count: count) }
      T.packPanels(path: path, transB: true, k: k, n: n, b: b, ldb: ldb, into: storage.base)
      key = wanted
    }
    return UnsafePointer(storage.base)
  }

  func forget() { key = nil }
}
