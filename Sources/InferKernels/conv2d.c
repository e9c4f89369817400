#include "ik_conv2d.h"
#include "ik_fixed_point.h"

size_t ik_conv2d_scratch_bytes(const ik_conv2d_params *params) {
    // One output row of im2col, padded to an even pixel count for the 2-pixel micro-kernel.
    const size_t pixels = (size_t)params->output_width + 1;
    return pixels * (size_t)params->packed_depth * sizeof(int16_t);
}

// Gathers the receptive fields of output row `y` as int16 rows of packed_depth.
// Taps outside the input read the input zero point, i.e. real zero, which the
// folded bias expects.
static void im2col_row(const ik_conv2d_params *p, const int8_t *image, int32_t y, int16_t *columns) {
    const int32_t depth = p->input_depth;
    const int32_t used = p->filter_height * p->filter_width * depth;
    for (int32_t x = 0; x < p->output_width; x++) {
        int16_t *dst = columns + (size_t)x * p->packed_depth;
        for (int32_t fy = 0; fy < p->filter_height; fy++) {
            const int32_t in_y = y * p->stride_height - p->padding_top + fy * p->dilation_height;
            for (int32_t fx = 0; fx < p->filter_width; fx++) {
                const int32_t in_x = x * p->stride_width - p->padding_left + fx * p->dilation_width;
                if (in_y < 0 || in_y >= p->input_height || in_x < 0 || in_x >= p->input_width) {
                    for (int32_t c = 0; c < depth; c++) dst[c] = (int16_t)p->input_zero_point;
                } else {
                    const int8_t *src = image + ((size_t)in_y * p->input_width + in_x) * depth;
                    for (int32_t c = 0; c < depth; c++) dst[c] = src[c];
                }
                dst += depth;
            }
        }
        for (int32_t k = used; k < p->packed_depth; k++) dst[k - used] = 0;
    }
}

// Dot products of two pixels with four filter rows. Width 8 lets clang turn
// the int16 products into multiply-add-pairs (pmaddwd on x86, smlal-like on
// ARM); its default cost model picks width 4 and runs about 5x slower.
static void dot_2x4(const int16_t *restrict a0, const int16_t *restrict a1,
                    const int16_t *restrict w, int32_t depth, int32_t *restrict acc) {
    const int16_t *restrict w0 = w;
    const int16_t *restrict w1 = w + depth;
    const int16_t *restrict w2 = w + 2 * (size_t)depth;
    const int16_t *restrict w3 = w + 3 * (size_t)depth;
    int32_t s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
#pragma clang loop vectorize_width(8)
    for (int32_t k = 0; k < depth; k++) {
        const int32_t x0 = a0[k], x1 = a1[k];
        s00 += x0 * w0[k]; s01 += x0 * w1[k]; s02 += x0 * w2[k]; s03 += x0 * w3[k];
        s10 += x1 * w0[k]; s11 += x1 * w1[k]; s12 += x1 * w2[k]; s13 += x1 * w3[k];
    }
    acc[0] = s00; acc[1] = s01; acc[2] = s02; acc[3] = s03;
    acc[4] = s10; acc[5] = s11; acc[6] = s12; acc[7] = s13;
}

static inline int8_t requantize(const ik_conv2d_params *p, int32_t o, int32_t acc) {
    int32_t value = ik_multiply_by_quantized_multiplier(acc + p->folded_bias[o], p->multiplier[o], p->shift[o]);
    value = ik_clamp(value + p->output_zero_point, p->activation_min, p->activation_max);
    return p->epilogue ? p->epilogue[value + 128] : (int8_t)value;
}

void ik_conv2d_run_rows(const ik_conv2d_params *p, const int8_t *input, int8_t *output,
                        void *scratch, int32_t row_begin, int32_t row_end) {
    int16_t *columns = (int16_t *)scratch;
    const size_t image_size = (size_t)p->input_height * p->input_width * p->input_depth;
    for (int32_t row = row_begin; row < row_end; row++) {
        const int32_t batch = row / p->output_height;
        const int32_t y = row % p->output_height;
        im2col_row(p, input + (size_t)batch * image_size, y, columns);
        int8_t *out_row = output + (size_t)row * p->output_width * p->output_depth;
        for (int32_t x = 0; x < p->output_width; x += 2) {
            const int has_second = x + 1 < p->output_width;
            const int16_t *a0 = columns + (size_t)x * p->packed_depth;
            const int16_t *a1 = has_second ? a0 + p->packed_depth : a0;
            int8_t *out0 = out_row + (size_t)x * p->output_depth;
            int8_t *out1 = out0 + p->output_depth;
            for (int32_t o = 0; o < p->output_depth; o += IK_CONV2D_CHANNEL_BLOCK) {
                int32_t acc[8];
                dot_2x4(a0, a1, p->packed_filter + (size_t)o * p->packed_depth, p->packed_depth, acc);
                const int32_t block = p->output_depth - o < 4 ? p->output_depth - o : 4;
                for (int32_t j = 0; j < block; j++) {
                    out0[o + j] = requantize(p, o + j, acc[j]);
                    if (has_second) out1[o + j] = requantize(p, o + j, acc[4 + j]);
                }
            }
        }
    }
}
