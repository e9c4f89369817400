// AVX-512 VNNI micro-kernel: 8 pixels × two 16-channel blocks (three for a
// row's last 48 channels) with vpdpbusd (u8 × s8: the staged activations
// carry +128, folded into the bias at pack time). When one block covers a
// call's channels it takes 16 pixels, so that 16 accumulators, not 8, hide
// vpdpbusd's latency.
// The accumulators start at the folded bias. The output stage stays in
// vectors and works on four accumulator vectors at a time: they are
// requantized, narrowed together into one vector of 64 bytes, and clamped
// and looked up (VBMI two-source byte permutes) as one.
#if defined(__x86_64__)
#include <immintrin.h>
#include "qs8_conv_requantize.h"
#include "../fixed_point/rescale16_avx512.h"
#include "qs8_conv_variants.h"

#define AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni,avx512vbmi")))

enum { PIXEL_TILE = 8, HALF_TILE = 4, ONE_BLOCK_TILE = 16, CHANNEL_BLOCK = 16, MAX_BLOCKS = 3 };

// Copies activations as uint8 (XOR 0x80 adds 128), 64 at a time; the last
// partial chunk goes through a byte mask instead of a scalar tail.
AVX512 static void encode(int8_t *columns, const int8_t *activations, int32_t count) {
    const __m512i flip = _mm512_set1_epi8((char)0x80);
    int32_t c = 0;
    for (; c + 64 <= count; c += 64) {
        _mm512_storeu_si512(columns + c, _mm512_xor_si512(_mm512_loadu_si512(activations + c), flip));
    }
    if (c < count) {
        const __mmask64 tail = ((__mmask64)1 << (count - c)) - 1;
        _mm512_mask_storeu_epi8(columns + c, tail, _mm512_xor_si512(_mm512_maskz_loadu_epi8(tail, activations + c), flip));
    }
}

// RGB pixels (3 → 4 channels), 16 at a time: one two-source byte permute
// spreads 48 bytes over 64 and fills every fourth with the padding.
AVX512 static void encode_pixels(int8_t *staged, const int8_t *activations, int32_t pixels, int32_t depth,
                                 int32_t staged_depth, int8_t padding) {
    int32_t x = 0;
    if (depth == 3 && staged_depth == 4) {
        // Index 64 + j picks byte j of the second source, all padding bytes.
        const __m512i spread = _mm512_set_epi8(
            64, 47, 46, 45, 64, 44, 43, 42, 64, 41, 40, 39, 64, 38, 37, 36, 64, 35, 34, 33, 64, 32, 31, 30,
            64, 29, 28, 27, 64, 26, 25, 24, 64, 23, 22, 21, 64, 20, 19, 18, 64, 17, 16, 15, 64, 14, 13, 12,
            64, 11, 10, 9, 64, 8, 7, 6, 64, 5, 4, 3, 64, 2, 1, 0);
        const __m512i fill = _mm512_set1_epi8((char)(padding ^ (int8_t)0x80));
        const __m512i flip = _mm512_set1_epi8((char)0x80);
        for (; x + 16 <= pixels; x += 16, staged += 64, activations += 48) {
            const __m512i source = _mm512_maskz_loadu_epi8(((__mmask64)1 << 48) - 1, activations);
            _mm512_storeu_si512(staged, _mm512_xor_si512(_mm512_permutex2var_epi8(source, spread, fill), flip));
        }
    }
    ik_qs8_encode_pixels(staged, activations, pixels - x, depth, staged_depth, padding, 128);
}

/// Channels o ... o + 15, one per lane.
AVX512 static inline ik_rescale16 load_constants(const ik_conv2d_params *p, int32_t o) {
    return ik_rescale16_make(_mm512_loadu_si512(p->multiplier + o), _mm512_loadu_si512(p->left_shift + o),
                             _mm512_loadu_si512(p->right_shift + o));
}

/// Channel o in every lane.
AVX512 static inline ik_rescale16 broadcast_constants(const ik_conv2d_params *p, int32_t o) {
    return ik_rescale16_make(_mm512_set1_epi32(p->multiplier[o]), _mm512_set1_epi32(p->left_shift[o]),
                             _mm512_set1_epi32(p->right_shift[o]));
}

/// What turns requantized values into output bytes, loaded once per call.
typedef struct {
    __m512i zero_point;  // int16 lanes
    __m512i low, high;   // int8 lanes; used unless the range is all of int8
    int clamps;
    int looks_up;
    __m512i quarter[4];  // the fused 256-entry table in four 64-byte quarters
    __m512i order;       // dword permutation undoing the packs' lane interleave
} output_stage;

AVX512 static inline output_stage load_output_stage(const ik_conv2d_params *p) {
    output_stage s;
    s.zero_point = _mm512_set1_epi16((int16_t)p->output_zero_point);
    s.low = _mm512_set1_epi8((char)p->activation_min);
    s.high = _mm512_set1_epi8((char)p->activation_max);
    s.clamps = p->activation_min != INT8_MIN || p->activation_max != INT8_MAX;
    s.looks_up = p->epilogue != NULL;
    for (int q = 0; q < 4; q++) {
        s.quarter[q] = s.looks_up ? _mm512_loadu_si512(p->epilogue + 64 * q) : _mm512_setzero_si512();
    }
    // After the packs, 128-bit lane l holds dwords [a_l, b_l, c_l, d_l]
    // (dword v_l: four values of vector v); put vector v's four dwords first.
    s.order = _mm512_set_epi32(15, 11, 7, 3, 14, 10, 6, 2, 13, 9, 5, 1, 12, 8, 4, 0);
    return s;
}

// The int8 outputs of four requantized vectors, as 16 bytes of a, then b, c, d.
// The zero point is added with int16 saturation, which keeps every value
// that int8 saturation then clamps on the same side of the int8 range.
AVX512 static inline __m512i narrow(__m512i a, __m512i b, __m512i c, __m512i d, const output_stage *s) {
    const __m512i ab = _mm512_adds_epi16(_mm512_packs_epi32(a, b), s->zero_point);
    const __m512i cd = _mm512_adds_epi16(_mm512_packs_epi32(c, d), s->zero_point);
    __m512i bytes = _mm512_packs_epi16(ab, cd);
    if (s->clamps) bytes = _mm512_min_epi8(_mm512_max_epi8(bytes, s->low), s->high);
    if (s->looks_up) {
        // Index = value + 128; bit 7 picks the upper 128 entries.
        const __m512i index = _mm512_xor_si512(bytes, _mm512_set1_epi8((char)0x80));
        const __m512i lower = _mm512_permutex2var_epi8(s->quarter[0], index, s->quarter[1]);
        const __m512i upper = _mm512_permutex2var_epi8(s->quarter[2], index, s->quarter[3]);
        bytes = _mm512_mask_blend_epi8(_mm512_movepi8_mask(index), lower, upper);
    }
    return _mm512_permutexvar_epi32(s->order, bytes);
}

// Every segment's products, from the bias on. The sums stay in registers
// across segments and go to `acc` once, for the stores: copying them in and
// out per segment (three times in a 3x3 convolution) cost 1.5-4.9 % of the
// model's convolution time on Zen 4, 5-15 % in its small-K shapes
// (docs/measurements.md, "AMD Zen 4 (session 15)").
AVX512 __attribute__((always_inline)) static inline void accumulate(
    __m512i acc[MAX_BLOCKS][ONE_BLOCK_TILE], const ik_conv2d_params *p, const ik_conv2d_operand *activations,
    int32_t pixels, int32_t channel_begin, const int8_t *w, size_t block_stride, const int blocks, const int tile) {
    __m512i sums[MAX_BLOCKS][ONE_BLOCK_TILE];
    for (int b = 0; b < blocks; b++) {
        const __m512i bias = _mm512_loadu_si512(p->folded_bias + channel_begin + b * CHANNEL_BLOCK);
        for (int32_t i = 0; i < tile; i++) sums[b][i] = bias;
    }
    for (int32_t s = 0; s < activations->count; s++) {
        const int8_t *a[ONE_BLOCK_TILE];
        ik_conv2d_segment_rows(activations, s, pixels, tile, a);
        for (int32_t k = 0; k < activations->length; k += 4, w += 4 * CHANNEL_BLOCK) {
            __m512i weights[MAX_BLOCKS];
            for (int b = 0; b < blocks; b++) weights[b] = _mm512_loadu_si512(w + b * block_stride);
            for (int32_t i = 0; i < tile; i++) {
                const __m512i x = _mm512_set1_epi32(ik_load_quad(a[i] + k));
                for (int b = 0; b < blocks; b++) sums[b][i] = _mm512_dpbusd_epi32(sums[b][i], x, weights[b]);
            }
        }
    }
    for (int b = 0; b < blocks; b++) {
        for (int32_t i = 0; i < tile; i++) acc[b][i] = sums[b][i];
    }
}

// Two blocks: pixels i and i+1 narrow together and store 32 channels each.
AVX512 static inline void store_two_blocks(const ik_conv2d_params *p, const __m512i *first_acc,
                                           const __m512i *second_acc, int32_t pixels, int32_t channel_begin,
                                           int32_t channels, int8_t *output) {
    const ik_rescale16 first = load_constants(p, channel_begin);
    const ik_rescale16 second = load_constants(p, channel_begin + CHANNEL_BLOCK);
    const output_stage stage = load_output_stage(p);
    const __mmask32 stored = (__mmask32)(((uint64_t)1 << channels) - 1);
    for (int32_t i = 0; i < pixels; i += 2) {
        const __m512i bytes = narrow(
            ik_rescale16_apply(first_acc[i], &first), ik_rescale16_apply(second_acc[i], &second),
            ik_rescale16_apply(first_acc[i + 1], &first), ik_rescale16_apply(second_acc[i + 1], &second), &stage);
        int8_t *out = output + (size_t)i * p->output_pixel_stride;
        _mm256_mask_storeu_epi8(out, stored, _mm512_castsi512_si256(bytes));
        if (i + 1 < pixels) _mm256_mask_storeu_epi8(out + p->output_pixel_stride, stored, _mm512_extracti64x4_epi64(bytes, 1));
    }
}

// One block: four pixels narrow together and store 16 channels each.
AVX512 static inline void store_one_block(const ik_conv2d_params *p, const __m512i *acc, int32_t pixels,
                                          int32_t channel_begin, int32_t channels, int8_t *output) {
    const ik_rescale16 constants = load_constants(p, channel_begin);
    const output_stage stage = load_output_stage(p);
    const __mmask16 stored = (__mmask16)((1u << channels) - 1);
    for (int32_t i = 0; i < pixels; i += 4) {
        const __m512i bytes = narrow(
            ik_rescale16_apply(acc[i], &constants), ik_rescale16_apply(acc[i + 1], &constants),
            ik_rescale16_apply(acc[i + 2], &constants), ik_rescale16_apply(acc[i + 3], &constants), &stage);
        int8_t *out = output + (size_t)i * p->output_pixel_stride;
        _mm_mask_storeu_epi8(out, stored, _mm512_castsi512_si128(bytes));
        if (i + 1 < pixels) _mm_mask_storeu_epi8(out + p->output_pixel_stride, stored, _mm512_extracti32x4_epi32(bytes, 1));
        if (i + 2 < pixels) _mm_mask_storeu_epi8(out + 2 * p->output_pixel_stride, stored, _mm512_extracti32x4_epi32(bytes, 2));
        if (i + 3 < pixels) _mm_mask_storeu_epi8(out + 3 * p->output_pixel_stride, stored, _mm512_extracti32x4_epi32(bytes, 3));
    }
}

// One to three channel blocks of `tile` pixels (constants after inlining):
// the blocks share each activation broadcast; up to 24 accumulators in flight.
AVX512 __attribute__((always_inline)) static inline void run_blocks(
    const ik_conv2d_params *p, int32_t pixels, const ik_conv2d_operand *activations, int32_t channel_begin,
    int32_t channels, int8_t *output, const int blocks, const int tile) {
    // Packed group k/4 of a block: 16 channels × 4 depth values = 64 bytes at offset 16k.
    const int8_t *w = p->packed_filter + (size_t)channel_begin * p->packed_depth;
    const size_t block_stride = (size_t)CHANNEL_BLOCK * p->packed_depth;
    __m512i acc[MAX_BLOCKS][ONE_BLOCK_TILE];
    accumulate(acc, p, activations, pixels, channel_begin, w, block_stride, blocks, tile);
    if (blocks == 1) {
        store_one_block(p, acc[0], pixels, channel_begin, channels, output);
        return;
    }
    const int32_t paired = channels < 2 * CHANNEL_BLOCK ? channels : 2 * CHANNEL_BLOCK;
    store_two_blocks(p, acc[0], acc[1], pixels, channel_begin, paired, output);
    if (blocks == 3) {
        store_one_block(p, acc[2], pixels, channel_begin + paired, channels - paired, output + paired);
    }
}

// One output channel of 16 taps per pixel, read contiguously (YOLOv8's DFL
// convolution, 16 → 1): lanes hold pixels instead of channels, where the
// channel blocks would compute 16 channels to keep one. Each 128-bit lane of a
// VPDPBUSD takes one pixel's 16 taps against the channel's 16 weights, so four
// pixels share a vector; each pixel's four partial sums are then added
// across its lane.
static int takes_one_channel(const ik_conv2d_operand *activations, int32_t channels) {
    return channels == 1 && activations->count == 1 && activations->length == 16 && activations->pixel_step == 16;
}

AVX512 static void run_one_channel(const ik_conv2d_params *p, int32_t pixels, const ik_conv2d_operand *activations,
                                   int32_t channel, int8_t *output) {
    // Taps 4g ... 4g + 3 of the block's first channel are the first four bytes of group g.
    const int8_t *w = p->packed_filter + (size_t)channel * p->packed_depth;
    const __m512i weights = _mm512_broadcast_i32x4(
        _mm_set_epi32(ik_load_quad(w + 192), ik_load_quad(w + 128), ik_load_quad(w + 64), ik_load_quad(w)));
    // Vector v holds pixels 4v ... 4v + 3, one per 128-bit lane.
    __m512i partial[4];
    for (int v = 0; v < 4; v++) {
        const int32_t present = pixels - 4 * v < 0 ? 0 : (pixels - 4 * v > 4 ? 4 : pixels - 4 * v);
        const __mmask64 bytes = present == 4 ? ~(__mmask64)0 : ((__mmask64)1 << (16 * present)) - 1;
        const __m512i taps = _mm512_maskz_loadu_epi8(bytes, activations->start[0] + 64 * v);
        partial[v] = _mm512_dpbusd_epi32(_mm512_setzero_si512(), taps, weights);
    }
    // Sums of each lane's four dwords; dword 4l + v is then pixel 4v + l.
    const __m512i s01 = _mm512_add_epi32(_mm512_unpacklo_epi32(partial[0], partial[1]),
                                         _mm512_unpackhi_epi32(partial[0], partial[1]));
    const __m512i s23 = _mm512_add_epi32(_mm512_unpacklo_epi32(partial[2], partial[3]),
                                         _mm512_unpackhi_epi32(partial[2], partial[3]));
    const __m512i lanes = _mm512_add_epi32(_mm512_unpacklo_epi64(s01, s23), _mm512_unpackhi_epi64(s01, s23));
    const __m512i pixel_order = _mm512_set_epi32(15, 11, 7, 3, 14, 10, 6, 2, 13, 9, 5, 1, 12, 8, 4, 0);
    const __m512i sums = _mm512_add_epi32(_mm512_permutexvar_epi32(pixel_order, lanes),
                                          _mm512_set1_epi32(p->folded_bias[channel]));
    const ik_rescale16 constants = broadcast_constants(p, channel);
    const output_stage stage = load_output_stage(p);
    const __m512i value = ik_rescale16_apply(sums, &constants);
    const __m128i bytes = _mm512_castsi512_si128(narrow(value, value, value, value, &stage));
    if (p->output_pixel_stride == 1) {
        _mm_mask_storeu_epi8(output, (__mmask16)((1u << pixels) - 1), bytes);
    } else {
        int8_t out[16];
        _mm_storeu_si128((__m128i *)out, bytes);
        for (int32_t i = 0; i < pixels; i++) output[(size_t)i * p->output_pixel_stride] = out[i];
    }
}

// A row's last few pixels (a 20-pixel row is 8 + 8 + 4) take half a tile
// rather than computing a whole one.
AVX512 static void run(const ik_conv2d_params *p, int32_t pixels, const ik_conv2d_operand *activations,
                       int32_t channel_begin, int32_t channels, int8_t *output) {
    if (takes_one_channel(activations, channels)) {
        run_one_channel(p, pixels, activations, channel_begin, output);
    } else if (channels <= CHANNEL_BLOCK) {
        run_blocks(p, pixels, activations, channel_begin, channels, output, 1, ONE_BLOCK_TILE);
    } else if (channels > 2 * CHANNEL_BLOCK && pixels > HALF_TILE) {
        run_blocks(p, pixels, activations, channel_begin, channels, output, 3, PIXEL_TILE);
    } else if (channels > 2 * CHANNEL_BLOCK) {
        run_blocks(p, pixels, activations, channel_begin, channels, output, 3, HALF_TILE);
    } else if (pixels > HALF_TILE) {
        run_blocks(p, pixels, activations, channel_begin, channels, output, 2, PIXEL_TILE);
    } else {
        run_blocks(p, pixels, activations, channel_begin, channels, output, 2, HALF_TILE);
    }
}

static int is_supported(void) {
    const ik_cpu_features *cpu = ik_get_cpu_features();
    return cpu->has_avx512f && cpu->has_avx512bw && cpu->has_avx512vl && cpu->has_avx512vnni
        && cpu->has_avx512vbmi;
}

const ik_qs8_conv_variant ik_qs8_conv_8x32c4_avx512vnni = {
    .name = "8x32c4-avx512vnni",
    .pixel_tile = PIXEL_TILE,
    .one_block_pixel_tile = ONE_BLOCK_TILE,
    .channel_block = CHANNEL_BLOCK,
    .channel_tile = 2 * CHANNEL_BLOCK,
    .last_channel_tile = MAX_BLOCKS * CHANNEL_BLOCK,
    .activation_offset = 128,
    .encode = encode,
    .encode_pixels = encode_pixels,
    .run = run,
    .is_supported = is_supported,
};
#endif
