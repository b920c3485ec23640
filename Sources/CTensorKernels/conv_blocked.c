#include "CTensorKernels.h"

#include <string.h>

#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>
#define SF_HAVE_AVX512_BLOCKED 1
#define SF_BCLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define SF_BCLONES
#endif

/* Channel-blocked inference (see the header). A register tile holds CB vectors of 16 output channels for each of
 * P output positions of one output row; per tap it loads the CB weight vectors once and broadcasts one input value
 * per position, so every loaded value feeds several fused multiply-adds and no padded column is computed. */

enum { SF_LANES = 16, SF_MAX_CB = 6, SF_MAX_P = 12, SF_WEIGHT_BLOCK_BYTES = 20 * 1024 };

int sf_blocked_cblocks(int channels) { return (channels + SF_LANES - 1) / SF_LANES; }

void sf_blocked_taps(int channels, int kernel, int in_lanes, ptrdiff_t in_block_stride, int in_row, int *taps) {
    int t = 0;
    for (int kh = 0; kh < kernel; kh++)
        for (int kw = 0; kw < kernel; kw++)
            for (int c = 0; c < channels; c++)
                taps[t++] = (int)((c / in_lanes) * in_block_stride + (ptrdiff_t)kh * in_row + (ptrdiff_t)kw * in_lanes
                                  + c % in_lanes);
}

void sf_blocked_pack(const float *weight, int cout, int cin, int kernel, int cb, float *packed) {
    const int blocks = sf_blocked_cblocks(cout), groups = blocks / cb, width = cb * SF_LANES;
    const int patch = cin * kernel * kernel;
    for (int g = 0; g < groups; g++) {
        float *dst = packed + (ptrdiff_t)g * patch * width;
        int t = 0;
        for (int kh = 0; kh < kernel; kh++)
            for (int kw = 0; kw < kernel; kw++)
                for (int c = 0; c < cin; c++, t++)
                    for (int r = 0; r < width; r++) {
                        const int o = g * width + r;
                        dst[(ptrdiff_t)t * width + r] =
                            o < cout ? weight[(((ptrdiff_t)o * cin + c) * kernel + kh) * kernel + kw] : 0.0f;
                    }
    }
}

typedef void (*sf_btile_fn)(const float *, const int *, int, int, const float *, const float *, float *,
                                ptrdiff_t, int, int, int);

/* One tile by plain C, any CB and P: the reference for the AVX-512 tiles and the path for rows narrower than a
 * tile. Same arguments as the AVX-512 tiles. */
static void sf_btile_portable(const float *x, const int *taps, int ntaps, int dx, const float *w, const float *bias,
                              float *out, ptrdiff_t obs, int first, int last, int relu, int cb, int p) {
    float acc[SF_MAX_CB * SF_LANES * SF_MAX_P];
    const int width = cb * SF_LANES;
    for (int q = 0; q < p; q++)
        for (int r = 0; r < width; r++)
            acc[q * width + r] = first ? bias[r] : out[(r / SF_LANES) * obs + q * SF_LANES + r % SF_LANES];
    for (int t = 0; t < ntaps; t++, w += width) {
        const float *xt = x + taps[t];
        for (int q = 0; q < p; q++) {
            const float v = xt[q * dx];
            for (int r = 0; r < width; r++) acc[q * width + r] += w[r] * v;
        }
    }
    for (int q = 0; q < p; q++)
        for (int r = 0; r < width; r++) {
            const float v = acc[q * width + r];
            out[(r / SF_LANES) * obs + q * SF_LANES + r % SF_LANES] = last && relu && v < 0 ? 0.0f : v;
        }
}

#ifdef SF_HAVE_AVX512_BLOCKED
/* The AVX-512 tile: CB x P accumulators (at most 24 of the 32 vector registers), started from the bias on the
 * first block of taps or from what the previous block left in `out`, ReLU applied after the last block. */
__attribute__((target("avx512f"), always_inline))
static inline void sf_btile(const float *x, const int *taps, int ntaps, const int dx, const float *w,
                            const float *bias, float *out, ptrdiff_t obs, int first, int last, int relu, const int CB,
                            const int P) {
    __m512 acc[SF_MAX_CB * SF_MAX_P];
#pragma clang loop unroll(full)
    for (int i = 0; i < CB; i++)
#pragma clang loop unroll(full)
        for (int q = 0; q < P; q++)
            acc[i * P + q] = first ? _mm512_loadu_ps(bias + SF_LANES * i)
                                   : _mm512_load_ps(out + i * obs + q * SF_LANES);
    for (int t = 0; t < ntaps; t++, w += CB * SF_LANES) {
        const float *xt = x + taps[t];
        __m512 wv[SF_MAX_CB];
#pragma clang loop unroll(full)
        for (int i = 0; i < CB; i++) wv[i] = _mm512_load_ps(w + SF_LANES * i);
#pragma clang loop unroll(full)
        for (int q = 0; q < P; q++) {
            const __m512 b = _mm512_set1_ps(xt[q * dx]);
#pragma clang loop unroll(full)
            for (int i = 0; i < CB; i++) acc[i * P + q] = _mm512_fmadd_ps(wv[i], b, acc[i * P + q]);
        }
    }
    const __m512 zero = _mm512_setzero_ps();
#pragma clang loop unroll(full)
    for (int i = 0; i < CB; i++)
#pragma clang loop unroll(full)
        for (int q = 0; q < P; q++) {
            const __m512 v = last && relu ? _mm512_max_ps(acc[i * P + q], zero) : acc[i * P + q];
            _mm512_store_ps(out + i * obs + q * SF_LANES, v);
        }
}


/* One function per (CB, P) and per position step: 16 (stride 1 over blocked input: the step is a constant, so every
 * broadcast is one load with a fixed displacement) or any step. */
#define SF_BTILE(CB, P)                                                                                               \
    __attribute__((target("avx512f"))) static void sf_bt16_##CB##_##P(                                                \
        const float *x, const int *taps, int n, int dx, const float *w, const float *b, float *o, ptrdiff_t obs,      \
        int first, int last, int relu) {                                                                              \
        (void)dx;                                                                                                     \
        sf_btile(x, taps, n, 16, w, b, o, obs, first, last, relu, CB, P);                                             \
    }                                                                                                                 \
    __attribute__((target("avx512f"))) static void sf_btany_##CB##_##P(                                               \
        const float *x, const int *taps, int n, int dx, const float *w, const float *b, float *o, ptrdiff_t obs,      \
        int first, int last, int relu) {                                                                              \
        sf_btile(x, taps, n, dx, w, b, o, obs, first, last, relu, CB, P);                                             \
    }

SF_BTILE(1, 12)
SF_BTILE(2, 8) SF_BTILE(2, 9) SF_BTILE(2, 10) SF_BTILE(2, 11) SF_BTILE(2, 12)
SF_BTILE(3, 6) SF_BTILE(3, 7) SF_BTILE(3, 8)
SF_BTILE(4, 4) SF_BTILE(4, 5) SF_BTILE(4, 6)
SF_BTILE(6, 3) SF_BTILE(6, 4)

static const struct {
    int cb, p;
    sf_btile_fn step16, any;
} sf_btiles[] = {
#define SF_ENTRY(CB, P) {CB, P, sf_bt16_##CB##_##P, sf_btany_##CB##_##P}
    SF_ENTRY(1, 12), SF_ENTRY(2, 8), SF_ENTRY(2, 9), SF_ENTRY(2, 10), SF_ENTRY(2, 11), SF_ENTRY(2, 12),
    SF_ENTRY(3, 6),  SF_ENTRY(3, 7), SF_ENTRY(3, 8), SF_ENTRY(4, 4),  SF_ENTRY(4, 5),  SF_ENTRY(4, 6),
    SF_ENTRY(6, 3),  SF_ENTRY(6, 4),
#undef SF_ENTRY
};
#endif

int sf_blocked_available(void) {
#ifdef SF_HAVE_AVX512_BLOCKED
    return __builtin_cpu_supports("avx512f") ? 1 : 0;
#else
    return 0;
#endif
}

void sf_blocked_choose(int cout, int out_w, int *cb, int *p) {
    const int blocks = sf_blocked_cblocks(cout);
    /* Cycles per output row, per tap: each tile issues CB*P multiply-adds (two per cycle) and CB + P loads (two per
     * cycle), at least 4 cycles (the latency an accumulator waits); a row of out_w positions takes ceil(out_w / P)
     * tiles, the last one overlapping its neighbour. Ties go to fewer loads. */
    double best = 1e300;
    int best_loads = 1 << 30;
    *cb = 1;
    *p = 1;
#ifdef SF_HAVE_AVX512_BLOCKED
    for (size_t e = 0; e < sizeof sf_btiles / sizeof sf_btiles[0]; e++) {
        const int c = sf_btiles[e].cb, q = sf_btiles[e].p;
        if (blocks % c != 0 || q > out_w) continue;
        const int tiles = (out_w + q - 1) / q;
        const double fma = c * q / 2.0, loads = (c + q) / 2.0;
        double per = fma > loads ? fma : loads;
        if (per < 4) per = 4;
        const double cost = (double)(blocks / c) * tiles * per;
        const int l = (blocks / c) * tiles * (c + q);
        if (cost < best - 1e-9 || (cost < best + 1e-9 && l < best_loads)) {
            best = cost;
            best_loads = l;
            *cb = c;
            *p = q;
        }
    }
#else
    (void)out_w;
#endif
    if (*p == 1) *cb = 1; /* no AVX-512 tile fits: plain C tiles of one position */
}

int sf_blocked_tiles(int *cb, int *p, int capacity) {
    int n = 0;
#ifdef SF_HAVE_AVX512_BLOCKED
    for (size_t e = 0; e < sizeof sf_btiles / sizeof sf_btiles[0] && n < capacity; e++, n++) {
        cb[n] = sf_btiles[e].cb;
        p[n] = sf_btiles[e].p;
    }
#else
    (void)cb;
    (void)p;
    (void)capacity;
#endif
    return n;
}

static int sf_blocked_tap_block(int cb) {
    const int taps = SF_WEIGHT_BLOCK_BYTES / (cb * SF_LANES * (int)sizeof(float));
    return taps < 16 ? 16 : taps;
}

/* The tile for output row oh at position `at` (the nominal start `ow` unless it steps back), by the AVX-512 tile
 * `fn` or, where none fits (rows narrower than a tile, no AVX-512), by plain C from `ow`. */
static void sf_btile_at(const float *in, int in_row, int stride, int dx, int out_w, int oh, int ow, int at,
                        const int *taps, int nj, const float *w, const float *bias, float *out, int out_row,
                        ptrdiff_t out_block_stride, int first, int last, int relu, int cb, int p,
                        sf_btile_fn fn) {
    const float *xrow = in + (ptrdiff_t)oh * stride * in_row;
    float *orow = out + (ptrdiff_t)oh * out_row;
    if (fn && at >= 0) {
        fn(xrow + (ptrdiff_t)at * dx, taps, nj, dx, w, bias, orow + at * SF_LANES, out_block_stride, first, last,
           relu);
    } else {
        const int count = out_w - ow < p ? out_w - ow : p;
        sf_btile_portable(xrow + (ptrdiff_t)ow * dx, taps, nj, dx, w, bias, orow + ow * SF_LANES, out_block_stride,
                          first, last, relu, cb, count);
    }
}

void sf_conv_blocked(const float *in, const int *taps, int ntaps, int dx, int in_row, int stride, int out_h,
                     int out_w, const float *packed, const float *bias, int cout, int cb, int p, int relu, float *out,
                     ptrdiff_t out_block_stride, int out_row, int portable) {
    const int groups = sf_blocked_cblocks(cout) / cb, width = cb * SF_LANES;
    const int block = sf_blocked_tap_block(cb);
    sf_btile_fn fn = 0;
#ifdef SF_HAVE_AVX512_BLOCKED
    if (!portable && sf_blocked_available())
        for (size_t e = 0; e < sizeof sf_btiles / sizeof sf_btiles[0]; e++)
            if (sf_btiles[e].cb == cb && sf_btiles[e].p == p) fn = dx == 16 ? sf_btiles[e].step16 : sf_btiles[e].any;
#else
    (void)portable;
#endif
    for (int g = 0; g < groups; g++) {
        const float *wg = packed + (ptrdiff_t)g * ntaps * width, *bg = bias + g * width;
        float *og = out + (ptrdiff_t)g * cb * out_block_stride;
        /* Blocks of taps outside: a block's weights (about 20 KB) stay in L1 while every tile of the image passes;
         * later blocks add to what the earlier ones stored. */
        const int split = ntaps > block;
        for (int j0 = 0; j0 < ntaps; j0 += block) {
            const int nj = ntaps - j0 < block ? ntaps - j0 : block;
            const float *w = wg + (ptrdiff_t)j0 * width;
            for (int oh = 0; oh < out_h; oh++)
                for (int ow = 0; ow < out_w; ow += p) {
                    /* The last tile of a row steps back to end at the row's end: it recomputes a few positions,
                     * which must not take a block twice, so with several blocks it runs after them, whole. */
                    const int at = ow + p <= out_w ? ow : out_w - p;
                    if (split && at != ow) continue;
                    sf_btile_at(in, in_row, stride, dx, out_w, oh, ow, at, taps + j0, nj, w, bg, og, out_row,
                                out_block_stride, j0 == 0, j0 + nj == ntaps, relu, cb, p, fn);
                }
        }
        if (split && out_w % p != 0)
            for (int oh = 0; oh < out_h; oh++) {
                const int ow = out_w / p * p;
                sf_btile_at(in, in_row, stride, dx, out_w, oh, ow, out_w - p, taps, ntaps, wg, bg, og, out_row,
                            out_block_stride, 1, 1, relu, cb, p, fn);
            }
    }
}

SF_BCLONES
void sf_maxpool3x3_blocked(const float *in, int blocks, ptrdiff_t in_block_stride, int in_row, int out_h, int out_w,
                           int stride, float *out, ptrdiff_t out_block_stride, int out_row) {
    for (int b = 0; b < blocks; b++) {
        const float *ib = in + (ptrdiff_t)b * in_block_stride;
        float *ob = out + (ptrdiff_t)b * out_block_stride;
        for (int oh = 0; oh < out_h; oh++)
            for (int ow = 0; ow < out_w; ow++) {
                const float *x = ib + (ptrdiff_t)oh * stride * in_row + (ptrdiff_t)ow * stride * SF_LANES;
                float m[SF_LANES];
                memcpy(m, x, sizeof m);
                for (int kh = 0; kh < 3; kh++)
                    for (int kw = 0; kw < 3; kw++) {
                        const float *v = x + (ptrdiff_t)kh * in_row + kw * SF_LANES;
                        for (int l = 0; l < SF_LANES; l++) m[l] = v[l] > m[l] ? v[l] : m[l];
                    }
                memcpy(ob + (ptrdiff_t)oh * out_row + ow * SF_LANES, m, sizeof m);
            }
    }
}

SF_BCLONES
void sf_unblock(const float *in, int channels, ptrdiff_t in_block_stride, int in_row, int height, int width,
                float *out) {
    for (int c = 0; c < channels; c++) {
        const float *ib = in + (ptrdiff_t)(c / SF_LANES) * in_block_stride + c % SF_LANES;
        float *oc = out + (ptrdiff_t)c * height * width;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) oc[y * width + x] = ib[(ptrdiff_t)y * in_row + x * SF_LANES];
    }
}

/* Winograd F(2x2, 3x3) for a stride-1, padding-1 3x3 convolution of even output size on blocked activations:
 * input tiles of 4x4 pixels at (2ty, 2tx) of the padded input become V = Bt d B (16 values per channel, xi = 4i+j),
 * each xi is then a 1x1 convolution over the tiles (sf_conv_blocked), and the products M become 2x2 outputs,
 * Y = At M A. 16 multiplies per 4 outputs instead of 36. */
SF_BCLONES
void sf_winograd_input(const float *in, int blocks, ptrdiff_t in_block_stride, int in_row, int tiles_h, int tiles_w,
                       float *v, ptrdiff_t xi_stride, ptrdiff_t v_block_stride) {
    for (int b = 0; b < blocks; b++)
        for (int ty = 0; ty < tiles_h; ty++)
            for (int tx = 0; tx < tiles_w; tx++) {
                const float *d = in + (ptrdiff_t)b * in_block_stride + (ptrdiff_t)(2 * ty) * in_row + 2 * tx * SF_LANES;
                float t[4][4][SF_LANES];
                /* t = Bt d: rows d0 - d2, d1 + d2, d2 - d1, d1 - d3. */
                for (int j = 0; j < 4; j++)
                    for (int l = 0; l < SF_LANES; l++) {
                        const float d0 = d[0 * in_row + j * SF_LANES + l], d1 = d[1 * in_row + j * SF_LANES + l];
                        const float d2 = d[2 * in_row + j * SF_LANES + l], d3 = d[3 * in_row + j * SF_LANES + l];
                        t[0][j][l] = d0 - d2;
                        t[1][j][l] = d1 + d2;
                        t[2][j][l] = d2 - d1;
                        t[3][j][l] = d1 - d3;
                    }
                float *o = v + (ptrdiff_t)b * v_block_stride + (ptrdiff_t)(ty * tiles_w + tx) * SF_LANES;
                /* V = t B: columns t0 - t2, t1 + t2, t2 - t1, t1 - t3. */
                for (int i = 0; i < 4; i++)
                    for (int l = 0; l < SF_LANES; l++) {
                        o[(4 * i + 0) * xi_stride + l] = t[i][0][l] - t[i][2][l];
                        o[(4 * i + 1) * xi_stride + l] = t[i][1][l] + t[i][2][l];
                        o[(4 * i + 2) * xi_stride + l] = t[i][2][l] - t[i][1][l];
                        o[(4 * i + 3) * xi_stride + l] = t[i][1][l] - t[i][3][l];
                    }
            }
}

SF_BCLONES
void sf_winograd_output(const float *m, ptrdiff_t xi_stride, ptrdiff_t m_block_stride, int blocks, int tiles_h,
                        int tiles_w, const float *bias, int relu, float *out, ptrdiff_t out_block_stride, int out_row) {
    for (int b = 0; b < blocks; b++)
        for (int ty = 0; ty < tiles_h; ty++)
            for (int tx = 0; tx < tiles_w; tx++) {
                const float *p = m + (ptrdiff_t)b * m_block_stride + (ptrdiff_t)(ty * tiles_w + tx) * SF_LANES;
                float s[2][4][SF_LANES];
                /* s = At M: rows m0 + m1 + m2, m1 - m2 - m3. */
                for (int j = 0; j < 4; j++)
                    for (int l = 0; l < SF_LANES; l++) {
                        const float m0 = p[(0 + j) * xi_stride + l], m1 = p[(4 + j) * xi_stride + l];
                        const float m2 = p[(8 + j) * xi_stride + l], m3 = p[(12 + j) * xi_stride + l];
                        s[0][j][l] = m0 + m1 + m2;
                        s[1][j][l] = m1 - m2 - m3;
                    }
                float *o = out + (ptrdiff_t)b * out_block_stride + (ptrdiff_t)(2 * ty) * out_row + 2 * tx * SF_LANES;
                const float *bb = bias + b * SF_LANES;
                for (int i = 0; i < 2; i++)
                    for (int l = 0; l < SF_LANES; l++) {
                        float y0 = s[i][0][l] + s[i][1][l] + s[i][2][l] + bb[l];
                        float y1 = s[i][1][l] - s[i][2][l] - s[i][3][l] + bb[l];
                        if (relu) {
                            y0 = y0 > 0 ? y0 : 0.0f;
                            y1 = y1 > 0 ? y1 : 0.0f;
                        }
                        o[(ptrdiff_t)i * out_row + l] = y0;
                        o[(ptrdiff_t)i * out_row + SF_LANES + l] = y1;
                    }
            }
}
