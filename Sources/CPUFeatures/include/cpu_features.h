#ifndef MEMSTUDY_CPU_FEATURES_H
#define MEMSTUDY_CPU_FEATURES_H

/// 1 when the CPU and the operating system support everything `-target-cpu x86-64-v4` may
/// use (AVX-512 F, BW, CD, DQ, VL on top of x86-64-v3), else 0. Always 0 off x86-64.
int memstudy_cpu_supports_x86_64_v4(void);

#endif
