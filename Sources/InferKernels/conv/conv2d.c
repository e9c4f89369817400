// CONV_2D rows: stages each output row's activations in the chosen variant's
// encoding (input rows read in place from a ring, or gathered columns) and
// runs the variant's micro-kernel over pixel × channel tiles.
#include <string.h>
#include "conv2d_staging.h"

// Channels per pixel in a staged row: the input's, or rounded up to a
// multiple of 4 so that filter rows become whole quads, if that adds at most a third.
static int32_t staged_depth(const ik_conv2d_params *p) {
    if ((p->filter_width * p->input_depth) % 4 == 0) return p->input_depth;
    const int32_t padded = (p->input_depth + 3) / 4 * 4;
    return 3 * padded <= 4 * p->input_depth ? padded : p->input_depth;
}

// Whether the input rows can be read in place (see ik_conv2d.h): each filter
// row's taps must be one run of whole quads, and the filter rows of one
// output row must be distinct rows of the ring.
static int reads_rows_in_place(const ik_conv2d_params *p) {
    return p->dilation_width == 1 && p->dilation_height == 1 && p->filter_height <= IK_CONV2D_MAX_SEGMENTS
        && (p->filter_width * staged_depth(p)) % 4 == 0;
}

int32_t ik_conv2d_tap_depth(const ik_conv2d_params *p) {
    return reads_rows_in_place(p) ? staged_depth(p) : p->input_depth;
}

int32_t ik_conv2d_packed_depth(const ik_conv2d_params *p) {
    return (p->filter_height * p->filter_width * ik_conv2d_tap_depth(p) + 3) / 4 * 4;
}

// Pixels of one staged row: the left padding, the input, and whatever the
// last window reaches past it.
static int32_t staged_row_pixels(const ik_conv2d_params *p) {
    const int32_t reach = (p->output_width - 1) * p->stride_width + p->filter_width;
    const int32_t stored = p->padding_left + p->input_width;
    return reach > stored ? reach : stored;
}

static size_t staged_row_bytes(const ik_conv2d_params *p) {
    return ((size_t)staged_row_pixels(p) * (size_t)staged_depth(p) + 63) / 64 * 64;
}

size_t ik_conv2d_scratch_bytes(const ik_conv2d_params *params) {
    if (reads_rows_in_place(params)) {
        // The ring, plus one row of padding for taps above or below the input.
        return (size_t)(params->filter_height + 1) * staged_row_bytes(params);
    }
    // One output row of columns, plus a tail so vector loads may overrun it.
    return (size_t)params->output_width * (size_t)params->packed_depth + 64;
}

// The input zero point in the variant's encoding: real zero, which the folded bias expects.
static int8_t encoded_padding(const ik_conv2d_params *p) {
    return (int8_t)(p->input_zero_point + p->variant->activation_offset);
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
// pixel. Taps outside the input read the encoded zero point.
static void gather_row(const ik_conv2d_params *p, const int8_t *image, const int8_t *image_end, int32_t y,
                       int8_t *columns) {
    const int32_t depth = p->input_depth;
    const int32_t used = p->filter_height * p->filter_width * depth;
    void (*const encode)(int8_t *, const int8_t *, int32_t) = p->variant->encode;
    const int8_t padding = encoded_padding(p);
    const uint64_t flips = (uint64_t)(uint8_t)p->variant->activation_offset * 0x0101010101010101u;
    for (int32_t x = 0; x < p->output_width; x++) {
        int8_t *dst = columns + (size_t)x * p->packed_depth;
        for (int32_t fy = 0; fy < p->filter_height; fy++) {
            const int32_t in_y = y * p->stride_height - p->padding_top + fy * p->dilation_height;
            const int32_t first_x = x * p->stride_width - p->padding_left;
            const int32_t last_x = first_x + (p->filter_width - 1) * p->dilation_width;
            if (p->dilation_width == 1 && p->input_pixel_stride == depth && in_y >= 0 && in_y < p->input_height
                && first_x >= 0 && last_x < p->input_width) {
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
                    encode(dst, image + ((size_t)in_y * p->input_width + in_x) * p->input_pixel_stride, depth);
                }
                dst += depth;
            }
        }
        // The packed filter is zero there; any value works (at most 3 bytes).
        for (int32_t k = used; k < p->packed_depth; k++) *dst++ = 0;
    }
}

// Multiplies one staged output row by the filter, channel tiles outside: one
// tile of packed filter stays in L1 while the row's pixels stream past it.
static void multiply_row(const ik_conv2d_params *p, ik_conv2d_operand *activations, int8_t *out_row) {
    const ik_qs8_conv_variant *variant = p->variant;
    const int8_t *first_pixel[IK_CONV2D_MAX_SEGMENTS];
    memcpy(first_pixel, activations->start, sizeof first_pixel);
    for (int32_t o = 0, channels = 0; o < p->output_depth; o += channels) {
        const int32_t remaining = p->output_depth - o;
        channels = remaining <= variant->last_channel_tile ? remaining : variant->channel_tile;
        const int32_t tile = channels <= variant->channel_block && variant->one_block_pixel_tile > 0
            ? variant->one_block_pixel_tile : variant->pixel_tile;
        for (int32_t x = 0; x < p->output_width; x += tile) {
            const int32_t pixels = p->output_width - x < tile ? p->output_width - x : tile;
            for (int32_t s = 0; s < activations->count; s++) {
                activations->start[s] = first_pixel[s] + (size_t)x * activations->pixel_step;
            }
            variant->run(p, pixels, activations, o, channels, out_row + (size_t)x * p->output_pixel_stride + o);
        }
    }
}

static void run_rows_gathered(const ik_conv2d_params *p, const int8_t *input, int8_t *output, void *scratch,
                              int32_t row_begin, int32_t row_end) {
    int8_t *columns = (int8_t *)scratch;
    const size_t image_size = (size_t)p->input_height * p->input_width * p->input_pixel_stride;
    ik_conv2d_operand activations = {{columns}, 1, p->packed_depth, p->packed_depth};
    for (int32_t row = row_begin; row < row_end; row++) {
        const int32_t batch = row / p->output_height;
        gather_row(p, input + (size_t)batch * image_size, input + (size_t)p->batches * image_size,
                   row % p->output_height, columns);
        activations.start[0] = columns;
        multiply_row(p, &activations, output + (size_t)row * p->output_width * p->output_pixel_stride);
    }
}

// Encodes one input row into a staged row, with its padding (padding
// channels hold the zero point too; the packed filter is zero there).
static void stage_row(const ik_conv2d_params *p, const int8_t *source, int8_t *row) {
    const size_t depth = (size_t)staged_depth(p);
    const size_t left = (size_t)p->padding_left * depth, stored = (size_t)p->input_width * depth;
    const int8_t padding = encoded_padding(p);
    memset(row, padding, left);
    if (p->input_pixel_stride != p->input_depth) {
        // A slice of a wider tensor: pixel by pixel.
        for (int32_t x = 0; x < p->input_width; x++) {
            int8_t *staged = row + left + (size_t)x * depth;
            const int8_t *pixel = source + (size_t)x * p->input_pixel_stride;
            if (depth == (size_t)p->input_depth) {
                p->variant->encode(staged, pixel, p->input_depth);
            } else {
                p->variant->encode_pixels(staged, pixel, 1, p->input_depth, (int32_t)depth, padding);
            }
        }
    } else if (depth == (size_t)p->input_depth) {
        p->variant->encode(row + left, source, (int32_t)stored);
    } else {
        p->variant->encode_pixels(row + left, source, p->input_width, p->input_depth, (int32_t)depth, padding);
    }
    memset(row + left + stored, padding, (size_t)staged_row_pixels(p) * depth - left - stored);
}

static void run_rows_in_place(const ik_conv2d_params *p, const int8_t *input, int8_t *output, void *scratch,
                              int32_t row_begin, int32_t row_end) {
    const size_t row_bytes = staged_row_bytes(p);
    int8_t *ring = (int8_t *)scratch;
    int8_t *padding_row = ring + (size_t)p->filter_height * row_bytes;
    memset(padding_row, encoded_padding(p), row_bytes);
    // Which input row (batch * input_height + y) each ring slot holds.
    int64_t held[IK_CONV2D_MAX_SEGMENTS];
    for (int32_t s = 0; s < p->filter_height; s++) held[s] = -1;
    const size_t input_row_size = (size_t)p->input_width * p->input_pixel_stride;
    const int32_t depth = staged_depth(p);
    ik_conv2d_operand activations = {{0}, p->filter_height, p->filter_width * depth, p->stride_width * depth};
    for (int32_t row = row_begin; row < row_end; row++) {
        const int32_t batch = row / p->output_height, y = row % p->output_height;
        for (int32_t fy = 0; fy < p->filter_height; fy++) {
            const int32_t in_y = y * p->stride_height - p->padding_top + fy;
            if (in_y < 0 || in_y >= p->input_height) {
                activations.start[fy] = padding_row;
                continue;
            }
            // Consecutive input rows take consecutive slots, so one output
            // row's filter rows never share a slot.
            const int64_t key = (int64_t)batch * p->input_height + in_y;
            int8_t *slot = ring + (size_t)(key % p->filter_height) * row_bytes;
            if (held[key % p->filter_height] != key) {
                stage_row(p, input + (size_t)key * input_row_size, slot);
                held[key % p->filter_height] = key;
            }
            activations.start[fy] = slot;
        }
        multiply_row(p, &activations, output + (size_t)row * p->output_width * p->output_pixel_stride);
    }
}

void ik_conv2d_run_rows(const ik_conv2d_params *p, const int8_t *input, int8_t *output,
                        void *scratch, int32_t row_begin, int32_t row_end) {
    if (reads_rows_in_place(p)) {
        run_rows_in_place(p, input, output, scratch, row_begin, row_end);
    } else {
        run_rows_gathered(p, input, output, scratch, row_begin, row_end);
    }
}
