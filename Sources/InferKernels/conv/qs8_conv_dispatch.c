// The CONV_2D variant table: every micro-kernel compiled for this
// architecture, fastest first, the portable C one last (it runs anywhere).
#include "qs8_conv_variants.h"

static const ik_qs8_conv_variant *const variants[] = {
#if defined(__x86_64__)
    &ik_qs8_conv_8x32c4_avx512vnni,
    &ik_qs8_conv_4x8c4_avx2,
#endif
#if defined(__aarch64__)
    &ik_qs8_conv_8x8c4_neon_dot,
    &ik_qs8_conv_4x8c4_neon_mlal,
#endif
    &ik_qs8_conv_2x4c4_scalar,
};

enum { VARIANT_COUNT = sizeof variants / sizeof variants[0] };

size_t ik_qs8_conv_variant_count(void) {
    return VARIANT_COUNT;
}

const ik_qs8_conv_variant *ik_qs8_conv_variant_at(size_t index) {
    return index < VARIANT_COUNT ? variants[index] : NULL;
}

const ik_qs8_conv_variant *ik_qs8_conv_best_variant(void) {
    for (size_t i = 0; i < VARIANT_COUNT; i++) {
        if (variants[i]->is_supported()) return variants[i];
    }
    return variants[VARIANT_COUNT - 1];
}
