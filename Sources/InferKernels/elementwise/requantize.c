// QUANTIZE int8 -> int8: TFLite's Requantize, one element at a time.
#include "ik_elementwise.h"
#include "ik_fixed_point.h"

void ik_requantize_run(const int8_t *input, int8_t *output, size_t count, int32_t input_zero_point,
                       int32_t output_zero_point, int32_t multiplier, int32_t shift) {
    for (size_t i = 0; i < count; i++) {
        const int32_t scaled = ik_multiply_by_quantized_multiplier(input[i] - input_zero_point, multiplier, shift);
        output[i] = (int8_t)ik_clamp(scaled + output_zero_point, INT8_MIN, INT8_MAX);
    }
}
