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

void ik_resize_nearest_run(const ik_resize_nearest_params *p, const int8_t *input, int8_t *output) {
    const size_t pixel = (size_t)p->depth;
    int8_t *out = output;
    for (int32_t b = 0; b < p->batches; b++) {
        const int8_t *image = input + (int64_t)b * p->input_height * p->input_width * p->depth;
        for (int32_t y = 0; y < p->output_height; y++) {
            const int32_t in_y = ik_resize_nearest_source_index(y, p->input_height, p->output_height,
                                                                p->align_corners, p->half_pixel_centers);
            for (int32_t x = 0; x < p->output_width; x++) {
                const int32_t in_x = ik_resize_nearest_source_index(x, p->input_width, p->output_width,
                                                                    p->align_corners, p->half_pixel_centers);
                memcpy(out, image + ((int64_t)in_y * p->input_width + in_x) * p->depth, pixel);
                out += p->output_pixel_stride;
            }
        }
    }
}
