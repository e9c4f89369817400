// Portable C micro-kernel: 2 pixels × 4 channels, int8 × int8 into int32.
#include "qs8_conv_requantize.h"
#include "qs8_conv_variants.h"

enum { PIXEL_TILE = 2, CHANNEL_BLOCK = 4 };

static void run(const ik_conv2d_params *p, int32_t pixels, const ik_conv2d_operand *activations,
                int32_t channel_begin, int32_t channels, int8_t *output) {
    const int8_t *w = p->packed_filter + (size_t)channel_begin * p->packed_depth;
    int32_t acc[PIXEL_TILE * CHANNEL_BLOCK] = {0};
    for (int32_t s = 0; s < activations->count; s++) {
        const int8_t *a[PIXEL_TILE];
        ik_conv2d_segment_rows(activations, s, pixels, PIXEL_TILE, a);
        for (int32_t k = 0; k < activations->length; k += 4, w += 4 * CHANNEL_BLOCK) {
            for (int32_t j = 0; j < CHANNEL_BLOCK; j++) {
                for (int32_t t = 0; t < 4; t++) {
                    acc[j] += a[0][k + t] * w[j * 4 + t];
                    acc[CHANNEL_BLOCK + j] += a[1][k + t] * w[j * 4 + t];
                }
            }
        }
    }
    ik_conv2d_store_tile(p, acc, CHANNEL_BLOCK, pixels, channel_begin, channels, output);
}

static int always(void) { return 1; }

const ik_qs8_conv_variant ik_qs8_conv_2x4c4_scalar = {
    .name = "2x4c4-scalar",
    .pixel_tile = PIXEL_TILE,
    .channel_block = CHANNEL_BLOCK,
    .channel_tile = CHANNEL_BLOCK,
    .last_channel_tile = CHANNEL_BLOCK,
    .activation_offset = 0,
    .encode = ik_qs8_copy_activations,
    .encode_pixels = ik_qs8_copy_pixels,
    .run = run,
    .is_supported = always,
};
