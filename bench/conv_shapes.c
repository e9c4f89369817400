// Times every conv micro-kernel variant this CPU runs on the CONV_2D shapes
// of YOLOv8n at 640 (random data), in GMAC/s of thread CPU time, so kernel
// changes can be compared without the whole engine and without the noise of
// other processes' time slices.
// Usage: conv_shapes [repeats] [variant name or all] [shape index]
//
// Built with BASELINE_VARIANT (bench/conv-shapes.sh --against REV), it instead
// compares one variant with the same variant's file as of another revision.
#include "core_timing.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ik_conv2d.h"

typedef struct {
    int32_t height, width, depth, channels, filter, stride;
} conv_shape;

// Input size (before padding), depth, output channels, filter size, stride.
static const conv_shape shapes[] = {
    {640, 640, 3, 16, 3, 2},   {320, 320, 16, 32, 3, 2},  {160, 160, 32, 32, 1, 1},  {160, 160, 16, 16, 3, 1},
    {160, 160, 16, 16, 3, 1},  {160, 160, 48, 32, 1, 1},  {160, 160, 32, 64, 3, 2},  {80, 80, 64, 64, 1, 1},
    {80, 80, 32, 32, 3, 1},    {80, 80, 32, 32, 3, 1},    {80, 80, 32, 32, 3, 1},    {80, 80, 32, 32, 3, 1},
    {80, 80, 128, 64, 1, 1},   {80, 80, 64, 128, 3, 2},   {40, 40, 128, 128, 1, 1},  {40, 40, 64, 64, 3, 1},
    {40, 40, 64, 64, 3, 1},    {40, 40, 64, 64, 3, 1},    {40, 40, 64, 64, 3, 1},    {40, 40, 256, 128, 1, 1},
    {40, 40, 128, 256, 3, 2},  {20, 20, 256, 256, 1, 1},  {20, 20, 128, 128, 3, 1},  {20, 20, 128, 128, 3, 1},
    {20, 20, 384, 256, 1, 1},  {20, 20, 256, 128, 1, 1},  {20, 20, 512, 256, 1, 1},  {40, 40, 384, 128, 1, 1},
    {40, 40, 64, 64, 3, 1},    {40, 40, 64, 64, 3, 1},    {40, 40, 192, 128, 1, 1},  {80, 80, 192, 64, 1, 1},
    {80, 80, 32, 32, 3, 1},    {80, 80, 32, 32, 3, 1},    {80, 80, 96, 64, 1, 1},    {80, 80, 64, 64, 3, 2},
    {40, 40, 192, 128, 1, 1},  {40, 40, 64, 64, 3, 1},    {40, 40, 64, 64, 3, 1},    {40, 40, 192, 128, 1, 1},
    {40, 40, 128, 128, 3, 2},  {20, 20, 384, 256, 1, 1},  {20, 20, 128, 128, 3, 1},  {20, 20, 128, 128, 3, 1},
    {20, 20, 384, 256, 1, 1},  {20, 20, 256, 64, 3, 1},   {20, 20, 64, 64, 3, 1},    {20, 20, 64, 64, 1, 1},
    {20, 20, 256, 80, 3, 1},   {20, 20, 80, 80, 3, 1},    {20, 20, 80, 80, 1, 1},    {40, 40, 128, 64, 3, 1},
    {40, 40, 64, 64, 3, 1},    {40, 40, 64, 64, 1, 1},    {40, 40, 128, 80, 3, 1},   {40, 40, 80, 80, 3, 1},
    {40, 40, 80, 80, 1, 1},    {80, 80, 64, 64, 3, 1},    {80, 80, 64, 64, 3, 1},    {80, 80, 64, 64, 1, 1},
    {80, 80, 64, 80, 3, 1},    {80, 80, 80, 80, 3, 1},    {80, 80, 80, 80, 1, 1},
};

static uint32_t random_state = 0x9E3779B9u;

static uint32_t next_random(void) {
    random_state ^= random_state << 13;
    random_state ^= random_state >> 17;
    random_state ^= random_state << 5;
    return random_state;
}

static void *filled(size_t bytes, uint32_t modulus, int offset) {
    int8_t *p = aligned_alloc(64, (bytes + 63) / 64 * 64 + 64);
    for (size_t i = 0; i < bytes; i++) p[i] = (int8_t)((int)(next_random() % modulus) - offset);
    return p;
}

// Seconds per run of one shape, best of `repeats`, and its MACs.
static double time_shape(const ik_qs8_conv_variant *variant, const conv_shape *s, int repeats, double *macs) {
    ik_conv2d_params p;
    memset(&p, 0, sizeof p);
    const int32_t pad = s->filter / 2;
    p.batches = 1;
    p.input_height = s->height;
    p.input_width = s->width;
    p.input_depth = s->depth;
    p.input_pixel_stride = s->depth;
    p.output_height = (s->height + 2 * pad - s->filter) / s->stride + 1;
    p.output_width = (s->width + 2 * pad - s->filter) / s->stride + 1;
    p.output_depth = s->channels;
    p.output_pixel_stride = s->channels;
    p.filter_height = p.filter_width = s->filter;
    p.stride_height = p.stride_width = s->stride;
    p.dilation_height = p.dilation_width = 1;
    // TFLite's SAME padding for stride 2 puts the extra row at the end.
    p.padding_top = p.padding_left = s->stride == 2 ? 0 : pad;
    p.input_zero_point = -5;
    p.output_zero_point = 3;
    p.activation_min = -128;
    p.activation_max = 127;
    p.variant = variant;
    const int32_t reduction = s->filter * s->filter * s->depth;
    p.packed_depth = ik_conv2d_packed_depth(&p);
    p.packed_channels = (s->channels + variant->channel_block - 1) / variant->channel_block * variant->channel_block;
    int8_t *filter = filled((size_t)s->channels * reduction, 255, 127);
    int8_t *packed = aligned_alloc(64, ik_conv2d_packed_filter_bytes(&p) + 64);
    int32_t *folded = aligned_alloc(64, sizeof(int32_t) * (size_t)p.packed_channels + 64);
    int32_t *multiplier = aligned_alloc(64, sizeof(int32_t) * (size_t)p.packed_channels + 64);
    int32_t *left = calloc((size_t)p.packed_channels + 16, sizeof(int32_t));
    int32_t *right = aligned_alloc(64, sizeof(int32_t) * (size_t)p.packed_channels + 64);
    for (int32_t o = 0; o < p.packed_channels; o++) {
        multiplier[o] = (1 << 30) + next_random() % (1u << 30);
        right[o] = 8 + next_random() % 4;
    }
    ik_conv2d_pack(&p, filter, NULL, packed, folded);
    int8_t *table = filled(256, 256, 128);
    p.packed_filter = packed;
    p.folded_bias = folded;
    p.multiplier = multiplier;
    p.left_shift = left;
    p.right_shift = right;
    p.epilogue = table;
    int8_t *input = filled((size_t)s->height * s->width * s->depth, 256, 128);
    int8_t *output = aligned_alloc(64, (size_t)p.output_height * p.output_width * s->channels + 64);
    void *scratch = aligned_alloc(64, (ik_conv2d_scratch_bytes(&p) + 63) / 64 * 64);
    double best = 1e9;
    for (int r = 0; r < repeats; r++) {
        const double start = thread_seconds();
        ik_conv2d_run_rows(&p, input, output, scratch, 0, p.output_height);
        const double elapsed = thread_seconds() - start;
        if (elapsed < best) best = elapsed;
    }
    *macs = (double)p.output_height * p.output_width * s->channels * reduction;
    free(filter); free(packed); free(folded); free(multiplier); free(left); free(right);
    free(table); free(input); free(output); free(scratch);
    return best;
}

#ifdef BASELINE_VARIANT
extern const ik_qs8_conv_variant BASELINE_VARIANT;

// The two builds alternate shape by shape in one process, the best of `rounds`
// runs of each kept, so that a shared machine's drifting clock and load fall on
// both alike: separate runs of this program differ by 5 % on such machines, the
// comparison by less than 1 %.
static void compare_with_baseline(const ik_qs8_conv_variant *variant, int rounds, long shape_index) {
    double total_baseline = 0, total_variant = 0, macs;
    printf("%s against its baseline, best of %d alternating rounds\n", variant->name, rounds);
    printf("  shape (HxWxC -> O, kxk/s): baseline ms, this ms, ratio\n");
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        const conv_shape *s = &shapes[i];
        if (shape_index >= 0 && (size_t)shape_index != i) continue;
        double baseline = 1e9, current = 1e9;
        for (int r = 0; r < rounds; r++) {
            const double before = time_shape(&BASELINE_VARIANT, s, 3, &macs);
            const double after = time_shape(variant, s, 3, &macs);
            if (before < baseline) baseline = before;
            if (after < current) current = after;
        }
        total_baseline += baseline;
        total_variant += current;
        printf("  %3dx%3dx%3d -> %3d, %dx%d/%d: %7.3f, %7.3f, %.3f\n", s->height, s->width, s->depth, s->channels,
               s->filter, s->filter, s->stride, 1e3 * baseline, 1e3 * current, current / baseline);
    }
    printf("  total %.2f ms against %.2f ms: ratio %.3f\n", 1e3 * total_variant, 1e3 * total_baseline,
           total_variant / total_baseline);
}
#endif

int main(int argc, char **argv) {
    const int repeats = argc > 1 ? atoi(argv[1]) : 5;
    const char *only = argc > 2 && strcmp(argv[2], "all") != 0 ? argv[2] : NULL;
    const long shape_index = argc > 3 ? atol(argv[3]) : -1;
    for (size_t v = 0; v < ik_qs8_conv_variant_count(); v++) {
        const ik_qs8_conv_variant *variant = ik_qs8_conv_variant_at(v);
        if (!variant->is_supported() || (only && strcmp(only, variant->name) != 0)) continue;
#ifdef BASELINE_VARIANT
        compare_with_baseline(variant, repeats, shape_index);
        continue;
#endif
        double total_seconds = 0, total_macs = 0;
        printf("%s\n  shape (HxWxC -> O, kxk/s): ms, GMAC/s\n", variant->name);
        for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
            const conv_shape *s = &shapes[i];
            if (shape_index >= 0 && (size_t)shape_index != i) continue;
            double macs;
            const double seconds = time_shape(variant, s, repeats, &macs);
            total_seconds += seconds;
            total_macs += macs;
            printf("  %3dx%3dx%3d -> %3d, %dx%d/%d: %7.3f, %6.1f\n", s->height, s->width, s->depth, s->channels,
                   s->filter, s->filter, s->stride, 1e3 * seconds, macs / seconds / 1e9);
        }
        printf("  total %.2f ms, %.1f GMAC/s\n", 1e3 * total_seconds, total_macs / total_seconds / 1e9);
    }
    return 0;
}
