/* Shared inside CImageIO only (not part of the module's public header): libjpeg's error manager of this target
 * and the two-thread decoding of one baseline page (jpeg_split.c). */
#ifndef SF_JPEG_INTERNAL_H
#define SF_JPEG_INTERNAL_H
#include "CImageIO.h"
#include <pthread.h>
#include <stdatomic.h>
#include <setjmp.h>
#include <stdio.h>
#include <jpeglib.h>

/* libjpeg's error manager with the setjmp target of the function that made the call, the message of the fatal
 * error (or of the first corrupt-data warning), and the count of corrupt-data warnings. */
typedef struct sf_jpeg_error {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    char message[SF_MESSAGE_SIZE];
    int corrupt_warnings;
    int first_warning_code;
} sf_jpeg_error;

/* Installs `e` as the error manager in `*slot` (cinfo.err): fatal errors longjmp to e->jump, warnings are kept. */
void sf_jpeg_install_errors(sf_jpeg_error *e, struct jpeg_error_mgr **slot);

/* The lower part of a page decoded on a second thread, by its own decompressor over the same bytes: it reads the
 * header, skips rows [0, first_row) with jpeg_skip_scanlines (entropy decoding only), a few iMCU rows at a time, and
 * then, unless the first thread took the lower rows back in the meantime (sf_jpeg_lower_take_back), decodes the
 * rest into dst. Its outcome is read after sf_jpeg_lower_join. */
enum { SF_LOWER_SKIPPING = 0, SF_LOWER_DECODING = 1, SF_LOWER_TAKEN_BACK = 2 };
typedef struct sf_jpeg_lower {
    const uint8_t *data; size_t length;
    int out_color_space;
    uint8_t *dst; size_t stride;
    uint32_t first_row;
    pthread_t thread;
    _Atomic int state;          /* SF_LOWER_SKIPPING until the second thread starts writing dst, or is stopped */
    /* outcome */
    int status;                 /* 0, or the libjpeg message code of a fatal error (-1 when it has none) */
    sf_jpeg_error err;          /* message, first warning code, count of corrupt-data warnings */
    double skip_seconds;        /* thread CPU time spent skipping rows [0, first_row) */
    double cpu_seconds, wall_seconds;   /* the second thread's CPU time and elapsed time, start to end */
} sf_jpeg_lower;

/* The row where the page `c` (after jpeg_start_decompress) is split between two threads, or 0 when it is decoded
 * by one: `split` < 0 chooses automatically (a page of at least SF_JPEG_SPLIT_MIN_PIXELS, split on an iMCU-row
 * boundary so that both threads finish together), 0 asks for one thread, > 0 names the row (tests). Only a
 * sequential Huffman-coded page whose one scan holds every component is split; any other falls back to 0. */
uint32_t sf_jpeg_split_row(j_decompress_ptr c, int split);
#define SF_JPEG_SPLIT_MIN_PIXELS 1000000

/* Starts the second thread; NULL when none could be had (the caller then decodes the whole page itself). */
sf_jpeg_lower *sf_jpeg_lower_start(const uint8_t *data, size_t length, int out_color_space, uint8_t *dst,
                                   size_t stride, uint32_t first_row);
/* Called by the first thread when it has decoded rows [0, first_row): when the second thread is still skipping
 * (it got too little of a busy machine, or failed), stops it and returns 1: the first thread then decodes the lower
 * rows itself, at about the cost of a one-thread decode. Returns 0 when the second thread is decoding (or
 * has decoded) the lower rows. */
int sf_jpeg_lower_take_back(sf_jpeg_lower *lower);
/* Waits for the second thread. Its outcome stays readable until free(). */
void sf_jpeg_lower_join(sf_jpeg_lower *lower);
/* Teaches the automatic split, after sf_jpeg_lower_join: what skipping costs against decoding (`upper_seconds` is
 * the first thread's CPU time for decoding the rows [0, first_row) that the second thread skipped), and whether the
 * second thread had a core to itself. When it did not (it ran for much less than its elapsed time, or was taken
 * back), the next SF_JPEG_SPLIT_BACKOFF_PAGES pages are decoded by one thread: on a busy machine the rows skipped
 * twice are only extra work. */
void sf_jpeg_split_learn(const sf_jpeg_lower *lower, double upper_seconds);
#define SF_JPEG_SPLIT_BACKOFF_PAGES 8
/* Elapsed seconds on a monotonic clock. */
double sf_wall_seconds(void);
/* CPU time of the calling thread, in seconds. */
double sf_thread_cpu_seconds(void);
/* jpeg_read_scanlines into dst (rows of `stride` bytes) until output_scanline reaches `end`, 16 rows a call.
 * Returns 0 when libjpeg stopped early (a suspending source; never with a memory source). */
int sf_jpeg_read_rows(j_decompress_ptr c, uint8_t *dst, size_t stride, JDIMENSION end);

#endif
