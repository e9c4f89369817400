// PAD: fill with the pad value, then copy the input in its longest contiguous runs.
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
    // Fill everything, then copy the input into place in the longest runs
    // that stay contiguous: dimension `inner` and all unpadded ones inside it
    // (an NHWC image padded in H and W copies whole rows).
    memset(output, p->pad_value, (size_t)total);
    const int64_t *n = p->input_shape;
    int inner = IK_LAYOUT_MAX_RANK - 1;
    while (inner > 0 && p->before[inner] == 0 && p->after[inner] == 0) inner--;
    int64_t run = 1, runs = 1;
    for (int k = 0; k < IK_LAYOUT_MAX_RANK; k++) {
        if (k < inner) runs *= n[k]; else run *= n[k];
    }
    int64_t index[IK_LAYOUT_MAX_RANK] = {0};
    const int8_t *in = input;
    for (int64_t r = 0; r < runs; r++) {
        int64_t offset = p->before[inner] * out_strides[inner];
        for (int k = 0; k < inner; k++) offset += (index[k] + p->before[k]) * out_strides[k];
        memcpy(output + offset, in, (size_t)run);
        in += run;
        for (int k = inner - 1; k >= 0 && ++index[k] == n[k]; k--) index[k] = 0;
    }
}
