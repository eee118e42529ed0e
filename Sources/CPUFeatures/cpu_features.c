#include "cpu_features.h"

int memstudy_cpu_supports_x86_64_v4(void) {
#if defined(__x86_64__)
  // The runtime's CPUID check also reads XGETBV: AVX-512 counts only when the OS saves the
  // zmm and mask registers.
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
         __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
         __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512vl");
#else
  return 0;
#endif
}
