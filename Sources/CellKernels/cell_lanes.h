// The cells' Float kernels at one lane width, `LANES` (8 or 16), included by cell_kernels.c
// once per width. Every name below is suffixed with the width, so both copies link together.
//
// A value's operations are the same at every width and in every lane: loads of a row's last
// lanes are padded with zeros, and the padded lanes are computed and never stored. The cell
// formulas are rounded as the Swift generic path rounds them (left to right, `fma(a, b, c)`
// where it fuses a·b + c), and the activations are the polynomials the Swift SIMD8 cells had:
// the Float path keeps the bits it had as Swift code.

#include <stdint.h>
#include <string.h>

#define MS_CAT2(a, b) a##b
#define MS_CAT(a, b) MS_CAT2(a, b)
#define MS_NAME(name) MS_CAT(MS_CAT(name, _), LANES)

#define VF MS_CAT(ms_vf, LANES)
#define VU MS_CAT(ms_vu, LANES)
#define VI MS_CAT(ms_vi, LANES)

typedef float VF __attribute__((ext_vector_type(LANES)));
typedef uint32_t VU __attribute__((ext_vector_type(LANES)));
typedef int32_t VI __attribute__((ext_vector_type(LANES)));

/// The float whose bits are `bits`, in every lane (the constants are given as bits: a decimal
/// literal would be rounded to float once here and possibly differently elsewhere).
static inline __attribute__((always_inline)) VF MS_NAME(ms_bits)(uint32_t bits) {
  float f;
  memcpy(&f, &bits, sizeof f);
  return (VF)f;
}
#define K(bits) MS_NAME(ms_bits)(bits)

static inline __attribute__((always_inline)) VF MS_NAME(ms_fma)(VF a, VF b, VF c) {
  return __builtin_elementwise_fma(a, b, c);
}
/// a · b + c, rounded once.
#define FMA(a, b, c) MS_NAME(ms_fma)(a, b, c)

/// `m ? a : b` per lane, `m` a comparison's result (all bits set where true).
static inline __attribute__((always_inline)) VF MS_NAME(ms_select)(VI m, VF a, VF b) {
  VU mask = (VU)m;
  return (VF)(((VU)a & mask) | ((VU)b & ~mask));
}
#define SELECT(m, a, b) MS_NAME(ms_select)(m, a, b)

/// The first `n` values at `p`, zeros after.
static inline __attribute__((always_inline)) VF MS_NAME(ms_load)(const float *p, long n) {
  VF v;
  if (n >= LANES) {
    memcpy(&v, p, sizeof v);
    return v;
  }
  v = (VF)0.0f;
  for (long i = 0; i < n; i++) v[i] = p[i];
  return v;
}
#define LOAD(p) MS_NAME(ms_load)(p, n)

/// Stores the first `n` lanes of `v` at `p`.
static inline __attribute__((always_inline)) void MS_NAME(ms_store)(VF v, float *p, long n) {
  if (n >= LANES) {
    memcpy(p, &v, sizeof v);
    return;
  }
  for (long i = 0; i < n; i++) p[i] = v[i];
}
#define STORE(v, p) MS_NAME(ms_store)(v, p, n)
/// p[0 ..< n] += v.
#define ADD(v, p) STORE(LOAD(p) + (v), p)

/// e^x as 2^k · e^r with x = k·ln2 + r, |r| ≤ ln2/2, and e^r a degree-7 polynomial (Cephes'
/// single-precision coefficients). x is clamped to [−87.34, 88.38] so that k stays among the
/// normal exponents: the result saturates at ~1.2e−38 and ~2.4e38 instead of flushing to zero or
/// overflowing, which `sigmoid` relies on. Comparisons are false for NaN, so NaN passes the
/// clamp and poisons r.
static inline __attribute__((always_inline)) VF MS_NAME(ms_exp)(VF x) {
  VF hi = K(0x42B0C0A5u) /* 88.37626 */, lo = K(0xC2AEAC50u) /* −87.33655 */;
  x = SELECT(x > hi, hi, x);
  x = SELECT(x < lo, lo, x);
  // Adding 1.5·2²³ rounds x·log2(e) to the nearest integer k and leaves k in the sum's low
  // mantissa bits, from which 2^k's bits follow without a float-to-int conversion.
  VF magic = K(0x4B400000u);  // 12582912
  VF shifted = FMA(x, K(0x3FB8AA3Bu) /* log2 e */, magic);
  VF k = shifted - magic;
  // r = x − k·ln2 with ln2 in two parts (Cody–Waite), so r keeps its low bits.
  VF r = FMA(k, K(0xBF318000u) /* −0.693359375 */, x);
  r = FMA(k, K(0x395E8083u) /* 2.1219444e−4 */, r);
  VF p = K(0x39506967u);                // 1.9875691e−4
  p = FMA(p, r, K(0x3AB743CEu));        // 1.3981999e−3
  p = FMA(p, r, K(0x3C088908u));        // 8.333452e−3
  p = FMA(p, r, K(0x3D2AA9C1u));        // 4.1665796e−2
  p = FMA(p, r, K(0x3E2AAAAAu));        // 1.6666666e−1
  p = FMA(p, r, K(0x3F000000u));        // 0.5
  p = FMA(p, r * r, r + 1.0f);
  // 2^k: the biased exponent k + 127 shifted into place; the magic's own bits shift out.
  VU bits = ((VU)shifted + 127u) << 23;
  return p * (VF)bits;
}

/// σ(x) = 1 / (1 + e^−x): for x ≪ 0 a tiny quotient, for x ≫ 0 exactly 1.
static inline __attribute__((always_inline)) VF MS_NAME(ms_sigmoid)(VF x) {
  return 1.0f / (1.0f + MS_NAME(ms_exp)(-x));
}

/// tanh x as x·p(x²)/q(x²), p of degree 6 and q of degree 3 (Eigen's single-precision
/// coefficients). x is clamped to ±7.9053111, beyond which the quotient would leave [−1, 1];
/// from |x| = 9 on ±1 is returned exactly, and below |x| = 4e−4 x itself (tanh x rounds to x
/// there, and tiny x keep their relative precision). NaN passes the clamp and propagates.
static inline __attribute__((always_inline)) VF MS_NAME(ms_tanh)(VF x) {
  VF bound = K(0x40FCF84Fu);  // 7.905311
  VF c = SELECT(x > bound, bound, x);
  c = SELECT(c < -bound, -bound, c);
  VF z = c * c;
  VF p = K(0xA59F25C0u);           // −2.7607684e−16
  p = FMA(p, z, K(0x2A61337Eu));   // 2.000188e−13
  p = FMA(p, z, K(0xAEBD37FFu));   // −8.604672e−11
  p = FMA(p, z, K(0x335C0041u));   // 5.1222973e−8
  p = FMA(p, z, K(0x3779434Au));   // 1.48572235e−5
  p = FMA(p, z, K(0x3A270DEDu));   // 6.3726195e−4
  p = FMA(p, z, K(0x3BA059DCu));   // 4.8935246e−3
  VF q = K(0x35A0D3D8u);           // 1.1982584e−6
  q = FMA(q, z, K(0x38F895D6u));   // 1.1853471e−4
  q = FMA(q, z, K(0x3B14AA05u));   // 2.2684347e−3
  q = FMA(q, z, K(0x3BA059DDu));   // 4.893525e−3
  VU bits = (VU)x;
  VF magnitude = (VF)(bits & 0x7FFFFFFFu);
  VF one = (VF)((bits & 0x80000000u) | 0x3F800000u);  // ±1, x's sign
  VF result = (p * c) / q;
  result = SELECT(magnitude < K(0x39D1B717u) /* 4e−4 */, x, result);
  return SELECT(magnitude >= K(0x41100000u) /* 9 */, one, result);
}

#define SIGMOID(x) MS_NAME(ms_sigmoid)(x)
#define TANH(x) MS_NAME(ms_tanh)(x)

/// A `(·, width)` buffer's row for batch entry `b`: `ids[b]`'s row, or the buffer's only row.
static inline __attribute__((always_inline)) float *MS_NAME(ms_row)(
    float *base, const int32_t *ids, long width, long b) {
  return ids ? base + (long)ids[b] * width : base;
}

// Each cell's step runs its rows one after another and, within a row, its lane groups left to
// right: `ROW_GROUPS(h, body)` runs `body` with `j` the group's first column and `n` its lanes,
// whole groups with the constant `LANES` (plain vector loads and stores), then the row's last
// `h mod LANES` columns, if any, through the same body on zero-padded lanes.
#define ROW_GROUPS(h, ...)                           \
  {                                                  \
    long j = 0;                                      \
    for (; j + LANES <= (h); j += LANES) {           \
      const long n = LANES;                          \
      __VA_ARGS__                                    \
    }                                                \
    if (j < (h)) {                                   \
      const long n = (h) - j;                        \
      __VA_ARGS__                                    \
    }                                                \
  }

// MARK: - Vanilla RNN: h_t = tanh(a), ∂J/∂a = ∂J/∂h_t ⊙ (1 − h_t²)

void MS_NAME(memstudy_vrnn_forward)(const memstudy_cell_forward *s) {
  long h = s->hidden;
  for (long b = 0; b < s->batch; b++) {
    float *g = s->gates + b * h, *x = MS_NAME(ms_row)(s->input, s->ids, s->input_width, b);
    float *out = s->state + b * h;
    ROW_GROUPS(h, {
      VF v = TANH(LOAD(g + j) + LOAD(x + j));
      STORE(v, g + j);
      STORE(v, out + j);
    })
  }
}

void MS_NAME(memstudy_vrnn_backward)(const memstudy_cell_backward *s) {
  long h = s->hidden;
  for (long b = 0; b < s->batch; b++) {
    const float *g = s->gates + b * h, *dh = s->d_state + b * h;
    float *d = s->d_hidden + b * h;
    float *dx = MS_NAME(ms_row)(s->input_gradient, s->ids, s->input_width, b);
    ROW_GROUPS(h, {
      VF v = LOAD(g + j);
      VF da = LOAD(dh + j) * (1.0f - v * v);
      STORE(da, d + j);
      ADD(da, dx + j);
    })
  }
}

// MARK: - LSTM (blocks i, f, g, o)

void MS_NAME(memstudy_lstm_forward)(const memstudy_cell_forward *s) {
  long h = s->hidden;
  for (long b = 0; b < s->batch; b++) {
    float *g = s->gates + b * 4 * h, *x = MS_NAME(ms_row)(s->input, s->ids, s->input_width, b);
    const float *cp = s->cell_previous + b * h;
    float *cell = s->cell + b * h, *cellTanh = s->cell_tanh + b * h, *state = s->state + b * h;
    ROW_GROUPS(h, {
      float *gj = g + j, *xj = x + j;
      VF i = SIGMOID(LOAD(gj) + LOAD(xj));
      VF f = SIGMOID(LOAD(gj + h) + LOAD(xj + h));
      VF gg = TANH(LOAD(gj + 2 * h) + LOAD(xj + 2 * h));
      VF o = SIGMOID(LOAD(gj + 3 * h) + LOAD(xj + 3 * h));
      STORE(i, gj);
      STORE(f, gj + h);
      STORE(gg, gj + 2 * h);
      STORE(o, gj + 3 * h);
      VF c = FMA(f, LOAD(cp + j), i * gg);
      VF tc = TANH(c);
      STORE(c, cell + j);
      STORE(tc, cellTanh + j);
      STORE(o * tc, state + j);
    })
  }
}

void MS_NAME(memstudy_lstm_backward)(const memstudy_cell_backward *s) {
  long h = s->hidden;
  for (long b = 0; b < s->batch; b++) {
    const float *g = s->gates + b * 4 * h, *cp = s->cell_previous + b * h;
    const float *ct = s->cell_tanh + b * h, *dState = s->d_state + b * h;
    float *d = s->d_hidden + b * 4 * h, *dCell = s->d_cell + b * h;
    float *dx = MS_NAME(ms_row)(s->input_gradient, s->ids, s->input_width, b);
    ROW_GROUPS(h, {
      const float *gj = g + j;
      float *dj = d + j, *dxj = dx + j;
      VF i = LOAD(gj), f = LOAD(gj + h), gg = LOAD(gj + 2 * h), o = LOAD(gj + 3 * h);
      VF tc = LOAD(ct + j), dh = LOAD(dState + j);
      VF dc = LOAD(dCell + j) + dh * o * (1.0f - tc * tc);
      VF di = dc * gg * i * (1.0f - i);
      VF df = dc * LOAD(cp + j) * f * (1.0f - f);
      VF dg = dc * i * (1.0f - gg * gg);
      VF dOut = dh * tc * o * (1.0f - o);
      STORE(di, dj);
      STORE(df, dj + h);
      STORE(dg, dj + 2 * h);
      STORE(dOut, dj + 3 * h);
      ADD(di, dxj);
      ADD(df, dxj + h);
      ADD(dg, dxj + 2 * h);
      ADD(dOut, dxj + 3 * h);
      STORE(dc * f, dCell + j);
    })
  }
}

// MARK: - GRU (blocks r, z, n; the n block's hidden projection kept apart)

static inline __attribute__((always_inline)) void MS_NAME(ms_gru_forward)(
    const memstudy_cell_forward *s, int dense) {
  long h = s->hidden;
  const float *bn = s->hidden_bias + 2 * h;
  for (long b = 0; b < s->batch; b++) {
    float *g = s->gates + b * 3 * h, *x = MS_NAME(ms_row)(s->input, s->ids, s->input_width, b);
    const float *hp = s->hidden_product + b * 3 * h, *sp = s->state_previous + b * h;
    float *state = s->state + b * h, *projectionN = s->hidden_projection + b * h;
    ROW_GROUPS(h, {
      float *gj = g + j, *xj = x + j;
      const float *hpj = hp + j;
      VF xr = LOAD(xj), xz = LOAD(xj + h), xn = LOAD(xj + 2 * h);
      if (dense) {
        xr = xr + LOAD(gj);
        xz = xz + LOAD(gj + h);
        xn = xn + LOAD(gj + 2 * h);
      }
      VF r = SIGMOID(xr + LOAD(hpj));
      VF z = SIGMOID(xz + LOAD(hpj + h));
      VF pn = LOAD(hpj + 2 * h) + LOAD(bn + j);
      VF nn = TANH(FMA(r, pn, xn));
      STORE(pn, projectionN + j);
      STORE(r, gj);
      STORE(z, gj + h);
      STORE(nn, gj + 2 * h);
      // (1 − z) n + z h, as the generic path rounds it.
      STORE(FMA(z, LOAD(sp + j), (1.0f - z) * nn), state + j);
    })
  }
}

void MS_NAME(memstudy_gru_forward)(const memstudy_cell_forward *s) {
  if (s->gates_hold_input_product) MS_NAME(ms_gru_forward)(s, 1);
  else MS_NAME(ms_gru_forward)(s, 0);
}

static inline __attribute__((always_inline)) void MS_NAME(ms_gru_backward)(
    const memstudy_cell_backward *s, int keepsInput) {
  long h = s->hidden;
  float *dbn = s->d_hidden_bias + 2 * h;
  for (long b = 0; b < s->batch; b++) {
    const float *g = s->gates + b * 3 * h, *pn = s->hidden_projection + b * h;
    const float *sp = s->state_previous + b * h, *dState = s->d_state + b * h;
    // Null without `keepsInput`: no arithmetic on it then.
    float *dx = keepsInput ? s->d_input + b * 3 * h : 0, *dhp = s->d_hidden + b * 3 * h;
    float *sink = MS_NAME(ms_row)(s->input_gradient, s->ids, s->input_width, b);
    float *dPrevious = s->d_state_previous + b * h;
    ROW_GROUPS(h, {
      const float *gj = g + j;
      float *dhpj = dhp + j, *sinkj = sink + j;
      VF r = LOAD(gj), z = LOAD(gj + h), nn = LOAD(gj + 2 * h);
      VF dh = LOAD(dState + j);
      VF dn = dh * (1.0f - z) * (1.0f - nn * nn);
      VF dz = dh * (LOAD(sp + j) - nn) * z * (1.0f - z);
      VF dr = dn * LOAD(pn + j) * r * (1.0f - r);
      VF dnr = dn * r;
      if (keepsInput) {
        STORE(dr, dx + j);
        STORE(dz, dx + j + h);
        STORE(dn, dx + j + 2 * h);
      }
      STORE(dr, dhpj);
      STORE(dz, dhpj + h);
      STORE(dnr, dhpj + 2 * h);
      ADD(dr, sinkj);
      ADD(dz, sinkj + h);
      ADD(dn, sinkj + 2 * h);
      ADD(dnr, dbn + j);
      STORE(dh * z, dPrevious + j);
    })
  }
}

void MS_NAME(memstudy_gru_backward)(const memstudy_cell_backward *s) {
  if (s->d_input) MS_NAME(ms_gru_backward)(s, 1);
  else MS_NAME(ms_gru_backward)(s, 0);
}

// MARK: - minGRU (blocks z, h̃)

static inline __attribute__((always_inline)) void MS_NAME(ms_mingru_forward)(
    const memstudy_cell_forward *s, int dense) {
  long h = s->hidden;
  for (long b = 0; b < s->batch; b++) {
    float *g = s->gates + b * 2 * h, *x = MS_NAME(ms_row)(s->input, s->ids, s->input_width, b);
    const float *sp = s->state_previous + b * h;
    float *state = s->state + b * h;
    ROW_GROUPS(h, {
      float *gj = g + j, *xj = x + j;
      VF az = LOAD(xj), ah = LOAD(xj + h);
      if (dense) {
        az = az + LOAD(gj);
        ah = ah + LOAD(gj + h);
      }
      VF z = SIGMOID(az);
      STORE(z, gj);
      if (dense) STORE(ah, gj + h);  // token input: h̃ is the token's row, read again there
      // (1 − z) h + z h̃, as the generic path rounds it.
      STORE((1.0f - z) * LOAD(sp + j) + z * ah, state + j);
    })
  }
}

void MS_NAME(memstudy_mingru_forward)(const memstudy_cell_forward *s) {
  if (s->gates_hold_input_product) MS_NAME(ms_mingru_forward)(s, 1);
  else MS_NAME(ms_mingru_forward)(s, 0);
}

static inline __attribute__((always_inline)) void MS_NAME(ms_mingru_backward)(
    const memstudy_cell_backward *s, int keepsInput) {
  long h = s->hidden;
  for (long b = 0; b < s->batch; b++) {
    const float *g = s->gates + b * 2 * h, *sp = s->state_previous + b * h;
    const float *dState = s->d_state + b * h;
    // h̃: the forward step's input row for token input, else the tape's.
    const float *x = s->ids ? s->input + (long)s->ids[b] * s->input_width : g;
    float *dx = keepsInput ? s->d_input + b * 2 * h : 0, *dPrevious = s->d_state_previous + b * h;
    float *sink = MS_NAME(ms_row)(s->input_gradient, s->ids, s->input_width, b);
    ROW_GROUPS(h, {
      const float *gj = g + j;
      float *sinkj = sink + j;
      VF z = LOAD(gj), candidate = LOAD(x + j + h);
      VF dh = LOAD(dState + j);
      VF dz = dh * (candidate - LOAD(sp + j)) * z * (1.0f - z);
      VF dCandidate = dh * z;
      if (keepsInput) {
        STORE(dz, dx + j);
        STORE(dCandidate, dx + j + h);
      }
      ADD(dz, sinkj);
      ADD(dCandidate, sinkj + h);
      STORE(dh * (1.0f - z), dPrevious + j);
    })
  }
}

void MS_NAME(memstudy_mingru_backward)(const memstudy_cell_backward *s) {
  if (s->d_input) MS_NAME(ms_mingru_backward)(s, 1);
  else MS_NAME(ms_mingru_backward)(s, 0);
}

// MARK: - minLSTM (blocks f, i, h̃)

static inline __attribute__((always_inline)) void MS_NAME(ms_minlstm_forward)(
    const memstudy_cell_forward *s, int dense) {
  long h = s->hidden;
  for (long b = 0; b < s->batch; b++) {
    float *g = s->gates + b * 3 * h, *x = MS_NAME(ms_row)(s->input, s->ids, s->input_width, b);
    const float *sp = s->state_previous + b * h;
    float *state = s->state + b * h;
    ROW_GROUPS(h, {
      float *gj = g + j, *xj = x + j;
      VF af = LOAD(xj), ai = LOAD(xj + h), ah = LOAD(xj + 2 * h);
      if (dense) {
        af = af + LOAD(gj);
        ai = ai + LOAD(gj + h);
        ah = ah + LOAD(gj + 2 * h);
      }
      VF f = SIGMOID(af), i = SIGMOID(ai);
      STORE(f, gj);
      STORE(i, gj + h);
      if (dense) STORE(ah, gj + 2 * h);  // token input: h̃ is the token's row, read again there
      // f′ h + i′ h̃, as the generic path rounds it.
      VF sum = f + i;
      STORE(f / sum * LOAD(sp + j) + i / sum * ah, state + j);
    })
  }
}

void MS_NAME(memstudy_minlstm_forward)(const memstudy_cell_forward *s) {
  if (s->gates_hold_input_product) MS_NAME(ms_minlstm_forward)(s, 1);
  else MS_NAME(ms_minlstm_forward)(s, 0);
}

static inline __attribute__((always_inline)) void MS_NAME(ms_minlstm_backward)(
    const memstudy_cell_backward *s, int keepsInput) {
  long h = s->hidden;
  for (long b = 0; b < s->batch; b++) {
    const float *g = s->gates + b * 3 * h, *sp = s->state_previous + b * h;
    const float *dState = s->d_state + b * h;
    // h̃: the forward step's input row for token input, else the tape's.
    const float *x = s->ids ? s->input + (long)s->ids[b] * s->input_width : g;
    float *dx = keepsInput ? s->d_input + b * 3 * h : 0, *dPrevious = s->d_state_previous + b * h;
    float *sink = MS_NAME(ms_row)(s->input_gradient, s->ids, s->input_width, b);
    ROW_GROUPS(h, {
      const float *gj = g + j;
      float *sinkj = sink + j;
      VF f = LOAD(gj), i = LOAD(gj + h), candidate = LOAD(x + j + 2 * h);
      VF sum = f + i;
      VF fn = f / sum, inorm = i / sum;
      VF dh = LOAD(dState + j);
      VF u = dh * (LOAD(sp + j) - candidate);
      VF df = u * (inorm / sum) * f * (1.0f - f);
      VF di = -u * (fn / sum) * i * (1.0f - i);
      VF dCandidate = dh * inorm;
      if (keepsInput) {
        STORE(df, dx + j);
        STORE(di, dx + j + h);
        STORE(dCandidate, dx + j + 2 * h);
      }
      ADD(df, sinkj);
      ADD(di, sinkj + h);
      ADD(dCandidate, sinkj + 2 * h);
      STORE(dh * fn, dPrevious + j);
    })
  }
}

void MS_NAME(memstudy_minlstm_backward)(const memstudy_cell_backward *s) {
  if (s->d_input) MS_NAME(ms_minlstm_backward)(s, 1);
  else MS_NAME(ms_minlstm_backward)(s, 0);
}

// MARK: - The activations alone, for tests

void MS_NAME(memstudy_activation)(memstudy_activation kind, const float *x, float *y, long count) {
  for (long j = 0; j < count; j += LANES) {
    long n = count - j < LANES ? count - j : LANES;
    VF v = LOAD(x + j);
    switch (kind) {
      case memstudy_activation_exp: v = MS_NAME(ms_exp)(v); break;
      case memstudy_activation_sigmoid: v = SIGMOID(v); break;
      default: v = TANH(v); break;
    }
    STORE(v, y + j);
  }
}

#undef MS_NAME
#undef VF
#undef VU
#undef VI
#undef K
#undef FMA
#undef SELECT
#undef LOAD
#undef STORE
#undef ADD
#undef SIGMOID
#undef TANH
#undef ROW_GROUPS
