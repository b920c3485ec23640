#include "CMaskKernels.h"

#include <string.h>

/* Sums below must be the same float operations in the same order as the Swift code they replaced: no contraction
 * of a multiply and an add into one rounding. */
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define SF_HAVE_AVX512_PATH 1
#define SF_CLONES __attribute__((target_clones("avx512bw", "avx2", "default")))
#else
#define SF_CLONES
#endif

SF_CLONES
void sf_gray_histogram(const uint8_t *gray, ptrdiff_t width, ptrdiff_t height, ptrdiff_t step, int64_t *hist) {
    /* Four partial histograms break the store-to-load dependency of repeated grey levels. */
    uint32_t part[4][256];
    memset(part, 0, sizeof part);
    for (ptrdiff_t y = 0; y < height; y += step) {
        const uint8_t *row = gray + y * width;
        ptrdiff_t x = 0;
        for (; x + 3 * step < width; x += 4 * step) {
            part[0][row[x]]++;
            part[1][row[x + step]]++;
            part[2][row[x + 2 * step]]++;
            part[3][row[x + 3 * step]]++;
        }
        for (; x < width; x += step) part[0][row[x]]++;
    }
    for (int v = 0; v < 256; v++)
        hist[v] = (int64_t)part[0][v] + (int64_t)part[1][v] + (int64_t)part[2][v] + (int64_t)part[3][v];
}

SF_CLONES
void sf_threshold(const uint8_t *gray, size_t count, uint8_t threshold, uint8_t *mask) {
    for (size_t i = 0; i < count; i++) mask[i] = gray[i] <= threshold;
}

/* Writes the run (y, x0 ..< x1) at out[n]; returns n + 1. */
static inline ptrdiff_t sf_emit(sf_run *out, ptrdiff_t n, int32_t y, int32_t x0, int32_t x1) {
    out[n].y = y;
    out[n].x0 = x0;
    out[n].x1 = x1;
    return n + 1;
}

/* Appends the runs of one 64-column chunk whose ink bits are `ink` (bit i = column x + i, only the low `lanes`
 * bits meaningful); `in_run` and `start` carry a run across chunks. */
static inline ptrdiff_t sf_chunk_runs(uint64_t ink, int lanes, ptrdiff_t x, int32_t y, int *in_run, int32_t *start,
                                      sf_run *out, ptrdiff_t n) {
    const uint64_t valid = lanes == 64 ? ~(uint64_t)0 : (((uint64_t)1 << lanes) - 1);
    const uint64_t before = (ink << 1) | (uint64_t)*in_run; /* bit i: column i - 1 was ink */
    uint64_t edges = ((ink & ~before) | (~ink & before)) & valid;
    /* Starts and ends alternate: an edge is a start when no run is open. */
    while (edges) {
        const int b = __builtin_ctzll(edges);
        edges &= edges - 1;
        if (*in_run) {
            n = sf_emit(out, n, y, *start, (int32_t)(x + b));
            *in_run = 0;
        } else {
            *start = (int32_t)(x + b);
            *in_run = 1;
        }
    }
    return n;
}

#ifdef SF_HAVE_AVX512_PATH
/* One row's runs, 64 columns at a time. With `gray` set, the row is first thresholded (ink: gray <= threshold)
 * and its mask bytes written to `row`; otherwise `row` is read as the mask. */
__attribute__((target("avx512f,avx512bw"), always_inline))
static inline ptrdiff_t sf_row_runs_avx512(const uint8_t *gray, uint8_t threshold, uint8_t *row, ptrdiff_t width,
                                           int32_t y, sf_run *out, ptrdiff_t n) {
    int in_run = 0;
    int32_t start = 0;
    const __m512i t = _mm512_set1_epi8((char)threshold), one = _mm512_set1_epi8(1);
    for (ptrdiff_t x = 0; x < width; x += 64) {
        const int lanes = width - x < 64 ? (int)(width - x) : 64;
        const __mmask64 load = lanes == 64 ? ~(__mmask64)0 : (((__mmask64)1 << lanes) - 1);
        uint64_t ink;
        if (gray) {
            ink = _mm512_mask_cmple_epu8_mask(load, _mm512_maskz_loadu_epi8(load, gray + x), t);
            _mm512_mask_storeu_epi8(row + x, load, _mm512_maskz_mov_epi8(ink, one));
        } else {
            const __m512i v = _mm512_maskz_loadu_epi8(load, row + x);
            ink = _mm512_test_epi8_mask(v, v);
        }
        if (ink == 0 && !in_run) continue;
        if (in_run && ink == (uint64_t)load) continue;
        n = sf_chunk_runs(ink, lanes, x, y, &in_run, &start, out, n);
    }
    return in_run ? sf_emit(out, n, y, start, (int32_t)width) : n;
}

__attribute__((target("avx512f,avx512bw")))
static ptrdiff_t sf_rows_avx512(const uint8_t *gray, uint8_t threshold, uint8_t *mask, ptrdiff_t width,
                                ptrdiff_t height, ptrdiff_t *row, sf_run *out, ptrdiff_t capacity) {
    ptrdiff_t n = 0, y = *row;
    const ptrdiff_t most = (width + 1) / 2;
    for (; y < height && capacity - n >= most; y++)
        n = sf_row_runs_avx512(gray ? gray + y * width : NULL, threshold, mask + y * width, width, (int32_t)y, out, n);
    *row = y;
    return n;
}

static int sf_have_avx512bw(void) { return __builtin_cpu_supports("avx512bw") ? 1 : 0; }
#endif

static ptrdiff_t sf_row_runs_portable(const uint8_t *row, ptrdiff_t width, int32_t y, sf_run *out, ptrdiff_t n) {
    int in_run = 0;
    int32_t start = 0;
    for (ptrdiff_t x = 0; x < width; x += 64) {
        const int lanes = width - x < 64 ? (int)(width - x) : 64;
        uint64_t ink = 0;
        for (int i = 0; i < lanes; i++) ink |= (uint64_t)(row[x + i] != 0) << i;
        n = sf_chunk_runs(ink, lanes, x, y, &in_run, &start, out, n);
    }
    return in_run ? sf_emit(out, n, y, start, (int32_t)width) : n;
}

/* Rows *row ..< height as sf_mask_runs, thresholding each row of `gray` into `mask` first when gray is set. */
static ptrdiff_t sf_rows(const uint8_t *gray, uint8_t threshold, uint8_t *mask, ptrdiff_t width, ptrdiff_t height,
                         ptrdiff_t *row, sf_run *out, ptrdiff_t capacity, int portable) {
#ifdef SF_HAVE_AVX512_PATH
    if (!portable && sf_have_avx512bw()) return sf_rows_avx512(gray, threshold, mask, width, height, row, out, capacity);
#else
    (void)portable;
#endif
    ptrdiff_t n = 0, y = *row;
    const ptrdiff_t most = (width + 1) / 2;
    for (; y < height && capacity - n >= most; y++) {
        if (gray) sf_threshold(gray + y * width, (size_t)width, threshold, mask + y * width);
        n = sf_row_runs_portable(mask + y * width, width, (int32_t)y, out, n);
    }
    *row = y;
    return n;
}

ptrdiff_t sf_mask_runs(const uint8_t *mask, ptrdiff_t width, ptrdiff_t height, ptrdiff_t *row, sf_run *out,
                       ptrdiff_t capacity, int portable) {
    /* Not written through: with gray NULL, sf_rows only reads the mask. */
    return sf_rows(NULL, 0, (uint8_t *)mask, width, height, row, out, capacity, portable);
}

ptrdiff_t sf_threshold_runs(const uint8_t *gray, ptrdiff_t width, ptrdiff_t height, uint8_t threshold,
                            uint8_t *mask, ptrdiff_t *row, sf_run *out, ptrdiff_t capacity, int portable) {
    return sf_rows(gray, threshold, mask, width, height, row, out, capacity, portable);
}

static inline int32_t sf_find(int32_t *p, int32_t i) {
    while (p[i] != i) {
        p[i] = p[p[i]];
        i = p[i];
    }
    return i;
}

ptrdiff_t sf_label_runs(const sf_run *r, ptrdiff_t n, int32_t *p) {
    for (ptrdiff_t i = 0; i < n; i++) p[i] = (int32_t)i;
    ptrdiff_t prev_start = 0, prev_end = 0, cur = 0;
    while (cur < n) {
        const int32_t y = r[cur].y;
        ptrdiff_t end = cur;
        while (end < n && r[end].y == y) end++;
        if (prev_end > prev_start && r[prev_start].y == y - 1) {
            ptrdiff_t j = prev_start;
            for (ptrdiff_t i = cur; i < end; i++) {
                /* 8-connectivity: runs whose columns touch diagonally are joined too. */
                const int32_t a = r[i].x0 - 1, b = r[i].x1 + 1;
                while (j < prev_end && r[j].x1 <= a) j++;
                for (ptrdiff_t k = j; k < prev_end && r[k].x0 < b; k++) {
                    const int32_t ri = sf_find(p, (int32_t)i), rk = sf_find(p, (int32_t)k);
                    if (ri < rk) p[rk] = ri;
                    else if (rk < ri) p[ri] = rk;
                }
            }
        }
        prev_start = cur;
        prev_end = end;
        cur = end;
    }
    ptrdiff_t count = 0;
    for (ptrdiff_t i = 0; i < n; i++) count += p[i] == i;
    return count;
}

void sf_component_stats(const sf_run *runs, ptrdiff_t n, int32_t *p, ptrdiff_t count, int32_t *label,
                        sf_component *comps, int32_t *order, int32_t *start) {
    memset(start, 0, sizeof(int32_t) * (size_t)(count + 1));
    /* Roots are each component's first run: numbering roots in run order numbers components by first run. */
    ptrdiff_t next = 0;
    for (ptrdiff_t i = 0; i < n; i++) {
        const sf_run run = runs[i];
        const int32_t root = sf_find(p, (int32_t)i);
        sf_component *c;
        if (root == i) {
            label[i] = (int32_t)next;
            c = comps + next++;
            c->x0 = run.x0;
            c->y0 = run.y;
            c->x1 = run.x1;
            c->y1 = run.y + 1;
            c->area = 0;
            c->runs = 0;
            c->sum_x = 0;
            c->sum_y = 0;
        } else {
            label[i] = label[root];
            c = comps + label[i];
            if (run.x0 < c->x0) c->x0 = run.x0;
            if (run.x1 > c->x1) c->x1 = run.x1;
            c->y1 = run.y + 1; /* runs come in row order */
        }
        const int32_t len = run.x1 - run.x0;
        c->area += len;
        c->runs += 1;
        c->sum_x += (double)len * ((double)run.x0 + (double)(run.x1 - 1)) / 2;
        c->sum_y += (double)len * (double)run.y;
        start[label[i] + 1]++;
    }
    for (ptrdiff_t c = 0; c < count; c++) start[c + 1] += start[c];
    /* Counting sort by component keeps row order inside each component; comps[c].runs (reset, then counted up
     * again) is the fill cursor. */
    for (ptrdiff_t c = 0; c < count; c++) comps[c].runs = 0;
    for (ptrdiff_t i = 0; i < n; i++) {
        sf_component *c = comps + label[i];
        order[start[label[i]] + c->runs++] = (int32_t)i;
    }
}

void sf_hough_votes(const int32_t *points, ptrdiff_t count, const int64_t *cq, const int64_t *sq, int angles,
                    int64_t offset, ptrdiff_t rho_bins, int32_t *votes, int32_t *scratch) {
    int32_t *p0 = scratch, *p1 = scratch + rho_bins, *p2 = scratch + 2 * rho_bins, *p3 = scratch + 3 * rho_bins;
    for (int a = 0; a < angles; a++) {
        const int64_t c = cq[a], s = sq[a];
        memset(scratch, 0, sizeof(int32_t) * 4 * (size_t)rho_bins);
        ptrdiff_t i = 0;
        for (; i + 4 <= count; i += 4) {
            const int64_t q0 = points[i], q1 = points[i + 1], q2 = points[i + 2], q3 = points[i + 3];
            p0[((q0 >> 16) * c + (q0 & 0xFFFF) * s + offset) >> 16]++;
            p1[((q1 >> 16) * c + (q1 & 0xFFFF) * s + offset) >> 16]++;
            p2[((q2 >> 16) * c + (q2 & 0xFFFF) * s + offset) >> 16]++;
            p3[((q3 >> 16) * c + (q3 & 0xFFFF) * s + offset) >> 16]++;
        }
        for (; i < count; i++) {
            const int64_t q = points[i];
            p0[((q >> 16) * c + (q & 0xFFFF) * s + offset) >> 16]++;
        }
        int32_t *row = votes + (ptrdiff_t)a * rho_bins;
        for (ptrdiff_t b = 0; b < rho_bins; b++) row[b] += p0[b] + p1[b] + p2[b] + p3[b];
    }
}

/* The nearest integer by truncation of a shifted value (ties go up), as the Swift caller rounds. */
static inline ptrdiff_t sf_nearest(double v) { return (ptrdiff_t)(v + 0.5 + 65536) - 65536; }

void sf_line_stretch(const uint8_t *mask, ptrdiff_t width, ptrdiff_t height, double rho, double cs, double sn,
                     double lo, double hi, ptrdiff_t box_x, ptrdiff_t box_y, const int32_t *offsets, int n,
                     double max_gap, double *start, double *end) {
    double best_start = 0, best_end = -1, run_start = -__builtin_inf(), last_ink = -__builtin_inf();
    for (double s = lo; s <= hi; s += 1) {
        const ptrdiff_t x = sf_nearest(rho * cs - s * sn) + box_x, y = sf_nearest(rho * sn + s * cs) + box_y;
        int ink = 0;
        for (int i = 0; i < n && !ink; i++) {
            const ptrdiff_t px = x + offsets[2 * i], py = y + offsets[2 * i + 1];
            ink = px >= 0 && py >= 0 && px < width && py < height && mask[py * width + px] != 0;
        }
        if (!ink) continue;
        if (s - last_ink > max_gap) run_start = s;
        last_ink = s;
        if (last_ink - run_start > best_end - best_start) {
            best_start = run_start;
            best_end = last_ink;
        }
    }
    *start = best_start;
    *end = best_end;
}
