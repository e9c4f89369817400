#ifndef IK_ELEMENTWISE_H
#define IK_ELEMENTWISE_H
// Int8 unary ops: table lookup (LOGISTIC, fused chains), requantize
// (QUANTIZE int8 -> int8), and the float <-> int8 conversions.
#include <stddef.h>
#include <stdint.h>

/// output[i] = table[input[i] + 128], with the fastest code the CPU runs.
void ik_lookup_run(const int8_t *table, const int8_t *input, int8_t *output, size_t count);

/// The same with the portable loop only (the reference for the others).
void ik_lookup_run_portable(const int8_t *table, const int8_t *input, int8_t *output, size_t count);

/// One table lookup implementation (all give identical results) and its CPU requirement.
typedef struct {
    const char *name;
    /// As ik_lookup_run.
    void (*run)(const int8_t *table, const int8_t *input, int8_t *output, size_t count);
    int (*is_supported)(void);
} ik_lookup_variant;

/// Variants compiled for this architecture, fastest first; the portable C one is last.
size_t ik_lookup_variant_count(void);
const ik_lookup_variant *ik_lookup_variant_at(size_t index);
/// The fastest variant this CPU runs.
const ik_lookup_variant *ik_lookup_best_variant(void);

/// TFLite's Requantize: MultiplyByQuantizedMultiplier(q - input_zero_point) + output_zero_point, clamped.
void ik_requantize_run(const int8_t *input, int8_t *output, size_t count, int32_t input_zero_point,
                       int32_t output_zero_point, int32_t multiplier, int32_t shift);

/// The 256-entry LOGISTIC table exactly as TFLite's LUTPopulate<int8_t> builds
/// it in single precision; table[q + 128] is the output for input q.
void ik_logistic_table(float input_scale, int32_t input_zero_point, float output_scale,
                       int32_t output_zero_point, int8_t *table);

/// TFLite's AffineQuantize: round(x / scale) + zero_point, clamped to int8.
void ik_quantize_float_run(const float *input, int8_t *output, size_t count, float scale, int32_t zero_point);

/// TFLite's Dequantize: (float)(scale * (q - zero_point)) with a double-precision scale.
void ik_dequantize_run(const int8_t *input, float *output, size_t count, double scale, int32_t zero_point);

#endif
