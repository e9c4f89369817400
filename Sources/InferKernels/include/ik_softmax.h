#ifndef IK_SOFTMAX_H
#define IK_SOFTMAX_H
// Int8 SOFTMAX over the last axis with TFLite's reference (gemmlowp
// fixed-point) algorithm, which BUILTIN_REF uses for int8 in and out.
#include <stdint.h>

typedef struct {
    int64_t outer_size;
    int32_t depth;
    int32_t input_multiplier;  // beta * input_scale * 2^26, quantized (>= 1)
    int32_t input_left_shift;
    int32_t diff_min;          // differences below this contribute nothing
} ik_softmax_params;

/// `exps`: scratch for `depth` values (each row's exponentials, computed once).
void ik_softmax_run(const ik_softmax_params *params, const int8_t *input, int8_t *output, int32_t *exps);

#endif
