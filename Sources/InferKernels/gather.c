#include <string.h>
#include "ik_layout.h"

void ik_gather_run(const ik_gather_params *p, const int8_t *input, int8_t *output) {
    const int64_t *n = p->output_shape, *s = p->input_strides;
    int8_t *out = output;
    for (int64_t i0 = 0; i0 < n[0]; i0++)
    for (int64_t i1 = 0; i1 < n[1]; i1++)
    for (int64_t i2 = 0; i2 < n[2]; i2++)
    for (int64_t i3 = 0; i3 < n[3]; i3++)
    for (int64_t i4 = 0; i4 < n[4]; i4++) {
        const int8_t *in = input + p->input_offset + i0 * s[0] + i1 * s[1] + i2 * s[2] + i3 * s[3] + i4 * s[4];
        if (s[5] == 1) {
            memcpy(out, in, (size_t)n[5]);
        } else {
            for (int64_t i5 = 0; i5 < n[5]; i5++) out[i5] = in[i5 * s[5]];
        }
        out += n[5];
    }
}
