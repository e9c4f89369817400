// The portable table lookup: the variant every CPU runs and the reference
// the vector variants must match.
#include "lookup_variants.h"

void ik_lookup_run_portable(const int8_t *table, const int8_t *input, int8_t *output, size_t count) {
    for (size_t i = 0; i < count; i++) output[i] = table[input[i] + 128];
}

static int always(void) { return 1; }

const ik_lookup_variant ik_lookup_portable = {
    .name = "portable",
    .run = ik_lookup_run_portable,
    .is_supported = always,
};
