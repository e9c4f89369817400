// AArch64 NEON micro-kernel for cores without dot products (Cortex-A53/A72):
// 4 pixels × 8 channels (2 for a row's last one or two). SMULL multiplies
// four depth values of two channels into int16 (exact: |int8 × int8| <= 2^14)
// and SADALP adds pairs into int32.
// When no weight is -128, SMLAL adds the next four depth values' products to
// the same int16 lanes first (two products stay below 2^15), so one SADALP
// serves eight depth values. The output stage is qs8_conv_store_neon.h.
#if defined(__aarch64__)
#include <arm_neon.h>
#include "qs8_conv_requantize.h"
#include "qs8_conv_store_neon.h"
#include "qs8_conv_variants.h"

enum { PIXEL_TILE = 4, HALF_TILE = 2, CHANNEL_BLOCK = 8 };

// Hides from clang that a replicated vector's halves are equal. Knowing it,
// clang turned each SMULL2/SMLAL2 into EXT of the weight vector and SMULL on
// low halves: four more live registers, and the paired loop spilled one
// vector per iteration. The empty asm emits no instruction.
static inline int8x16_t opaque(int8x16_t x) {
    __asm__("" : "+w"(x));
    return x;
}

// A pixel's four depth values at `a` in every 32-bit lane: the low half of a
// product meets channels 0-1 of a 16-byte weight vector, the high half
// channels 2-3.
static inline int8x16_t quad_in_every_lane(const int8_t *a) {
    return opaque(vreinterpretq_s8_s32(vdupq_n_s32(ik_load_quad(a))));
}

// acc[i][pair]: channels 2·pair and 2·pair+1 of pixel i, two partial sums each;
// 16 accumulators, 4 weight vectors and 2 activation vectors at most.
__attribute__((always_inline)) static inline void run_tile(
    const ik_conv2d_params *p, int32_t pixels, const ik_conv2d_operand *activations, int32_t channel_begin,
    int32_t channels, int8_t *output, const int32_t tile) {
    const int8_t *w = p->packed_filter + (size_t)channel_begin * p->packed_depth;
    int32x4_t acc[PIXEL_TILE][4];
    for (int32_t i = 0; i < tile; i++) {
        for (int32_t pair = 0; pair < 4; pair++) acc[i][pair] = vdupq_n_s32(0);
    }
    for (int32_t s = 0; s < activations->count; s++) {
        const int8_t *a[PIXEL_TILE];
        ik_conv2d_segment_rows(activations, s, pixels, tile, a);
        int32_t k = 0;
        for (; p->products_pair_in_int16 && k + 8 <= activations->length; k += 8, w += 8 * CHANNEL_BLOCK) {
            const int8x16_t w0123 = vld1q_s8(w), w4567 = vld1q_s8(w + 16);
            const int8x16_t v0123 = vld1q_s8(w + 32), v4567 = vld1q_s8(w + 48);
            for (int32_t i = 0; i < tile; i++) {
                // Both quads in one 8-byte load (two LD1R took an address computation each).
                const int32x2_t quads = vreinterpret_s32_s8(vld1_s8(a[i] + k));
                const int8x16_t x = opaque(vreinterpretq_s8_s32(vdupq_lane_s32(quads, 0)));
                const int8x16_t y = opaque(vreinterpretq_s8_s32(vdupq_lane_s32(quads, 1)));
                acc[i][0] = vpadalq_s16(acc[i][0], vmlal_s8(vmull_s8(vget_low_s8(w0123), vget_low_s8(x)),
                                                            vget_low_s8(v0123), vget_low_s8(y)));
                acc[i][1] = vpadalq_s16(acc[i][1], vmlal_high_s8(vmull_high_s8(w0123, x), v0123, y));
                acc[i][2] = vpadalq_s16(acc[i][2], vmlal_s8(vmull_s8(vget_low_s8(w4567), vget_low_s8(x)),
                                                            vget_low_s8(v4567), vget_low_s8(y)));
                acc[i][3] = vpadalq_s16(acc[i][3], vmlal_high_s8(vmull_high_s8(w4567, x), v4567, y));
            }
        }
        for (; k < activations->length; k += 4, w += 4 * CHANNEL_BLOCK) {
            const int8x16_t w0123 = vld1q_s8(w), w4567 = vld1q_s8(w + 16);
            for (int32_t i = 0; i < tile; i++) {
                const int8x16_t x = quad_in_every_lane(a[i] + k);
                acc[i][0] = vpadalq_s16(acc[i][0], vmull_s8(vget_low_s8(w0123), vget_low_s8(x)));
                acc[i][1] = vpadalq_s16(acc[i][1], vmull_high_s8(w0123, x));
                acc[i][2] = vpadalq_s16(acc[i][2], vmull_s8(vget_low_s8(w4567), vget_low_s8(x)));
                acc[i][3] = vpadalq_s16(acc[i][3], vmull_high_s8(w4567, x));
            }
        }
    }
    int32x4_t low[PIXEL_TILE], high[PIXEL_TILE];
    for (int32_t i = 0; i < tile; i++) {
        low[i] = vpaddq_s32(acc[i][0], acc[i][1]);
        high[i] = vpaddq_s32(acc[i][2], acc[i][3]);
    }
    ik_conv2d_neon_store_tile(p, low, high, tile, pixels, channel_begin, channels, output);
}

// A row's last pixel or two take half a tile.
static void run(const ik_conv2d_params *p, int32_t pixels, const ik_conv2d_operand *activations,
                int32_t channel_begin, int32_t channels, int8_t *output) {
    if (pixels > HALF_TILE) {
        run_tile(p, pixels, activations, channel_begin, channels, output, PIXEL_TILE);
    } else {
        run_tile(p, pixels, activations, channel_begin, channels, output, HALF_TILE);
    }
}

// Advanced SIMD is part of every AArch64 Linux core; asking keeps the
// YOLO_EDGE_KERNELS=portable override in one place (cpu_features.c).
static int is_supported(void) {
    return ik_get_cpu_features()->has_neon;
}

const ik_qs8_conv_variant ik_qs8_conv_4x8c4_neon_mlal = {
    .name = "4x8c4-neon-mlal",
    .pixel_tile = PIXEL_TILE,
    .channel_block = CHANNEL_BLOCK,
    .channel_tile = CHANNEL_BLOCK,
    .last_channel_tile = CHANNEL_BLOCK,
    .activation_offset = 0,
    .encode = ik_qs8_copy_activations,
    .encode_pixels = ik_qs8_copy_pixels,
    .run = run,
    .is_supported = is_supported,
};
#endif
