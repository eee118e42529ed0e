#ifndef MEMSTUDY_CELL_KERNELS_H
#define MEMSTUDY_CELL_KERNELS_H

#include <stdint.h>

/// The Float fast path of the recurrent cells' elementwise steps (`Units/Cells/*.swift` hold
/// each cell's equations, its generic path and the call): one time step of every batch row,
/// the gate activations fused with the pass that reads the products' output.
///
/// Each function exists at two lane widths, 8 (`_8`: AVX2 and FMA on x86-64, NEON on arm64) and
/// 16 (`_16`: AVX-512 on x86-64, where it may be called only after
/// `memstudy_cpu_supports_x86_64_v4`; plain vector code elsewhere).
/// Every lane runs the same sequence of IEEE 754 operations (fused multiply-adds written
/// out, no contraction, no library call, no sum across lanes), and a row's last lanes are
/// padded with zeros and computed the same way, so both widths give the same bits.

/// A forward step's buffers, as `CellStep` describes them. Rows are batch entries; `gates`,
/// `input` and `hidden_product` rows are `gate_count · hidden` wide, the others `hidden`.
typedef struct {
  long batch;
  long hidden;
  float *gates;
  /// Nonzero when `gates` holds the dense input product on entry (GRU and the min units).
  int gates_hold_input_product;
  /// Row `ids[b]` of `input` for token input (`ids` non-null), else `input` itself.
  float *input;
  const int32_t *ids;
  long input_width;
  const float *state_previous;
  float *state;
  const float *cell_previous;
  float *cell;
  float *cell_tanh;
  const float *hidden_product;
  float *hidden_projection;
  const float *hidden_bias;
} memstudy_cell_forward;

/// A backward step's buffers, as `CellGradientStep` describes them; `input` (the forward
/// step's) and `input_gradient` rows are chosen by `ids` as the forward step's are. `d_input`
/// is null when nothing reads the input projection's gradient (its rows still go into
/// `input_gradient`); the vanilla RNN and the LSTM write their one pre-activation gradient to
/// `d_hidden`.
typedef struct {
  long batch;
  long hidden;
  const float *gates;
  const float *state_previous;
  const float *cell_previous;
  const float *cell_tanh;
  const float *hidden_projection;
  const float *d_state;
  float *d_cell;
  float *d_state_previous;
  float *d_input;
  float *d_hidden;
  const float *input;
  float *input_gradient;
  const int32_t *ids;
  long input_width;
  float *d_hidden_bias;
} memstudy_cell_backward;

/// Which elementwise function `memstudy_activation_*` applies (for tests).
typedef enum {
  memstudy_activation_exp = 0,
  memstudy_activation_sigmoid = 1,
  memstudy_activation_tanh = 2,
} memstudy_activation;

#define MEMSTUDY_CELL_KERNELS(lanes) \
  void memstudy_vrnn_forward_##lanes(const memstudy_cell_forward *s); \
  void memstudy_vrnn_backward_##lanes(const memstudy_cell_backward *s); \
  void memstudy_lstm_forward_##lanes(const memstudy_cell_forward *s); \
  void memstudy_lstm_backward_##lanes(const memstudy_cell_backward *s); \
  void memstudy_gru_forward_##lanes(const memstudy_cell_forward *s); \
  void memstudy_gru_backward_##lanes(const memstudy_cell_backward *s); \
  void memstudy_mingru_forward_##lanes(const memstudy_cell_forward *s); \
  void memstudy_mingru_backward_##lanes(const memstudy_cell_backward *s); \
  void memstudy_minlstm_forward_##lanes(const memstudy_cell_forward *s); \
  void memstudy_minlstm_backward_##lanes(const memstudy_cell_backward *s); \
  void memstudy_activation_##lanes(memstudy_activation f, const float *x, float *y, long n);

MEMSTUDY_CELL_KERNELS(8)
MEMSTUDY_CELL_KERNELS(16)

#undef MEMSTUDY_CELL_KERNELS

#endif
