/* Two threads on one baseline JPEG page. A Huffman-coded scan without restart markers cannot be entered in the
 * middle: the second thread runs its own decompressor over the same bytes, lets libjpeg-turbo entropy-decode the
 * upper rows without the inverse DCT (jpeg_skip_scanlines) and decodes the lower rows, while the first thread
 * decodes the upper rows. Both write disjoint rows of the same output; every libjpeg call of the second thread
 * runs under its own setjmp, on its own error manager. When the second thread has not finished skipping by the time
 * the first reaches the split (a busy machine gave it too little time), the first takes the lower rows back and
 * decodes them itself; and after a split whose second thread found no free core, the next pages use one thread
 * (sf_jpeg_split_learn). A second thread that is starved after it began the lower rows still delays its page. */
#include "jpeg_internal.h"
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What skipping a row costs against decoding it, in thousandths, learnt from the pages decoded so far (thread CPU
 * times, so that a busy machine does not distort it). The start value is what 300 dpi grey scans measured here
 * (noisy paper at about 2.6 bits per pixel: 0.63–0.70). The split only moves work between the threads: the pixels
 * are the same for every split row (tested). */
static _Atomic int sf_skip_cost_permille = 650;
/* Pages still to be decoded by one thread after a split that found no free core. */
static _Atomic int sf_split_backoff = 0;

double sf_wall_seconds(void) {
    struct timespec t;
    if (clock_gettime(CLOCK_MONOTONIC, &t) != 0) return 0;
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

double sf_thread_cpu_seconds(void) {
    struct timespec t;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) != 0) return 0;
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

uint32_t sf_jpeg_split_row(j_decompress_ptr c, int split) {
    if (split == 0 || c->progressive_mode || c->arith_code || c->comps_in_scan != c->num_components ||
        c->buffered_image || c->raw_data_out || c->quantize_colors)
        return 0;
    uint32_t height = c->output_height;
    if (split > 0) return (uint32_t)split < height ? (uint32_t)split : 0;
    if ((uint64_t)c->output_width * height < SF_JPEG_SPLIT_MIN_PIXELS) return 0;
    if (atomic_load_explicit(&sf_split_backoff, memory_order_relaxed) > 0) {
        atomic_fetch_sub_explicit(&sf_split_backoff, 1, memory_order_relaxed);
        return 0;
    }
    /* The first thread decodes s rows (cost s); the second skips s (cost e·s) and decodes H − s: equal when
     * s = H / (2 − e). Rounded to whole iMCU rows, so that neither thread decodes an iMCU row only to drop part. */
    uint32_t imcu = (uint32_t)(c->max_v_samp_factor * c->min_DCT_scaled_size);
    if (imcu == 0) return 0;
    double e = atomic_load_explicit(&sf_skip_cost_permille, memory_order_relaxed) / 1000.0;
    uint32_t s = (uint32_t)((double)height / (2.0 - e) / imcu + 0.5) * imcu;
    if (s < imcu || s + imcu > height) return 0;
    return s;
}

void sf_jpeg_split_learn(const sf_jpeg_lower *lower, double upper_seconds) {
    int committed = atomic_load_explicit(&lower->state, memory_order_acquire) == SF_LOWER_DECODING;
    /* A thread with a core of its own runs for nearly all of its elapsed time. */
    if (!committed || (lower->wall_seconds > 0 && lower->cpu_seconds < 0.8 * lower->wall_seconds)) {
        atomic_store_explicit(&sf_split_backoff, SF_JPEG_SPLIT_BACKOFF_PAGES, memory_order_relaxed);
        if (!committed) return;
    }
    if (lower->status != 0 || lower->err.corrupt_warnings > 0 || upper_seconds <= 0 || lower->skip_seconds <= 0) return;
    double e = lower->skip_seconds / upper_seconds;
    if (e < 0.05) e = 0.05;
    if (e > 0.95) e = 0.95;
    int old = atomic_load_explicit(&sf_skip_cost_permille, memory_order_relaxed);
    /* Half the old estimate, half this page: one odd page moves the split a little, a new kind of page soon. */
    atomic_store_explicit(&sf_skip_cost_permille, (old + (int)(e * 1000 + 0.5)) / 2, memory_order_relaxed);
}

int sf_jpeg_read_rows(j_decompress_ptr c, uint8_t *dst, size_t stride, JDIMENSION end) {
    JSAMPROW rows[16];
    while (c->output_scanline < end) {
        int n = 0;
        for (; n < 16 && c->output_scanline + (JDIMENSION)n < end; n++)
            rows[n] = dst + (size_t)(c->output_scanline + n) * stride;
        if (jpeg_read_scanlines(c, rows, (JDIMENSION)n) == 0) break;
    }
    return c->output_scanline >= end;
}

/* Rows skipped between two looks at whether the first thread took the lower rows back. */
#define SF_SKIP_CHUNK_IMCU_ROWS 16

static void *sf_jpeg_lower_work(sf_jpeg_lower *l);

static void *sf_jpeg_lower_run(void *arg) {
    sf_jpeg_lower *l = arg;
    double wall = sf_wall_seconds(), cpu = sf_thread_cpu_seconds();
    sf_jpeg_lower_work(l);
    l->wall_seconds = sf_wall_seconds() - wall;
    l->cpu_seconds = sf_thread_cpu_seconds() - cpu;
    return NULL;
}

static void *sf_jpeg_lower_work(sf_jpeg_lower *l) {
    struct jpeg_decompress_struct c;
    sf_jpeg_install_errors(&l->err, &c.err);
    volatile int created = 0;
    if (setjmp(l->err.jump)) {
        l->status = l->err.pub.msg_code ? l->err.pub.msg_code : -1;
        if (created) jpeg_destroy_decompress(&c);
        return NULL;
    }
    jpeg_CreateDecompress(&c, JPEG_LIB_VERSION, sizeof(c));
    created = 1;
    c.mem->max_memory_to_use = (long)1 << 31;
    jpeg_mem_src(&c, l->data, (unsigned long)l->length);
    jpeg_read_header(&c, TRUE);
    c.out_color_space = (J_COLOR_SPACE)l->out_color_space;
    c.dct_method = JDCT_ISLOW;
    jpeg_start_decompress(&c);
    double start = sf_thread_cpu_seconds();
    JDIMENSION chunk = (JDIMENSION)(c.max_v_samp_factor * c.min_DCT_scaled_size * SF_SKIP_CHUNK_IMCU_ROWS);
    while (c.output_scanline < l->first_row) {
        if (atomic_load_explicit(&l->state, memory_order_acquire) == SF_LOWER_TAKEN_BACK) {
            jpeg_destroy_decompress(&c);
            return NULL;
        }
        JDIMENSION want = l->first_row - c.output_scanline;
        if (want > chunk) want = chunk;
        JDIMENSION skipped = jpeg_skip_scanlines(&c, want);
        if (skipped != want) {
            snprintf(l->err.message, SF_MESSAGE_SIZE, "libjpeg skipped %u of %u rows", (unsigned)skipped, (unsigned)want);
            l->status = -1;
            jpeg_destroy_decompress(&c);
            return NULL;
        }
    }
    l->skip_seconds = sf_thread_cpu_seconds() - start;
    int expected = SF_LOWER_SKIPPING;
    if (!atomic_compare_exchange_strong_explicit(&l->state, &expected, SF_LOWER_DECODING, memory_order_acq_rel,
                                                 memory_order_acquire)) {
        jpeg_destroy_decompress(&c);
        return NULL;
    }
    if (!sf_jpeg_read_rows(&c, l->dst, l->stride, c.output_height)) {
        snprintf(l->err.message, SF_MESSAGE_SIZE, "libjpeg stopped at row %u of %u", c.output_scanline, c.output_height);
        l->status = -1;
        jpeg_destroy_decompress(&c);
        return NULL;
    }
    jpeg_finish_decompress(&c);
    jpeg_destroy_decompress(&c);
    return NULL;
}

int sf_jpeg_lower_take_back(sf_jpeg_lower *lower) {
    int expected = SF_LOWER_SKIPPING;
    return atomic_compare_exchange_strong_explicit(&lower->state, &expected, SF_LOWER_TAKEN_BACK, memory_order_acq_rel,
                                                   memory_order_acquire);
}

sf_jpeg_lower *sf_jpeg_lower_start(const uint8_t *data, size_t length, int out_color_space, uint8_t *dst,
                                   size_t stride, uint32_t first_row) {
    sf_jpeg_lower *l = calloc(1, sizeof(*l));
    if (!l) return NULL;
    l->data = data;
    l->length = length;
    l->out_color_space = out_color_space;
    l->dst = dst;
    l->stride = stride;
    l->first_row = first_row;
    atomic_init(&l->state, SF_LOWER_SKIPPING);
    if (pthread_create(&l->thread, NULL, sf_jpeg_lower_run, l) != 0) { free(l); return NULL; }
    return l;
}

void sf_jpeg_lower_join(sf_jpeg_lower *lower) { pthread_join(lower->thread, NULL); }
