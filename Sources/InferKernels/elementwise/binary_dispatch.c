// The table of line variants for ADD, SUB and MUL: SIMD only. An op no
// variant takes (another CPU, a broadcast or strided input) keeps its lookup
// table, or binary.c's per-element C loop when it is small.
#include "binary_variants.h"

static const ik_binary_line_variant *const variants[] = {
#if defined(__x86_64__)
    &ik_qs8_vbinary_x16_avx512,
#endif
    NULL,
};

enum { VARIANT_COUNT = sizeof variants / sizeof variants[0] - 1 };

size_t ik_binary_line_variant_count(void) {
    return VARIANT_COUNT;
}

const ik_binary_line_variant *ik_binary_line_variant_at(size_t index) {
    return index < VARIANT_COUNT ? variants[index] : NULL;
}

const ik_binary_line_variant *ik_binary_best_line_variant(void) {
    for (size_t i = 0; i < VARIANT_COUNT; i++) {
        if (variants[i]->is_supported()) return variants[i];
    }
    return NULL;
}

int ik_binary_computes_lines(const ik_binary_params *p) {
    enum { INNER = IK_BINARY_MAX_RANK - 1 };
    return p->row_input == 0 && p->input1_strides[INNER] == 1 && p->input2_strides[INNER] == 1
        && ik_binary_best_line_variant() != NULL;
}
