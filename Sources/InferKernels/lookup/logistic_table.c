// The LOGISTIC lookup table, built as TFLite builds it, so that the op runs
// as a table lookup (lookup_dispatch.c).
#include <math.h>
#include "ik_elementwise.h"

// Single precision throughout, as TFLite: the table must match its rounding.
void ik_logistic_table(float input_scale, int32_t input_zero_point, float output_scale,
                       int32_t output_zero_point, int8_t *table) {
    const float inverse_scale = 1.0f / output_scale;
    for (int32_t q = INT8_MIN; q <= INT8_MAX; q++) {
        const float real = input_scale * (float)(q - input_zero_point);
        const float logistic = 1.0f / (1.0f + expf(-real));
        const float rescaled = roundf(logistic * inverse_scale);
        int32_t quantized = (int32_t)(rescaled + (float)output_zero_point);
        if (quantized < INT8_MIN) quantized = INT8_MIN;
        if (quantized > INT8_MAX) quantized = INT8_MAX;
        table[q + 128] = (int8_t)quantized;
    }
}
