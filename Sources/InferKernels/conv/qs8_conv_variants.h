#ifndef QS8_CONV_VARIANTS_H
#define QS8_CONV_VARIANTS_H
// The CONV_2D micro-kernel variants, one per file, each named for its tile
// shape and ISA, and the encode steps they share. The variant struct,
// ik_qs8_conv_variant, is public (ik_conv2d.h): the engine picks one per
// kernel and the tests run each. qs8_conv_dispatch.c orders them.
#include "ik_conv2d.h"
#include "../cpu/cpu_features.h"

#if defined(__x86_64__)
extern const ik_qs8_conv_variant ik_qs8_conv_8x32c4_avx512vnni;
extern const ik_qs8_conv_variant ik_qs8_conv_4x8c4_avx2;
#endif
#if defined(__aarch64__)
extern const ik_qs8_conv_variant ik_qs8_conv_8x8c4_neon_dot;
extern const ik_qs8_conv_variant ik_qs8_conv_4x8c4_neon_mlal;
#endif
extern const ik_qs8_conv_variant ik_qs8_conv_2x4c4_scalar;

/// The encode steps of variants that take int8 activations as they are.
void ik_qs8_copy_activations(int8_t *columns, const int8_t *activations, int32_t count);
void ik_qs8_copy_pixels(int8_t *staged, const int8_t *activations, int32_t pixels, int32_t depth,
                        int32_t staged_depth, int8_t padding);

/// encode_pixels in portable C for any activation offset (0 or 128).
void ik_qs8_encode_pixels(int8_t *staged, const int8_t *activations, int32_t pixels, int32_t depth,
                          int32_t staged_depth, int8_t padding, int32_t offset);

#endif
