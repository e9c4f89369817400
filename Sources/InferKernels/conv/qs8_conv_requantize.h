#ifndef QS8_CONV_REQUANTIZE_H
#define QS8_CONV_REQUANTIZE_H
// Helpers shared by the micro-kernels: operand addressing, and the output
// stage of those without a vector epilogue.
#include "ik_conv2d.h"
#include "ik_fixed_point.h"

/// TFLite's per-channel requantization of one accumulator of channel `o`,
/// then the activation clamp and the optional fused table.
static inline int8_t ik_conv2d_requantize(const ik_conv2d_params *p, int32_t o, int32_t acc) {
    // Same value as TFLite's acc + bias; unsigned addition keeps the wrap defined.
    const int32_t biased = (int32_t)((uint32_t)acc + (uint32_t)p->folded_bias[o]);
    const int32_t scaled = ik_rounding_divide_by_pot(
        ik_saturating_rounding_doubling_high_mul(ik_shift_left_wrapping(biased, p->left_shift[o]), p->multiplier[o]),
        p->right_shift[o]);
    const int32_t value = ik_clamp(scaled + p->output_zero_point, p->activation_min, p->activation_max);
    return p->epilogue ? p->epilogue[value + 128] : (int8_t)value;
}

/// Stores `pixels` × `channels` outputs from accumulators laid out [pixel][stride].
static inline void ik_conv2d_store_tile(const ik_conv2d_params *p, const int32_t *acc, int32_t stride,
                                        int32_t pixels, int32_t channel_begin, int32_t channels,
                                        int8_t *output) {
    for (int32_t i = 0; i < pixels; i++) {
        int8_t *out = output + (size_t)i * p->output_pixel_stride;
        for (int32_t j = 0; j < channels; j++) {
            out[j] = ik_conv2d_requantize(p, channel_begin + j, acc[i * stride + j]);
        }
    }
}

/// Segment `segment` of each of the tile's pixels; pixels past `pixels`
/// repeat the last one (computed, never stored).
static inline void ik_conv2d_segment_rows(const ik_conv2d_operand *activations, int32_t segment, int32_t pixels,
                                          int32_t tile, const int8_t **rows) {
    for (int32_t i = 0; i < tile; i++) {
        rows[i] = activations->start[segment] + (size_t)(i < pixels ? i : pixels - 1) * activations->pixel_step;
    }
}

/// Reads four activation bytes as one 32-bit lane without alignment demands.
static inline int32_t ik_load_quad(const int8_t *source) {
    int32_t value;
    __builtin_memcpy(&value, source, sizeof value);
    return value;
}

#endif
