// AArch64 micro-kernel for cores with the dot-product extension (Cortex-A55,
// A76 and later): 8 pixels × 8 channels (4 for a row's last few), SDOT on
// s8 × s8 into int32; the output stage in vectors (qs8_conv_store_neon.h).
#if defined(__aarch64__)
#include <arm_neon.h>
#include "qs8_conv_requantize.h"
#include "qs8_conv_store_neon.h"
#include "qs8_conv_variants.h"

#define DOTPROD __attribute__((target("arch=armv8.2-a+dotprod")))

enum { PIXEL_TILE = 8, HALF_TILE = 4, CHANNEL_BLOCK = 8 };

// Depth group g (four values) of each pixel's sixteen in `x`, against the
// group's 8 channels; the lane must be a constant, hence a macro.
#define DOT_GROUP(g)                                                          \
    {                                                                         \
        const int8x16_t w0123 = vld1q_s8(w + 32 * (g)), w4567 = vld1q_s8(w + 32 * (g) + 16); \
        for (int32_t i = 0; i < tile; i++) {                                  \
            low[i] = vdotq_laneq_s32(low[i], w0123, x[i], g);                 \
            high[i] = vdotq_laneq_s32(high[i], w4567, x[i], g);               \
        }                                                                     \
    }

// 16 accumulators, 8 activation vectors and 2 of weights: 26 of the 32 registers.
DOTPROD __attribute__((always_inline)) static inline void run_tile(
    const ik_conv2d_params *p, int32_t pixels, const ik_conv2d_operand *activations, int32_t channel_begin,
    int32_t channels, int8_t *output, const int32_t tile) {
    const int8_t *w = p->packed_filter + (size_t)channel_begin * p->packed_depth;
    int32x4_t low[PIXEL_TILE], high[PIXEL_TILE];
    for (int32_t i = 0; i < tile; i++) low[i] = high[i] = vdupq_n_s32(0);
    for (int32_t s = 0; s < activations->count; s++) {
        const int8_t *a[PIXEL_TILE];
        ik_conv2d_segment_rows(activations, s, pixels, tile, a);
        int32_t k = 0;
        // Sixteen depth values per pixel in one load; SDOT by element takes each group of
        // four from its lane, so no broadcasts run between the products.
        for (; k + 16 <= activations->length; k += 16, w += 16 * CHANNEL_BLOCK) {
            int8x16_t x[PIXEL_TILE];
            for (int32_t i = 0; i < tile; i++) x[i] = vld1q_s8(a[i] + k);
            DOT_GROUP(0) DOT_GROUP(1) DOT_GROUP(2) DOT_GROUP(3)
        }
        for (; k < activations->length; k += 4, w += 4 * CHANNEL_BLOCK) {
            const int8x16_t w0123 = vld1q_s8(w), w4567 = vld1q_s8(w + 16);
            for (int32_t i = 0; i < tile; i++) {
                const int8x16_t x = vreinterpretq_s8_s32(vdupq_n_s32(ik_load_quad(a[i] + k)));
                low[i] = vdotq_s32(low[i], w0123, x);
                high[i] = vdotq_s32(high[i], w4567, x);
            }
        }
    }
    ik_conv2d_neon_store_tile(p, low, high, tile, pixels, channel_begin, channels, output);
}

// A row's last few pixels (a 20-pixel row is 8 + 8 + 4) take half a tile.
DOTPROD static void run(const ik_conv2d_params *p, int32_t pixels, const ik_conv2d_operand *activations,
                        int32_t channel_begin, int32_t channels, int8_t *output) {
    if (pixels > HALF_TILE) {
        run_tile(p, pixels, activations, channel_begin, channels, output, PIXEL_TILE);
    } else {
        run_tile(p, pixels, activations, channel_begin, channels, output, HALF_TILE);
    }
}
#undef DOT_GROUP

static int is_supported(void) {
    return ik_get_cpu_features()->has_neon_dot;
}

const ik_qs8_conv_variant ik_qs8_conv_8x8c4_neon_dot = {
    .name = "8x8c4-neon-dot",
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
