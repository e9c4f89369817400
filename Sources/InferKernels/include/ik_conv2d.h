#ifndef IK_CONV2D_H
#define IK_CONV2D_H
// Int8 CONV_2D with TFLite's per-channel reference semantics, computed as a
// GEMM over an int16 im2col of one output row at a time.
#include <stddef.h>
#include <stdint.h>

typedef struct {
    int32_t batches;
    int32_t input_height, input_width, input_depth;
    int32_t output_height, output_width, output_depth;
    int32_t filter_height, filter_width;
    int32_t stride_height, stride_width;
    int32_t dilation_height, dilation_width;
    int32_t padding_top, padding_left;
    int32_t input_zero_point;
    int32_t output_zero_point;
    int32_t activation_min, activation_max;
    /// Length of one packed filter row: filter_height * filter_width * input_depth,
    /// rounded up to a multiple of IK_CONV2D_DEPTH_ALIGNMENT.
    int32_t packed_depth;
    /// output_depth rounded up to a multiple of IK_CONV2D_CHANNEL_BLOCK.
    int32_t packed_channels;
    const int16_t *packed_filter;  // [packed_channels][packed_depth]
    const int32_t *folded_bias;    // [output_depth], includes -input_zero_point * sum(filter)
    const int32_t *multiplier;     // [output_depth]
    const int32_t *shift;          // [output_depth]
    const int8_t *epilogue;        // 256 entries indexed by q + 128, or NULL
} ik_conv2d_params;

#define IK_CONV2D_DEPTH_ALIGNMENT 8
#define IK_CONV2D_CHANNEL_BLOCK 4

/// Bytes of packed filter for `params` (its shape fields set).
size_t ik_conv2d_packed_filter_count(const ik_conv2d_params *params);

/// Packs an OHWI int8 filter into `packed` (ik_conv2d_packed_filter_count
/// elements) and writes folded_bias[o] = bias[o] - input_zero_point * sum(filter[o]).
/// `bias` may be NULL (zero bias).
void ik_conv2d_pack(const ik_conv2d_params *params, const int8_t *filter, const int32_t *bias,
                    int16_t *packed, int32_t *folded_bias);

/// Scratch bytes one call of ik_conv2d_run_rows needs.
size_t ik_conv2d_scratch_bytes(const ik_conv2d_params *params);

/// Computes output rows [row_begin, row_end) of the batches * output_height rows.
void ik_conv2d_run_rows(const ik_conv2d_params *params, const int8_t *input, int8_t *output,
                        void *scratch, int32_t row_begin, int32_t row_end);

#endif
