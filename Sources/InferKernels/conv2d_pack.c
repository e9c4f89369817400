#include "ik_conv2d.h"

size_t ik_conv2d_packed_filter_count(const ik_conv2d_params *params) {
    return (size_t)params->packed_channels * (size_t)params->packed_depth;
}

void ik_conv2d_pack(const ik_conv2d_params *params, const int8_t *filter, const int32_t *bias,
                    int16_t *packed, int32_t *folded_bias) {
    const size_t depth = (size_t)params->filter_height * params->filter_width * params->input_depth;
    const size_t packed_depth = (size_t)params->packed_depth;
    for (int32_t o = 0; o < params->packed_channels; o++) {
        int16_t *row = packed + (size_t)o * packed_depth;
        int32_t sum = 0;
        for (size_t k = 0; k < packed_depth; k++) {
            // Padding rows and columns are zero so they add nothing to the dot products.
            const int16_t value = (o < params->output_depth && k < depth)
                ? filter[(size_t)o * depth + k] : 0;
            row[k] = value;
            sum += value;
        }
        if (o < params->output_depth) {
            folded_bias[o] = (bias ? bias[o] : 0) - params->input_zero_point * sum;
        }
    }
}
