/* libjpeg wrappers: every call that may end in error_exit runs under this file's own setjmp. */
#include "jpeg_internal.h"
#include <stdlib.h>
#include <string.h>
#include <jerror.h>

/* A progressive file may hold any number of scans, each re-reading the whole coefficient buffer: thousands of
 * tiny scans make a small file take minutes. libjpeg-turbo's advice (libjpeg.txt, "-maxscans" in djpeg) is a
 * progress monitor that stops after a sane number of scans. */
#define SF_JPEG_MAX_SCANS 500

struct sf_jpeg_decoder {
    struct jpeg_decompress_struct cinfo;
    sf_jpeg_error err;
    struct jpeg_progress_mgr progress;
    const uint8_t *data;
    size_t length;
    int header_read;
};

static void sf_error_exit(j_common_ptr cinfo) {
    sf_jpeg_error *e = (sf_jpeg_error *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, e->message);
    longjmp(e->jump, 1);
}

/* Warnings (msg_level -1) are kept, never printed. Corrupt or missing data is counted: for evidence, a page that
 * libjpeg had to patch up is not a page. */
static void sf_emit_message(j_common_ptr cinfo, int msg_level) {
    sf_jpeg_error *e = (sf_jpeg_error *)cinfo->err;
    if (msg_level >= 0) return;
    int code = e->pub.msg_code;
    if (e->first_warning_code == 0) {
        e->first_warning_code = code;
        (*cinfo->err->format_message)(cinfo, e->message);
    }
    e->corrupt_warnings++;
    e->pub.num_warnings++;
}

static void sf_output_message(j_common_ptr cinfo) { (void)cinfo; }

static void sf_jpeg_progress(j_common_ptr cinfo) {
    j_decompress_ptr d = (j_decompress_ptr)cinfo;
    if (d->progressive_mode && d->input_scan_number > SF_JPEG_MAX_SCANS) {
        sf_jpeg_error *e = (sf_jpeg_error *)cinfo->err;
        snprintf(e->message, SF_MESSAGE_SIZE, "more than %d progressive scans (a valid encoder writes about 10)",
                 SF_JPEG_MAX_SCANS);
        e->pub.msg_code = 0;
        longjmp(e->jump, 2);
    }
}

void sf_jpeg_install_errors(sf_jpeg_error *e, struct jpeg_error_mgr **slot) {
    *slot = jpeg_std_error(&e->pub);
    e->pub.error_exit = sf_error_exit;
    e->pub.emit_message = sf_emit_message;
    e->pub.output_message = sf_output_message;
    e->message[0] = 0;
    e->corrupt_warnings = 0;
    e->first_warning_code = 0;
}

sf_jpeg_decoder *sf_jpeg_create(const uint8_t *data, size_t length) {
    sf_jpeg_decoder *d = calloc(1, sizeof(*d));
    if (!d) return NULL;
    d->data = data;
    d->length = length;
    sf_jpeg_install_errors(&d->err, &d->cinfo.err);
    if (setjmp(d->err.jump)) {
        jpeg_destroy_decompress(&d->cinfo);
        free(d);
        return NULL;
    }
    jpeg_CreateDecompress(&d->cinfo, JPEG_LIB_VERSION, sizeof(d->cinfo));
    /* libjpeg-turbo has no backing store: past this, a request fails with an error instead of taking memory. */
    d->cinfo.mem->max_memory_to_use = (long)1 << 31;
    return d;
}

void sf_jpeg_destroy(sf_jpeg_decoder *d) {
    if (!d) return;
    if (setjmp(d->err.jump) == 0) jpeg_destroy_decompress(&d->cinfo);
    free(d);
}

const char *sf_jpeg_message(const sf_jpeg_decoder *d) { return d->err.message; }
int sf_jpeg_first_warning_code(const sf_jpeg_decoder *d) { return d->err.first_warning_code; }
int sf_jpeg_code_bad_precision(void) { return JERR_BAD_PRECISION; }
int sf_jpeg_code_eof_warning(void) { return JWRN_JPEG_EOF; }

int sf_jpeg_read_header(sf_jpeg_decoder *d, sf_jpeg_info *info) {
    memset(info, 0, sizeof(*info));
    if (setjmp(d->err.jump)) return d->err.pub.msg_code ? d->err.pub.msg_code : -1;
    jpeg_mem_src(&d->cinfo, d->data, (unsigned long)d->length);
    jpeg_save_markers(&d->cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&d->cinfo, TRUE);
    d->header_read = 1;
    struct jpeg_decompress_struct *c = &d->cinfo;
    info->width = c->image_width;
    info->height = c->image_height;
    info->components = c->num_components;
    info->color_space = c->jpeg_color_space;
    info->data_precision = c->data_precision;
    info->progressive = c->progressive_mode;
    info->arithmetic = c->arith_code;
    info->saw_jfif = c->saw_JFIF_marker;
    info->density_unit = c->density_unit;
    info->x_density = c->X_density;
    info->y_density = c->Y_density;
    info->saw_adobe = c->saw_Adobe_marker;
    info->adobe_transform = c->Adobe_transform;
    for (jpeg_saved_marker_ptr m = c->marker_list; m; m = m->next) {
        if (m->marker == JPEG_APP0 + 1 && m->data_length > 6 && memcmp(m->data, "Exif\0\0", 6) == 0) {
            info->exif = m->data + 6;
            info->exif_length = m->data_length - 6;
            break;
        }
    }
    return 0;
}

int sf_jpeg_decode(sf_jpeg_decoder *d, int out_color_space, uint8_t *dst, size_t stride, int split, int *corrupt_warnings) {
    *corrupt_warnings = 0;
    if (!d->header_read) return -1;
    sf_jpeg_lower *volatile lower = NULL;
    if (setjmp(d->err.jump)) {
        /* The upper rows come first in the stream: their fatal error is the page's, as with one thread. The
         * second thread is stopped if it is still skipping, and waited for before the caller may free dst. */
        if (lower) { sf_jpeg_lower_take_back(lower); sf_jpeg_lower_join(lower); free(lower); }
        *corrupt_warnings = d->err.corrupt_warnings;
        return d->err.pub.msg_code ? d->err.pub.msg_code : -1;
    }
    struct jpeg_decompress_struct *c = &d->cinfo;
    d->progress.progress_monitor = sf_jpeg_progress;
    c->progress = &d->progress;
    c->out_color_space = (J_COLOR_SPACE)out_color_space;
    c->dct_method = JDCT_ISLOW;
    jpeg_start_decompress(c);
    uint32_t split_row = sf_jpeg_split_row(c, split);
    if (split_row > 0) lower = sf_jpeg_lower_start(d->data, d->length, out_color_space, dst, stride, split_row);
    double start = sf_thread_cpu_seconds();
    int complete = sf_jpeg_read_rows(c, dst, stride, lower ? split_row : c->output_height);
    /* An automatic split is taken back when the second thread is still skipping; a split row named by a test never
     * is, so that the test sees the two-thread decode it asked for. */
    if (complete && lower && split < 0 && sf_jpeg_lower_take_back(lower)) {
        sf_jpeg_lower *stopped = lower;
        lower = NULL;
        sf_jpeg_lower_join(stopped);
        sf_jpeg_split_learn(stopped, 0);
        free(stopped);
        complete = sf_jpeg_read_rows(c, dst, stride, c->output_height);
    }
    if (!complete) {
        /* Cannot happen with a memory source (it never suspends), but never hand on rows that were not written. */
        if (lower) { sf_jpeg_lower_join(lower); free(lower); }
        snprintf(d->err.message, SF_MESSAGE_SIZE, "libjpeg stopped at row %u of %u", c->output_scanline, c->output_height);
        jpeg_abort_decompress(c);
        *corrupt_warnings = d->err.corrupt_warnings;
        return -1;
    }
    if (lower) {
        double upper_seconds = sf_thread_cpu_seconds() - start;
        jpeg_abort_decompress(c);
        sf_jpeg_lower_join(lower);
        sf_jpeg_split_learn(lower, upper_seconds);
        /* The second thread entropy-decoded the whole scan, upper rows included, and read it to the end: its
         * warnings and error are those a one-thread decode meets, in the same order. */
        int status = lower->status;
        int upper_warnings = d->err.corrupt_warnings;
        if (status != 0 || lower->err.corrupt_warnings > 0) {
            memcpy(d->err.message, lower->err.message, SF_MESSAGE_SIZE);
            d->err.first_warning_code = lower->err.first_warning_code;
            d->err.pub.msg_code = lower->err.pub.msg_code;
        }
        d->err.corrupt_warnings = upper_warnings + lower->err.corrupt_warnings;
        *corrupt_warnings = d->err.corrupt_warnings;
        free(lower);
        return status;
    }
    jpeg_finish_decompress(c);
    *corrupt_warnings = d->err.corrupt_warnings;
    return 0;
}

int sf_jpeg_encode(const uint8_t *src, uint32_t width, uint32_t height, int components, size_t stride,
                   const sf_jpeg_encode_options *opt, uint8_t **out, size_t *out_length, char *message) {
    struct jpeg_compress_struct c;
    sf_jpeg_error err;
    unsigned char *buffer = NULL;
    unsigned long size = 0;
    *out = NULL;
    *out_length = 0;
    sf_jpeg_install_errors(&err, &c.err);
    if (setjmp(err.jump)) {
        snprintf(message, SF_MESSAGE_SIZE, "%s", err.message);
        jpeg_destroy_compress(&c);
        free(buffer);
        return err.pub.msg_code ? err.pub.msg_code : -1;
    }
    jpeg_CreateCompress(&c, JPEG_LIB_VERSION, sizeof(c));
    jpeg_mem_dest(&c, &buffer, &size);
    c.image_width = width;
    c.image_height = height;
    c.input_components = components;
    c.in_color_space = components == 1 ? JCS_GRAYSCALE : components == 3 ? JCS_RGB : JCS_CMYK;
    jpeg_set_defaults(&c);
    if (components == 4 && opt->ycck) jpeg_set_colorspace(&c, JCS_YCCK);
    if (components == 3 && opt->rgb_no_transform) jpeg_set_colorspace(&c, JCS_RGB);
    jpeg_set_quality(&c, opt->quality > 0 ? opt->quality : 90, TRUE);
    if (opt->arithmetic) c.arith_code = TRUE;
    if (opt->progressive) jpeg_simple_progression(&c);
    if (opt->restart_interval > 0) c.restart_interval = (unsigned int)opt->restart_interval;
    if (c.num_components > 1) {
        int s = opt->subsampling == 2 ? 2 : 1;
        c.comp_info[0].h_samp_factor = (c.jpeg_color_space == JCS_YCbCr || c.jpeg_color_space == JCS_YCCK) ? s : 1;
        c.comp_info[0].v_samp_factor = c.comp_info[0].h_samp_factor;
        for (int i = 1; i < c.num_components; i++) c.comp_info[i].h_samp_factor = c.comp_info[i].v_samp_factor = 1;
        if (c.jpeg_color_space == JCS_YCCK) c.comp_info[3].h_samp_factor = c.comp_info[3].v_samp_factor = s;
    }
    if (opt->density_dpi_x > 0) {
        c.write_JFIF_header = TRUE;
        c.density_unit = 1;
        c.X_density = (UINT16)opt->density_dpi_x;
        c.Y_density = (UINT16)(opt->density_dpi_y > 0 ? opt->density_dpi_y : opt->density_dpi_x);
    }
    jpeg_start_compress(&c, TRUE);
    if (opt->app1 && opt->app1_length > 0)
        jpeg_write_marker(&c, JPEG_APP0 + 1, opt->app1, (unsigned int)opt->app1_length);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = (JSAMPROW)(src + (size_t)c.next_scanline * stride);
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    *out = buffer;
    *out_length = size;
    return 0;
}

void sf_free(void *p) { free(p); }
