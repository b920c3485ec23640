#ifndef SF_MASK_KERNELS_H
#define SF_MASK_KERNELS_H

/* The page-sized loops of preprocessing: the grey histogram, the global threshold, run extraction and run labelling
 * of a byte-per-pixel ink mask (1 = ink, 0 = paper). Written in C so that the compiler can vectorise them and each
 * is built for AVX-512, AVX2 and baseline x86-64 (Swift code is built for baseline x86-64 only). Every function is
 * pure: it reads its inputs and writes its outputs, nothing else. */

#include <stddef.h>
#include <stdint.h>

/* One horizontal run of ink: row y, columns x0 ..< x1 (the layout of Swift's InkRun). */
typedef struct {
    int32_t y, x0, x1;
} sf_run;

/* hist[v] (256 bins, zeroed first) counts the grey levels of every `step`-th row and column. */
void sf_gray_histogram(const uint8_t *gray, ptrdiff_t width, ptrdiff_t height, ptrdiff_t step, int64_t *hist);

/* mask[i] = gray[i] <= threshold ? 1 : 0 for i < count. */
void sf_threshold(const uint8_t *gray, size_t count, uint8_t threshold, uint8_t *mask);

/* The runs of non-zero bytes of rows *row ..< height of a width x height mask, in row order and left to right,
 * written to out (at most `capacity`). Stops before a row that might not fit (a row holds at most (width + 1) / 2
 * runs) and sets *row to the next row to read (height when done); returns the runs written. `portable` = 1 forces
 * the plain C path (the tests compare both). */
ptrdiff_t sf_mask_runs(const uint8_t *mask, ptrdiff_t width, ptrdiff_t height, ptrdiff_t *row, sf_run *out,
                       ptrdiff_t capacity, int portable);

/* As sf_mask_runs, thresholding rows *row ..< height of `gray` into `mask` on the way (ink: gray <= threshold, as
 * sf_threshold): one pass over the page instead of two. */
ptrdiff_t sf_threshold_runs(const uint8_t *gray, ptrdiff_t width, ptrdiff_t height, uint8_t threshold,
                            uint8_t *mask, ptrdiff_t *row, sf_run *out, ptrdiff_t capacity, int portable);

/* One component's statistics: its box (x0, y0 inclusive; x1, y1 exclusive), ink pixels, runs, and the sums of x
 * and of y over its pixels (run by run, in run order). */
typedef struct {
    int32_t x0, y0, x1, y1;
    int64_t area, runs;
    double sum_x, sum_y;
} sf_component;

/* 8-connected components of n runs in row order, first half: joins the runs of consecutive rows that touch (union
 * by the smaller index, so each component's root is its first run) in `parent` (n ints, written). Returns the
 * number of components. */
ptrdiff_t sf_label_runs(const sf_run *runs, ptrdiff_t n, int32_t *parent);

/* Second half, with sf_label_runs's `parent` (compressed on the way) and count: label[i] is run i's component,
 * numbered in the order of their first run; comps[c] their statistics; order[start[c] ..< start[c + 1]] the run
 * indices of component c in row order (start has count + 1 entries). */
void sf_component_stats(const sf_run *runs, ptrdiff_t n, int32_t *parent, ptrdiff_t count, int32_t *label,
                        sf_component *comps, int32_t *order, int32_t *start);

/* Hough votes of `count` points (x << 16 | y, box-relative) over `angles` angles: for angle a, each point adds one
 * to votes[a * rho_bins + ((x * cq[a] + y * sq[a] + offset) >> 16)]. `scratch` holds 4 * rho_bins ints (partial
 * rows that keep neighbouring points' increments of one bin from waiting on each other). The caller guarantees
 * every index in [0, rho_bins): with |cq|, |sq| <= 65536 / bin (truncated), x*cos + y*sin within +-(diagonal - 1)
 * and offset = diagonal * 65536 / bin, the bin lies in [0, 2 * diagonal / bin], and rho_bins = 2 * diagonal / bin + 3
 * (StampFrameRemover.frameEdges). */
void sf_hough_votes(const int32_t *points, ptrdiff_t count, const int64_t *cq, const int64_t *sq, int angles,
                    int64_t offset, ptrdiff_t rho_bins, int32_t *votes, int32_t *scratch);

/* The longest straight stretch of ink along the line p(s) = (rho*cs - s*sn, rho*sn + s*cs) + (box_x, box_y) for
 * s = lo, lo + 1, ... <= hi: a step is ink when any of the n pixel offsets (offsets[2i], offsets[2i + 1]) from the
 * rounded point is ink in the width x height mask; a stretch bridges gaps up to max_gap. Sets *start and *end to
 * the stretch's first and last ink step (*end < *start when none). */
void sf_line_stretch(const uint8_t *mask, ptrdiff_t width, ptrdiff_t height, double rho, double cs, double sn,
                     double lo, double hi, ptrdiff_t box_x, ptrdiff_t box_y, const int32_t *offsets, int n,
                     double max_gap, double *start, double *end);

#endif
