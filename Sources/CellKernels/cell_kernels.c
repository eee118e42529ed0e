#include "cell_kernels.h"

// The kernels are written once (`cell_lanes.h`) and compiled here at both widths, on x86-64
// each under the target features its vectors need (elsewhere both are plain vector code; only
// x86-64 CPUs with AVX-512 run the 16-lane copy). The target's flags keep every a·b + c
// unfused (`-ffp-contract=off`): the fused multiply-adds are the ones the code writes.

#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#endif
#define LANES 8
#include "cell_lanes.h"
#undef LANES
#if defined(__x86_64__)
#pragma clang attribute pop
#endif

#if defined(__x86_64__)
#pragma clang attribute push( \
    __attribute__((target("avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx2,fma"), \
                   min_vector_width(512))), apply_to = function)
#endif
#define LANES 16
#include "cell_lanes.h"
#undef LANES
#if defined(__x86_64__)
#pragma clang attribute pop
#endif
