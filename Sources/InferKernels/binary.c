#include "ik_binary.h"
#include "ik_fixed_point.h"

static inline int32_t add_or_sub(const ik_binary_params *p, int32_t a, int32_t b, int32_t sign) {
    const int32_t shifted1 = ik_shift_left_wrapping(p->input1_offset + a, p->left_shift);
    const int32_t shifted2 = ik_shift_left_wrapping(p->input2_offset + b, p->left_shift);
    const int32_t scaled1 = ik_multiply_by_quantized_multiplier(shifted1, p->input1_multiplier, p->input1_shift);
    const int32_t scaled2 = ik_multiply_by_quantized_multiplier(shifted2, p->input2_multiplier, p->input2_shift);
    return ik_multiply_by_quantized_multiplier(scaled1 + sign * scaled2, p->output_multiplier, p->output_shift);
}

static inline int32_t mul(const ik_binary_params *p, int32_t a, int32_t b) {
    const int32_t product = (p->input1_offset + a) * (p->input2_offset + b);
    return ik_multiply_by_quantized_multiplier(product, p->output_multiplier, p->output_shift);
}

// One innermost run; the op switch is hoisted out of the element loop.
static void run_line(const ik_binary_params *p, const int8_t *a, int64_t stride_a,
                     const int8_t *b, int64_t stride_b, int8_t *out, int64_t count) {
    const int32_t lo = p->activation_min, hi = p->activation_max, zero = p->output_offset;
    switch (p->op) {
    case IK_BINARY_ADD:
        for (int64_t i = 0; i < count; i++)
            out[i] = (int8_t)ik_clamp(add_or_sub(p, a[i * stride_a], b[i * stride_b], 1) + zero, lo, hi);
        break;
    case IK_BINARY_SUB:
        for (int64_t i = 0; i < count; i++)
            out[i] = (int8_t)ik_clamp(add_or_sub(p, a[i * stride_a], b[i * stride_b], -1) + zero, lo, hi);
        break;
    case IK_BINARY_MUL:
        for (int64_t i = 0; i < count; i++)
            out[i] = (int8_t)ik_clamp(mul(p, a[i * stride_a], b[i * stride_b]) + zero, lo, hi);
        break;
    }
}

void ik_binary_run(const ik_binary_params *p, const int8_t *input1, const int8_t *input2, int8_t *output) {
    const int64_t *n = p->output_shape, *s1 = p->input1_strides, *s2 = p->input2_strides;
    for (int64_t i0 = 0; i0 < n[0]; i0++)
    for (int64_t i1 = 0; i1 < n[1]; i1++)
    for (int64_t i2 = 0; i2 < n[2]; i2++)
    for (int64_t i3 = 0; i3 < n[3]; i3++)
    for (int64_t i4 = 0; i4 < n[4]; i4++) {
        const int64_t offset1 = i0 * s1[0] + i1 * s1[1] + i2 * s1[2] + i3 * s1[3] + i4 * s1[4];
        const int64_t offset2 = i0 * s2[0] + i1 * s2[1] + i2 * s2[2] + i3 * s2[3] + i4 * s2[4];
        const int64_t out_offset = ((((i0 * n[1] + i1) * n[2] + i2) * n[3] + i3) * n[4] + i4) * n[5];
        run_line(p, input1 + offset1, s1[5], input2 + offset2, s2[5], output + out_offset, n[5]);
    }
}
