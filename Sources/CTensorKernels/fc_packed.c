#include "CTensorKernels.h"

#include <string.h>

#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>
#define SF_HAVE_AVX512_FC 1
#endif

/* Fully connected inference on a few rows: the weights packed in pairs of 16-output blocks ([out/32][in][32]) are
 * read once per pair and kept in L2 while every chunk of up to 12 rows passes; a chunk's inputs come transposed
 * ([in][R]) so that each broadcast is one load at a fixed displacement. 24 accumulators: 12 rows x 32 outputs. */

enum { SF_FC_PAIR = 32, SF_FC_ROWS = 12 };

int sf_fc_packed_count(int out, int in) { return (out + SF_FC_PAIR - 1) / SF_FC_PAIR * SF_FC_PAIR * in; }

void sf_fc_pack(const float *weight, int out, int in, float *packed) {
    const int pairs = (out + SF_FC_PAIR - 1) / SF_FC_PAIR;
    for (int g = 0; g < pairs; g++)
        for (int i = 0; i < in; i++)
            for (int r = 0; r < SF_FC_PAIR; r++) {
                const int o = g * SF_FC_PAIR + r;
                packed[((ptrdiff_t)g * in + i) * SF_FC_PAIR + r] = o < out ? weight[(ptrdiff_t)o * in + i] : 0.0f;
            }
}

int sf_fc_transposed_count(int n, int in) { return (n + SF_FC_ROWS - 1) / SF_FC_ROWS * SF_FC_ROWS * in; }

#ifdef SF_HAVE_AVX512_FC
__attribute__((target("avx512f"), always_inline))
static inline void sf_fc_tile(const float *xt, int in, const float *w, const float *bias, int out_left, int relu,
                              float *y, int ldy, const int R) {
    const __mmask16 m0 = out_left >= 16 ? 0xFFFF : (__mmask16)((1u << (out_left > 0 ? out_left : 0)) - 1);
    const int left1 = out_left - 16;
    const __mmask16 m1 = left1 >= 16 ? 0xFFFF : (__mmask16)((1u << (left1 > 0 ? left1 : 0)) - 1);
    const __m512 b0 = _mm512_maskz_loadu_ps(m0, bias), b1 = _mm512_maskz_loadu_ps(m1, bias + 16);
    __m512 acc[SF_FC_ROWS][2];
#pragma clang loop unroll(full)
    for (int r = 0; r < R; r++) {
        acc[r][0] = b0;
        acc[r][1] = b1;
    }
    for (int i = 0; i < in; i++, w += SF_FC_PAIR, xt += SF_FC_ROWS) {
        const __m512 w0 = _mm512_load_ps(w), w1 = _mm512_load_ps(w + 16);
#pragma clang loop unroll(full)
        for (int r = 0; r < R; r++) {
            const __m512 x = _mm512_set1_ps(xt[r]);
            acc[r][0] = _mm512_fmadd_ps(w0, x, acc[r][0]);
            acc[r][1] = _mm512_fmadd_ps(w1, x, acc[r][1]);
        }
    }
    const __m512 zero = _mm512_setzero_ps();
#pragma clang loop unroll(full)
    for (int r = 0; r < R; r++) {
        const __m512 v0 = relu ? _mm512_max_ps(acc[r][0], zero) : acc[r][0];
        const __m512 v1 = relu ? _mm512_max_ps(acc[r][1], zero) : acc[r][1];
        _mm512_mask_storeu_ps(y + (ptrdiff_t)r * ldy, m0, v0);
        _mm512_mask_storeu_ps(y + (ptrdiff_t)r * ldy + 16, m1, v1);
    }
}

typedef void (*sf_fc_fn)(const float *, int, const float *, const float *, int, int, float *, int);
#define SF_FC_TILE(R)                                                                                                 \
    __attribute__((target("avx512f"))) static void sf_fc_tile_##R(const float *xt, int in, const float *w,           \
                                                                   const float *b, int left, int relu, float *y,      \
                                                                   int ldy) {                                         \
        sf_fc_tile(xt, in, w, b, left, relu, y, ldy, R);                                                              \
    }
SF_FC_TILE(1) SF_FC_TILE(2) SF_FC_TILE(3) SF_FC_TILE(4) SF_FC_TILE(5) SF_FC_TILE(6)
SF_FC_TILE(7) SF_FC_TILE(8) SF_FC_TILE(9) SF_FC_TILE(10) SF_FC_TILE(11) SF_FC_TILE(12)
static const sf_fc_fn sf_fc_tiles[SF_FC_ROWS] = {sf_fc_tile_1, sf_fc_tile_2, sf_fc_tile_3,  sf_fc_tile_4,
                                                 sf_fc_tile_5, sf_fc_tile_6, sf_fc_tile_7,  sf_fc_tile_8,
                                                 sf_fc_tile_9, sf_fc_tile_10, sf_fc_tile_11, sf_fc_tile_12};
#endif

void sf_fc_packed(const float *x, int n, int in, const float *packed, const float *bias, int out, int relu,
                  float *xt, float *y) {
#ifdef SF_HAVE_AVX512_FC
    const int chunks = (n + SF_FC_ROWS - 1) / SF_FC_ROWS, pairs = (out + SF_FC_PAIR - 1) / SF_FC_PAIR;
    /* Rows in chunks of 12, each chunk transposed to [in][12] (rows past n are zero and never stored). */
    memset(xt, 0, sizeof(float) * (size_t)chunks * SF_FC_ROWS * (size_t)in);
    for (int r = 0; r < n; r++) {
        float *dst = xt + (ptrdiff_t)(r / SF_FC_ROWS) * SF_FC_ROWS * in + r % SF_FC_ROWS;
        const float *src = x + (ptrdiff_t)r * in;
        for (int i = 0; i < in; i++) dst[(ptrdiff_t)i * SF_FC_ROWS] = src[i];
    }
    for (int g = 0; g < pairs; g++)
        for (int c = 0; c < chunks; c++) {
            const int rows = n - c * SF_FC_ROWS < SF_FC_ROWS ? n - c * SF_FC_ROWS : SF_FC_ROWS;
            sf_fc_tiles[rows - 1](xt + (ptrdiff_t)c * SF_FC_ROWS * in, in, packed + (ptrdiff_t)g * in * SF_FC_PAIR,
                                  bias + g * SF_FC_PAIR, out - g * SF_FC_PAIR, relu,
                                  y + (ptrdiff_t)c * SF_FC_ROWS * out + g * SF_FC_PAIR, out);
        }
#else
    (void)x; (void)n; (void)in; (void)packed; (void)bias; (void)out; (void)relu; (void)xt; (void)y;
#endif
}
