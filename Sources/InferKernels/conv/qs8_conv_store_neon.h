#ifndef QS8_CONV_STORE_NEON_H
#define QS8_CONV_STORE_NEON_H
// The NEON micro-kernels' output stage for a block of 8 channels, in vectors:
// the folded bias, TFLite's per-channel requantization (rescale4_neon.h), the
// zero point, the activation clamp and the fused table. The same bytes as
// ik_conv2d_requantize, whose scalar form took about 38 instructions per
// output on the A76, as many as the SDOT loop (docs/measurements.md, "arm64").
#if defined(__aarch64__)
#include <arm_neon.h>
#include <string.h>
#include "qs8_conv_requantize.h"
#include "../fixed_point/rescale4_neon.h"

typedef struct {
    ik_rescale4 low, high;  // channels 0-3 and 4-7 of the block
    int32x4_t bias_low, bias_high;
    int16x8_t zero_point;
    int8x16_t min, max;
    // The fused 256-entry table, or NULL, read from memory at each use. Held in
    // 16 registers beside a tile's accumulators, it went to the stack once per
    // call and was reloaded at each use (the dot kernel's disassembly); read
    // here, both kernels execute fewer instructions (docs/measurements.md, "arm64").
    const uint8_t *table;
} ik_conv2d_neon_stage;

// The channel constants are padded to the block (Conv2DKernel.pack), so eight
// can always be loaded.
static inline ik_conv2d_neon_stage ik_conv2d_neon_stage_load(const ik_conv2d_params *p, int32_t o) {
    ik_conv2d_neon_stage s;
    s.low = ik_rescale4_load(p->multiplier + o, p->left_shift + o, p->right_shift + o);
    s.high = ik_rescale4_load(p->multiplier + o + 4, p->left_shift + o + 4, p->right_shift + o + 4);
    s.bias_low = vld1q_s32(p->folded_bias + o);
    s.bias_high = vld1q_s32(p->folded_bias + o + 4);
    s.zero_point = vdupq_n_s16((int16_t)p->output_zero_point);
    s.min = vdupq_n_s8((int8_t)p->activation_min);
    s.max = vdupq_n_s8((int8_t)p->activation_max);
    s.table = (const uint8_t *)p->epilogue;
    return s;
}

// One pixel's 8 channels, requantized, plus the zero point, in int16. The
// saturations (int32 → int16 here, int16 → int8 below) keep every value on the
// side of the int8 range that the clamp then takes, as ik_clamp does in int32.
static inline int16x8_t ik_conv2d_neon_requantize8(const ik_conv2d_neon_stage *s, int32x4_t low, int32x4_t high) {
    // Wrapping adds, as TFLite's acc + bias.
    const int32x4_t a = ik_rescale4_apply(vaddq_s32(low, s->bias_low), &s->low);
    const int32x4_t b = ik_rescale4_apply(vaddq_s32(high, s->bias_high), &s->high);
    return vqaddq_s16(vcombine_s16(vqmovn_s32(a), vqmovn_s32(b)), s->zero_point);
}

// Two pixels' output bytes: 8 of the first, then 8 of the second.
static inline int8x16_t ik_conv2d_neon_output16(const ik_conv2d_neon_stage *s, int16x8_t first, int16x8_t second) {
    int8x16_t bytes = vminq_s8(vmaxq_s8(vqmovn_high_s16(vqmovn_s16(first), second), s->min), s->max);
    if (s->table != NULL) {
        // Index = value + 128. TBL gives 0 for an index past its 64 bytes and TBX keeps
        // the lane, so each quarter fills only its own indices.
        const uint8x16_t index = veorq_u8(vreinterpretq_u8_s8(bytes), vdupq_n_u8(0x80));
        const uint8x16_t quarter = vdupq_n_u8(64);
        uint8x16_t looked = vqtbl4q_u8(vld1q_u8_x4(s->table), index);
        looked = vqtbx4q_u8(looked, vld1q_u8_x4(s->table + 64), vsubq_u8(index, quarter));
        looked = vqtbx4q_u8(looked, vld1q_u8_x4(s->table + 128), vsubq_u8(index, vaddq_u8(quarter, quarter)));
        looked = vqtbx4q_u8(looked, vld1q_u8_x4(s->table + 192), vsubq_u8(index, vdupq_n_u8(192)));
        bytes = vreinterpretq_s8_u8(looked);
    }
    return bytes;
}

static inline void ik_conv2d_neon_store8(int8_t *out, int8x8_t bytes, int32_t channels) {
    if (channels == 8) {
        vst1_s8(out, bytes);
    } else {
        int8_t all[8];
        vst1_s8(all, bytes);
        memcpy(out, all, (size_t)channels);
    }
}

/// Stores the first `pixels` of a tile of `tile` pixels (an even constant):
/// low[i] and high[i] hold pixel i's sums for channels 0-3 and 4-7, without
/// the bias. The loop runs to the constant `tile` and has one exit, so clang
/// unrolls it whole: every index into the arrays is then a constant, and the
/// caller's accumulators stay in registers. With a `break` at `pixels` it was
/// not unrolled, and the SDOT loop stored its sixteen accumulators to the
/// stack after each depth group (docs/measurements.md, "arm64").
__attribute__((always_inline)) static inline void ik_conv2d_neon_store_tile(
    const ik_conv2d_params *p, const int32x4_t *low, const int32x4_t *high, const int32_t tile, int32_t pixels,
    int32_t channel_begin, int32_t channels, int8_t *output) {
    const ik_conv2d_neon_stage s = ik_conv2d_neon_stage_load(p, channel_begin);
#pragma GCC unroll 8
    for (int32_t i = 0; i < tile; i += 2) {
        if (i >= pixels) continue;
        const int8x16_t bytes = ik_conv2d_neon_output16(&s, ik_conv2d_neon_requantize8(&s, low[i], high[i]),
                                                        ik_conv2d_neon_requantize8(&s, low[i + 1], high[i + 1]));
        int8_t *out = output + (size_t)i * p->output_pixel_stride;
        ik_conv2d_neon_store8(out, vget_low_s8(bytes), channels);
        if (i + 1 < pixels) ik_conv2d_neon_store8(out + p->output_pixel_stride, vget_high_s8(bytes), channels);
    }
}

#endif
#endif
