#include "CTensorKernels.h"

#include <string.h>

#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>
#define SF_HAVE_AVX512_PATH 1
#endif

/* Output channels per weight panel, the widest tile of output positions (three 16-float vectors), and the taps
 * of one block: a panel's weights for a block (512 x 8 floats, 16 KB) and the block's input window stay in L1
 * while the tile runs; a tile adds each further block to what the earlier ones left in `out`. */
enum { SF_PANEL = 8, SF_TILE = 48, SF_TAP_BLOCK = 512 };

int sf_conv_direct_panel_rows(int cout) { return (cout + SF_PANEL - 1) / SF_PANEL * SF_PANEL; }

void sf_conv_direct_pack(const float *weight, int cout, int patch, float *packed) {
    const int rows = sf_conv_direct_panel_rows(cout);
    for (int p = 0; p < rows / SF_PANEL; p++) {
        float *panel = packed + (ptrdiff_t)p * patch * SF_PANEL;
        for (int j = 0; j < patch; j++) {
            for (int r = 0; r < SF_PANEL; r++) {
                const int o = p * SF_PANEL + r;
                panel[(ptrdiff_t)j * SF_PANEL + r] = o < cout ? weight[(ptrdiff_t)o * patch + j] : 0.0f;
            }
        }
    }
}

static inline int sf_phase_width(int width, int stride, int padding) {
    return (width + 2 * padding + stride - 1) / stride;
}

static inline int sf_phase_height(int height, int stride, int padding) {
    return (height + 2 * padding + stride - 1) / stride;
}

int sf_conv_direct_row_stride(int width, int stride, int padding) { return sf_phase_width(width, stride, padding); }

int sf_conv_direct_span(int height, int width, int kernel, int stride, int padding) {
    const int out_h = (height + 2 * padding - kernel) / stride + 1;
    return (out_h * sf_phase_width(width, stride, padding) + 15) / 16 * 16;
}

size_t sf_conv_direct_scratch(int channels, int height, int width, int kernel, int stride, int padding) {
    const size_t plane = (size_t)sf_phase_height(height, stride, padding) * (size_t)sf_phase_width(width, stride, padding);
    return plane * (size_t)channels * (size_t)stride * (size_t)stride + (size_t)kernel + 16;
}

/* The zero-padded image split into stride x stride phase planes, each ceil((H + 2p)/s) x ceil((W + 2p)/s):
 * plane (c, py, px) holds padded[c][s*y + py][s*x + px] at (y, x). Tap (c, kh, kw) of output (oh, ow) then reads
 * plane (c, kh % s, kw % s) at (oh + kh / s, ow + kw / s): for q = oh*Ws + ow one contiguous run per tap. The tail
 * of k + 16 zeros is what the last tile may read past the last plane (those columns are dropped). */
static void sf_phase_planes(const float *src, int channels, int height, int width, int kernel, int stride,
                            int padding, float *scratch) {
    const int ws = sf_phase_width(width, stride, padding), hs = sf_phase_height(height, stride, padding);
    const size_t plane = (size_t)hs * (size_t)ws;
    const size_t total = sf_conv_direct_scratch(channels, height, width, kernel, stride, padding);
    if (stride == 1) {
        /* One plane per channel: the padded image itself, each row one copy; only the padding is cleared (the
         * bottom padding of one plane and the top padding of the next are one run, as are a row's right padding
         * and the next row's left padding). */
        const size_t pad = (size_t)padding;
        memset(scratch, 0, sizeof(float) * (pad * (size_t)ws + pad));
        for (int c = 0; c < channels; c++) {
            float *row = scratch + (size_t)c * plane + pad * (size_t)ws;
            const float *in = src + (size_t)c * (size_t)height * (size_t)width;
            for (int y = 0; y < height; y++, row += ws, in += width) {
                memcpy(row + pad, in, sizeof(float) * (size_t)width);
                /* From after this row's pixels to the next row's first pixel: its right and the next row's left
                 * padding; after a plane's last row, its bottom padding and (but for the last plane) the next
                 * plane's top padding and first left padding. */
                const size_t gap = y + 1 < height ? 2 * pad
                    : c + 1 < channels ? pad + 2 * pad * (size_t)ws + pad : pad + pad * (size_t)ws;
                memset(row + pad + (size_t)width, 0, sizeof(float) * gap);
            }
        }
        /* The tail the last tile may read past the last plane. */
        float *end = scratch + (size_t)channels * plane;
        memset(end, 0, sizeof(float) * (total - (size_t)channels * plane));
        return;
    }
    memset(scratch, 0, sizeof(float) * total);
    for (int c = 0; c < channels; c++) {
        const float *in = src + (size_t)c * (size_t)height * (size_t)width;
        for (int y = 0; y < height; y++) {
            const int py = (y + padding) % stride, ys = (y + padding) / stride;
            const float *line = in + (size_t)y * (size_t)width;
            for (int px = 0; px < stride; px++) {
                /* Input columns x = s*xs + px - p, for the xs whose x lies in [0, width). */
                const int first = (padding - px + stride - 1) / stride > 0 ? (padding - px + stride - 1) / stride : 0;
                const size_t index = ((size_t)c * (size_t)stride + (size_t)py) * (size_t)stride + (size_t)px;
                float *restrict dst = scratch + index * plane + (size_t)ys * (size_t)ws;
                const float *restrict from = line + px - padding;
                /* The xs with x < width: x = s*xs + px - p <= width - 1. */
                const int fits = (width - 1 - px + padding) / stride + 1, last = fits < ws ? fits : ws;
                for (int xs = first; xs < last; xs++) dst[xs] = from[xs * stride];
            }
        }
    }
}

/* Portable tile: `count` (<= SF_TILE) output positions from x, one panel of SF_PANEL output channels, over
 * `patch` taps; adds to `out` when `accumulate`. */
static void sf_tile_portable(const float *x, const int *taps, int patch, const float *panel, float *out,
                             ptrdiff_t ld, int count, int accumulate) {
    float acc[SF_PANEL][SF_TILE];
    for (int r = 0; r < SF_PANEL; r++)
        for (int t = 0; t < count; t++) acc[r][t] = accumulate ? out[(ptrdiff_t)r * ld + t] : 0.0f;
    for (int j = 0; j < patch; j++) {
        const float *in = x + taps[j], *w = panel + (ptrdiff_t)j * SF_PANEL;
        for (int r = 0; r < SF_PANEL; r++) {
            const float wr = w[r];
            for (int t = 0; t < count; t++) acc[r][t] += wr * in[t];
        }
    }
    for (int r = 0; r < SF_PANEL; r++) memcpy(out + (ptrdiff_t)r * ld, acc[r], sizeof(float) * (size_t)count);
}

#ifdef SF_HAVE_AVX512_PATH
/* AVX-512 tile of nv vectors (16 positions each) by SF_PANEL channels: nv*8 accumulators in registers; per tap nv
 * unaligned loads of the input and 8 broadcast weights feed nv*8 fused multiply-adds. */
__attribute__((target("avx512f"), always_inline))
static inline void sf_tile_avx512(const float *x, const int *taps, int patch, const float *panel, float *out,
                                  ptrdiff_t ld, int accumulate, const int nv) {
    __m512 acc[3][SF_PANEL];
    for (int v = 0; v < 3; v++)
        for (int r = 0; r < SF_PANEL; r++)
            acc[v][r] = accumulate && v < nv ? _mm512_loadu_ps(out + (ptrdiff_t)r * ld + 16 * v) : _mm512_setzero_ps();
    const float *w = panel;
    for (int j = 0; j < patch; j++, w += SF_PANEL) {
        const float *in = x + taps[j];
        const __m512 a0 = _mm512_loadu_ps(in);
        const __m512 a1 = nv > 1 ? _mm512_loadu_ps(in + 16) : a0;
        const __m512 a2 = nv > 2 ? _mm512_loadu_ps(in + 32) : a0;
        for (int r = 0; r < SF_PANEL; r++) {
            const __m512 b = _mm512_set1_ps(w[r]);
            acc[0][r] = _mm512_fmadd_ps(a0, b, acc[0][r]);
            if (nv > 1) acc[1][r] = _mm512_fmadd_ps(a1, b, acc[1][r]);
            if (nv > 2) acc[2][r] = _mm512_fmadd_ps(a2, b, acc[2][r]);
        }
    }
    for (int r = 0; r < SF_PANEL; r++)
        for (int v = 0; v < nv; v++) _mm512_storeu_ps(out + (ptrdiff_t)r * ld + 16 * v, acc[v][r]);
}

__attribute__((target("avx512f")))
static void sf_tile_avx512_3(const float *x, const int *taps, int patch, const float *panel, float *out, ptrdiff_t ld,
                             int accumulate) {
    sf_tile_avx512(x, taps, patch, panel, out, ld, accumulate, 3);
}

__attribute__((target("avx512f")))
static void sf_tile_avx512_2(const float *x, const int *taps, int patch, const float *panel, float *out, ptrdiff_t ld,
                             int accumulate) {
    sf_tile_avx512(x, taps, patch, panel, out, ld, accumulate, 2);
}

__attribute__((target("avx512f")))
static void sf_tile_avx512_1(const float *x, const int *taps, int patch, const float *panel, float *out, ptrdiff_t ld,
                             int accumulate) {
    sf_tile_avx512(x, taps, patch, panel, out, ld, accumulate, 1);
}
#endif

int sf_conv_direct_uses_avx512(void) {
#ifdef SF_HAVE_AVX512_PATH
    return __builtin_cpu_supports("avx512f") ? 1 : 0;
#else
    return 0;
#endif
}

void sf_conv_direct(const float *src, int channels, int height, int width, int kernel, int stride, int padding,
                    const float *packed, int cout, float *scratch, int *taps, float *out, ptrdiff_t ld,
                    int portable) {
    const int ws = sf_phase_width(width, stride, padding), hs = sf_phase_height(height, stride, padding);
    const int plane = hs * ws;
    const int span = sf_conv_direct_span(height, width, kernel, stride, padding);
    const int patch = channels * kernel * kernel;
    const int panels = sf_conv_direct_panel_rows(cout) / SF_PANEL;
    sf_phase_planes(src, channels, height, width, kernel, stride, padding, scratch);
    for (int c = 0, j = 0; c < channels; c++)
        for (int kh = 0; kh < kernel; kh++)
            for (int kw = 0; kw < kernel; kw++, j++)
                taps[j] = ((c * stride + kh % stride) * stride + kw % stride) * plane + (kh / stride) * ws + kw / stride;
#ifdef SF_HAVE_AVX512_PATH
    const int fast = !portable && sf_conv_direct_uses_avx512();
#else
    const int fast = 0;
#endif
    /* Blocks of taps outside, positions next, panels inside: a tile's input window stays in L1 while the panels'
     * weights for the block stream past. */
    for (int j0 = 0; j0 < patch; j0 += SF_TAP_BLOCK) {
        const int taps_in_block = patch - j0 < SF_TAP_BLOCK ? patch - j0 : SF_TAP_BLOCK, accumulate = j0 > 0;
        for (int q = 0; q < span; q += SF_TILE) {
            for (int p = 0; p < panels; p++) {
                const float *panel = packed + ((ptrdiff_t)p * patch + j0) * SF_PANEL;
                float *o = out + (ptrdiff_t)p * SF_PANEL * ld + q;
#ifdef SF_HAVE_AVX512_PATH
                if (fast) {
                    if (span - q >= 48) sf_tile_avx512_3(scratch + q, taps + j0, taps_in_block, panel, o, ld, accumulate);
                    else if (span - q == 32) sf_tile_avx512_2(scratch + q, taps + j0, taps_in_block, panel, o, ld, accumulate);
                    else sf_tile_avx512_1(scratch + q, taps + j0, taps_in_block, panel, o, ld, accumulate);
                    continue;
                }
#endif
                const int count = span - q < SF_TILE ? span - q : SF_TILE;
                sf_tile_portable(scratch + q, taps + j0, taps_in_block, panel, o, ld, count, accumulate);
            }
        }
    }
}
