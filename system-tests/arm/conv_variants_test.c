// Checks every conv micro-kernel variant the CPU runs against the portable C
// variant, and the portable variant against a direct int64 computation, on
// random and edge-case convolutions, and every variant reading from and writing
// into channel slices of wider tensors (as of a concatenation) against its own
// contiguous output, and that the dispatch picks the first variant the CPU
// runs. Built from Sources/InferKernels/conv and cpu/ by run-qemu.sh.
// Prints "N passed, M failed".
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ik_conv2d.h"
#include "ik_fixed_point.h"

typedef struct {
    ik_conv2d_params shape;  // shape, zero points, activation range
    int8_t *input, *filter;
    int32_t *bias, *multiplier, *shift;
    int8_t *table;           // NULL or 256 entries
} conv_case;

static uint64_t rng_state = 0x2545F4914F6CDD1Dull;

static uint32_t next(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

static int32_t uniform(int32_t low, int32_t high) {
    return low + (int32_t)(next() % (uint32_t)(high - low + 1));
}

static int32_t output_size(int32_t input, int32_t filter, int32_t stride, int32_t dilation, int32_t padding) {
    return (input + 2 * padding - (filter - 1) * dilation - 1) / stride + 1;
}

// `extreme`: inputs and weights at their limits, zero points at the ends of int8.
// `rgb`: three input channels over rows wide enough for the SIMD pixel staging.
static conv_case make_case(int extreme, int rgb) {
    conv_case c;
    memset(&c, 0, sizeof c);
    ik_conv2d_params *s = &c.shape;
    for (;;) {
        s->batches = uniform(1, 2);
        s->input_height = uniform(1, 9);
        s->input_width = uniform(1, 21);
        s->input_depth = rgb ? 3 : uniform(1, 40);
        if (rgb) s->input_width = uniform(16, 50);
        s->output_depth = uniform(1, 40);
        s->filter_height = uniform(1, 3);
        s->filter_width = uniform(1, 3);
        s->stride_height = uniform(1, 2);
        s->stride_width = uniform(1, 2);
        s->dilation_height = uniform(1, 2);
        s->dilation_width = uniform(1, 2);
        s->padding_top = uniform(0, s->filter_height - 1);
        s->padding_left = uniform(0, s->filter_width - 1);
        s->output_height = output_size(s->input_height, s->filter_height, s->stride_height, s->dilation_height, s->padding_top);
        s->output_width = output_size(s->input_width, s->filter_width, s->stride_width, s->dilation_width, s->padding_left);
        if (s->output_height > 0 && s->output_width > 0) break;
    }
    s->input_pixel_stride = s->input_depth;
    s->input_zero_point = extreme ? (next() & 1 ? -128 : 127) : uniform(-128, 127);
    s->output_zero_point = extreme ? (next() & 1 ? -128 : 127) : uniform(-128, 127);
    // A quarter of the cases use the full int8 range, as fused SiLU convs do.
    const int full_range = next() % 4 == 0;
    s->activation_min = full_range ? -128 : uniform(-128, 0);
    s->activation_max = full_range ? 127 : uniform(0, 127);
    const size_t inputs = (size_t)s->batches * s->input_height * s->input_width * s->input_depth;
    const size_t weights = (size_t)s->output_depth * s->filter_height * s->filter_width * s->input_depth;
    c.input = malloc(inputs);
    c.filter = malloc(weights);
    for (size_t i = 0; i < inputs; i++) c.input[i] = (int8_t)(extreme ? (next() & 1 ? -128 : 127) : uniform(-128, 127));
    // Weights of -128 (outside TFLite's symmetric range, but a file may hold them) in an
    // eighth of the cases: kernels that pair products in int16 must notice.
    const int32_t lowest = next() % 8 == 0 ? -128 : -127;
    for (size_t i = 0; i < weights; i++) c.filter[i] = (int8_t)(extreme ? (next() & 1 ? lowest : 127) : uniform(lowest, 127));
    c.bias = malloc(sizeof(int32_t) * s->output_depth);
    c.multiplier = malloc(sizeof(int32_t) * s->output_depth);
    c.shift = malloc(sizeof(int32_t) * s->output_depth);
    for (int32_t o = 0; o < s->output_depth; o++) {
        c.bias[o] = uniform(-100000, 100000);
        c.multiplier[o] = (int32_t)((1u << 30) + (next() % (1u << 30)));
        c.shift[o] = uniform(-18, 1);
    }
    if (next() & 1) {
        c.table = malloc(256);
        for (int i = 0; i < 256; i++) c.table[i] = (int8_t)next();
    }
    return c;
}

static void free_case(conv_case *c) {
    free(c->input); free(c->filter); free(c->bias); free(c->multiplier); free(c->shift); free(c->table);
}

// TFLite's reference CONV_2D, straight from the definition.
static void reference(const conv_case *c, int8_t *output) {
    const ik_conv2d_params *s = &c->shape;
    size_t index = 0;
    for (int32_t b = 0; b < s->batches; b++)
    for (int32_t y = 0; y < s->output_height; y++)
    for (int32_t x = 0; x < s->output_width; x++)
    for (int32_t o = 0; o < s->output_depth; o++) {
        int32_t acc = c->bias[o];
        for (int32_t fy = 0; fy < s->filter_height; fy++)
        for (int32_t fx = 0; fx < s->filter_width; fx++) {
            const int32_t iy = y * s->stride_height - s->padding_top + fy * s->dilation_height;
            const int32_t ix = x * s->stride_width - s->padding_left + fx * s->dilation_width;
            if (iy < 0 || iy >= s->input_height || ix < 0 || ix >= s->input_width) continue;
            for (int32_t d = 0; d < s->input_depth; d++) {
                const int32_t value = c->input[(((size_t)b * s->input_height + iy) * s->input_width + ix) * s->input_depth + d];
                const int32_t weight = c->filter[(((size_t)o * s->filter_height + fy) * s->filter_width + fx) * s->input_depth + d];
                acc += (value - s->input_zero_point) * weight;
            }
        }
        int32_t q = ik_multiply_by_quantized_multiplier(acc, c->multiplier[o], c->shift[o]) + s->output_zero_point;
        q = ik_clamp(q, s->activation_min, s->activation_max);
        output[index++] = c->table ? c->table[q + 128] : (int8_t)q;
    }
}

// Packs for `variant` and runs every row, the way the engine does; output
// pixels are `pixel_stride` bytes apart (output_depth when contiguous).
static void run_variant(const conv_case *c, const ik_qs8_conv_variant *variant, int32_t pixel_stride,
                        int8_t *output) {
    ik_conv2d_params p = c->shape;
    p.output_pixel_stride = pixel_stride;
    const int32_t block = variant->channel_block;
    p.variant = variant;
    p.packed_depth = ik_conv2d_packed_depth(&p);
    p.packed_channels = (p.output_depth + block - 1) / block * block;
    int8_t *packed = malloc(ik_conv2d_packed_filter_bytes(&p));
    int32_t *folded = malloc(sizeof(int32_t) * p.packed_channels);
    int32_t *multiplier = malloc(sizeof(int32_t) * p.packed_channels);
    int32_t *left = malloc(sizeof(int32_t) * p.packed_channels);
    int32_t *right = malloc(sizeof(int32_t) * p.packed_channels);
    for (int32_t o = 0; o < p.packed_channels; o++) {
        const int real = o < p.output_depth;
        multiplier[o] = real ? c->multiplier[o] : 1 << 30;
        left[o] = real && c->shift[o] > 0 ? c->shift[o] : 0;
        right[o] = real && c->shift[o] < 0 ? -c->shift[o] : 0;
    }
    ik_conv2d_pack(&p, c->filter, c->bias, packed, folded);
    p.packed_filter = packed;
    p.folded_bias = folded;
    p.multiplier = multiplier;
    p.left_shift = left;
    p.right_shift = right;
    p.epilogue = c->table;
    void *scratch = aligned_alloc(64, (ik_conv2d_scratch_bytes(&p) + 63) / 64 * 64);
    ik_conv2d_run_rows(&p, c->input, output, scratch, 0, p.batches * p.output_height);
    free(scratch); free(packed); free(folded); free(multiplier); free(left); free(right);
}

// Runs `variant` into channels [offset, offset + output_depth) of a wider
// tensor whose other bytes hold a sentinel: the slice must equal `contiguous`
// (its own output, already checked) and nothing else may change.
static int strided_matches(const conv_case *c, const ik_qs8_conv_variant *variant, const int8_t *contiguous) {
    const ik_conv2d_params *s = &c->shape;
    // The input too, as channels [input_offset, + input_depth) of wider pixels.
    conv_case wide_input = *c;
    const int32_t input_offset = uniform(0, 9), input_stride = s->input_depth + input_offset + uniform(0, 9);
    const size_t input_pixels = (size_t)s->batches * s->input_height * s->input_width;
    int8_t *spread = malloc(input_pixels * (size_t)input_stride + 16);
    for (size_t i = 0; i < input_pixels * (size_t)input_stride + 16; i++) spread[i] = (int8_t)next();
    for (size_t i = 0; i < input_pixels; i++) {
        memcpy(spread + i * (size_t)input_stride + input_offset, c->input + i * (size_t)s->input_depth, (size_t)s->input_depth);
    }
    wide_input.input = spread + input_offset;
    wide_input.shape.input_pixel_stride = input_stride;
    const int32_t offset = uniform(0, 17), stride = s->output_depth + offset + uniform(0, 17);
    const size_t pixels = (size_t)s->batches * s->output_height * s->output_width;
    const int8_t sentinel = 0x3C;
    int8_t *wide = malloc(pixels * (size_t)stride);
    memset(wide, sentinel, pixels * (size_t)stride);
    run_variant(&wide_input, variant, stride, wide + offset);
    free(spread);
    int matches = 1;
    for (size_t i = 0; i < pixels && matches; i++) {
        const int8_t *pixel = wide + i * (size_t)stride;
        for (int32_t k = 0; k < stride; k++) {
            const int inside = k >= offset && k < offset + s->output_depth;
            const int8_t want = inside ? contiguous[i * (size_t)s->output_depth + (size_t)(k - offset)] : sentinel;
            if (pixel[k] != want) matches = 0;
        }
    }
    free(wide);
    return matches;
}

int main(int argc, char **argv) {
    const int cases = argc > 1 ? atoi(argv[1]) : 400;
    const size_t count = ik_qs8_conv_variant_count();
    const ik_qs8_conv_variant *portable = ik_qs8_conv_variant_at(count - 1);
    int passed = 0, failed = 0;
    for (size_t v = 0; v < count; v++) {
        const ik_qs8_conv_variant *variant = ik_qs8_conv_variant_at(v);
        printf("variant %-20s %s\n", variant->name, variant->is_supported() ? "runs" : "not supported by this CPU");
    }
    // cpu/cpu_features.c detects the CPU once; the best variant is the first it runs.
    size_t first = 0;
    while (!ik_qs8_conv_variant_at(first)->is_supported()) first++;
    const ik_qs8_conv_variant *best = ik_qs8_conv_best_variant();
    printf("best variant %s\n", best->name);
    if (best == ik_qs8_conv_variant_at(first)) {
        passed++;
    } else {
        failed++;
        printf("FAIL the best variant is %s, not %s\n", best->name, ik_qs8_conv_variant_at(first)->name);
    }
    for (int n = 0; n < cases; n++) {
        conv_case c = make_case(n % 5 == 4, n % 10 == 3);
        const ik_conv2d_params *s = &c.shape;
        const size_t outputs = (size_t)s->batches * s->output_height * s->output_width * s->output_depth;
        int8_t *want = malloc(outputs), *got = malloc(outputs);
        reference(&c, want);
        for (size_t v = 0; v < count; v++) {
            const ik_qs8_conv_variant *variant = ik_qs8_conv_variant_at(v);
            if (!variant->is_supported()) continue;
            memset(got, 0x5A, outputs);
            run_variant(&c, variant, s->output_depth, got);
            // The portable variant answers to the definition, the others to the portable variant.
            const int8_t *expected = want;
            if (variant != portable) {
                expected = malloc(outputs);
                run_variant(&c, portable, s->output_depth, (int8_t *)expected);
            }
            if (memcmp(got, expected, outputs) == 0) {
                passed++;
            } else {
                failed++;
                size_t first = 0;
                while (got[first] == expected[first]) first++;
                printf("FAIL %s case %d: %dx%dx%dx%d -> %d, filter %dx%d s%d/%d d%d/%d: output %zu is %d, want %d\n",
                       variant->name, n, s->batches, s->input_height, s->input_width, s->input_depth,
                       s->output_depth, s->filter_height, s->filter_width, s->stride_height, s->stride_width,
                       s->dilation_height, s->dilation_width, first, got[first], expected[first]);
            }
            if (expected != want) free((void *)expected);
            if (strided_matches(&c, variant, got)) {
                passed++;
            } else {
                failed++;
                printf("FAIL %s case %d: the output written into a channel slice differs\n", variant->name, n);
            }
        }
        free(want); free(got);
        free_case(&c);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
