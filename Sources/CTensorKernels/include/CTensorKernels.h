#ifndef SF_TENSOR_KERNELS_H
#define SF_TENSOR_KERNELS_H

/* The encoder's memory-bound kernels around OpenBLAS's SGEMM: unfolding images into columns, the bias/ReLU copy
 * out of the product, and 3x3 max pooling. Written in C so that each is compiled for AVX-512, AVX2 and baseline
 * x86-64 and the loader picks the best the CPU has (target_clones); Swift code is built for baseline x86-64 only.
 * Every function is pure: it reads its inputs and writes its outputs, nothing else. */

#include <stddef.h>

/* One image [channels][height][width] unfolded into columns: row (c*k + kh)*k + kw, column oh*outW + ow, at dst
 * with row stride ld (floats). Zero padding of `padding` on every side; floor-mode output size. */
void sf_im2col(const float *src, int channels, int height, int width, int kernel, int stride, int padding,
               float *dst, ptrdiff_t ld);

/* Stride-1 unfolding over the padded width: row (c*k + kh)*k + kw holds, for every output row oh, all W + 2p
 * positions of the zero-padded row oh + kh shifted by kw, so one row is one contiguous run of outH*(W + 2p) values
 * read from the padded plane. Columns ow >= outW of each output row are meaningless and are dropped after the
 * product (sf_bias_copy with a row stride). `scratch` holds (H + 2p)*(W + 2p) + k floats. */
void sf_im2col_wide(const float *src, int channels, int height, int width, int kernel, int padding, float *scratch,
                    float *dst, ptrdiff_t ld);

/* The adjoint of sf_im2col: adds the columns back into the image (which must be initialised). */
void sf_col2im(const float *src, ptrdiff_t ld, int channels, int height, int width, int kernel, int stride,
               int padding, float *dst);

/* For one image of `rows` rows of `width` outputs per channel, read with a row stride of `src_row` floats:
 * dst[(c*rows + r)*width + j] = src[c*ld + r*src_row + j] + bias[c] (then max(0, .) when relu). */
void sf_bias_copy(const float *src, ptrdiff_t ld, int channels, int rows, int width, ptrdiff_t src_row,
                  const float *bias, int relu, float *dst);

/* 3x3 max pooling, floor mode, no padding, of `planes` planes [height][width] with the given stride. */
void sf_maxpool3x3(const float *src, int planes, int height, int width, int stride, float *dst);

#endif
