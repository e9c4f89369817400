// Float32 reference CONV_2D for the offline quantizer (calibration, FP32
// accuracy, per-layer error reports).
#include "f32_conv.h"

#include <string.h>

void f32_conv2d_nhwc(const f32_conv_geometry *g, const float *input, const float *filter,
                     const float *bias, float *output) {
    const int out_c = g->output_channels;
    const int in_c = g->input_channels;
    for (int n = 0; n < g->batch; ++n) {
        const float *image = input + (long)n * g->input_height * g->input_width * in_c;
        for (int y = 0; y < g->output_height; ++y) {
            for (int x = 0; x < g->output_width; ++x) {
                float *restrict out = output + (((long)n * g->output_height + y) * g->output_width + x) * out_c;
                if (bias) {
                    memcpy(out, bias, sizeof(float) * (size_t)out_c);
                } else {
                    memset(out, 0, sizeof(float) * (size_t)out_c);
                }
                for (int ky = 0; ky < g->kernel_height; ++ky) {
                    const int iy = y * g->stride_height - g->pad_top + ky * g->dilation_height;
                    if (iy < 0 || iy >= g->input_height) continue;
                    for (int kx = 0; kx < g->kernel_width; ++kx) {
                        const int ix = x * g->stride_width - g->pad_left + kx * g->dilation_width;
                        if (ix < 0 || ix >= g->input_width) continue;
                        const float *pixel = image + ((long)iy * g->input_width + ix) * in_c;
                        const float *taps = filter + ((long)ky * g->kernel_width + kx) * in_c * out_c;
                        for (int i = 0; i < in_c; ++i) {
                            const float value = pixel[i];
                            const float *restrict weights = taps + (long)i * out_c;
                            // Independent per output channel: vectorizes without reassociation.
                            for (int o = 0; o < out_c; ++o) out[o] += value * weights[o];
                        }
                    }
                }
            }
        }
    }
}
