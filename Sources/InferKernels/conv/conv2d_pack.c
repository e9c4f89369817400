// CONV_2D filter packing, done once per kernel: the OHWI filter in the
// variant's block order, with the input zero point and activation offset
// folded into the bias so the micro-kernels add plain dot products.
#include "conv2d_staging.h"

size_t ik_conv2d_packed_filter_bytes(const ik_conv2d_params *params) {
    return (size_t)params->packed_channels * (size_t)params->packed_depth;
}

void ik_conv2d_pack(ik_conv2d_params *params, const int8_t *filter, const int32_t *bias,
                    int8_t *packed, int32_t *folded_bias) {
    const int32_t taps = params->filter_height * params->filter_width, depth = taps * params->input_depth;
    const int32_t tap_depth = ik_conv2d_tap_depth(params);
    const int32_t block = params->variant->channel_block;
    const int32_t offset = params->input_zero_point + params->variant->activation_offset;
    int has_int8_min = 0;
    for (int32_t o = 0; o < params->packed_channels; o++) {
        const int32_t block_begin = o / block * block, lane = o % block;
        int8_t *block_base = packed + (size_t)block_begin * params->packed_depth;
        int32_t sum = 0;
        for (int32_t k = 0; k < params->packed_depth; k++) {
            // Padding channels and depth are zero so they add nothing to the dot products.
            const int32_t tap = k / tap_depth, channel = k % tap_depth;
            const int8_t value = (o < params->output_depth && tap < taps && channel < params->input_depth)
                ? filter[(size_t)o * depth + (size_t)tap * params->input_depth + channel] : 0;
            block_base[((size_t)(k / 4) * block + lane) * 4 + k % 4] = value;
            sum += value;
            has_int8_min |= value == INT8_MIN;
        }
        const int32_t channel_bias = (bias && o < params->output_depth) ? bias[o] : 0;
        folded_bias[o] = channel_bias - offset * sum;
    }
    // |w·x| <= 128·127 unless w = x = -128, and 2 · 128 · 127 < 2^15.
    params->products_pair_in_int16 = !has_int8_min;
}
