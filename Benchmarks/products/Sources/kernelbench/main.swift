import COpenBLAS
import CPUFeatures
import Foundation
import ProductKernels
import ProductKernelsAVX512

// GFLOP/s of each product shape of a training step under OpenBLAS's sgemm (whichever core it
// picks; OPENBLAS_CORETYPE=Haswell forces the AVX2 one), the portable and the AVX-512
// kernels, and both kernels with op(B) packed beforehand (as the forward pass's W_hhᵀ is).
// Thread CPU time, so that other work on the machine counts less; minimum over interleaved
// rounds. C accumulates (beta = 1), as in the step.
//   swift run -c release kernelbench [ROUNDS]

func cpuSeconds() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

struct Shape {
  let name: String
  let transA, transB: Bool
  let m, n, k: Int
}

// One-hot input: H = 64, D = 32, B = 64, G·H by unit, weight-gradient rows per chunk as the
// tape chooses them; dense LSTM: H = 128, I = D = 64, L = 50.
var shapes: [Shape] = []
for (unit, h, gw, d, b, rows) in [
  ("vrnn", 64, 64, 32, 64, 1024), ("lstm", 64, 256, 32, 64, 256), ("gru", 64, 192, 32, 64, 128),
  ("dense lstm", 128, 512, 64, 64, 128),
] {
  shapes.append(Shape(name: "\(unit) forward h·W_hhᵀ", transA: false, transB: true, m: b, n: gw, k: h))
  shapes.append(Shape(name: "\(unit) forward readout", transA: false, transB: true, m: b, n: d, k: h))
  shapes.append(Shape(name: "\(unit) backward dh", transA: false, transB: false, m: b, n: h, k: gw))
  shapes.append(Shape(name: "\(unit) backward dW_hh", transA: true, transB: false, m: gw, n: h, k: rows))
  shapes.append(Shape(name: "\(unit) backward dW_readout", transA: true, transB: false, m: d, n: h, k: b))
}
shapes.append(Shape(name: "dense lstm forward x·W_ihᵀ", transA: false, transB: true, m: 3200, n: 512, k: 64))
shapes.append(Shape(name: "dense lstm backward dW_ih", transA: true, transB: false, m: 512, n: 64, k: 128))
shapes.append(Shape(name: "square", transA: false, transB: false, m: 512, n: 512, k: 512))

openblas_set_num_threads(1)
let wide = memstudy_cpu_supports_x86_64_v4() != 0
let rounds = Int(CommandLine.arguments.dropFirst().first ?? "5") ?? 5
print("OpenBLAS core \(String(cString: openblas_get_corename())), AVX-512 \(wide ? "yes" : "no"), \(rounds) rounds")
print("| product | shape | OpenBLAS | portable | AVX-512 | portable, B packed | AVX-512, B packed |")
print("|---|---|---:|---:|---:|---:|---:|")
for s in shapes {
  let size = max(s.m, s.k) * max(s.n, s.k)
  let a = UnsafeMutablePointer<Float>.allocate(capacity: size)
  let b = UnsafeMutablePointer<Float>.allocate(capacity: size)
  let c = UnsafeMutablePointer<Float>.allocate(capacity: s.m * s.n)
  for i in 0..<size { a[i] = Float(i % 7) * 0.01; b[i] = Float(i % 5) * 0.02 }
  c.initialize(repeating: 0, count: s.m * s.n)
  let lda = s.transA ? s.m : s.k, ldb = s.transB ? s.k : s.n
  let packedPortable = UnsafeMutablePointer<Float>.allocate(capacity: (s.n + 64) * s.k)
  let packedWide = UnsafeMutablePointer<Float>.allocate(capacity: (s.n + 64) * s.k)
  PortableKernels.pack(transB: s.transB, k: s.k, n: s.n, b: b, ldb: ldb, into: packedPortable)
  if wide { AVX512Kernels.pack(transB: s.transB, k: s.k, n: s.n, b: b, ldb: ldb, into: packedWide) }
  let flops = 2.0 * Double(s.m * s.n * s.k)
  let repeats = max(1, Int(2e7 / flops))
  var kernels: [() -> Void] = [
    {
      cblas_sgemm(
        CblasRowMajor, s.transA ? CblasTrans : CblasNoTrans, s.transB ? CblasTrans : CblasNoTrans,
        Int32(s.m), Int32(s.n), Int32(s.k), 1, a, Int32(lda), b, Int32(ldb), 1, c, Int32(s.n))
    },
    {
      PortableKernels.product(
        transA: s.transA, transB: s.transB, m: s.m, n: s.n, k: s.k, alpha: 1, a: a, lda: lda,
        b: b, ldb: ldb, beta: 1, c: c, ldc: s.n)
    },
  ]
  if wide {
    kernels.append {
      AVX512Kernels.product(
        transA: s.transA, transB: s.transB, m: s.m, n: s.n, k: s.k, alpha: 1, a: a, lda: lda,
        b: b, ldb: ldb, beta: 1, c: c, ldc: s.n)
    }
  }
  kernels.append {
    PortableKernels.product(
      transA: s.transA, transB: s.transB, m: s.m, n: s.n, k: s.k, alpha: 1, a: a, lda: lda,
      b: b, ldb: ldb, beta: 1, c: c, ldc: s.n, packedB: packedPortable)
  }
  if wide {
    kernels.append {
      AVX512Kernels.product(
        transA: s.transA, transB: s.transB, m: s.m, n: s.n, k: s.k, alpha: 1, a: a, lda: lda,
        b: b, ldb: ldb, beta: 1, c: c, ldc: s.n, packedB: packedWide)
    }
  }
  var best = [Double](repeating: .infinity, count: kernels.count)
  for _ in 0..<rounds {
    for (i, kernel) in kernels.enumerated() {
      kernel()
      let start = cpuSeconds()
      for _ in 0..<repeats { kernel() }
      best[i] = min(best[i], (cpuSeconds() - start) / Double(repeats))
    }
  }
  var cells = best.map { String(format: "%.0f", flops / $0 / 1e9) }
  if !wide { cells.insert("–", at: 2); cells.append("–") }
  let shape = "\(s.transA ? "Aᵀ" : "A")·\(s.transB ? "Bᵀ" : "B") \(s.m)×\(s.n)×\(s.k)"
  print("| \(s.name) | \(shape) | " + cells.joined(separator: " | ") + " |")
}
