/* libpng wrappers: each function owns the setjmp that libpng's png_error longjmps to. */
#include "CImageIO.h"
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sf_png_decoder {
    png_structp png;
    png_infop info;
    const uint8_t *data;
    size_t length, position;
    char message[SF_MESSAGE_SIZE];
    int header_read;
};

static void sf_png_error_fn(png_structp png, png_const_charp msg) {
    char *message = (char *)png_get_error_ptr(png);
    if (message) snprintf(message, SF_MESSAGE_SIZE, "%s", msg);
    png_longjmp(png, 1);
}

static void sf_png_warning_fn(png_structp png, png_const_charp msg) { (void)png; (void)msg; }

static void sf_png_read_fn(png_structp png, png_bytep out, png_size_t count) {
    sf_png_decoder *d = (sf_png_decoder *)png_get_io_ptr(png);
    if (count > d->length - d->position) png_error(png, "unexpected end of file (truncated PNG)");
    memcpy(out, d->data + d->position, count);
    d->position += count;
}

sf_png_decoder *sf_png_create(const uint8_t *data, size_t length) {
    sf_png_decoder *d = calloc(1, sizeof(*d));
    if (!d) return NULL;
    d->data = data;
    d->length = length;
    d->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, d->message, sf_png_error_fn, sf_png_warning_fn);
    if (!d->png) { free(d); return NULL; }
    d->info = png_create_info_struct(d->png);
    if (!d->info) { png_destroy_read_struct(&d->png, NULL, NULL); free(d); return NULL; }
    png_set_read_fn(d->png, d, sf_png_read_fn);
    /* Ancillary chunks may not take more than 8 MB each (text bombs); image size is checked by the caller. */
    png_set_chunk_malloc_max(d->png, 8u << 20);
    png_set_user_limits(d->png, 0x7fffffffu, 0x7fffffffu);
    return d;
}

void sf_png_destroy(sf_png_decoder *d) {
    if (!d) return;
    png_destroy_read_struct(&d->png, &d->info, NULL);
    free(d);
}

const char *sf_png_message(const sf_png_decoder *d) { return d->message; }

int sf_png_read_header(sf_png_decoder *d, sf_png_info *out) {
    memset(out, 0, sizeof(*out));
    if (setjmp(png_jmpbuf(d->png))) return -1;
    png_read_info(d->png, d->info);
    d->header_read = 1;
    png_uint_32 w, h;
    int depth, color, interlace;
    png_get_IHDR(d->png, d->info, &w, &h, &depth, &color, &interlace, NULL, NULL);
    out->width = w;
    out->height = h;
    out->bit_depth = depth;
    out->color_type = color;
    out->interlace = interlace;
    out->has_trns = png_get_valid(d->png, d->info, PNG_INFO_tRNS) != 0;
    png_uint_32 rx, ry;
    int unit;
    if (png_get_pHYs(d->png, d->info, &rx, &ry, &unit)) {
        out->has_phys = 1;
        out->phys_x = rx;
        out->phys_y = ry;
        out->phys_unit = unit;
    }
    return 0;
}

int sf_png_decode(sf_png_decoder *d, int to_rgba, uint8_t *dst, size_t stride) {
    if (!d->header_read) return -1;
    /* volatile: assigned after setjmp and freed after the longjmp (otherwise its value there is indeterminate,
     * and the row table leaked on every damaged file; found by the decoder fuzzer). */
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(d->png))) { free(rows); return -1; }
    png_structp png = d->png;
    png_infop info = d->info;
    int color = png_get_color_type(png, info);
    int depth = png_get_bit_depth(png, info);
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (depth == 16) png_set_scale_16(png);
    if (to_rgba && (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA)) png_set_gray_to_rgb(png);
    if (!(color & PNG_COLOR_MASK_ALPHA) && !png_get_valid(png, info, PNG_INFO_tRNS))
        png_set_filler(png, 0xff, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    size_t channels = png_get_channels(png, info);
    if (channels != (to_rgba ? 4u : 2u) || png_get_bit_depth(png, info) != 8)
        png_error(png, "unexpected sample layout after transforms");
    png_uint_32 h = png_get_image_height(png, info);
    rows = malloc(sizeof(png_bytep) * h);
    if (!rows) png_error(png, "out of memory");
    for (png_uint_32 y = 0; y < h; y++) rows[y] = dst + (size_t)y * stride;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    free(rows);
    return 0;
}

typedef struct sf_png_buffer { uint8_t *data; size_t length, capacity; int failed; } sf_png_buffer;

static void sf_png_write_fn(png_structp png, png_bytep data, png_size_t count) {
    sf_png_buffer *b = (sf_png_buffer *)png_get_io_ptr(png);
    if (b->length + count > b->capacity) {
        size_t cap = b->capacity ? b->capacity : 65536;
        while (cap < b->length + count) cap *= 2;
        uint8_t *grown = realloc(b->data, cap);
        if (!grown) png_error(png, "out of memory");
        b->data = grown;
        b->capacity = cap;
    }
    memcpy(b->data + b->length, data, count);
    b->length += count;
}

static void sf_png_flush_fn(png_structp png) { (void)png; }

int sf_png_encode(const uint8_t *src, uint32_t width, uint32_t height, size_t stride,
                  const sf_png_encode_options *opt, uint8_t **out, size_t *out_length, char *message) {
    sf_png_buffer buffer = {0};
    png_bytep *volatile rows = NULL;   /* volatile: freed after a longjmp (see sf_png_decode) */
    *out = NULL;
    *out_length = 0;
    message[0] = 0;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, message, sf_png_error_fn, sf_png_warning_fn);
    if (!png) { snprintf(message, SF_MESSAGE_SIZE, "png_create_write_struct failed"); return -1; }
    png_infop info = png_create_info_struct(png);
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(rows);
        free(buffer.data);
        if (!message[0]) snprintf(message, SF_MESSAGE_SIZE, "png encoding failed");
        return -1;
    }
    png_set_write_fn(png, &buffer, sf_png_write_fn, sf_png_flush_fn);
    png_set_compression_level(png, opt->compression_level);
    png_set_IHDR(png, info, width, height, opt->bit_depth, opt->color_type,
                 opt->interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (opt->color_type == PNG_COLOR_TYPE_PALETTE && opt->palette)
        png_set_PLTE(png, info, (png_const_colorp)opt->palette, opt->palette_entries);
    if (opt->trns && opt->trns_entries > 0) png_set_tRNS(png, info, opt->trns, opt->trns_entries, NULL);
    if (opt->ppm_x > 0) png_set_pHYs(png, info, opt->ppm_x, opt->ppm_y ? opt->ppm_y : opt->ppm_x, PNG_RESOLUTION_METER);
    png_write_info(png, info);
    if (opt->interlace) png_set_interlace_handling(png);
    rows = malloc(sizeof(png_bytep) * (height ? height : 1));
    if (!rows) png_error(png, "out of memory");
    for (uint32_t y = 0; y < height; y++) rows[y] = (png_bytep)(src + (size_t)y * stride);
    png_write_image(png, rows);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(rows);
    *out = buffer.data;
    *out_length = buffer.length;
    return 0;
}
