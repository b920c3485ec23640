/* libtiff handles over memory, with per-handle error and warning handlers (libtiff 4.5 TIFFOpenOptions). */
#include "CImageIO.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sf_tiff_handle {
    TIFF *tif;
    const uint8_t *data;
    size_t length;
    uint64_t position;
    char error[SF_MESSAGE_SIZE];
    char warning[SF_MESSAGE_SIZE];
    int errors;
};

static int sf_tiff_error(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap) {
    (void)tif;
    sf_tiff_handle *h = (sf_tiff_handle *)user;
    char text[SF_MESSAGE_SIZE];
    vsnprintf(text, sizeof text, fmt, ap);
    snprintf(h->error, sizeof h->error, "%s%s%s", module ? module : "", module ? ": " : "", text);
    h->errors++;
    return 1;
}

static int sf_tiff_warning(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap) {
    (void)tif;
    sf_tiff_handle *h = (sf_tiff_handle *)user;
    char text[SF_MESSAGE_SIZE];
    vsnprintf(text, sizeof text, fmt, ap);
    snprintf(h->warning, sizeof h->warning, "%s%s%s", module ? module : "", module ? ": " : "", text);
    return 1;
}

static tmsize_t sf_read(thandle_t fd, void *buf, tmsize_t size) {
    sf_tiff_handle *h = (sf_tiff_handle *)fd;
    if (size <= 0 || h->position >= h->length) return 0;
    uint64_t n = (uint64_t)size;
    if (n > h->length - h->position) n = h->length - h->position;
    memcpy(buf, h->data + h->position, (size_t)n);
    h->position += n;
    return (tmsize_t)n;
}

static tmsize_t sf_write(thandle_t fd, void *buf, tmsize_t size) { (void)fd; (void)buf; (void)size; return 0; }

static toff_t sf_seek(thandle_t fd, toff_t off, int whence) {
    sf_tiff_handle *h = (sf_tiff_handle *)fd;
    uint64_t base = whence == SEEK_CUR ? h->position : whence == SEEK_END ? h->length : 0;
    uint64_t target = base + off;
    if (target < base) return (toff_t)-1;
    h->position = target;
    return target;
}

static int sf_close(thandle_t fd) { (void)fd; return 0; }
static toff_t sf_size(thandle_t fd) { return ((sf_tiff_handle *)fd)->length; }
static int sf_map(thandle_t fd, void **base, toff_t *size) {
    sf_tiff_handle *h = (sf_tiff_handle *)fd;
    *base = (void *)h->data;
    *size = h->length;
    return 1;
}
static void sf_unmap(thandle_t fd, void *base, toff_t size) { (void)fd; (void)base; (void)size; }

static TIFFOpenOptions *sf_options(sf_tiff_handle *h, int64_t max_single_alloc) {
    TIFFOpenOptions *o = TIFFOpenOptionsAlloc();
    if (!o) return NULL;
    TIFFOpenOptionsSetErrorHandlerExtR(o, sf_tiff_error, h);
    TIFFOpenOptionsSetWarningHandlerExtR(o, sf_tiff_warning, h);
    if (max_single_alloc > 0) TIFFOpenOptionsSetMaxSingleMemAlloc(o, (tmsize_t)max_single_alloc);
    return o;
}

sf_tiff_handle *sf_tiff_open_memory(const uint8_t *data, size_t length, const char *mode, int64_t max_single_alloc,
                                    char *message) {
    sf_tiff_handle *h = calloc(1, sizeof(*h));
    if (!h) { snprintf(message, SF_MESSAGE_SIZE, "out of memory"); return NULL; }
    h->data = data;
    h->length = length;
    TIFFOpenOptions *o = sf_options(h, max_single_alloc);
    if (!o) { free(h); snprintf(message, SF_MESSAGE_SIZE, "out of memory"); return NULL; }
    h->tif = TIFFClientOpenExt("memory", mode, (thandle_t)h, sf_read, sf_write, sf_seek, sf_close, sf_size,
                               sf_map, sf_unmap, o);
    TIFFOpenOptionsFree(o);
    if (!h->tif) {
        snprintf(message, SF_MESSAGE_SIZE, "%s", h->error[0] ? h->error : h->warning[0] ? h->warning : "not a readable TIFF");
        free(h);
        return NULL;
    }
    return h;
}

sf_tiff_handle *sf_tiff_open_write(const char *path, const char *mode, char *message) {
    sf_tiff_handle *h = calloc(1, sizeof(*h));
    if (!h) { snprintf(message, SF_MESSAGE_SIZE, "out of memory"); return NULL; }
    TIFFOpenOptions *o = sf_options(h, 0);
    if (!o) { free(h); snprintf(message, SF_MESSAGE_SIZE, "out of memory"); return NULL; }
    h->tif = TIFFOpenExt(path, mode, o);
    TIFFOpenOptionsFree(o);
    if (!h->tif) {
        snprintf(message, SF_MESSAGE_SIZE, "%s", h->error[0] ? h->error : "cannot open for writing");
        free(h);
        return NULL;
    }
    return h;
}

TIFF *sf_tiff_tiff(sf_tiff_handle *h) { return h->tif; }

void sf_tiff_close(sf_tiff_handle *h) {
    if (!h) return;
    if (h->tif) TIFFClose(h->tif);
    free(h);
}

const char *sf_tiff_last_message(const sf_tiff_handle *h) { return h->error[0] ? h->error : h->warning; }
int sf_tiff_error_count(const sf_tiff_handle *h) { return h->errors; }
const char *sf_tiff_last_warning(const sf_tiff_handle *h) { return h->warning; }
const char *sf_tiff_last_error(const sf_tiff_handle *h) { return h->error; }
void sf_tiff_clear_messages(sf_tiff_handle *h) { h->error[0] = 0; h->warning[0] = 0; h->errors = 0; }
