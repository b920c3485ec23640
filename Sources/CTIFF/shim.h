#ifndef CTIFF_SHIM_H
#define CTIFF_SHIM_H
#include <tiffio.h>
#include <stdint.h>

/* Typed wrappers around the variadic TIFFGetField, which Swift cannot call. Each returns 1 when the tag is set. */
static inline int sf_tiff_get_u16(TIFF *t, uint32_t tag, uint16_t *v) { return TIFFGetField(t, tag, v); }
static inline int sf_tiff_get_u32(TIFF *t, uint32_t tag, uint32_t *v) { return TIFFGetField(t, tag, v); }
static inline int sf_tiff_get_float(TIFF *t, uint32_t tag, float *v) { return TIFFGetField(t, tag, v); }
static inline int sf_tiff_get_u16_defaulted(TIFF *t, uint32_t tag, uint16_t *v) { return TIFFGetFieldDefaulted(t, tag, v); }
static inline int sf_tiff_get_colormap(TIFF *t, uint16_t **r, uint16_t **g, uint16_t **b) {
    return TIFFGetField(t, TIFFTAG_COLORMAP, r, g, b);
}
static inline int sf_tiff_get_extrasamples(TIFF *t, uint16_t *count, uint16_t **types) {
    return TIFFGetField(t, TIFFTAG_EXTRASAMPLES, count, types);
}
static inline int sf_tiff_get_ycbcr_subsampling(TIFF *t, uint16_t *h, uint16_t *v) {
    return TIFFGetFieldDefaulted(t, TIFFTAG_YCBCRSUBSAMPLING, h, v);
}
static inline int sf_tiff_get_u64_array(TIFF *t, uint32_t tag, uint64_t **v) { return TIFFGetField(t, tag, v); }
/* Typed wrappers around the variadic TIFFSetField (used by the writers). */
static inline int sf_tiff_set_u16(TIFF *t, uint32_t tag, uint16_t v) { return TIFFSetField(t, tag, (int)v); }
static inline int sf_tiff_set_u32(TIFF *t, uint32_t tag, uint32_t v) { return TIFFSetField(t, tag, v); }
static inline int sf_tiff_set_int(TIFF *t, uint32_t tag, int v) { return TIFFSetField(t, tag, v); }
static inline int sf_tiff_set_float(TIFF *t, uint32_t tag, float v) { return TIFFSetField(t, tag, (double)v); }
static inline int sf_tiff_set_colormap(TIFF *t, uint16_t *r, uint16_t *g, uint16_t *b) {
    return TIFFSetField(t, TIFFTAG_COLORMAP, r, g, b);
}
static inline int sf_tiff_set_extrasamples(TIFF *t, uint16_t count, uint16_t *types) {
    return TIFFSetField(t, TIFFTAG_EXTRASAMPLES, count, types);
}
static inline int sf_tiff_set_ycbcr_subsampling(TIFF *t, uint16_t h, uint16_t v) {
    return TIFFSetField(t, TIFFTAG_YCBCRSUBSAMPLING, (int)h, (int)v);
}
static inline int sf_tiff_set_string(TIFF *t, uint32_t tag, const char *s) { return TIFFSetField(t, tag, s); }
#endif
