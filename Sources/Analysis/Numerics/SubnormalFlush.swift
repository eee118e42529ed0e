import CPUFeatures

/// Training and evaluation arithmetic runs with subnormal numbers flushed to zero.
///
/// As a unit forgets, the gradients that flow back through a long sequence decay below
/// Float's smallest normal number (1.2e-38); x86 CPUs compute with such subnormal operands
/// about a hundred times slower than with normal ones, which made a collapsed LSTM at L = 160
/// train several times slower per step than a fresh one. Nothing a study reports is that
/// small: flushing changes no result of the presets (their CSVs are the same bytes), only the
/// time.
///
/// The mode is a property of the thread's floating-point unit (x86-64 MXCSR FTZ and DAZ, arm64
/// FPCR.FZ). Every forward pass and every training step sets it on entry and restores it on
/// exit, so a result never depends on which thread or caller ran it, and every product path
/// (portable, AVX-512) sees the same flushed operands: the results stay the same bytes.
enum SubnormalFlush {
  /// Runs `body` with subnormals flushed to zero on this thread; restores the previous mode.
  @inline(__always)
  static func around<R>(_ body: () throws -> R) rethrows -> R {
    let previous = memstudy_fp_flush_subnormals()
    defer { memstudy_fp_restore(previous) }
    return try body()
  }

  /// Whether this thread flushes subnormals now (for tests).
  static var isActive: Bool { memstudy_fp_flushes_subnormals() != 0 }
}
