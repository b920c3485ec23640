/* The benchmark reference: each library called directly, in a tight loop, the way a C program would. */
#include "CImageIO.h"
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

/* ---------------------------------------------------------------- JPEG */

typedef struct direct_jpeg_error { struct jpeg_error_mgr pub; jmp_buf jump; } direct_jpeg_error;

static void direct_jpeg_exit(j_common_ptr c) { longjmp(((direct_jpeg_error *)c->err)->jump, 1); }
static void direct_jpeg_quiet(j_common_ptr c, int level) { (void)c; (void)level; }

static int64_t direct_jpeg(const uint8_t *data, size_t length, int colour, char *message) {
    struct jpeg_decompress_struct c;
    direct_jpeg_error err;
    uint8_t *volatile pixels = NULL;
    c.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = direct_jpeg_exit;
    err.pub.emit_message = direct_jpeg_quiet;
    if (setjmp(err.jump)) {
        (*c.err->format_message)((j_common_ptr)&c, message);
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
    JSAMPROW rows[16];
    while (c.output_scanline < c.output_height) {
        int n = 0;
        for (; n < 16 && c.output_scanline + (JDIMENSION)n < c.output_height; n++)
            rows[n] = pixels + (size_t)(c.output_scanline + n) * stride;
        if (jpeg_read_scanlines(&c, rows, (JDIMENSION)n) == 0) break;
    }
    int64_t count = (int64_t)c.output_width * c.output_height;
    jpeg_finish_decompress(&c);
    jpeg_destroy_decompress(&c);
    free(pixels);
    return count;
}

/* ---------------------------------------------------------------- TIFF */

typedef struct direct_tiff_job {
    const uint8_t *data; size_t length;
    sf_tiff_handle *shared;       /* the first worker's handle; others open their own */
    tdir_t page;
    uint32_t first, end;          /* blocks [first, end) */
    uint8_t *pixels; tmsize_t block_bytes;
    int failed;
} direct_tiff_job;

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
    for (uint32_t b = job->first; b < job->end; b++) {
        uint8_t *dst = job->pixels + (size_t)b * (size_t)job->block_bytes;
        tmsize_t n = tiled ? TIFFReadEncodedTile(tif, b, dst, job->block_bytes) : TIFFReadEncodedStrip(tif, b, dst, job->block_bytes);
        if (n < 0) { job->failed = 1; break; }
    }
    if (!job->shared) sf_tiff_close(h);
    return NULL;
}

static int64_t direct_tiff(const uint8_t *data, size_t length, int threads, char *message) {
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
        uint8_t *pixels = malloc((size_t)blocks * (size_t)block_bytes);
        if (!pixels) { snprintf(message, SF_MESSAGE_SIZE, "out of memory"); sf_tiff_close(h); return -1; }
        int workers = (blocks >= 4 && threads > 1) ? threads : 1;
        direct_tiff_job jobs[16];
        pthread_t ids[16];
        for (int k = 0; k < workers; k++) {
            jobs[k] = (direct_tiff_job){ data, length, k == 0 ? h : NULL, page,
                                         (uint32_t)((uint64_t)blocks * k / workers), (uint32_t)((uint64_t)blocks * (k + 1) / workers),
                                         pixels, block_bytes, 0 };
        }
        for (int k = 1; k < workers; k++) pthread_create(&ids[k], NULL, direct_tiff_work, &jobs[k]);
        direct_tiff_work(&jobs[0]);
        int failed = jobs[0].failed;
        for (int k = 1; k < workers; k++) { pthread_join(ids[k], NULL); failed |= jobs[k].failed; }
        free(pixels);
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

int64_t sf_direct_decode(const uint8_t *data, size_t length, int threads, int colour, char *message) {
    message[0] = 0;
    if (length >= 3 && data[0] == 0xFF && data[1] == 0xD8) return direct_jpeg(data, length, colour, message);
    if (length >= 8 && data[0] == 0x89 && data[1] == 'P') return direct_png(data, length, colour, message);
    if (length >= 4 && (data[0] == 'I' || data[0] == 'M')) return direct_tiff(data, length, threads, message);
    snprintf(message, SF_MESSAGE_SIZE, "not TIFF, JPEG or PNG");
    return -1;
}
