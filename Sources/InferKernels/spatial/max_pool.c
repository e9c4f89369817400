// MAX_POOL_2D over NHWC int8, as separable column and row maxima.
#include <string.h>
#include "ik_spatial.h"
#include "ik_fixed_point.h"

// A window maximum is a maximum over its columns of maxima over its rows:
// each output row first takes the vertical maxima of the filter_height input
// rows it covers, into a row of scratch, then each output pixel the maximum
// of filter_width of those. That is filter_height + filter_width taps per
// output instead of their product, and output rows need nothing from one
// another, so threads can share them.

size_t ik_max_pool_scratch_bytes(const ik_max_pool_params *p) {
    return (size_t)p->input_width * (size_t)p->depth;
}

int64_t ik_max_pool_row_count(const ik_max_pool_params *p) {
    return (int64_t)p->batches * p->output_height;
}

// Separate restrict parameters let the compiler vectorize the running maximum.
static void max_into(int8_t *restrict maximum, const int8_t *restrict values, size_t count) {
    for (size_t c = 0; c < count; c++) maximum[c] = values[c] > maximum[c] ? values[c] : maximum[c];
}

// The valid taps [begin, end) of the window starting at `origin`.
static void window(int32_t origin, int32_t size, int32_t limit, int32_t *begin, int32_t *end) {
    *begin = origin < 0 ? 0 : origin;
    *end = origin + size < limit ? origin + size : limit;
}

void ik_max_pool_run_rows(const ik_max_pool_params *p, const int8_t *input, int8_t *output, void *scratch,
                          int64_t row_begin, int64_t row_end) {
    int8_t *columns = (int8_t *)scratch;
    const size_t depth = (size_t)p->depth, input_row = (size_t)p->input_width * depth;
    for (int64_t row = row_begin; row < row_end; row++) {
        const int64_t b = row / p->output_height;
        const int32_t y = (int32_t)(row % p->output_height);
        const int8_t *image = input + (size_t)b * p->input_height * input_row;
        int32_t top, bottom;
        window(y * p->stride_height - p->padding_top, p->filter_height, p->input_height, &top, &bottom);
        memset(columns, INT8_MIN, input_row);
        for (int32_t fy = top; fy < bottom; fy++) max_into(columns, image + (size_t)fy * input_row, input_row);
        int8_t *out = output + (size_t)row * p->output_width * depth;
        for (int32_t x = 0; x < p->output_width; x++, out += depth) {
            int32_t left, right;
            window(x * p->stride_width - p->padding_left, p->filter_width, p->input_width, &left, &right);
            memset(out, INT8_MIN, depth);
            for (int32_t fx = left; fx < right; fx++) max_into(out, columns + (size_t)fx * depth, depth);
            for (size_t c = 0; c < depth; c++) out[c] = (int8_t)ik_clamp(out[c], p->activation_min, p->activation_max);
        }
    }
}
