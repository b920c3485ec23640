/* The benchmark reference: each library called directly, in a tight loop, the way a C program would. */
#include "jpeg_internal.h"
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- JPEG */

typedef struct direct_jpeg_error { struct jpeg_error_mgr pub; jmp_buf jump; } direct_jpeg_error;

static void direct_jpeg_exit(j_common_ptr c) { longjmp(((direct_jpeg_error *)c->err)->jump, 1); }
static void direct_jpeg_quiet(j_common_ptr c, int level) { (void)c; (void)level; }

/* With threads > 1, a large sequential page is split between two threads exactly as sf_jpeg_decode splits it
 * (jpeg_split.c: the second thread skips the upper rows with jpeg_skip_scanlines), so that the Swift layer's
 * overhead is measured against the same work. */
static int64_t direct_jpeg(const uint8_t *data, size_t length, int threads, int colour, char *message) {
    struct jpeg_decompress_struct c;
    direct_jpeg_error err;
    uint8_t *volatile pixels = NULL;
    sf_jpeg_lower *volatile lower = NULL;
    c.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = direct_jpeg_exit;
    err.pub.emit_message = direct_jpeg_quiet;
    if (setjmp(err.jump)) {
        (*c.err->format_message)((j_common_ptr)&c, message);
        if (lower) { sf_jpeg_lower_take_back(lower); sf_jpeg_lower_join(lower); free(lower); }
        jpeg_destroy_decompress(&c);
        free(pixels);
        return -1;
    }
    jpeg_CreateDecompress(&c, JPEG_LIB_VERSION, sizeof(c));
    jpeg_mem_src(&c, data, (unsigned long)length);
    jpeg_read_header(&c, TRUE);
    c.out_color_space = colour && c.num_components > 1 ? JCS_RGB : JCS_GRAYSCALE;
    if (c.jpeg_color_space == JCS_CMYK || c.jpeg_color_space == JCS_YCCK) c.out_color_space = JCS_CMYK;
    c.dct_method = JDCT_ISLOW;
    jpeg_start_decompress(&c);
    size_t stride = (size_t)c.output_width * (size_t)c.output_components;
    pixels = malloc(stride * c.output_height);
    if (!pixels) { snprintf(message, SF_MESSAGE_SIZE, "out of memory"); jpeg_destroy_decompress(&c); return -1; }
    uint32_t split_row = sf_jpeg_split_row(&c, threads > 1 ? -1 : 0);
    if (split_row > 0) lower = sf_jpeg_lower_start(data, length, c.out_color_space, pixels, stride, split_row);
    double start = sf_thread_cpu_seconds();
    sf_jpeg_read_rows(&c, pixels, stride, lower ? split_row : c.output_height);
    if (lower && sf_jpeg_lower_take_back(lower)) {
        sf_jpeg_lower *stopped = lower;
        lower = NULL;
        sf_jpeg_lower_join(stopped);
        sf_jpeg_split_learn(stopped, 0);
        free(stopped);
        sf_jpeg_read_rows(&c, pixels, stride, c.output_height);
    }
    int64_t count = (int64_t)c.output_width * c.output_height;
    if (lower) {
        double upper_seconds = sf_thread_cpu_seconds() - start;
        jpeg_abort_decompress(&c);
        sf_jpeg_lower_join(lower);
        sf_jpeg_split_learn(lower, upper_seconds);
        if (lower->status != 0) { snprintf(message, SF_MESSAGE_SIZE, "%s", lower->err.message); count = -1; }
        free(lower);
    } else {
        jpeg_finish_decompress(&c);
    }
    jpeg_destroy_decompress(&c);
    free(pixels);
    return count;
}

/* ---------------------------------------------------------------- TIFF */

typedef struct direct_tiff_job {
    const uint8_t *data; size_t length;
    sf_tiff_handle *shared;       /* the first worker's handle; others open their own */
    tdir_t page;
    _Atomic uint32_t *next;       /* the next unclaimed block (shared; claimed one at a time, as the Swift decoder does) */
    uint32_t end;                 /* blocks [0, end) */
    uint8_t *pixels; tmsize_t block_bytes;
    uint8_t *gray;                /* 1-bit strips expanded here (one byte per pixel) when not NULL */
    uint32_t width, rows_per_strip, height;
    int min_is_white;
    int failed;
} direct_tiff_job;

/* One byte of 1-bit samples (MSB first) as 8 grey bytes: the usual table a C program would use. */
static uint64_t direct_bits[2][256];
static pthread_once_t direct_bits_once = PTHREAD_ONCE_INIT;
static void direct_bits_init(void) {
    for (int b = 0; b < 256; b++) {
        uint64_t black = 0, white = 0;
        for (int i = 0; i < 8; i++) {
            uint64_t set = (b >> (7 - i)) & 1;
            black |= (set ? 0xFFull : 0) << (8 * i);
            white |= (set ? 0 : 0xFFull) << (8 * i);
        }
        direct_bits[0][b] = black;
        direct_bits[1][b] = white;
    }
}

static void direct_expand(const uint8_t *src, uint32_t rows, tmsize_t row_bytes, uint32_t width, int min_is_white, uint8_t *dst) {
    const uint64_t *table = direct_bits[min_is_white ? 1 : 0];
    for (uint32_t r = 0; r < rows; r++) {
        const uint8_t *s = src + (size_t)r * (size_t)row_bytes;
        uint8_t *d = dst + (size_t)r * width;
        uint32_t whole = width / 8;
        for (uint32_t i = 0; i < whole; i++) memcpy(d + 8 * (size_t)i, &table[s[i]], 8);
        if (width & 7) {
            uint64_t w = table[s[whole]];
            for (uint32_t k = 0; k < (width & 7); k++) d[8 * (size_t)whole + k] = (uint8_t)(w >> (8 * k));
        }
    }
}

static void *direct_tiff_work(void *arg) {
    direct_tiff_job *job = arg;
    char message[SF_MESSAGE_SIZE];
    sf_tiff_handle *h = job->shared;
    if (!h) {
        h = sf_tiff_open_memory(job->data, job->length, "r", 0, message);
        if (!h || !TIFFSetDirectory(sf_tiff_tiff(h), job->page)) { job->failed = 1; sf_tiff_close(h); return NULL; }
    }
    TIFF *tif = sf_tiff_tiff(h);
    int tiled = TIFFIsTiled(tif);
    uint8_t *strip = job->gray && !tiled ? malloc((size_t)job->block_bytes) : NULL;
    tmsize_t row_bytes = TIFFScanlineSize(tif);
    for (uint32_t b; (b = atomic_fetch_add_explicit(job->next, 1, memory_order_relaxed)) < job->end;) {
        uint8_t *dst = strip ? strip : job->pixels + (size_t)b * (size_t)job->block_bytes;
        tmsize_t n = tiled ? TIFFReadEncodedTile(tif, b, dst, job->block_bytes) : TIFFReadEncodedStrip(tif, b, dst, job->block_bytes);
        if (n < 0) { job->failed = 1; break; }
        if (strip) {
            uint32_t y0 = b * job->rows_per_strip;
            uint32_t rows = job->height - y0 < job->rows_per_strip ? job->height - y0 : job->rows_per_strip;
            direct_expand(strip, rows, row_bytes, job->width, job->min_is_white, job->gray + (size_t)y0 * job->width);
        }
    }
    free(strip);
    if (!job->shared) sf_tiff_close(h);
    return NULL;
}

static int64_t direct_tiff(const uint8_t *data, size_t length, int threads, int to_gray, char *message) {
    pthread_once(&direct_bits_once, direct_bits_init);
    sf_tiff_handle *h = sf_tiff_open_memory(data, length, "r", 0, message);
    if (!h) return -1;
    TIFF *tif = sf_tiff_tiff(h);
    int64_t total = 0;
    if (threads < 1) threads = 1;
    if (threads > 16) threads = 16;
    tdir_t pages = TIFFNumberOfDirectories(tif);
    for (tdir_t page = 0; page < pages; page++) {
        if (!TIFFSetDirectory(tif, page)) { snprintf(message, SF_MESSAGE_SIZE, "cannot read page %u", (unsigned)page); break; }
        uint32_t w = 0, hgt = 0;
        TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &w);
        TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &hgt);
        int tiled = TIFFIsTiled(tif);
        uint32_t blocks = tiled ? TIFFNumberOfTiles(tif) : TIFFNumberOfStrips(tif);
        tmsize_t block_bytes = tiled ? TIFFTileSize(tif) : TIFFStripSize(tif);
        uint16_t bits = 1, photometric = 0;
        uint32_t rows_per_strip = hgt;
        TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bits);
        TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &rows_per_strip);
        TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric);
        if (rows_per_strip == 0 || rows_per_strip > hgt) rows_per_strip = hgt;
        uint8_t *gray = to_gray && bits == 1 && !tiled ? malloc((size_t)w * hgt) : NULL;
        uint8_t *pixels = gray ? NULL : malloc((size_t)blocks * (size_t)block_bytes);
        if (!pixels && !gray) { snprintf(message, SF_MESSAGE_SIZE, "out of memory"); sf_tiff_close(h); return -1; }
        int workers = (blocks >= 4 && threads > 1) ? threads : 1;
        direct_tiff_job jobs[16];
        pthread_t ids[16];
        _Atomic uint32_t next = 0;
        for (int k = 0; k < workers; k++) {
            jobs[k] = (direct_tiff_job){ data, length, k == 0 ? h : NULL, page, &next, blocks,
                                         pixels, block_bytes, gray, w, rows_per_strip, hgt,
                                         photometric == PHOTOMETRIC_MINISWHITE, 0 };
        }
        for (int k = 1; k < workers; k++) pthread_create(&ids[k], NULL, direct_tiff_work, &jobs[k]);
        direct_tiff_work(&jobs[0]);
        int failed = jobs[0].failed;
        for (int k = 1; k < workers; k++) { pthread_join(ids[k], NULL); failed |= jobs[k].failed; }
        free(pixels);
        free(gray);
        if (failed) {
            snprintf(message, SF_MESSAGE_SIZE, "%s", sf_tiff_last_message(h)[0] ? sf_tiff_last_message(h) : "decoding failed");
            sf_tiff_close(h);
            return -1;
        }
        total += (int64_t)w * hgt;
    }
    sf_tiff_close(h);
    return total;
}

/* ---------------------------------------------------------------- PNG */

static int64_t direct_png(const uint8_t *data, size_t length, int colour, char *message) {
    sf_png_decoder *d = sf_png_create(data, length);
    if (!d) { snprintf(message, SF_MESSAGE_SIZE, "out of memory"); return -1; }
    sf_png_info info;
    int64_t result = -1;
    if (sf_png_read_header(d, &info) == 0) {
        int rgba = colour || info.color_type == 2 || info.color_type == 3 || info.color_type == 6;
        size_t stride = (size_t)info.width * (rgba ? 4 : 2);
        uint8_t *pixels = malloc(stride * info.height + 1);
        if (pixels && sf_png_decode(d, rgba, pixels, stride) == 0) result = (int64_t)info.width * info.height;
        free(pixels);
    }
    if (result < 0) snprintf(message, SF_MESSAGE_SIZE, "%s", sf_png_message(d));
    sf_png_destroy(d);
    return result;
}

int64_t sf_direct_decode(const uint8_t *data, size_t length, int threads, int colour, int to_gray, char *message) {
    message[0] = 0;
    if (length >= 3 && data[0] == 0xFF && data[1] == 0xD8) return direct_jpeg(data, length, threads, colour, message);
    if (length >= 8 && data[0] == 0x89 && data[1] == 'P') return direct_png(data, length, colour, message);
    if (length >= 4 && (data[0] == 'I' || data[0] == 'M')) return direct_tiff(data, length, threads, to_gray, message);
    snprintf(message, SF_MESSAGE_SIZE, "not TIFF, JPEG or PNG");
    return -1;
}
