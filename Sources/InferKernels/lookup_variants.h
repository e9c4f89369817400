#ifndef LOOKUP_VARIANTS_H
#define LOOKUP_VARIANTS_H
// Table lookups for CPUs with byte permutes, identical to the portable loop.
#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__)
int ik_lookup_avx512_is_supported(void);
void ik_lookup_run_avx512(const int8_t *table, const int8_t *input, int8_t *output, size_t count);
#endif

#endif
