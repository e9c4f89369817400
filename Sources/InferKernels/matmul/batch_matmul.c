#include "ik_batch_matmul.h"
#include "ik_fixed_point.h"

#include <stddef.h>

void ik_batch_matmul_run_rows(const ik_batch_matmul_params *p, const int8_t *left, const int8_t *right,
                              int8_t *output, int32_t row_begin, int32_t row_end) {
    const size_t left_batch = (size_t)p->rows * p->depth, right_batch = (size_t)p->depth * p->columns;
    for (int32_t row = row_begin; row < row_end; row++) {
        const int32_t batch = row / p->rows, r = row % p->rows;
        const int8_t *a = left + batch * left_batch + (size_t)r * p->left_row_step;
        const int8_t *b = right + batch * right_batch;
        int8_t *out = output + (size_t)row * p->columns;
        for (int32_t n = 0; n < p->columns; n++) {
            const int8_t *column = b + (size_t)n * p->right_column_step;
            int32_t sum = 0;
            for (int32_t k = 0; k < p->depth; k++) {
                sum += ((int32_t)a[(size_t)k * p->left_depth_step] - p->left_zero_point)
                    * ((int32_t)column[(size_t)k * p->right_depth_step] - p->right_zero_point);
            }
            const int32_t scaled = ik_multiply_by_quantized_multiplier(sum, p->multiplier, p->shift);
            out[n] = (int8_t)ik_clamp(scaled + p->output_zero_point, -128, 127);
        }
    }
}
