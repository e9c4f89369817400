#include "ik_elementwise.h"
#include "lookup_variants.h"

void ik_lookup_run_portable(const int8_t *table, const int8_t *input, int8_t *output, size_t count) {
    for (size_t i = 0; i < count; i++) output[i] = table[input[i] + 128];
}

void ik_lookup_run(const int8_t *table, const int8_t *input, int8_t *output, size_t count) {
#if defined(__x86_64__)
    if (ik_lookup_avx512_is_supported()) {
        ik_lookup_run_avx512(table, input, output, count);
        return;
    }
#endif
    ik_lookup_run_portable(table, input, output, count);
}
