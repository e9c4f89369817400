#ifndef IK_LAYOUT_H
#define IK_LAYOUT_H
// Data movement ops on int8 tensors of rank <= IK_LAYOUT_MAX_RANK; shapes
// are left-padded with 1s to that rank.
#include <stdint.h>

#define IK_LAYOUT_MAX_RANK 6

/// Copies `input` into `output`: output[sum(index_k * output_strides[k])] =
/// input[input_offset + sum(index_k * input_strides[k])]. TRANSPOSE uses permuted
/// strides; STRIDED_SLICE uses start offset plus scaled strides. The output
/// strides are row-major, or those of a slice of a wider tensor (a
/// concatenation's output); the innermost one is 1.
typedef struct {
    int64_t output_shape[IK_LAYOUT_MAX_RANK];
    int64_t input_strides[IK_LAYOUT_MAX_RANK];  // may be negative
    int64_t input_offset;                       // element index of output[0] in the input
    int64_t output_strides[IK_LAYOUT_MAX_RANK];
} ik_gather_params;

/// The gather's independent rows (output lines, or transposed planes).
int64_t ik_gather_row_count(const ik_gather_params *params);

/// Copies rows [row_begin, row_end) of ik_gather_row_count.
void ik_gather_run_rows(const ik_gather_params *params, const int8_t *input, int8_t *output, int64_t row_begin,
                        int64_t row_end);

/// PAD: output = input surrounded by `before`/`after` elements of pad_value per axis.
typedef struct {
    int64_t input_shape[IK_LAYOUT_MAX_RANK];
    int64_t before[IK_LAYOUT_MAX_RANK];
    int64_t after[IK_LAYOUT_MAX_RANK];
    int8_t pad_value;
} ik_pad_params;

void ik_pad_run(const ik_pad_params *params, const int8_t *input, int8_t *output);

/// One CONCATENATION input: `copy_size` contiguous elements per outer index,
/// optionally requantized as TFLite's ConcatenationWithScaling does in float.
/// An input `in_place` was written into its slice of the output by its
/// producer and is skipped.
typedef struct {
    int64_t copy_size;
    int32_t in_place;
    int32_t requantize;
    float scale;  // input_scale / output_scale
    float bias;   // -input_zero_point * scale
} ik_concat_input;

typedef struct {
    int64_t outer_size;
    int32_t input_count;
    int32_t output_zero_point;
    const ik_concat_input *inputs;
} ik_concat_params;

/// Rows [row_begin, row_end) of the outer_size rows.
void ik_concat_run_rows(const ik_concat_params *params, const void *const *inputs, int8_t *output,
                        int64_t row_begin, int64_t row_end);

#endif
