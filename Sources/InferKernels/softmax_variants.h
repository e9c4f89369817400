#ifndef SOFTMAX_VARIANTS_H
#define SOFTMAX_VARIANTS_H
// SOFTMAX implementations for short rows, each bit-identical to softmax.c.
#include "ik_softmax.h"

typedef struct {
    const char *name;
    int32_t max_depth;  // rows longer than this go to the portable loop
    void (*run_rows)(const ik_softmax_params *params, const int8_t *input, int8_t *output, int64_t row_begin,
                     int64_t row_end);
    int (*is_supported)(void);
} ik_softmax_variant;

#if defined(__x86_64__)
extern const ik_softmax_variant ik_softmax_avx512;
#endif

#endif
