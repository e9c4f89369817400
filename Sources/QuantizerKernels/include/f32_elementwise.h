#ifndef YOLO_EDGE_F32_ELEMENTWISE_H
#define YOLO_EDGE_F32_ELEMENTWISE_H
// Float32 elementwise and data-movement loops for the float reference
// execution of the IR (the Swift side precomputes any broadcast or gather
// indices once per graph).

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum f32_binary_op { F32_ADD = 0, F32_SUB = 1, F32_MUL = 2 } f32_binary_op;

/// output[k] = a[ai(k)] op b[bi(k)], where ai(k) = a_index ? a_index[k] : k (same for b).
void f32_binary(f32_binary_op op, const float *a, const ptrdiff_t *a_index, const float *b,
                const ptrdiff_t *b_index, float *output, ptrdiff_t count);

/// output[k] = 1 / (1 + exp(-input[k])).
void f32_logistic(const float *input, float *output, ptrdiff_t count);

/// output[k] = input[index[k]].
void f32_gather(const float *input, const ptrdiff_t *index, float *output, ptrdiff_t count);

/// output[index[k]] = input[k]; other elements of output are left as they are.
void f32_scatter(const float *input, const ptrdiff_t *index, float *output, ptrdiff_t count);

/// offsets[k] = sum over axes of index_k[axis] * strides[axis], for the k-th
/// multi-index of `shape` in row-major order (the source offsets of a
/// strided view: transpose, slice, broadcast, pad destinations).
void f32_strided_offsets(const ptrdiff_t *shape, const ptrdiff_t *strides, int rank, ptrdiff_t *offsets);

#ifdef __cplusplus
}
#endif

#endif
