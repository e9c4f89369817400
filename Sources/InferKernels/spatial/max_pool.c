// MAX_POOL_2D over NHWC int8, as separable row and column maxima.
#include <string.h>
#include "ik_spatial.h"
#include "ik_fixed_point.h"

// A window maximum is a maximum over its rows of maxima over its columns:
// each input row's horizontal window maxima go to scratch first, then each
// output pixel takes the maximum of filter_height of them. That is
// filter_height + filter_width taps per output instead of their product.

size_t ik_max_pool_scratch_bytes(const ik_max_pool_params *p) {
    return (size_t)p->input_height * (size_t)p->output_width * (size_t)p->depth;
}

// Separate restrict parameters let the compiler vectorize the running maximum.
static void max_into(int8_t *restrict maximum, const int8_t *restrict values, int32_t count) {
    for (int32_t c = 0; c < count; c++) maximum[c] = values[c] > maximum[c] ? values[c] : maximum[c];
}

// The valid taps [begin, end) of the window starting at `origin`.
static void window(int32_t origin, int32_t size, int32_t limit, int32_t *begin, int32_t *end) {
    *begin = origin < 0 ? 0 : origin;
    *end = origin + size < limit ? origin + size : limit;
}

// Horizontal window maxima of every row of one image into `rows`.
static void row_maxima(const ik_max_pool_params *p, const int8_t *image, int8_t *rows) {
    const size_t depth = (size_t)p->depth;
    for (int32_t y = 0; y < p->input_height; y++) {
        const int8_t *in = image + (size_t)y * p->input_width * depth;
        int8_t *out = rows + (size_t)y * p->output_width * depth;
        for (int32_t x = 0; x < p->output_width; x++, out += depth) {
            int32_t begin, end;
            window(x * p->stride_width - p->padding_left, p->filter_width, p->input_width, &begin, &end);
            memset(out, INT8_MIN, depth);
            for (int32_t fx = begin; fx < end; fx++) max_into(out, in + (size_t)fx * depth, p->depth);
        }
    }
}

void ik_max_pool_run(const ik_max_pool_params *p, const int8_t *input, int8_t *output, void *scratch) {
    int8_t *rows = (int8_t *)scratch;
    const size_t depth = (size_t)p->depth, row_size = (size_t)p->output_width * depth;
    int8_t *out = output;
    for (int32_t b = 0; b < p->batches; b++) {
        row_maxima(p, input + (size_t)b * p->input_height * p->input_width * depth, rows);
        for (int32_t y = 0; y < p->output_height; y++) {
            int32_t begin, end;
            window(y * p->stride_height - p->padding_top, p->filter_height, p->input_height, &begin, &end);
            memset(out, INT8_MIN, row_size);
            for (int32_t fy = begin; fy < end; fy++) max_into(out, rows + (size_t)fy * row_size, (int32_t)row_size);
            for (size_t c = 0; c < row_size; c++) {
                out[c] = (int8_t)ik_clamp(out[c], p->activation_min, p->activation_max);
            }
            out += row_size;
        }
    }
}
