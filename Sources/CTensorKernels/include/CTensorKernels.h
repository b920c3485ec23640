#ifndef SF_TENSOR_KERNELS_H
#define SF_TENSOR_KERNELS_H

/* The encoder's memory-bound kernels around OpenBLAS's SGEMM: unfolding images into columns, the bias/ReLU copy
 * out of the product, and 3x3 max pooling. Written in C so that each is compiled for AVX-512, AVX2 and baseline
 * x86-64 and the loader picks the best the CPU has (target_clones); Swift code is built for baseline x86-64 only.
 * Every function is pure: it reads its inputs and writes its outputs, nothing else. */

#include <stddef.h>
#include <stdint.h>

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
/* The same in training: also the position of each window's first maximum within its plane (row-major in the
 * window; argmax has as many entries as dst). */
void sf_maxpool3x3_argmax(const float *src, int planes, int height, int width, int stride, float *dst,
                          int32_t *argmax);

/* Direct convolution of one image without a column matrix. The zero-padded image is split into stride x stride
 * phase planes of Ws = ceil((W + 2p)/s) columns, so that for output position q = oh*Ws + ow each weight tap reads
 * one contiguous run (stride 1: the padded image itself, as sf_im2col_wide). Columns ow >= outW of each output row
 * are meaningless and are dropped by sf_bias_copy with row stride Ws (sf_conv_direct_row_stride).
 * out[o*ld + q] = sum over c, kh, kw of w[o][c][kh][kw] * padded[c][s*oh + kh][s*ow + kw] for q < span
 * (sf_conv_direct_span: outH*Ws rounded up to 16; ld >= span). The weights come packed by sf_conv_direct_pack into
 * panels of 8 output channels; out has sf_conv_direct_panel_rows(cout) rows (rows >= cout have zero weights).
 * `scratch` holds sf_conv_direct_scratch(...) floats, `taps` C*k*k ints. On x86-64 with AVX-512 a tile of 48
 * positions x 8 channels runs in registers; `portable` = 1 forces the plain C tiles (the tests compare both). */
int sf_conv_direct_panel_rows(int cout);
void sf_conv_direct_pack(const float *weight, int cout, int patch, float *packed);
int sf_conv_direct_row_stride(int width, int stride, int padding);
int sf_conv_direct_span(int height, int width, int kernel, int stride, int padding);
size_t sf_conv_direct_scratch(int channels, int height, int width, int kernel, int stride, int padding);
void sf_conv_direct(const float *src, int channels, int height, int width, int kernel, int stride, int padding,
                    const float *packed, int cout, float *scratch, int *taps, float *out, ptrdiff_t ld,
                    int portable);
/* 1 when sf_conv_direct takes its AVX-512 path on this CPU. */
int sf_conv_direct_uses_avx512(void);

/* Channel-blocked inference. Activations of one image are [ceil(C/16)][Hp][Wp][16]: 16 channels of one pixel
 * side by side, rows of Wp pixels (Wp = W + 2*pad, the zero border a following convolution reads as its padding,
 * written once and never touched by the kernels). A convolution's input may also be planar ([C][Hp][Wp], lanes 1:
 * the network's input image). A register tile holds CB vectors of 16 output channels for P consecutive output
 * positions of one row: per tap CB weight loads and P broadcasts feed CB*P fused multiply-adds.
 *
 * sf_blocked_cblocks: channel blocks of 16 for C channels.
 * sf_blocked_taps: the offset of every tap, in (kh, kw, c) order, from the input pixel under an output position's
 *   window origin: (c / in_lanes)*in_block_stride + kh*in_row + kw*in_lanes + c % in_lanes.
 * sf_blocked_choose: the tile (CB channel blocks, P positions) for cout channels and rows of out_w outputs.
 * sf_blocked_tiles: the (CB, P) shapes that have AVX-512 tiles (at most `capacity`), for the tests.
 * sf_blocked_pack: weights [cout][cin][k][k] into groups of CB blocks: packed[g][tap][CB*16], zero rows past cout;
 *   ceil(cout/16)*16 * cin*k*k floats. Bias comes padded to ceil(cout/16)*16 by the caller.
 * sf_conv_blocked: out (at output pixel (0, 0) of block 0, row stride out_row floats, block stride
 *   out_block_stride) = bias + the convolution of `in` (at the padded input's origin; output (oh, ow) reads the
 *   window at in + oh*stride*in_row + ow*dx, dx = stride*in_lanes), ReLU when `relu`. `out` must be 64-byte aligned
 *   with 16-float multiples for its strides. `portable` = 1 forces the plain C tiles (the tests compare both).
 * sf_maxpool3x3_blocked: 3x3 max pooling (floor mode, no padding) of blocked planes into blocked planes.
 * sf_unblock: blocked [C/16][H][W][16] (row stride in_row) into planar [C][H][W]. */
int sf_blocked_available(void);
int sf_blocked_cblocks(int channels);
void sf_blocked_taps(int channels, int kernel, int in_lanes, ptrdiff_t in_block_stride, int in_row, int *taps);
void sf_blocked_choose(int cout, int out_w, int *cb, int *p);
int sf_blocked_tiles(int *cb, int *p, int capacity);
void sf_blocked_pack(const float *weight, int cout, int cin, int kernel, int cb, float *packed);
void sf_conv_blocked(const float *in, const int *taps, int ntaps, int dx, int in_row, int stride, int out_h,
                     int out_w, const float *packed, const float *bias, int cout, int cb, int p, int relu, float *out,
                     ptrdiff_t out_block_stride, int out_row, int portable);
void sf_maxpool3x3_blocked(const float *in, int blocks, ptrdiff_t in_block_stride, int in_row, int out_h, int out_w,
                           int stride, float *out, ptrdiff_t out_block_stride, int out_row);
void sf_unblock(const float *in, int channels, ptrdiff_t in_block_stride, int in_row, int height, int width,
                float *out);

/* Winograd F(2x2, 3x3) on blocked activations (stride 1, padding 1, even output height and width): the input
 * transform writes V[xi][block][tile][16] (xi_stride floats between xi, v_block_stride between blocks, so that
 * several images' tiles can stand in one row; `in` at the padded origin), each of the 16 xi is a 1x1 sf_conv_blocked over the tiles with weights U = G g Gt, and the output
 * transform turns M (the same layout) into 2x2 outputs with bias and ReLU (`out` at pixel (0, 0)). */
void sf_winograd_input(const float *in, int blocks, ptrdiff_t in_block_stride, int in_row, int tiles_h, int tiles_w,
                       float *v, ptrdiff_t xi_stride, ptrdiff_t v_block_stride);
void sf_winograd_output(const float *m, ptrdiff_t xi_stride, ptrdiff_t m_block_stride, int blocks, int tiles_h,
                        int tiles_w, const float *bias, int relu, float *out, ptrdiff_t out_block_stride, int out_row);

/* Fully connected inference for a few rows (AVX-512 only: where sf_blocked_available): y[r][o] = bias[o] +
 * sum_i x[r][i] * w[o][i] (then max(0, .) when relu), r < n, o < out. sf_fc_pack packs w [out][in] into
 * sf_fc_packed_count floats (64-byte aligned); `bias` holds out values; `xt` is scratch of sf_fc_transposed_count(n, in) floats. */
int sf_fc_packed_count(int out, int in);
int sf_fc_transposed_count(int n, int in);
void sf_fc_pack(const float *weight, int out, int in, float *packed);
void sf_fc_packed(const float *x, int n, int in, const float *packed, const float *bias, int out, int relu,
                  float *xt, float *y);

#endif
