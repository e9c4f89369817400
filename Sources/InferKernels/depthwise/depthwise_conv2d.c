#include "ik_depthwise_conv2d.h"
#include "ik_fixed_point.h"

#include <stddef.h>

// Channels innermost in every loop, so the compiler vectorizes the
// multiply-adds over a pixel's channels; taps outside the input add nothing
// (TFLite's reference skips them, which equals padding with the zero point).
void ik_depthwise_conv2d_run_rows(const ik_depthwise_conv2d_params *p, const int8_t *input, int8_t *output,
                                  int32_t *acc, int32_t row_begin, int32_t row_end) {
    const int32_t depth = p->depth;
    for (int32_t row = row_begin; row < row_end; row++) {
        const int32_t batch = row / p->output_height, out_y = row % p->output_height;
        const int8_t *image = input + (size_t)batch * p->input_height * p->input_width * depth;
        for (int32_t out_x = 0; out_x < p->output_width; out_x++) {
            for (int32_t c = 0; c < depth; c++) acc[c] = p->bias ? p->bias[c] : 0;
            for (int32_t ky = 0; ky < p->filter_height; ky++) {
                const int32_t in_y = out_y * p->stride_height - p->padding_top + ky * p->dilation_height;
                if (in_y < 0 || in_y >= p->input_height) continue;
                for (int32_t kx = 0; kx < p->filter_width; kx++) {
                    const int32_t in_x = out_x * p->stride_width - p->padding_left + kx * p->dilation_width;
                    if (in_x < 0 || in_x >= p->input_width) continue;
                    const int8_t *pixel = image + ((size_t)in_y * p->input_width + in_x) * depth;
                    const int8_t *taps = p->filter + ((size_t)ky * p->filter_width + kx) * depth;
                    for (int32_t c = 0; c < depth; c++) {
                        acc[c] += ((int32_t)pixel[c] - p->input_zero_point) * (int32_t)taps[c];
                    }
                }
            }
            int8_t *out = output + (((size_t)row * p->output_width) + out_x) * depth;
            for (int32_t c = 0; c < depth; c++) {
                const int32_t scaled = ik_multiply_by_quantized_multiplier(acc[c], p->multiplier[c], p->shift[c]);
                out[c] = (int8_t)ik_clamp(scaled + p->output_zero_point, p->activation_min, p->activation_max);
            }
        }
    }
}
