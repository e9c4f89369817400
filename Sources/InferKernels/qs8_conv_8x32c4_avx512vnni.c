// AVX-512 VNNI micro-kernel: 8 pixels × two 16-channel blocks with vpdpbusd (u8 × s8:
// the gathered activations carry +128, folded into the bias at pack time).
// The whole output stage stays in vectors; the fused table uses VBMI's
// two-source byte permutes.
#if defined(__x86_64__)
#include <immintrin.h>
#include "qs8_conv_requantize.h"
#include "qs8_conv_variants.h"

#define AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni,avx512vbmi")))

enum { PIXEL_TILE = 8, CHANNEL_BLOCK = 16 };

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

/// Per-channel constants of one block, loaded once per call.
typedef struct {
    __m512i bias, multiplier, odd_multiplier, left, right, mask, half_mask;
} block_constants;

AVX512 static inline block_constants load_constants(const ik_conv2d_params *p, int32_t o) {
    block_constants c;
    c.bias = _mm512_loadu_si512(p->folded_bias + o);
    c.multiplier = _mm512_loadu_si512(p->multiplier + o);
    c.odd_multiplier = _mm512_srli_epi64(c.multiplier, 32);
    c.left = _mm512_loadu_si512(p->left_shift + o);
    c.right = _mm512_loadu_si512(p->right_shift + o);
    const __m512i one = _mm512_set1_epi32(1);
    c.mask = _mm512_sub_epi32(_mm512_sllv_epi32(one, c.right), one);
    c.half_mask = _mm512_srai_epi32(c.mask, 1);
    return c;
}

// TFLite's MultiplyByQuantizedMultiplier on 16 lanes. The doubling high
// multiply with its rounding equals (x * m + 2^30) >> 31 (the saturating
// case needs m = INT32_MIN, which no quantized multiplier is).
AVX512 static inline __m512i requantize(__m512i acc, const block_constants *c) {
    const __m512i nudge = _mm512_set1_epi64(1 << 30);
    const __m512i x = _mm512_sllv_epi32(_mm512_add_epi32(acc, c->bias), c->left);
    const __m512i even = _mm512_add_epi64(_mm512_mul_epi32(x, c->multiplier), nudge);
    const __m512i odd = _mm512_add_epi64(
        _mm512_mul_epi32(_mm512_srli_epi64(x, 32), c->odd_multiplier), nudge);
    // Bits 31...62 of each product: low half of even >> 31, high half of odd << 1.
    const __m512i high = _mm512_mask_blend_epi32(
        (__mmask16)0xAAAA, _mm512_srli_epi64(even, 31), _mm512_slli_epi64(odd, 1));
    // Rounding divide by 2^right, ties away from zero.
    const __m512i remainder = _mm512_and_si512(high, c->mask);
    const __m512i threshold = _mm512_sub_epi32(c->half_mask, _mm512_srai_epi32(high, 31));
    const __mmask16 round_up = _mm512_cmpgt_epi32_mask(remainder, threshold);
    const __m512i shifted = _mm512_srav_epi32(high, c->right);
    return _mm512_mask_add_epi32(shifted, round_up, shifted, _mm512_set1_epi32(1));
}

/// The fused 256-entry table as four 64-byte quarters, or no table.
typedef struct {
    int present;
    __m512i quarter[4];
} lookup_table;

AVX512 static inline lookup_table load_table(const int8_t *table) {
    lookup_table t = {table != NULL, {_mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512(),
                                      _mm512_setzero_si512()}};
    if (table) {
        for (int q = 0; q < 4; q++) t.quarter[q] = _mm512_loadu_si512(table + 64 * q);
    }
    return t;
}

// Requantizes, clamps, looks up and stores one channel block of `pixels` pixels.
AVX512 static inline void store_block(const ik_conv2d_params *p, const __m512i *acc, int32_t pixels,
                                      int32_t channel_begin, int32_t channels, const lookup_table *table,
                                      int8_t *output) {
    const block_constants constants = load_constants(p, channel_begin);
    const __m512i zero_point = _mm512_set1_epi32(p->output_zero_point);
    const __m512i low = _mm512_set1_epi32(p->activation_min);
    const __m512i high = _mm512_set1_epi32(p->activation_max);
    const __mmask16 stored = (__mmask16)((1u << channels) - 1);
    // With the full int8 range the saturating narrowing is the clamp.
    const int full_range = p->activation_min == INT8_MIN && p->activation_max == INT8_MAX;
    for (int32_t i = 0; i < pixels; i++) {
        __m512i q = _mm512_add_epi32(requantize(acc[i], &constants), zero_point);
        if (!full_range) q = _mm512_min_epi32(_mm512_max_epi32(q, low), high);
        __m128i bytes = _mm512_cvtsepi32_epi8(q);
        if (table->present) {
            // Index = value + 128; bit 7 picks the upper 128 entries.
            const __m512i index = _mm512_castsi128_si512(_mm_xor_si128(bytes, _mm_set1_epi8((char)0x80)));
            const __m512i lower = _mm512_permutex2var_epi8(table->quarter[0], index, table->quarter[1]);
            const __m512i upper = _mm512_permutex2var_epi8(table->quarter[2], index, table->quarter[3]);
            bytes = _mm512_castsi512_si128(_mm512_mask_blend_epi8(_mm512_movepi8_mask(index), lower, upper));
        }
        _mm_mask_storeu_epi8(output + (size_t)i * p->output_depth, stored, bytes);
    }
}

// Adds one segment's products to the accumulators. Copies in and out keep
// the accumulators in registers inside the loop.
AVX512 __attribute__((always_inline)) static inline void accumulate(
    __m512i acc[2][PIXEL_TILE], const int8_t *const *a, const int8_t *w, size_t second_block, int32_t length,
    const int blocks) {
    __m512i sums[2][PIXEL_TILE];
    for (int b = 0; b < blocks; b++) {
        for (int32_t i = 0; i < PIXEL_TILE; i++) sums[b][i] = acc[b][i];
    }
    for (int32_t k = 0; k < length; k += 4, w += 4 * CHANNEL_BLOCK) {
        __m512i weights[2];
        for (int b = 0; b < blocks; b++) weights[b] = _mm512_loadu_si512(w + b * second_block);
        for (int32_t i = 0; i < PIXEL_TILE; i++) {
            const __m512i x = _mm512_set1_epi32(ik_load_quad(a[i] + k));
            for (int b = 0; b < blocks; b++) sums[b][i] = _mm512_dpbusd_epi32(sums[b][i], x, weights[b]);
        }
    }
    for (int b = 0; b < blocks; b++) {
        for (int32_t i = 0; i < PIXEL_TILE; i++) acc[b][i] = sums[b][i];
    }
}

// One or two channel blocks (`blocks` is a constant after inlining): two
// blocks share each activation broadcast and keep 16 accumulators in flight.
AVX512 __attribute__((always_inline)) static inline void run_blocks(
    const ik_conv2d_params *p, int32_t pixels, const ik_conv2d_operand *activations, int32_t channel_begin,
    int32_t channels, int8_t *output, const int blocks) {
    // Packed group k/4 of a block: 16 channels × 4 depth values = 64 bytes at offset 16k.
    const int8_t *w = p->packed_filter + (size_t)channel_begin * p->packed_depth;
    const size_t second_block = (size_t)CHANNEL_BLOCK * p->packed_depth;
    __m512i acc[2][PIXEL_TILE];
    for (int b = 0; b < blocks; b++) {
        for (int32_t i = 0; i < PIXEL_TILE; i++) acc[b][i] = _mm512_setzero_si512();
    }
    for (int32_t s = 0; s < activations->count; s++) {
        const int8_t *a[PIXEL_TILE];
        ik_conv2d_segment_rows(activations, s, pixels, PIXEL_TILE, a);
        accumulate(acc, a, w, second_block, activations->length, blocks);
        w += (size_t)activations->length * CHANNEL_BLOCK;
    }
    const lookup_table table = load_table(p->epilogue);
    for (int b = 0; b < blocks; b++) {
        const int32_t remaining = channels - b * CHANNEL_BLOCK;
        store_block(p, acc[b], pixels, channel_begin + b * CHANNEL_BLOCK,
                    remaining < CHANNEL_BLOCK ? remaining : CHANNEL_BLOCK, &table, output + b * CHANNEL_BLOCK);
    }
}

AVX512 static void run(const ik_conv2d_params *p, int32_t pixels, const ik_conv2d_operand *activations,
                       int32_t channel_begin, int32_t channels, int8_t *output) {
    if (channels > CHANNEL_BLOCK) {
        run_blocks(p, pixels, activations, channel_begin, channels, output, 2);
    } else {
        run_blocks(p, pixels, activations, channel_begin, channels, output, 1);
    }
}

static int is_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni")
        && __builtin_cpu_supports("avx512vbmi");
}

const ik_qs8_conv_variant ik_qs8_conv_8x32c4_avx512vnni = {
    "8x32c4-avx512vnni", PIXEL_TILE, CHANNEL_BLOCK, 2 * CHANNEL_BLOCK, 128, encode, run, is_supported,
};
#endif
