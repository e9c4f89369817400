// RESIZE_NEAREST_NEIGHBOR over NHWC int8, with TFLite's float source-index rounding.
#include <math.h>
#include <string.h>
#include "ik_spatial.h"

// Single precision, as TFLite computes the scale and source coordinate.
int32_t ik_resize_nearest_source_index(int32_t output_index, int32_t input_size, int32_t output_size,
                                       int32_t align_corners, int32_t half_pixel_centers) {
    const float scale = (align_corners && output_size > 1)
        ? (float)(input_size - 1) / (float)(output_size - 1)
        : (float)input_size / (float)output_size;
    const float offset = half_pixel_centers ? 0.5f : 0.0f;
    const float source = ((float)output_index + offset) * scale;
    int32_t index = align_corners ? (int32_t)roundf(source) : (int32_t)floorf(source);
    if (index > input_size - 1) index = input_size - 1;
    if (half_pixel_centers && index < 0) index = 0;
    return index;
}

int64_t ik_resize_nearest_row_count(const ik_resize_nearest_params *p) {
    return (int64_t)p->batches * p->output_height;
}

void ik_resize_nearest_run_rows(const ik_resize_nearest_params *p, const int8_t *input, int8_t *output,
                                int64_t row_begin, int64_t row_end) {
    const size_t pixel = (size_t)p->depth;
    for (int64_t row = row_begin; row < row_end; row++) {
        const int64_t b = row / p->output_height;
        const int32_t y = (int32_t)(row % p->output_height);
        const int32_t in_y = ik_resize_nearest_source_index(y, p->input_height, p->output_height, p->align_corners,
                                                            p->half_pixel_centers);
        const int8_t *source_row = input + ((int64_t)b * p->input_height + in_y) * p->input_width * p->depth;
        int8_t *out = output + row * p->output_width * p->output_pixel_stride;
        for (int32_t x = 0; x < p->output_width; x++, out += p->output_pixel_stride) {
            const int32_t in_x = ik_resize_nearest_source_index(x, p->input_width, p->output_width,
                                                                p->align_corners, p->half_pixel_centers);
            memcpy(out, source_row + (int64_t)in_x * p->depth, pixel);
        }
    }
}
