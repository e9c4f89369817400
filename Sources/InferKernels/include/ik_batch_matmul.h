#ifndef IK_BATCH_MATMUL_H
#define IK_BATCH_MATMUL_H
// Int8 BATCH_MATMUL of two run-time tensors with TFLite's reference integer
// semantics: int32 sums of (left − left zero point) × (right − right zero
// point), one fixed-point multiplier (left scale × right scale / output
// scale), the output zero point, saturation to int8.
#include <stdint.h>

typedef struct {
    int32_t batches, rows, depth, columns;
    /// Element steps: left (row r, depth k) is at r * left_row_step + k * left_depth_step
    /// within its batch, right (k, column n) at k * right_depth_step + n * right_column_step;
    /// the adjoint flags only swap these.
    int32_t left_row_step, left_depth_step, right_depth_step, right_column_step;
    int32_t left_zero_point, right_zero_point, output_zero_point;
    int32_t multiplier, shift;
} ik_batch_matmul_params;

/// Output rows [row_begin, row_end) of batches × rows, each `columns` wide.
void ik_batch_matmul_run_rows(const ik_batch_matmul_params *params, const int8_t *left, const int8_t *right,
                              int8_t *output, int32_t row_begin, int32_t row_end);

#endif
