/// `C = alpha · op(A) · op(B) + beta · C` on row-major buffers, each element of `C` summed in
/// one fixed order, whatever the lane width `V` it is compiled for.
///
/// Every element is one chain of fused multiply-adds over `k` in increasing order:
///
///     acc = (alpha = 1 and beta = 1) ? c[i, j] : 0
///     for p in 0 ..< k { acc = fma(op(A)[i, p], op(B)[p, j], acc) }
///     c[i, j] = acc                                 (alpha = 1, beta ∈ {0, 1})
///     c[i, j] = alpha · acc (+ beta · c[i, j] unless beta = 0)   (otherwise)
///
/// The lanes of `V` hold neighbouring *columns* `j`, never neighbouring `p`: lanes are
/// independent elements, so a wider `V` (AVX-512, 16 Float lanes) computes the same chain per
/// element as a narrow one (AVX2, 8 lanes) and the results are bit-identical. Splitting `k`
/// (as BLAS does, to fit caches) or summing it in lanes would change the rounding; this code
/// does neither.
///
/// A tile is `rowsPerTile` (4 or 8) rows × `2 · V.scalarCount` columns: 8 or 16 accumulators
/// of `V`. `op(B)` is read in panels of that width, in place when `B` is not transposed and
/// the panel is whole, else copied (transposed, zero-padded) into `scratch`, which must hold
/// `scratchCount` scalars; or taken from `packedB`, all of `op(B)` packed by `packPanels`
/// beforehand (a caller that multiplies by the same `Bᵀ` many times packs it once). Rows past
/// `m` repeat the last row and columns past `n` compute on zero padding: neither is stored.
@inlinable
public func fixedOrderProduct<V: SIMD>(
  lanes: V.Type, rowsPerTile: Int, transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
  alpha: V.Scalar, a: UnsafePointer<V.Scalar>, lda: Int,
  b: UnsafePointer<V.Scalar>, ldb: Int,
  beta: V.Scalar, c: UnsafeMutablePointer<V.Scalar>, ldc: Int,
  scratch: UnsafeMutablePointer<V.Scalar>, packedB: UnsafePointer<V.Scalar>? = nil
) where V.Scalar: BinaryFloatingPoint {
  let width = V.scalarCount
  let panelWidth = 2 * width
  let update = ProductUpdate(alpha: alpha, beta: beta)
  // op(A)[i, p] sits at a + i · aRow + p · aStep.
  let (aRow, aStep) = transA ? (1, lda) : (lda, 1)
  // Where each panel of op(B) is read from: given packed, in place (B not transposed, whole
  // panels), or packed here into `scratch` (all of a transposed B; a last partial panel).
  let packedAll: UnsafePointer<V.Scalar>?
  if let packedB {
    packedAll = packedB
  } else if transB {
    packPanels(lanes: V.self, transB: true, k: k, n: n, b: b, ldb: ldb, into: scratch)
    packedAll = UnsafePointer(scratch)
  } else {
    packedAll = nil
    let whole = n / panelWidth * panelWidth
    if whole < n {
      packPanel(
        transB: false, k: k, columns: n - whole, width: panelWidth, b + whole, ldb: ldb,
        into: scratch)
    }
  }
  // The panel op(B)[0 ..< k, j0 ..< j0 + panelWidth], row p at panel + p · panelStep.
  @inline(__always)
  func panel(_ j0: Int) -> (UnsafePointer<V.Scalar>, Int) {
    if let packedAll { return (packedAll + j0 * k, panelWidth) }
    if n - j0 >= panelWidth { return (b + j0, ldb) }
    return (UnsafePointer(scratch), panelWidth)
  }
  @inline(__always)
  func tile(_ i0: Int, _ j0: Int, _ panel: UnsafePointer<V.Scalar>, _ panelStep: Int) {
    let rows = min(rowsPerTile, m - i0)
    let columns = min(panelWidth, n - j0)
    let tile = c + i0 * ldc + j0
    let whole = rows == rowsPerTile && columns == panelWidth
    var acc = update.startsFromC
      ? loadTile(V.self, tile, ldc: ldc, rows: rows, columns: columns, whole: whole)
      : TileAccumulators<V>()
    let first = a + i0 * aRow
    let last = rows - 1
    if rowsPerTile == 8 {
      productTile8(
        k: k, { first + min($0, last) * aRow }, aStep: aStep, panel, panelStep: panelStep, &acc)
    } else {
      productTile(
        k: k, { first + min($0, last) * aRow }, aStep: aStep, panel, panelStep: panelStep, &acc)
    }
    storeTile(acc, tile, ldc: ldc, rows: rows, columns: columns, whole: whole, update)
  }
  // The order of the tiles changes no result. Up to 64 rows, each panel stays in L1 while
  // the row tiles pass; beyond, each row tile's slice of op(A) stays while the panels pass,
  // so that C is walked along its rows (which the hardware prefetches) rather than down them.
  if m <= 64 {
    for j0 in stride(from: 0, to: n, by: panelWidth) {
      let (p, step) = panel(j0)
      for i0 in stride(from: 0, to: m, by: rowsPerTile) { tile(i0, j0, p, step) }
    }
  } else {
    for i0 in stride(from: 0, to: m, by: rowsPerTile) {
      for j0 in stride(from: 0, to: n, by: panelWidth) {
        let (p, step) = panel(j0)
        tile(i0, j0, p, step)
      }
    }
  }
}

/// Scalars of scratch `fixedOrderProduct` needs: all of a transposed `B` unless it comes
/// packed (`k · n`, `n` rounded up to whole panels), else one panel.
@inlinable
public func scratchCount(panelWidth: Int, n: Int, k: Int, packingAll: Bool) -> Int {
  (packingAll ? (n + panelWidth - 1) / panelWidth * panelWidth : panelWidth) * k
}

/// How a product's sum meets `C`; every path classifies alpha and beta the same way.
@usableFromInline
enum ProductUpdate<Scalar: BinaryFloatingPoint> {
  /// alpha = 1, beta = 1: the sum starts from `c` (`C += op(A) · op(B)`).
  case accumulate
  /// alpha = 1, beta = 0: `C = op(A) · op(B)`; `c` is not read (NaNs in it are cleared).
  case overwrite
  /// Anything else: `alpha · sum`, plus `beta · c` unless beta = 0, each a separate rounding.
  case scaled(alpha: Scalar, beta: Scalar)

  @inlinable init(alpha: Scalar, beta: Scalar) {
    if alpha == 1 && beta == 1 {
      self = .accumulate
    } else if alpha == 1 && beta == 0 {
      self = .overwrite
    } else {
      self = .scaled(alpha: alpha, beta: beta)
    }
  }

  @inlinable var startsFromC: Bool {
    if case .accumulate = self { return true }
    return false
  }
}

/// A tile's accumulators: row r (up to 8), lanes `[c_r0 | c_r1]` across the tile's columns.
@usableFromInline
struct TileAccumulators<V: SIMD> where V.Scalar: BinaryFloatingPoint {
  @usableFromInline var c00 = V(), c01 = V(), c10 = V(), c11 = V()
  @usableFromInline var c20 = V(), c21 = V(), c30 = V(), c31 = V()
  @usableFromInline var c40 = V(), c41 = V(), c50 = V(), c51 = V()
  @usableFromInline var c60 = V(), c61 = V(), c70 = V(), c71 = V()

  @inlinable init() {}

  @inlinable subscript(row: Int, half: Int) -> V {
    get {
      switch (row, half) {
      case (0, 0): c00
      case (0, _): c01
      case (1, 0): c10
      case (1, _): c11
      case (2, 0): c20
      case (2, _): c21
      case (3, 0): c30
      case (3, _): c31
      case (4, 0): c40
      case (4, _): c41
      case (5, 0): c50
      case (5, _): c51
      case (6, 0): c60
      case (6, _): c61
      case (7, 0): c70
      default: c71
      }
    }
    set {
      switch (row, half) {
      case (0, 0): c00 = newValue
      case (0, _): c01 = newValue
      case (1, 0): c10 = newValue
      case (1, _): c11 = newValue
      case (2, 0): c20 = newValue
      case (2, _): c21 = newValue
      case (3, 0): c30 = newValue
      case (3, _): c31 = newValue
      case (4, 0): c40 = newValue
      case (4, _): c41 = newValue
      case (5, 0): c50 = newValue
      case (5, _): c51 = newValue
      case (6, 0): c60 = newValue
      case (6, _): c61 = newValue
      case (7, 0): c70 = newValue
      default: c71 = newValue
      }
    }
  }
}

/// The inner loop: for p in 0 ..< k, every accumulator takes one fused multiply-add of its
/// row's `op(A)[r, p]` (broadcast) with the panel's row p. 4 rows: eight accumulators.
// a(r): op(A) row r, element p at a_r[p · aStep]; panel: (k, 2·W) rows panelStep apart.
@inlinable @inline(__always)
func productTile<V: SIMD>(
  k: Int, _ a: (Int) -> UnsafePointer<V.Scalar>, aStep: Int,
  _ panel: UnsafePointer<V.Scalar>, panelStep: Int, _ acc: inout TileAccumulators<V>
) where V.Scalar: BinaryFloatingPoint {
  let (a0, a1, a2, a3) = (a(0), a(1), a(2), a(3))
  var (c00, c01, c10, c11) = (acc.c00, acc.c01, acc.c10, acc.c11)
  var (c20, c21, c30, c31) = (acc.c20, acc.c21, acc.c30, acc.c31)
  let width = V.scalarCount
  var pa = 0
  var pb = panel
  for _ in 0..<k {
    let b0 = UnsafeRawPointer(pb).loadUnaligned(as: V.self)
    let b1 = UnsafeRawPointer(pb + width).loadUnaligned(as: V.self)
    let x0 = V(repeating: a0[pa]), x1 = V(repeating: a1[pa])
    c00 = c00.addingProduct(x0, b0)
    c01 = c01.addingProduct(x0, b1)
    c10 = c10.addingProduct(x1, b0)
    c11 = c11.addingProduct(x1, b1)
    let x2 = V(repeating: a2[pa]), x3 = V(repeating: a3[pa])
    c20 = c20.addingProduct(x2, b0)
    c21 = c21.addingProduct(x2, b1)
    c30 = c30.addingProduct(x3, b0)
    c31 = c31.addingProduct(x3, b1)
    pa &+= aStep
    pb += panelStep
  }
  (acc.c00, acc.c01, acc.c10, acc.c11) = (c00, c01, c10, c11)
  (acc.c20, acc.c21, acc.c30, acc.c31) = (c20, c21, c30, c31)
}

/// `productTile` for 8 rows: sixteen accumulators, for CPUs with 32 vector registers.
@inlinable @inline(__always)
func productTile8<V: SIMD>(
  k: Int, _ a: (Int) -> UnsafePointer<V.Scalar>, aStep: Int,
  _ panel: UnsafePointer<V.Scalar>, panelStep: Int, _ acc: inout TileAccumulators<V>
) where V.Scalar: BinaryFloatingPoint {
  let (a0, a1, a2, a3, a4, a5, a6, a7) = (a(0), a(1), a(2), a(3), a(4), a(5), a(6), a(7))
  var (c00, c01, c10, c11) = (acc.c00, acc.c01, acc.c10, acc.c11)
  var (c20, c21, c30, c31) = (acc.c20, acc.c21, acc.c30, acc.c31)
  var (c40, c41, c50, c51) = (acc.c40, acc.c41, acc.c50, acc.c51)
  var (c60, c61, c70, c71) = (acc.c60, acc.c61, acc.c70, acc.c71)
  let width = V.scalarCount
  var pa = 0
  var pb = panel
  for _ in 0..<k {
    let b0 = UnsafeRawPointer(pb).loadUnaligned(as: V.self)
    let b1 = UnsafeRawPointer(pb + width).loadUnaligned(as: V.self)
    let x0 = V(repeating: a0[pa]), x1 = V(repeating: a1[pa])
    c00 = c00.addingProduct(x0, b0)
    c01 = c01.addingProduct(x0, b1)
    c10 = c10.addingProduct(x1, b0)
    c11 = c11.addingProduct(x1, b1)
    let x2 = V(repeating: a2[pa]), x3 = V(repeating: a3[pa])
    c20 = c20.addingProduct(x2, b0)
    c21 = c21.addingProduct(x2, b1)
    c30 = c30.addingProduct(x3, b0)
    c31 = c31.addingProduct(x3, b1)
    let x4 = V(repeating: a4[pa]), x5 = V(repeating: a5[pa])
    c40 = c40.addingProduct(x4, b0)
    c41 = c41.addingProduct(x4, b1)
    c50 = c50.addingProduct(x5, b0)
    c51 = c51.addingProduct(x5, b1)
    let x6 = V(repeating: a6[pa]), x7 = V(repeating: a7[pa])
    c60 = c60.addingProduct(x6, b0)
    c61 = c61.addingProduct(x6, b1)
    c70 = c70.addingProduct(x7, b0)
    c71 = c71.addingProduct(x7, b1)
    pa &+= aStep
    pb += panelStep
  }
  (acc.c00, acc.c01, acc.c10, acc.c11) = (c00, c01, c10, c11)
  (acc.c20, acc.c21, acc.c30, acc.c31) = (c20, c21, c30, c31)
  (acc.c40, acc.c41, acc.c50, acc.c51) = (c40, c41, c50, c51)
  (acc.c60, acc.c61, acc.c70, acc.c71) = (c60, c61, c70, c71)
}

/// All of `op(B)` `(k, n)` as `fixedOrderProduct`'s panels for lanes `V`, one after another:
/// `packed` must hold `k · n` rounded up to whole panels (`2 · V.scalarCount` columns).
@inlinable
public func packPanels<V: SIMD>(
  lanes: V.Type, transB: Bool, k: Int, n: Int, b: UnsafePointer<V.Scalar>, ldb: Int,
  into packed: UnsafeMutablePointer<V.Scalar>
) where V.Scalar: BinaryFloatingPoint {
  let panelWidth = 2 * V.scalarCount
  for j0 in stride(from: 0, to: n, by: panelWidth) {
    packPanel(
      transB: transB, k: k, columns: min(panelWidth, n - j0), width: panelWidth,
      b + (transB ? j0 * ldb : j0), ldb: ldb, into: packed + j0 * k)
  }
}

/// Copies `op(B)[0 ..< k, 0 ..< columns]` into `panel` `(k, width)`, zeros after `columns`.
// b: (k, ·) rows ldb apart, or (columns, k) when transposed.
@inlinable
func packPanel<T: BinaryFloatingPoint>(
  transB: Bool, k: Int, columns: Int, width: Int, _ b: UnsafePointer<T>, ldb: Int,
  into panel: UnsafeMutablePointer<T>
) {
  if transB {
    if columns < width { panel.update(repeating: 0, count: k * width) }
    for j in 0..<columns {
      let column = b + j * ldb
      for p in 0..<k { panel[p * width + j] = column[p] }
    }
  } else {
    for p in 0..<k {
      let row = panel + p * width
      row.update(from: b + p * ldb, count: columns)
      (row + columns).update(repeating: 0, count: width - columns)
    }
  }
}

/// The accumulators' start for `.accumulate`: the tile of `c`, zeros outside `C`.
@inlinable @inline(__always)
func loadTile<V: SIMD>(
  _: V.Type, _ c: UnsafeMutablePointer<V.Scalar>, ldc: Int, rows: Int, columns: Int,
  whole: Bool
) -> TileAccumulators<V> where V.Scalar: BinaryFloatingPoint {
  var acc = TileAccumulators<V>()
  let width = V.scalarCount
  for r in 0..<rows {
    let row = UnsafeRawPointer(c + r * ldc)
    if whole {
      acc[r, 0] = row.loadUnaligned(as: V.self)
      acc[r, 1] = row.loadUnaligned(fromByteOffset: width * MemoryLayout<V.Scalar>.stride, as: V.self)
    } else {
      for j in 0..<columns { acc[r, j / width][j % width] = c[r * ldc + j] }
    }
  }
  return acc
}

/// Writes a tile's first `rows` × `columns` elements into `c`, by `update`'s rule. The same
/// arithmetic per element whether it runs on whole vectors or lane by lane.
@inlinable @inline(__always)
func storeTile<V: SIMD>(
  _ acc: TileAccumulators<V>, _ c: UnsafeMutablePointer<V.Scalar>, ldc: Int, rows: Int,
  columns: Int, whole: Bool, _ update: ProductUpdate<V.Scalar>
) where V.Scalar: BinaryFloatingPoint {
  let width = V.scalarCount
  for r in 0..<rows {
    let row = c + r * ldc
    if whole {
      for half in 0..<2 {
        let p = UnsafeMutableRawPointer(row + half * width)
        var value = acc[r, half]
        if case .scaled(let alpha, let beta) = update {
          value = alpha * value
          if beta != 0 { value = value + beta * p.loadUnaligned(as: V.self) }
        }
        p.storeBytes(of: value, as: V.self)
      }
    } else {
      for j in 0..<columns {
        var value = acc[r, j / width][j % width]
        if case .scaled(let alpha, let beta) = update {
          value = alpha * value
          if beta != 0 { value = value + beta * row[j] }
        }
        row[j] = value
      }
    }
  }
}
