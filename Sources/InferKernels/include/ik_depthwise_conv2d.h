#ifndef IK_DEPTHWISE_CONV2D_H
#define IK_DEPTHWISE_CONV2D_H
// Int8 DEPTHWISE_CONV_2D, depth multiplier 1, NHWC, with TFLite's per-channel
// reference requantization (DepthwiseConvPerChannel): int32 accumulation of
// filter × (input − input zero point), the bias, one fixed-point multiplier per
// channel, the output zero point and the activation clamp.
#include <stdint.h>

typedef struct {
    int32_t batches, input_height, input_width, depth;
    int32_t output_height, output_width;
    int32_t filter_height, filter_width;
    int32_t stride_height, stride_width, dilation_height, dilation_width;
    int32_t padding_top, padding_left;
    int32_t input_zero_point, output_zero_point;
    int32_t activation_min, activation_max;
    /// [filter_height][filter_width][depth]: channels innermost, as the input.
    const int8_t *filter;
    /// depth values, or NULL.
    const int32_t *bias;
    /// Per channel, TFLite's QuantizeMultiplier encoding (shift > 0 is a left shift).
    const int32_t *multiplier;
    const int32_t *shift;
} ik_depthwise_conv2d_params;

/// Output rows [row_begin, row_end) of batches × output_height; `accumulators`
/// holds `depth` int32 values (the caller's scratch).
void ik_depthwise_conv2d_run_rows(const ik_depthwise_conv2d_params *params, const int8_t *input, int8_t *output,
                                  int32_t *accumulators, int32_t row_begin, int32_t row_end);

#endif
