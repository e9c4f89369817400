// Strided int8 copies (TRANSPOSE, STRIDED_SLICE): contiguous runs, or
// 16 × 16 byte tiles when the copy transposes the innermost axis.
#include <string.h>
#include "copy_run.h"
#include "ik_layout.h"

// Output axes that the loops walk one index at a time: all but the innermost,
// and, when the innermost axis is strided in the input, all but the innermost
// and the axis the input stores contiguously (a transpose: those two are
// copied in square tiles).
typedef struct {
    int tiled;            // whether `contiguous` and the innermost axis form tiles
    int contiguous;       // the output axis with input stride 1, when tiled
} gather_plan;

static gather_plan make_plan(const ik_gather_params *p) {
    gather_plan plan = {0, 0};
    const int inner = IK_LAYOUT_MAX_RANK - 1;
    if (p->input_strides[inner] != 1 && p->output_shape[inner] >= 16) {
        for (int k = inner - 1; k >= 0; k--) {
            if (p->input_strides[k] == 1 && p->output_shape[k] >= 16) {
                plan.tiled = 1;
                plan.contiguous = k;
                break;
            }
        }
    }
    return plan;
}

static int walks(const gather_plan *plan, int axis) {
    return axis != IK_LAYOUT_MAX_RANK - 1 && !(plan->tiled && axis == plan->contiguous);
}

int64_t ik_gather_row_count(const ik_gather_params *p) {
    const gather_plan plan = make_plan(p);
    int64_t rows = 1;
    for (int k = 0; k < IK_LAYOUT_MAX_RANK; k++) {
        if (walks(&plan, k)) rows *= p->output_shape[k];
    }
    return rows;
}

typedef int8_t bytes16 __attribute__((vector_size(16)));

// Transposes a 16 × 16 byte tile in place: four rounds of pairing row i with
// row i + 8 and interleaving their bytes (a perfect shuffle of the row and
// column index bits each round).
static void transpose_tile(bytes16 rows[16]) {
    for (int round = 0; round < 4; round++) {
        bytes16 next[16];
        for (int i = 0; i < 8; i++) {
            next[2 * i] = __builtin_shufflevector(rows[i], rows[i + 8], 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21,
                                                  6, 22, 7, 23);
            next[2 * i + 1] = __builtin_shufflevector(rows[i], rows[i + 8], 8, 24, 9, 25, 10, 26, 11, 27, 12, 28,
                                                      13, 29, 14, 30, 15, 31);
        }
        memcpy(rows, next, sizeof next);
    }
}

// out[a * out_stride + b] = in[a + b * in_stride] for a < rows, b < columns.
static void transpose_plane(int8_t *out, int64_t out_stride, const int8_t *in, int64_t in_stride, int64_t rows,
                            int64_t columns) {
    int64_t a = 0;
    for (; a + 16 <= rows; a += 16) {
        int64_t b = 0;
        for (; b + 16 <= columns; b += 16) {
            bytes16 tile[16];
            for (int t = 0; t < 16; t++) memcpy(&tile[t], in + a + (b + t) * in_stride, 16);
            transpose_tile(tile);
            for (int t = 0; t < 16; t++) memcpy(out + (a + t) * out_stride + b, &tile[t], 16);
        }
        for (; b < columns; b++) {
            for (int64_t t = a; t < a + 16; t++) out[t * out_stride + b] = in[t + b * in_stride];
        }
    }
    for (; a < rows; a++) {
        for (int64_t b = 0; b < columns; b++) out[a * out_stride + b] = in[a + b * in_stride];
    }
}

void ik_gather_run_rows(const ik_gather_params *p, const int8_t *input, int8_t *output, int64_t row_begin,
                        int64_t row_end) {
    const gather_plan plan = make_plan(p);
    const int inner = IK_LAYOUT_MAX_RANK - 1;
    const int64_t *n = p->output_shape, *s = p->input_strides;
    // The walked axes' indices of row_begin, last axis fastest.
    int64_t index[IK_LAYOUT_MAX_RANK] = {0};
    int64_t rest = row_begin;
    for (int k = inner; k >= 0; k--) {
        if (!walks(&plan, k)) continue;
        index[k] = rest % n[k];
        rest /= n[k];
    }
    // The last walked axis: consecutive rows along it only move the pointers.
    int last = inner - 1;
    while (last > 0 && !walks(&plan, last)) last--;
    for (int64_t row = row_begin; row < row_end;) {
        int64_t in_offset = p->input_offset, out_offset = 0;
        for (int k = 0; k < IK_LAYOUT_MAX_RANK; k++) {
            in_offset += index[k] * s[k];
            out_offset += index[k] * p->output_strides[k];
        }
        const int8_t *in = input + in_offset;
        int8_t *out = output + out_offset;
        const int64_t span = n[last] - index[last] < row_end - row ? n[last] - index[last] : row_end - row;
        for (int64_t t = 0; t < span; t++, in += s[last], out += p->output_strides[last]) {
            if (plan.tiled) {
                transpose_plane(out, p->output_strides[plan.contiguous], in, s[inner], n[plan.contiguous], n[inner]);
            } else if (s[inner] == 1) {
                ik_copy_run(out, in, n[inner]);
            } else {
                for (int64_t i = 0; i < n[inner]; i++) out[i] = in[i * s[inner]];
            }
        }
        row += span;
        index[last] += span;
        for (int k = last; k > 0 && index[k] == n[k]; ) {
            index[k] = 0;
            do k--; while (k > 0 && !walks(&plan, k));
            if (walks(&plan, k)) index[k]++;
        }
    }
}
