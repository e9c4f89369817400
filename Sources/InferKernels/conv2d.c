#include <string.h>
#include "ik_conv2d.h"

size_t ik_conv2d_scratch_bytes(const ik_conv2d_params *params) {
    // One output row of columns, plus a tail so vector loads may overrun it.
    return (size_t)params->output_width * (size_t)params->packed_depth + 64;
}

// Copies a run of at most 16 activations as two fixed 8-byte words, XOR-ing
// the encoding in; it may read and write up to 16 bytes (the caller checks
// the source; the columns have a tail).
static inline void copy_short_run(int8_t *dst, const int8_t *src, uint64_t flips) {
    uint64_t words[2];
    memcpy(words, src, sizeof words);
    words[0] ^= flips;
    words[1] ^= flips;
    memcpy(dst, words, sizeof words);
}

// Gathers the receptive fields of output row `y` as packed_depth bytes per
// pixel. Taps outside the input read the input zero point, i.e. real zero,
// which the folded bias expects.
static void gather_row(const ik_conv2d_params *p, const int8_t *image, const int8_t *image_end, int32_t y,
                       int8_t *columns) {
    const int32_t depth = p->input_depth;
    const int32_t used = p->filter_height * p->filter_width * depth;
    void (*const encode)(int8_t *, const int8_t *, int32_t) = p->variant->encode;
    // The input zero point in the variant's encoding.
    const int8_t padding = (int8_t)(p->input_zero_point + p->variant->activation_offset);
    const uint64_t flips = (uint64_t)(uint8_t)p->variant->activation_offset * 0x0101010101010101u;
    const int contiguous = p->filter_width == 1 && p->filter_height == 1 && p->stride_width == 1
        && p->padding_left == 0 && used == p->packed_depth;
    if (contiguous) {
        // A 1x1 stride-1 row is already the GEMM operand; only the encoding changes.
        const int32_t in_y = y * p->stride_height - p->padding_top;
        if (in_y >= 0 && in_y < p->input_height && p->output_width <= p->input_width) {
            encode(columns, image + (size_t)in_y * p->input_width * depth, p->output_width * depth);
            return;
        }
    }
    for (int32_t x = 0; x < p->output_width; x++) {
        int8_t *dst = columns + (size_t)x * p->packed_depth;
        for (int32_t fy = 0; fy < p->filter_height; fy++) {
            const int32_t in_y = y * p->stride_height - p->padding_top + fy * p->dilation_height;
            const int32_t first_x = x * p->stride_width - p->padding_left;
            const int32_t last_x = first_x + (p->filter_width - 1) * p->dilation_width;
            if (p->dilation_width == 1 && in_y >= 0 && in_y < p->input_height && first_x >= 0
                && last_x < p->input_width) {
                // The row's taps are adjacent pixels: one run of filter_width * depth bytes.
                const int32_t run = p->filter_width * depth;
                const int8_t *src = image + ((size_t)in_y * p->input_width + first_x) * depth;
                // Short runs (a first layer's few channels) skip the call.
                if (run <= 16 && src + 16 <= image_end) {
                    copy_short_run(dst, src, flips);
                } else {
                    encode(dst, src, run);
                }
                dst += run;
                continue;
            }
            for (int32_t fx = 0; fx < p->filter_width; fx++) {
                const int32_t in_x = first_x + fx * p->dilation_width;
                if (in_y < 0 || in_y >= p->input_height || in_x < 0 || in_x >= p->input_width) {
                    memset(dst, padding, (size_t)depth);
                } else {
                    encode(dst, image + ((size_t)in_y * p->input_width + in_x) * depth, depth);
                }
                dst += depth;
            }
        }
        // The packed filter is zero there; any value works (at most 3 bytes).
        for (int32_t k = used; k < p->packed_depth; k++) *dst++ = 0;
    }
}

void ik_conv2d_run_rows(const ik_conv2d_params *p, const int8_t *input, int8_t *output,
                        void *scratch, int32_t row_begin, int32_t row_end) {
    int8_t *columns = (int8_t *)scratch;
    const ik_qs8_conv_variant *variant = p->variant;
    const size_t image_size = (size_t)p->input_height * p->input_width * p->input_depth;
    for (int32_t row = row_begin; row < row_end; row++) {
        const int32_t batch = row / p->output_height;
        gather_row(p, input + (size_t)batch * image_size, input + (size_t)p->batches * image_size,
                   row % p->output_height, columns);
        int8_t *out_row = output + (size_t)row * p->output_width * p->output_depth;
        // Channel tiles outside: one tile of packed filter stays in L1 while
        // the row's columns stream past it.
        for (int32_t o = 0; o < p->output_depth; o += variant->channel_tile) {
            const int32_t channels = p->output_depth - o < variant->channel_tile
                ? p->output_depth - o : variant->channel_tile;
            for (int32_t x = 0; x < p->output_width; x += variant->pixel_tile) {
                const int32_t pixels = p->output_width - x < variant->pixel_tile
                    ? p->output_width - x : variant->pixel_tile;
                variant->run(p, pixels, columns + (size_t)x * p->packed_depth, o, channels,
                             out_row + (size_t)x * p->output_depth + o);
            }
        }
    }
}
