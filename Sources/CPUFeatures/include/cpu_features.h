#ifndef MEMSTUDY_CPU_FEATURES_H
#define MEMSTUDY_CPU_FEATURES_H

/// 1 when the CPU and the operating system support everything `-target-cpu x86-64-v4` may
/// use (AVX-512 F, BW, CD, DQ, VL on top of x86-64-v3), else 0. Always 0 off x86-64.
int memstudy_cpu_supports_x86_64_v4(void);

/// Sets this thread's floating-point unit to treat subnormal numbers as zero, both as inputs
/// and as results (x86-64: MXCSR's DAZ and FTZ bits; arm64: FPCR.FZ, which does both), and
/// returns the previous control word for `memstudy_fp_restore`. Applies to Float and Double
/// and to every vector width the kernels use (SSE, AVX2, AVX-512, NEON) alike.
unsigned long memstudy_fp_flush_subnormals(void);

/// Restores a control word returned by `memstudy_fp_flush_subnormals`.
void memstudy_fp_restore(unsigned long previous);

/// 1 when this thread's floating-point unit flushes subnormals (both bits on x86-64), else 0.
int memstudy_fp_flushes_subnormals(void);

#endif
