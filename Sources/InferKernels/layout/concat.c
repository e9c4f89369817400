// CONCATENATION: each input's run per outer index, copied as is or
// requantized to the output's scale and zero point.
#include <math.h>
#include "copy_run.h"
#include "ik_layout.h"

// One input's run of one outer index, copied or requantized.
static void copy_input_run(const ik_concat_input *spec, const int8_t *in, int8_t *out, int32_t output_zero_point) {
    if (!spec->requantize) {
        ik_copy_run(out, in, spec->copy_size);
        return;
    }
    for (int64_t j = 0; j < spec->copy_size; j++) {
        const int32_t value = (int32_t)roundf((float)in[j] * spec->scale + spec->bias) + output_zero_point;
        out[j] = (int8_t)(value < INT8_MIN ? INT8_MIN : (value > INT8_MAX ? INT8_MAX : value));
    }
}

void ik_concat_run_rows(const ik_concat_params *p, const void *const *inputs, int8_t *output, int64_t row_begin,
                        int64_t row_end) {
    int64_t row_size = 0;
    for (int32_t i = 0; i < p->input_count; i++) row_size += p->inputs[i].copy_size;
    int8_t *out = output + row_begin * row_size;
    for (int64_t outer = row_begin; outer < row_end; outer++) {
        for (int32_t i = 0; i < p->input_count; i++) {
            const ik_concat_input *spec = &p->inputs[i];
            if (!spec->in_place) {
                copy_input_run(spec, (const int8_t *)inputs[i] + outer * spec->copy_size, out, p->output_zero_point);
            }
            out += spec->copy_size;
        }
    }
}
