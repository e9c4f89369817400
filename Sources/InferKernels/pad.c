#include <string.h>
#include "ik_layout.h"

void ik_pad_run(const ik_pad_params *p, const int8_t *input, int8_t *output) {
    int64_t out_shape[IK_LAYOUT_MAX_RANK], out_strides[IK_LAYOUT_MAX_RANK];
    int64_t total = 1;
    for (int k = IK_LAYOUT_MAX_RANK - 1; k >= 0; k--) {
        out_shape[k] = p->before[k] + p->input_shape[k] + p->after[k];
        out_strides[k] = total;
        total *= out_shape[k];
    }
    // Fill everything, then copy the input's innermost lines into place.
    memset(output, p->pad_value, (size_t)total);
    const int64_t *n = p->input_shape;
    const int8_t *in = input;
    for (int64_t i0 = 0; i0 < n[0]; i0++)
    for (int64_t i1 = 0; i1 < n[1]; i1++)
    for (int64_t i2 = 0; i2 < n[2]; i2++)
    for (int64_t i3 = 0; i3 < n[3]; i3++)
    for (int64_t i4 = 0; i4 < n[4]; i4++) {
        const int64_t offset = (i0 + p->before[0]) * out_strides[0] + (i1 + p->before[1]) * out_strides[1]
            + (i2 + p->before[2]) * out_strides[2] + (i3 + p->before[3]) * out_strides[3]
            + (i4 + p->before[4]) * out_strides[4] + p->before[5];
        memcpy(output + offset, in, (size_t)n[5]);
        in += n[5];
    }
}
