// The SOFTMAX variant table: every implementation compiled for this
// architecture, fastest first, the portable C one last (it runs anywhere and
// takes rows of any depth).
#include "softmax_variants.h"

static const ik_softmax_variant *const variants[] = {
#if defined(__x86_64__)
    &ik_softmax_d16_avx512vbmi,
    &ik_softmax_avx512,
#endif
    &ik_softmax_portable,
};

enum { VARIANT_COUNT = sizeof variants / sizeof variants[0] };

size_t ik_softmax_variant_count(void) {
    return VARIANT_COUNT;
}

const ik_softmax_variant *ik_softmax_variant_at(size_t index) {
    return index < VARIANT_COUNT ? variants[index] : NULL;
}

const ik_softmax_variant *ik_softmax_best_variant(void) {
    for (size_t i = 0; i < VARIANT_COUNT; i++) {
        if (variants[i]->is_supported()) return variants[i];
    }
    return variants[VARIANT_COUNT - 1];
}

void ik_softmax_run_rows(const ik_softmax_params *p, const int8_t *input, int8_t *output, int64_t row_begin,
                         int64_t row_end) {
    // The first variant the CPU runs that takes rows this long (the
    // portable one, last, takes any).
    for (size_t i = 0; i < VARIANT_COUNT; i++) {
        if (p->depth >= variants[i]->min_depth && p->depth <= variants[i]->max_depth && variants[i]->is_supported()) {
            variants[i]->run(p, input, output, row_begin, row_end);
            return;
        }
    }
}
