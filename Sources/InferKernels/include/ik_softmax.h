#ifndef IK_SOFTMAX_H
#define IK_SOFTMAX_H
// Int8 SOFTMAX over the last axis with TFLite's reference (gemmlowp
// fixed-point) algorithm, which BUILTIN_REF uses for int8 in and out.
#include <stddef.h>
#include <stdint.h>

typedef struct {
    int64_t outer_size;
    int32_t depth;
    int32_t input_multiplier;  // beta * input_scale * 2^26, quantized (>= 1)
    int32_t input_left_shift;
    int32_t diff_min;          // differences below this contribute nothing
    const int32_t *exp_table;  // IK_SOFTMAX_TABLE_SIZE entries from ik_softmax_fill_exp_table
} ik_softmax_params;

/// int8 differences from the row maximum span 0 ... 255.
#define IK_SOFTMAX_TABLE_SIZE 256

/// table[d] = the q0 exponential of the difference -d (0 below diff_min), so a
/// run looks each one up instead of evaluating the fixed-point series.
void ik_softmax_fill_exp_table(const ik_softmax_params *params, int32_t *table);

/// One SOFTMAX implementation (all give identical results) and its CPU requirement.
typedef struct {
    const char *name;
    /// Rows shorter or longer than these go to the next variant; the portable one takes any.
    int32_t min_depth, max_depth;
    /// Rows [row_begin, row_end), as ik_softmax_run_rows.
    void (*run)(const ik_softmax_params *params, const int8_t *input, int8_t *output, int64_t row_begin,
                int64_t row_end);
    int (*is_supported)(void);
} ik_softmax_variant;

/// Variants compiled for this architecture, fastest first; the portable C one is last.
size_t ik_softmax_variant_count(void);
const ik_softmax_variant *ik_softmax_variant_at(size_t index);
/// The fastest variant this CPU runs (for rows within its depths).
const ik_softmax_variant *ik_softmax_best_variant(void);

/// Rows [row_begin, row_end) of the outer_size rows, with the fastest
/// variant the CPU runs that takes rows of this depth.
void ik_softmax_run_rows(const ik_softmax_params *params, const int8_t *input, int8_t *output, int64_t row_begin,
                         int64_t row_end);

/// The same with the portable C loop only (the reference for the others).
void ik_softmax_run_rows_portable(const ik_softmax_params *params, const int8_t *input, int8_t *output,
                                  int64_t row_begin, int64_t row_end);

#endif
