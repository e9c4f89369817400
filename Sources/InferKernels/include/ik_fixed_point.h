#ifndef IK_FIXED_POINT_H
#define IK_FIXED_POINT_H
// TFLite's integer rescaling primitives (gemmlowp "double rounding"; the
// LiteRT pip build does not define TFLITE_SINGLE_ROUNDING, verified against
// its BUILTIN_REF conv outputs).
#include <stdint.h>

/// (a * b * 2) / 2^32 rounded to nearest (ties away from zero), saturating
/// the single overflow case INT32_MIN * INT32_MIN.
static inline int32_t ik_saturating_rounding_doubling_high_mul(int32_t a, int32_t b) {
    if (a == b && a == INT32_MIN) return INT32_MAX;
    const int64_t product = (int64_t)a * (int64_t)b;
    const int64_t nudge = product >= 0 ? (1 << 30) : (1 - (1 << 30));
    return (int32_t)((product + nudge) / ((int64_t)1 << 31));
}

/// x / 2^exponent rounded to nearest, ties away from zero (0 <= exponent <= 31).
static inline int32_t ik_rounding_divide_by_pot(int32_t x, int exponent) {
    const int32_t mask = (int32_t)(((int64_t)1 << exponent) - 1);
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/// x * 2^left_shift with the wrap-around of TFLite's int32 multiply.
static inline int32_t ik_shift_left_wrapping(int32_t x, int left_shift) {
    return (int32_t)((uint32_t)x << left_shift);
}

/// x * multiplier * 2^shift, as TFLite's MultiplyByQuantizedMultiplier.
static inline int32_t ik_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int shift) {
    const int left_shift = shift > 0 ? shift : 0;
    const int right_shift = shift > 0 ? 0 : -shift;
    return ik_rounding_divide_by_pot(
        ik_saturating_rounding_doubling_high_mul(ik_shift_left_wrapping(x, left_shift), multiplier),
        right_shift);
}

static inline int32_t ik_clamp(int32_t value, int32_t low, int32_t high) {
    return value < low ? low : (value > high ? high : value);
}

#endif
