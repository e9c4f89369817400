#ifndef IK_BINARY_H
#define IK_BINARY_H
// Int8 ADD, SUB and MUL with TFLite's reference rescaling and broadcasting.
#include <stddef.h>
#include <stdint.h>

#define IK_BINARY_MAX_RANK 6

typedef enum { IK_BINARY_ADD, IK_BINARY_SUB, IK_BINARY_MUL } ik_binary_op;

typedef struct {
    ik_binary_op op;
    int32_t input1_offset, input2_offset;  // minus the input zero points
    int32_t output_offset;                 // the output zero point
    /// ADD/SUB: inputs are scaled by 2^left_shift and their own multipliers first.
    int32_t left_shift;
    int32_t input1_multiplier, input1_shift;
    int32_t input2_multiplier, input2_shift;
    int32_t output_multiplier, output_shift;
    int32_t activation_min, activation_max;
    /// The output shape, left-padded with 1s to IK_BINARY_MAX_RANK, and each
    /// input's element strides along it (0 where that input is broadcast).
    int64_t output_shape[IK_BINARY_MAX_RANK];
    int64_t input1_strides[IK_BINARY_MAX_RANK];
    int64_t input2_strides[IK_BINARY_MAX_RANK];
    /// When output_row_stride is not 0, the output is a slice of a wider
    /// tensor (a concatenation's): runs of output_row_bytes elements (a
    /// multiple of the innermost length), output_row_stride apart.
    int64_t output_row_bytes, output_row_stride;
    /// 0: `table` holds IK_BINARY_TABLE_SIZE results from ik_binary_fill_table.
    /// 1 or 2: that input is a constant rewritten as row numbers, and `table`
    /// holds one row of 256 results per distinct constant value
    /// (ik_binary_fill_rows).
    int32_t row_input;
    /// NULL: no table, each element is computed: by the best line variant
    /// where ik_binary_computes_lines says it takes the op, otherwise in C,
    /// where ADD and SUB look up each input's rescaled value in `scaled`
    /// (ik_binary_fill_scaled).
    const int8_t *table;
    const int32_t *scaled;
} ik_binary_params;

/// Every (input1, input2) pair of int8 values.
#define IK_BINARY_TABLE_SIZE 65536

/// table[(a + 128) * 256 + (b + 128)] = the op's clamped int8 result for a and
/// b: the rescaling runs once per pair at load instead of once per element.
void ik_binary_fill_table(const ik_binary_params *params, int8_t *table);

/// table[r * 256 + (v + 128)] = the result for row_values[r] as input
/// `params->row_input` and v as the other input, for r < rows: a constant
/// operand with few distinct values (the head's strides, a scalar) needs
/// that many rows, not 256.
void ik_binary_fill_rows(const ik_binary_params *params, const int8_t *row_values, int32_t rows, int8_t *table);

/// For an op without a table: scaled[a + 128] and scaled[256 + b + 128], each
/// input's value rescaled as ADD and SUB do before the sum (IK_BINARY_SCALED_SIZE
/// entries; MUL needs none).
#define IK_BINARY_SCALED_SIZE 512
void ik_binary_fill_scaled(const ik_binary_params *params, int32_t *scaled);

/// Bytes a line variant's prepared constants may take (64-byte aligned).
#define IK_BINARY_LINE_STATE_SIZE 4096

/// One way to compute a line of an op without a table (all give the table's
/// bytes), and its CPU requirement.
typedef struct {
    const char *name;
    /// Writes the op's constants in the variant's form into `state`, once
    /// for many lines.
    void (*prepare)(const ik_binary_params *params, void *state);
    /// `count` elements of two inputs read contiguously (inner strides 1).
    void (*run_line)(const void *state, const int8_t *input1, const int8_t *input2, int8_t *output, int64_t count);
    int (*is_supported)(void);
} ik_binary_line_variant;

/// Line variants compiled for this architecture, fastest first (for the tests).
size_t ik_binary_line_variant_count(void);
const ik_binary_line_variant *ik_binary_line_variant_at(size_t index);

/// Whether a line variant this CPU runs computes the op's lines (both inputs
/// contiguous along the innermost axis, no table rows): then it needs no
/// table, being faster than one lookup per element.
int ik_binary_computes_lines(const ik_binary_params *params);

/// Lines of the output (all axes but the innermost), which split over threads.
int64_t ik_binary_row_count(const ik_binary_params *params);

/// Computes output lines [row_begin, row_end).
void ik_binary_run_rows(const ik_binary_params *params, const int8_t *input1, const int8_t *input2, int8_t *output,
                        int64_t row_begin, int64_t row_end);

#endif
