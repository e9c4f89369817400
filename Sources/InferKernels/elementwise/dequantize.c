// DEQUANTIZE int8 -> float: TFLite's Dequantize.
#include "ik_elementwise.h"

void ik_dequantize_run(const int8_t *input, float *output, size_t count, double scale, int32_t zero_point) {
    for (size_t i = 0; i < count; i++) output[i] = (float)(scale * (double)(input[i] - zero_point));
}
