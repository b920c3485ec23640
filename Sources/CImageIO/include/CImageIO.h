#ifndef CIMAGEIO_H
#define CIMAGEIO_H
/*
 * The C side of SignatureForensics' image I/O. Every libjpeg and libpng call that can fail runs inside a
 * setjmp owned by one function here, so a fatal library error becomes a return code and a message, never an
 * exit() or a longjmp across a Swift frame. libtiff handles are opened with per-handle error and warning
 * handlers (TIFFOpenExt options) that keep the last message on the handle instead of printing it.
 */
#include <stddef.h>
#include <stdint.h>
#include <tiffio.h>

#define SF_MESSAGE_SIZE 256

/* ---------------------------------------------------------------- JPEG (libjpeg-turbo, 6.2 API) */

typedef struct sf_jpeg_info {
    uint32_t width, height;
    int components;          /* num_components in the file */
    int color_space;         /* J_COLOR_SPACE of the file (JCS_GRAYSCALE, JCS_YCbCr, JCS_RGB, JCS_CMYK, JCS_YCCK) */
    int data_precision;      /* 8 (12 is refused) */
    int progressive;
    int arithmetic;
    int saw_jfif, density_unit; uint16_t x_density, y_density;
    int saw_adobe, adobe_transform;
    const uint8_t *exif; size_t exif_length;   /* APP1 "Exif\0\0" payload (TIFF header onwards) or NULL */
} sf_jpeg_info;

typedef struct sf_jpeg_decoder sf_jpeg_decoder;

/* Creates a decoder over `length` bytes at `data` (not copied: keep it alive). NULL only when out of memory. */
sf_jpeg_decoder *sf_jpeg_create(const uint8_t *data, size_t length);
void sf_jpeg_destroy(sf_jpeg_decoder *d);
/* Reads the header (jpeg_read_header). 0 on success, else a libjpeg message code (>0) and sf_jpeg_message. */
int sf_jpeg_read_header(sf_jpeg_decoder *d, sf_jpeg_info *info);
/* Decodes the whole image into dst (rows of `stride` bytes) as out_color_space (JCS_GRAYSCALE, JCS_RGB or
 * JCS_CMYK), with jpeg_start_decompress / jpeg_read_scanlines / jpeg_finish_decompress. Returns 0 or an error code.
 * *corrupt_warnings counts libjpeg's corrupt-data warnings (a truncated file is one: JWRN_JPEG_EOF).
 * `split`: 0 decodes on the calling thread alone; < 0 lets a page of a million pixels or more be decoded by two
 * threads (the calling one for the upper rows, a second with its own decompressor, which skips the upper rows with
 * jpeg_skip_scanlines, for the lower), split where both finish together; > 0 splits at that row (tests). Only a
 * sequential Huffman-coded page whose one scan holds every component is split; progressive, arithmetic-coded and
 * multi-scan pages, and any page when no thread can be had, are decoded by one thread. The pixels, the return code,
 * the message and the first warning code are the same either way. */
int sf_jpeg_decode(sf_jpeg_decoder *d, int out_color_space, uint8_t *dst, size_t stride, int split, int *corrupt_warnings);
const char *sf_jpeg_message(const sf_jpeg_decoder *d);
/* The message code of the first corrupt-data warning, or 0. */
int sf_jpeg_first_warning_code(const sf_jpeg_decoder *d);
int sf_jpeg_code_bad_precision(void);
int sf_jpeg_code_eof_warning(void);

/* Encodes rows of 8-bit samples (components 1 = grey, 3 = RGB, 4 = CMYK) to a JPEG in memory.
 * On success returns 0, *out is malloc'd (free with sf_free). Options: progressive, arithmetic, subsampling
 * (1 = 4:4:4, 2 = 4:2:0), restart_interval, density in dots per inch (0 = none), adobe_cmyk writes inverted CMYK as Adobe does,
 * ycck asks for YCCK colour transform with CMYK input, app1 (may be NULL) is written as an APP1 marker. */
typedef struct sf_jpeg_encode_options {
    int quality, progressive, arithmetic, subsampling, density_dpi_x, density_dpi_y, ycck, rgb_no_transform;
    int restart_interval;    /* MCUs between restart markers (0 = none) */
    const uint8_t *app1; size_t app1_length;
} sf_jpeg_encode_options;
int sf_jpeg_encode(const uint8_t *src, uint32_t width, uint32_t height, int components, size_t stride,
                   const sf_jpeg_encode_options *opt, uint8_t **out, size_t *out_length, char *message);

/* ---------------------------------------------------------------- PNG (libpng 1.6) */

typedef struct sf_png_info {
    uint32_t width, height;
    int bit_depth, color_type, interlace;
    int has_trns;
    int has_phys; uint32_t phys_x, phys_y; int phys_unit;   /* pixels per unit; unit 1 = metre */
} sf_png_info;

typedef struct sf_png_decoder sf_png_decoder;
sf_png_decoder *sf_png_create(const uint8_t *data, size_t length);
void sf_png_destroy(sf_png_decoder *d);
int sf_png_read_header(sf_png_decoder *d, sf_png_info *info);
/* Decodes to 8 bits per sample: channels 2 = grey + alpha, 4 = RGB + alpha (every PNG expands to one of these;
 * 16-bit samples are scaled with rounding, palettes and low bit depths expanded, tRNS turned into alpha). */
int sf_png_decode(sf_png_decoder *d, int to_rgba, uint8_t *dst, size_t stride);
const char *sf_png_message(const sf_png_decoder *d);

/* Encodes rows to a PNG. color_type as libpng (0 grey, 2 RGB, 3 palette, 4 GA, 6 RGBA), bit_depth 1–16 (16-bit
 * rows big-endian as PNG stores them), interlace 0/1, palette (3 bytes per entry) for colour type 3, ppm > 0 writes
 * pHYs in pixels per metre. compression_level 0–9. */
typedef struct sf_png_encode_options {
    int bit_depth, color_type, interlace, compression_level;
    uint32_t ppm_x, ppm_y;
    const uint8_t *palette; int palette_entries;
    const uint8_t *trns; int trns_entries;
} sf_png_encode_options;
int sf_png_encode(const uint8_t *src, uint32_t width, uint32_t height, size_t stride,
                  const sf_png_encode_options *opt, uint8_t **out, size_t *out_length, char *message);

/* ---------------------------------------------------------------- TIFF (libtiff 4.5) */

typedef struct sf_tiff_handle sf_tiff_handle;
/* Opens TIFF data in memory ("r" or "rh" etc.) with per-handle error/warning handlers and a cap on any single
 * allocation libtiff makes. Returns NULL on failure with the reason in message (SF_MESSAGE_SIZE bytes). */
sf_tiff_handle *sf_tiff_open_memory(const uint8_t *data, size_t length, const char *mode,
                                    int64_t max_single_alloc, char *message);
/* Opens a file for writing (mode "w", "w8" for BigTIFF, "wb" big-endian, "wl" little-endian). */
sf_tiff_handle *sf_tiff_open_write(const char *path, const char *mode, char *message);
TIFF *sf_tiff_tiff(sf_tiff_handle *h);
void sf_tiff_close(sf_tiff_handle *h);
/* The last error (or, when there was none, the last warning) libtiff reported on this handle; "" when none. */
const char *sf_tiff_last_message(const sf_tiff_handle *h);
int sf_tiff_error_count(const sf_tiff_handle *h);
/* The last warning libtiff reported on this handle since the messages were cleared; "" when none. */
const char *sf_tiff_last_warning(const sf_tiff_handle *h);
/* The last error since the messages were cleared; "" when none. */
const char *sf_tiff_last_error(const sf_tiff_handle *h);
void sf_tiff_clear_messages(sf_tiff_handle *h);

void sf_free(void *p);

/* ---------------------------------------------------------------- Threads */

#define SF_MAX_WORKERS 16
/* Calls work(context, k) for every k in [0, workers) (at most SF_MAX_WORKERS): k = 0 on the calling thread, the
 * others on new pthreads (a worker whose thread cannot be created runs on the calling thread afterwards), and
 * returns when all have returned. Returns the number of threads that took part. */
int sf_run_workers(int workers, void (*work)(void *context, int worker), void *context);

/* ---------------------------------------------------------------- Page-sized buffers */

/* Makes glibc serve blocks up to `mmap_threshold` bytes from the heap and never trim the heap, so the page-sized
 * buffers one page frees are reused by the next instead of being unmapped and faulted in again. Returns 1 when
 * both settings were taken (0 elsewhere than glibc). */
int sf_keep_large_buffers(size_t mmap_threshold);

/* ---------------------------------------------------------------- Direct decoding (benchmark reference) */

/* Decodes every page of a TIFF, JPEG or PNG in memory with the C library alone, as a C program would, into
 * malloc'd buffers of the library's native samples that are then freed: no conversion to 8-bit grey, no checks
 * beyond the library's own. The reference figure for `sigforensics bench decode --direct`.
 * JPEG: libjpeg to JCS_GRAYSCALE (or JCS_RGB when `colour`), JDCT_ISLOW, as the Swift decoder asks for; with
 * threads > 1 a large sequential page is split between two threads exactly as sf_jpeg_decode splits it.
 * TIFF: TIFFReadEncodedStrip/Tile of every strip of every page, the strips of a page split over `threads` threads
 * with one handle each (as the Swift decoder does); with `to_gray`, 1-bit strips are then expanded to one byte per
 * pixel through a 256-entry table, as any C program that wants 8-bit grey must. PNG: libpng expanded to 8-bit
 * grey+alpha or RGBA. Returns the number of pixels decoded, or -1 with the reason in message (SF_MESSAGE_SIZE bytes). */
int64_t sf_direct_decode(const uint8_t *data, size_t length, int threads, int colour, int to_gray, char *message);

#endif
