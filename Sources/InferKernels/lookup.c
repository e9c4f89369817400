#include "ik_elementwise.h"

void ik_lookup_run(const int8_t *table, const int8_t *input, int8_t *output, size_t count) {
    for (size_t i = 0; i < count; i++) output[i] = table[input[i] + 128];
}
