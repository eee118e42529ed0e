#include "cpu_features.h"

#if defined(__x86_64__)
#include <xmmintrin.h>
// MXCSR bit 15 flushes subnormal results to zero (FTZ); bit 6 reads subnormal inputs as zero
// (DAZ).
static const unsigned int flushBits = (1u << 15) | (1u << 6);

unsigned long memstudy_fp_flush_subnormals(void) {
  unsigned int previous = _mm_getcsr();
  _mm_setcsr(previous | flushBits);
  return previous;
}

void memstudy_fp_restore(unsigned long previous) { _mm_setcsr((unsigned int)previous); }

int memstudy_fp_flushes_subnormals(void) { return (_mm_getcsr() & flushBits) == flushBits; }

#elif defined(__aarch64__)
// FPCR bit 24 (FZ): subnormal inputs and results of Float and Double arithmetic, scalar and
// Advanced SIMD, are flushed to zero.
static const unsigned long flushBit = 1ul << 24;

static unsigned long readFPCR(void) {
  unsigned long value;
  __asm__ __volatile__("mrs %0, fpcr" : "=r"(value));
  return value;
}

static void writeFPCR(unsigned long value) { __asm__ __volatile__("msr fpcr, %0" : : "r"(value)); }

unsigned long memstudy_fp_flush_subnormals(void) {
  unsigned long previous = readFPCR();
  writeFPCR(previous | flushBit);
  return previous;
}

void memstudy_fp_restore(unsigned long previous) { writeFPCR(previous); }

int memstudy_fp_flushes_subnormals(void) { return (readFPCR() & flushBit) != 0; }

#else
unsigned long memstudy_fp_flush_subnormals(void) { return 0; }
void memstudy_fp_restore(unsigned long previous) { (void)previous; }
int memstudy_fp_flushes_subnormals(void) { return 0; }
#endif
