// The table lookup variant table (LOGISTIC and fused elementwise chains):
// every implementation compiled for this architecture, fastest first, the
// portable C one last (it runs anywhere).
#include "lookup_variants.h"

static const ik_lookup_variant *const variants[] = {
#if defined(__x86_64__)
    &ik_lookup_avx512,
#endif
    &ik_lookup_portable,
};

enum { VARIANT_COUNT = sizeof variants / sizeof variants[0] };

size_t ik_lookup_variant_count(void) {
    return VARIANT_COUNT;
}

const ik_lookup_variant *ik_lookup_variant_at(size_t index) {
    return index < VARIANT_COUNT ? variants[index] : NULL;
}

const ik_lookup_variant *ik_lookup_best_variant(void) {
    for (size_t i = 0; i < VARIANT_COUNT; i++) {
        if (variants[i]->is_supported()) return variants[i];
    }
    return variants[VARIANT_COUNT - 1];
}

void ik_lookup_run(const int8_t *table, const int8_t *input, int8_t *output, size_t count) {
    ik_lookup_best_variant()->run(table, input, output, count);
}
