#include "CTensorKernels.h"

#include <string.h>

#if defined(__x86_64__) && defined(__clang__)
#define SF_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define SF_CLONES
#endif

static inline int sf_out(int size, int kernel, int stride, int padding) {
    return (size + 2 * padding - kernel) / stride + 1;
}

/* The output columns ow whose input column ow*s - p + kw lies inside [0, width): [*lo, *hi). */
static inline void sf_valid(int width, int out_w, int kw, int stride, int padding, int *lo, int *hi) {
    int l = 0;
    if (padding - kw > 0) l = (padding - kw + stride - 1) / stride;
    int top = width - 1 + padding - kw;
    int h = top < 0 ? 0 : top / stride + 1;
    if (l > out_w) l = out_w;
    if (h < l) h = l;
    if (h > out_w) h = out_w;
    *lo = l;
    *hi = h;
}

SF_CLONES
void sf_im2col(const float *src, int channels, int height, int width, int kernel, int stride, int padding,
               float *dst, ptrdiff_t ld) {
    const int out_h = sf_out(height, kernel, stride, padding), out_w = sf_out(width, kernel, stride, padding);
    ptrdiff_t row = 0;
    for (int c = 0; c < channels; c++) {
        const float *plane = src + (ptrdiff_t)c * height * width;
        for (int kh = 0; kh < kernel; kh++) {
            for (int kw = 0; kw < kernel; kw++, row++) {
                int lo, hi;
                sf_valid(width, out_w, kw, stride, padding, &lo, &hi);
                float *out = dst + row * ld;
                for (int oh = 0; oh < out_h; oh++) {
                    float *restrict o = out + (ptrdiff_t)oh * out_w;
                    const int ih = oh * stride - padding + kh;
                    if (ih < 0 || ih >= height) {
                        memset(o, 0, sizeof(float) * (size_t)out_w);
                        continue;
                    }
                    for (int j = 0; j < lo; j++) o[j] = 0;
                    const float *restrict line = plane + (ptrdiff_t)ih * width - padding + kw;
                    if (stride == 1) {
                        for (int j = lo; j < hi; j++) o[j] = line[j];
                    } else if (stride == 4) {
                        for (int j = lo; j < hi; j++) o[j] = line[4 * j];
                    } else if (stride == 2) {
                        for (int j = lo; j < hi; j++) o[j] = line[2 * j];
                    } else {
                        for (int j = lo; j < hi; j++) o[j] = line[(ptrdiff_t)j * stride];
                    }
                    for (int j = hi; j < out_w; j++) o[j] = 0;
                }
            }
        }
    }
}

SF_CLONES
void sf_im2col_wide(const float *src, int channels, int height, int width, int kernel, int padding, float *scratch,
                    float *dst, ptrdiff_t ld) {
    const int wp = width + 2 * padding, hp = height + 2 * padding;
    const int out_h = hp - kernel + 1;
    const size_t run = (size_t)out_h * (size_t)wp;
    memset(scratch, 0, sizeof(float) * ((size_t)hp * (size_t)wp + (size_t)kernel));
    ptrdiff_t row = 0;
    for (int c = 0; c < channels; c++) {
        const float *plane = src + (ptrdiff_t)c * height * width;
        for (int y = 0; y < height; y++)
            memcpy(scratch + (ptrdiff_t)(y + padding) * wp + padding, plane + (ptrdiff_t)y * width,
                   sizeof(float) * (size_t)width);
        for (int kh = 0; kh < kernel; kh++)
            for (int kw = 0; kw < kernel; kw++, row++)
                memcpy(dst + row * ld, scratch + (ptrdiff_t)kh * wp + kw, sizeof(float) * run);
    }
}

SF_CLONES
void sf_col2im(const float *src, ptrdiff_t ld, int channels, int height, int width, int kernel, int stride,
               int padding, float *dst) {
    const int out_h = sf_out(height, kernel, stride, padding), out_w = sf_out(width, kernel, stride, padding);
    ptrdiff_t row = 0;
    for (int c = 0; c < channels; c++) {
        float *plane = dst + (ptrdiff_t)c * height * width;
        for (int kh = 0; kh < kernel; kh++) {
            for (int kw = 0; kw < kernel; kw++, row++) {
                int lo, hi;
                sf_valid(width, out_w, kw, stride, padding, &lo, &hi);
                const float *cols = src + row * ld;
                for (int oh = 0; oh < out_h; oh++) {
                    const int ih = oh * stride - padding + kh;
                    if (ih < 0 || ih >= height) continue;
                    const float *restrict in = cols + (ptrdiff_t)oh * out_w;
                    float *restrict line = plane + (ptrdiff_t)ih * width - padding + kw;
                    if (stride == 1) {
                        for (int j = lo; j < hi; j++) line[j] += in[j];
                    } else {
                        for (int j = lo; j < hi; j++) line[(ptrdiff_t)j * stride] += in[j];
                    }
                }
            }
        }
    }
}

SF_CLONES
void sf_bias_copy(const float *src, ptrdiff_t ld, int channels, int rows, int width, ptrdiff_t src_row,
                  const float *bias, int relu, float *dst) {
    for (int c = 0; c < channels; c++) {
        const float b = bias[c];
        for (int r = 0; r < rows; r++) {
            const float *restrict s = src + (ptrdiff_t)c * ld + (ptrdiff_t)r * src_row;
            float *restrict d = dst + ((ptrdiff_t)c * rows + r) * width;
            if (relu) {
                for (int j = 0; j < width; j++) {
                    const float v = s[j] + b;
                    d[j] = v > 0.0f ? v : 0.0f;
                }
            } else {
                for (int j = 0; j < width; j++) d[j] = s[j] + b;
            }
        }
    }
}

static inline float sf_max(float a, float b) { return a > b ? a : b; }

/* Rows wider than the column buffer: each window's nine values directly. */
static void sf_maxpool3x3_wide(const float *src, int planes, int height, int width, int stride, float *dst) {
    const int out_h = (height - 3) / stride + 1, out_w = (width - 3) / stride + 1;
    for (int p = 0; p < planes; p++) {
        const float *plane = src + (ptrdiff_t)p * height * width;
        float *out = dst + (ptrdiff_t)p * out_h * out_w;
        for (int oh = 0; oh < out_h; oh++) {
            for (int ow = 0; ow < out_w; ow++) {
                const float *w0 = plane + (ptrdiff_t)oh * stride * width + (ptrdiff_t)ow * stride;
                float m = w0[0];
                for (int kh = 0; kh < 3; kh++)
                    for (int kw = 0; kw < 3; kw++) m = sf_max(m, w0[(ptrdiff_t)kh * width + kw]);
                out[(ptrdiff_t)oh * out_w + ow] = m;
            }
        }
    }
}

SF_CLONES
void sf_maxpool3x3_argmax(const float *src, int planes, int height, int width, int stride, float *dst,
                          int32_t *argmax) {
    const int out_h = (height - 3) / stride + 1, out_w = (width - 3) / stride + 1;
    if (out_h <= 0 || out_w <= 0) return;
    for (int p = 0; p < planes; p++) {
        const float *plane = src + (ptrdiff_t)p * height * width;
        float *out = dst + (ptrdiff_t)p * out_h * out_w;
        int32_t *arg = argmax + (ptrdiff_t)p * out_h * out_w;
        for (int oh = 0; oh < out_h; oh++) {
            for (int ow = 0; ow < out_w; ow++) {
                const int at0 = oh * stride * width + ow * stride;
                float m = plane[at0];
                int at = at0;
                for (int kh = 0; kh < 3; kh++)
                    for (int kw = 0; kw < 3; kw++) {
                        const int i = at0 + kh * width + kw;
                        const float v = plane[i];
                        at = v > m ? i : at;
                        m = v > m ? v : m;
                    }
                out[oh * out_w + ow] = m;
                arg[oh * out_w + ow] = at;
            }
        }
    }
}

SF_CLONES
void sf_maxpool3x3(const float *src, int planes, int height, int width, int stride, float *dst) {
    const int out_h = (height - 3) / stride + 1, out_w = (width - 3) / stride + 1;
    if (out_h <= 0 || out_w <= 0) return;
    const int span = (out_w - 1) * stride + 3;
    float stack_column[1024];
    float *column = span <= 1024 ? stack_column : NULL;
    if (column == NULL) { sf_maxpool3x3_wide(src, planes, height, width, stride, dst); return; }
    for (int p = 0; p < planes; p++) {
        const float *plane = src + (ptrdiff_t)p * height * width;
        float *out = dst + (ptrdiff_t)p * out_h * out_w;
        for (int oh = 0; oh < out_h; oh++) {
            const float *restrict r0 = plane + (ptrdiff_t)oh * stride * width;
            const float *restrict r1 = r0 + width, *restrict r2 = r1 + width;
            for (int j = 0; j < span; j++) column[j] = sf_max(sf_max(r0[j], r1[j]), r2[j]);
            float *restrict o = out + (ptrdiff_t)oh * out_w;
            for (int ow = 0; ow < out_w; ow++) {
                const int j = ow * stride;
                o[ow] = sf_max(sf_max(column[j], column[j + 1]), column[j + 2]);
            }
        }
    }
}
