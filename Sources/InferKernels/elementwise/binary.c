// Int8 ADD, SUB and MUL with TFLite's rescaling and broadcasting: results
// precomputed into tables where the operands allow, computed per element
// otherwise (by a SIMD line variant where one takes the op).
#include <stddef.h>
#include "binary_variants.h"
#include "ik_fixed_point.h"

static inline int32_t scaled_input(int32_t value, int32_t offset, int32_t left_shift, int32_t multiplier, int32_t shift) {
    return ik_multiply_by_quantized_multiplier(ik_shift_left_wrapping(offset + value, left_shift), multiplier, shift);
}

static inline int32_t add_or_sub(const ik_binary_params *p, int32_t a, int32_t b, int32_t sign) {
    const int32_t scaled1 = scaled_input(a, p->input1_offset, p->left_shift, p->input1_multiplier, p->input1_shift);
    const int32_t scaled2 = scaled_input(b, p->input2_offset, p->left_shift, p->input2_multiplier, p->input2_shift);
    return ik_multiply_by_quantized_multiplier(scaled1 + sign * scaled2, p->output_multiplier, p->output_shift);
}

static inline int32_t mul(const ik_binary_params *p, int32_t a, int32_t b) {
    const int32_t product = (p->input1_offset + a) * (p->input2_offset + b);
    return ik_multiply_by_quantized_multiplier(product, p->output_multiplier, p->output_shift);
}

static int32_t compute(const ik_binary_params *p, int32_t a, int32_t b) {
    int32_t value = 0;
    switch (p->op) {
    case IK_BINARY_ADD: value = add_or_sub(p, a, b, 1); break;
    case IK_BINARY_SUB: value = add_or_sub(p, a, b, -1); break;
    case IK_BINARY_MUL: value = mul(p, a, b); break;
    }
    return ik_clamp(value + p->output_offset, p->activation_min, p->activation_max);
}

void ik_binary_fill_table(const ik_binary_params *p, int8_t *table) {
    for (int32_t a = INT8_MIN; a <= INT8_MAX; a++) {
        for (int32_t b = INT8_MIN; b <= INT8_MAX; b++) {
            table[(a + 128) * 256 + (b + 128)] = (int8_t)compute(p, a, b);
        }
    }
}

void ik_binary_fill_rows(const ik_binary_params *p, const int8_t *row_values, int32_t rows, int8_t *table) {
    for (int32_t r = 0; r < rows; r++) {
        for (int32_t v = INT8_MIN; v <= INT8_MAX; v++) {
            const int32_t value = p->row_input == 1 ? compute(p, row_values[r], v) : compute(p, v, row_values[r]);
            table[r * 256 + (v + 128)] = (int8_t)value;
        }
    }
}

void ik_binary_fill_scaled(const ik_binary_params *p, int32_t *scaled) {
    for (int32_t v = INT8_MIN; v <= INT8_MAX; v++) {
        scaled[v + 128] = scaled_input(v, p->input1_offset, p->left_shift, p->input1_multiplier, p->input1_shift);
        scaled[256 + v + 128] = scaled_input(v, p->input2_offset, p->left_shift, p->input2_multiplier, p->input2_shift);
    }
}

// One innermost run without a table: the same arithmetic as the table's,
// per element, with the inputs' rescaled values looked up.
static void compute_line(const ik_binary_params *p, const int8_t *a, int64_t stride_a,
                         const int8_t *b, int64_t stride_b, int8_t *out, int64_t count) {
    const int32_t sign = p->op == IK_BINARY_SUB ? -1 : 1;
    for (int64_t i = 0; i < count; i++) {
        const int32_t x = a[i * stride_a], y = b[i * stride_b];
        const int32_t value = p->op == IK_BINARY_MUL
            ? mul(p, x, y)
            : ik_multiply_by_quantized_multiplier(
                  p->scaled[x + 128] + sign * p->scaled[256 + y + 128], p->output_multiplier, p->output_shift);
        out[i] = (int8_t)ik_clamp(value + p->output_offset, p->activation_min, p->activation_max);
    }
}

// One innermost run: one lookup per element, the row from `rows` (a value
// biased by `row_bias`, or a row number when it is 0), the column from `columns`.
static void run_line(const ik_binary_params *p, const int8_t *rows, int64_t row_stride, uint8_t row_bias,
                     const int8_t *columns, int64_t column_stride, int8_t *out, int64_t count) {
    const int8_t *table = p->table;
    if (row_stride == 1 && column_stride == 1) {
        for (int64_t i = 0; i < count; i++) {
            out[i] = table[(uint8_t)(rows[i] ^ row_bias) * 256 + (uint8_t)(columns[i] ^ 0x80)];
        }
    } else {
        for (int64_t i = 0; i < count; i++) {
            out[i] = table[(uint8_t)(rows[i * row_stride] ^ row_bias) * 256 + (uint8_t)(columns[i * column_stride] ^ 0x80)];
        }
    }
}

int64_t ik_binary_row_count(const ik_binary_params *p) {
    int64_t rows = 1;
    for (int k = 0; k < IK_BINARY_MAX_RANK - 1; k++) rows *= p->output_shape[k];
    return rows;
}

void ik_binary_run_rows(const ik_binary_params *p, const int8_t *input1, const int8_t *input2, int8_t *output,
                        int64_t row_begin, int64_t row_end) {
    enum { INNER = IK_BINARY_MAX_RANK - 1 };
    const int64_t *n = p->output_shape, *s1 = p->input1_strides, *s2 = p->input2_strides;
    // The outer indices of row_begin, last axis fastest, and where they point.
    int64_t index[INNER];
    int64_t rest = row_begin, offset1 = 0, offset2 = 0;
    for (int k = INNER - 1; k >= 0; k--) {
        index[k] = rest % n[k];
        rest /= n[k];
        offset1 += index[k] * s1[k];
        offset2 += index[k] * s2[k];
    }
    // The output run of the row's first element and the position in it (one
    // run in all unless the output is a slice); lines never cross runs.
    const int64_t first = row_begin * n[INNER];
    const int64_t run_bytes = p->output_row_stride != 0 ? p->output_row_bytes : INT64_MAX;
    int64_t run = first / run_bytes, within = first % run_bytes;
    // Row numbers index the table as they are; int8 values from -128 up.
    const uint8_t row_bias = p->row_input == 0 ? 0x80 : 0;
    const ik_binary_line_variant *lines =
        p->table == NULL && ik_binary_computes_lines(p) ? ik_binary_best_line_variant() : NULL;
    _Alignas(64) unsigned char line_state[IK_BINARY_LINE_STATE_SIZE];
    if (lines != NULL) lines->prepare(p, line_state);
    for (int64_t row = row_begin; row < row_end; row++) {
        int8_t *out = output + run * p->output_row_stride + within;
        if (lines != NULL) {
            lines->run_line(line_state, input1 + offset1, input2 + offset2, out, n[INNER]);
        } else if (p->table == NULL) {
            compute_line(p, input1 + offset1, s1[INNER], input2 + offset2, s2[INNER], out, n[INNER]);
        } else if (p->row_input == 2) {
            run_line(p, input2 + offset2, s2[INNER], row_bias, input1 + offset1, s1[INNER], out, n[INNER]);
        } else {
            run_line(p, input1 + offset1, s1[INNER], row_bias, input2 + offset2, s2[INNER], out, n[INNER]);
        }
        within += n[INNER];
        if (within == run_bytes) {
            within = 0;
            run++;
        }
        // The next row's indices and offsets, stepping instead of recomputing:
        // short lines (a slice's runs) would otherwise pay for it per line.
        for (int k = INNER - 1; k >= 0; k--) {
            offset1 += s1[k];
            offset2 += s2[k];
            if (++index[k] < n[k]) break;
            offset1 -= n[k] * s1[k];
            offset2 -= n[k] * s2[k];
            index[k] = 0;
        }
    }
}
