// Float32 elementwise and data-movement loops for the quantizer's float
// execution of the IR; Swift precomputes the broadcast and gather indices.
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

void f32_strided_offsets(const ptrdiff_t *shape, const ptrdiff_t *strides, int rank, ptrdiff_t *offsets) {
    ptrdiff_t count = 1;
    for (int axis = 0; axis < rank; ++axis) count *= shape[axis];
    if (count == 0) return;
    if (rank == 0) {
        offsets[0] = 0;
        return;
    }
    // An odometer over the multi-index, updating the offset incrementally.
    ptrdiff_t index[16] = {0};
    ptrdiff_t offset = 0;
    for (ptrdiff_t k = 0; k < count; ++k) {
        offsets[k] = offset;
        for (int axis = rank - 1; axis >= 0; --axis) {
            index[axis] += 1;
            offset += strides[axis];
            if (index[axis] < shape[axis]) break;
            offset -= strides[axis] * shape[axis];
            index[axis] = 0;
        }
    }
}
