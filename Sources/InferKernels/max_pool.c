#include "ik_spatial.h"
#include "ik_fixed_point.h"

void ik_max_pool_run(const ik_max_pool_params *p, const int8_t *input, int8_t *output) {
    int8_t *out = output;
    for (int32_t b = 0; b < p->batches; b++) {
        const int8_t *image = input + (int64_t)b * p->input_height * p->input_width * p->depth;
        for (int32_t y = 0; y < p->output_height; y++) {
            const int32_t origin_y = y * p->stride_height - p->padding_top;
            const int32_t fy_begin = origin_y < 0 ? -origin_y : 0;
            const int32_t fy_end = p->input_height - origin_y < p->filter_height ? p->input_height - origin_y : p->filter_height;
            for (int32_t x = 0; x < p->output_width; x++) {
                const int32_t origin_x = x * p->stride_width - p->padding_left;
                const int32_t fx_begin = origin_x < 0 ? -origin_x : 0;
                const int32_t fx_end = p->input_width - origin_x < p->filter_width ? p->input_width - origin_x : p->filter_width;
                for (int32_t c = 0; c < p->depth; c++) {
                    int32_t maximum = INT8_MIN;
                    for (int32_t fy = fy_begin; fy < fy_end; fy++) {
                        for (int32_t fx = fx_begin; fx < fx_end; fx++) {
                            const int8_t v = image[((int64_t)(origin_y + fy) * p->input_width + origin_x + fx) * p->depth + c];
                            if (v > maximum) maximum = v;
                        }
                    }
                    *out++ = (int8_t)ik_clamp(maximum, p->activation_min, p->activation_max);
                }
            }
        }
    }
}
