#include <math.h>
#include <string.h>
#include "ik_layout.h"

void ik_concat_run(const ik_concat_params *p, const void *const *inputs, int8_t *output) {
    int8_t *out = output;
    for (int64_t outer = 0; outer < p->outer_size; outer++) {
        for (int32_t i = 0; i < p->input_count; i++) {
            const ik_concat_input *spec = &p->inputs[i];
            const int8_t *in = (const int8_t *)inputs[i] + outer * spec->copy_size;
            if (!spec->requantize) {
                memcpy(out, in, (size_t)spec->copy_size);
            } else {
                for (int64_t j = 0; j < spec->copy_size; j++) {
                    const int32_t value = (int32_t)roundf((float)in[j] * spec->scale + spec->bias) + p->output_zero_point;
                    out[j] = (int8_t)(value < INT8_MIN ? INT8_MIN : (value > INT8_MAX ? INT8_MAX : value));
                }
            }
            out += spec->copy_size;
        }
    }
}
