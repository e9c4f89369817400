// AVX2 micro-kernel: 4 pixels × 8 channels. Activations and weights are
// widened to int16 and multiplied with vpmaddwd, which is exact here
// (vpmaddubsw on u8 × s8 would saturate its int16 pair sums).
#if defined(__x86_64__)
#include <immintrin.h>
#include "qs8_conv_requantize.h"
#include "qs8_conv_variants.h"

#define AVX2 __attribute__((target("avx2")))

enum { PIXEL_TILE = 4, CHANNEL_BLOCK = 8 };

// The four depth values at `source` as int16, repeated across all four 64-bit lanes.
AVX2 static inline __m256i broadcast_quad(const int8_t *source) {
    return _mm256_broadcastq_epi64(_mm_cvtepi8_epi16(_mm_cvtsi32_si128(ik_load_quad(source))));
}

// TFLite's MultiplyByQuantizedMultiplier on 8 lanes. The doubling high
// multiply with its rounding equals (x * m + 2^30) >> 31 (the saturating
// case needs m = INT32_MIN, which no quantized multiplier is).
AVX2 static inline __m256i requantize(__m256i acc, const ik_conv2d_params *p, int32_t o) {
    const __m256i one = _mm256_set1_epi32(1);
    const __m256i nudge = _mm256_set1_epi64x(1 << 30);
    const __m256i multiplier = _mm256_loadu_si256((const __m256i *)(p->multiplier + o));
    const __m256i right = _mm256_loadu_si256((const __m256i *)(p->right_shift + o));
    __m256i x = _mm256_add_epi32(acc, _mm256_loadu_si256((const __m256i *)(p->folded_bias + o)));
    x = _mm256_sllv_epi32(x, _mm256_loadu_si256((const __m256i *)(p->left_shift + o)));
    const __m256i even = _mm256_add_epi64(_mm256_mul_epi32(x, multiplier), nudge);
    const __m256i odd = _mm256_add_epi64(
        _mm256_mul_epi32(_mm256_srli_epi64(x, 32), _mm256_srli_epi64(multiplier, 32)), nudge);
    // Bits 31...62 of each product: low half of even >> 31, high half of odd << 1.
    const __m256i high = _mm256_blend_epi32(_mm256_srli_epi64(even, 31), _mm256_slli_epi64(odd, 1), 0xAA);
    // Rounding divide by 2^right, ties away from zero.
    const __m256i mask = _mm256_sub_epi32(_mm256_sllv_epi32(one, right), one);
    const __m256i remainder = _mm256_and_si256(high, mask);
    const __m256i threshold = _mm256_sub_epi32(_mm256_srai_epi32(mask, 1), _mm256_srai_epi32(high, 31));
    __m256i q = _mm256_sub_epi32(_mm256_srav_epi32(high, right), _mm256_cmpgt_epi32(remainder, threshold));
    q = _mm256_add_epi32(q, _mm256_set1_epi32(p->output_zero_point));
    q = _mm256_max_epi32(q, _mm256_set1_epi32(p->activation_min));
    return _mm256_min_epi32(q, _mm256_set1_epi32(p->activation_max));
}

// Adds one segment's products. Copies in and out keep the accumulators in
// registers inside the loop.
AVX2 __attribute__((always_inline)) static inline void accumulate(
    __m256i low[PIXEL_TILE], __m256i high[PIXEL_TILE], const int8_t *const *a, const int8_t *w, int32_t length) {
    __m256i l[PIXEL_TILE], h[PIXEL_TILE];
    for (int32_t i = 0; i < PIXEL_TILE; i++) {
        l[i] = low[i];
        h[i] = high[i];
    }
    for (int32_t k = 0; k < length; k += 4, w += 4 * CHANNEL_BLOCK) {
        const __m256i w_low = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)w));
        const __m256i w_high = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(w + 16)));
        for (int32_t i = 0; i < PIXEL_TILE; i++) {
            const __m256i x = broadcast_quad(a[i] + k);
            l[i] = _mm256_add_epi32(l[i], _mm256_madd_epi16(w_low, x));
            h[i] = _mm256_add_epi32(h[i], _mm256_madd_epi16(w_high, x));
        }
    }
    for (int32_t i = 0; i < PIXEL_TILE; i++) {
        low[i] = l[i];
        high[i] = h[i];
    }
}

AVX2 static void run(const ik_conv2d_params *p, int32_t pixels, const ik_conv2d_operand *activations,
                     int32_t channel_begin, int32_t channels, int8_t *output) {
    const int8_t *w = p->packed_filter + (size_t)channel_begin * p->packed_depth;
    // Per pixel: channels 0-3 and 4-7, each lane a sum of two depth pairs.
    __m256i low[PIXEL_TILE], high[PIXEL_TILE];
    for (int32_t i = 0; i < PIXEL_TILE; i++) low[i] = high[i] = _mm256_setzero_si256();
    for (int32_t s = 0; s < activations->count; s++) {
        const int8_t *a[PIXEL_TILE];
        ik_conv2d_segment_rows(activations, s, pixels, PIXEL_TILE, a);
        accumulate(low, high, a, w, activations->length);
        w += (size_t)activations->length * CHANNEL_BLOCK;
    }
    for (int32_t i = 0; i < pixels; i++) {
        // hadd gives channels [0 1 4 5 | 2 3 6 7]; the permute restores 0...7.
        const __m256i sums = _mm256_permute4x64_epi64(_mm256_hadd_epi32(low[i], high[i]), 0xD8);
        int32_t values[CHANNEL_BLOCK];
        _mm256_storeu_si256((__m256i *)values, requantize(sums, p, channel_begin));
        int8_t *out = output + (size_t)i * p->output_pixel_stride;
        for (int32_t j = 0; j < channels; j++) {
            out[j] = p->epilogue ? p->epilogue[values[j] + 128] : (int8_t)values[j];
        }
    }
}

static int is_supported(void) {
    return ik_get_cpu_features()->has_avx2;
}

const ik_qs8_conv_variant ik_qs8_conv_4x8c4_avx2 = {
    .name = "4x8c4-avx2",
    .pixel_tile = PIXEL_TILE,
    .channel_block = CHANNEL_BLOCK,
    .channel_tile = CHANNEL_BLOCK,
    .last_channel_tile = CHANNEL_BLOCK,
    .activation_offset = 0,
    .encode = ik_qs8_copy_activations,
    .encode_pixels = ik_qs8_copy_pixels,
    .run = run,
    .is_supported = is_supported,
};
#endif
