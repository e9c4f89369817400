// QUANTIZE float -> int8: TFLite's AffineQuantize.
#include <math.h>
#include "ik_elementwise.h"

void ik_quantize_float_run(const float *input, int8_t *output, size_t count, float scale, int32_t zero_point) {
    for (size_t i = 0; i < count; i++) {
        // Clamp while still in float so huge or NaN inputs saturate instead of overflowing the cast.
        const float value = roundf(input[i] / scale) + (float)zero_point;
        output[i] = value >= (float)INT8_MAX ? INT8_MAX : (value >= (float)INT8_MIN ? (int8_t)value : INT8_MIN);
    }
}
