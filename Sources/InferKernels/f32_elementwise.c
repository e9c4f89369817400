#include "f32_elementwise.h"

#include <math.h>

void f32_binary(f32_binary_op op, const float *a, const ptrdiff_t *a_index, const float *b,
                const ptrdiff_t *b_index, float *output, ptrdiff_t count) {
    for (ptrdiff_t k = 0; k < count; ++k) {
        const float x = a[a_index ? a_index[k] : k];
        const float y = b[b_index ? b_index[k] : k];
        switch (op) {
        case F32_ADD: output[k] = x + y; break;
        case F32_SUB: output[k] = x - y; break;
        case F32_MUL: output[k] = x * y; break;
        }
    }
}

void f32_logistic(const float *input, float *output, ptrdiff_t count) {
    for (ptrdiff_t k = 0; k < count; ++k) output[k] = 1.0f / (1.0f + expf(-input[k]));
}

void f32_gather(const float *input, const ptrdiff_t *index, float *output, ptrdiff_t count) {
    for (ptrdiff_t k = 0; k < count; ++k) output[k] = input[index[k]];
}

void f32_scatter(const float *input, const ptrdiff_t *index, float *output, ptrdiff_t count) {
    for (ptrdiff_t k = 0; k < count; ++k) output[index[k]] = input[k];
}
