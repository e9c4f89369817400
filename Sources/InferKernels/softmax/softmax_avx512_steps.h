#ifndef SOFTMAX_AVX512_STEPS_H
#define SOFTMAX_AVX512_STEPS_H
// The fixed-point steps of softmax_portable.c on 16 int32 lanes, shared by the
// AVX-512 SOFTMAX variants: each lane computes what the portable loop does for
// one element or one row, so the results are identical.
#include <immintrin.h>
#include <stdint.h>

#define SOFTMAX_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx512cd,avx512dq")))

enum { SOFTMAX_ACCUMULATION_INTEGER_BITS = 12 };

// gemmlowp's SaturatingRoundingDoublingHighMul on 16 lanes, for operands that
// are never both INT32_MIN: floor((a·b + 2^30) / 2^31) equals its
// nudge-and-truncate for either sign of the product.
SOFTMAX_AVX512 static inline __m512i softmax_doubling_high_mul(__m512i a, __m512i b) {
    const __m512i nudge = _mm512_set1_epi64(1 << 30);
    const __m512i even = _mm512_add_epi64(_mm512_mul_epi32(a, b), nudge);
    const __m512i odd = _mm512_add_epi64(
        _mm512_mul_epi32(_mm512_srli_epi64(a, 32), _mm512_srli_epi64(b, 32)), nudge);
    return _mm512_mask_blend_epi32(
        (__mmask16)0xAAAA, _mm512_srli_epi64(even, 31), _mm512_slli_epi64(odd, 1));
}

SOFTMAX_AVX512 static inline __m512i softmax_saturating_shift_left(__m512i x, int exponent) {
    const __m512i threshold = _mm512_set1_epi32((int32_t)((1u << (31 - exponent)) - 1));
    __m512i shifted = _mm512_slli_epi32(x, (unsigned)exponent);
    shifted = _mm512_mask_mov_epi32(shifted, _mm512_cmpgt_epi32_mask(x, threshold), _mm512_set1_epi32(INT32_MAX));
    const __mmask16 below = _mm512_cmplt_epi32_mask(x, _mm512_sub_epi32(_mm512_setzero_si512(), threshold));
    return _mm512_mask_mov_epi32(shifted, below, _mm512_set1_epi32(INT32_MIN));
}

// 1 / (1 + a) for a in [0, 1), q0: softmax_portable.c's Newton-Raphson, lane-wise.
// For a >= 0, the rounding half sum of a and INT32_MAX is 2^30 + a / 2.
SOFTMAX_AVX512 static inline __m512i softmax_one_over_one_plus_x(__m512i a) {
    const __m512i half_denominator = _mm512_add_epi32(_mm512_srli_epi32(a, 1), _mm512_set1_epi32(1 << 30));
    const __m512i one_q2 = _mm512_set1_epi32(1 << 29);
    __m512i x = _mm512_add_epi32(_mm512_set1_epi32(1515870810),
                                 softmax_doubling_high_mul(half_denominator, _mm512_set1_epi32(-1010580540)));
    for (int i = 0; i < 3; i++) {
        const __m512i error = _mm512_sub_epi32(one_q2, softmax_doubling_high_mul(half_denominator, x));
        x = _mm512_add_epi32(x, softmax_saturating_shift_left(softmax_doubling_high_mul(x, error), 2));
    }
    return softmax_saturating_shift_left(x, 1);
}

// Each exponential's share of its row's q12 sum: e / 2^12 rounded half up
// (e is non-negative, so e + 2^11 fits 32 unsigned bits).
SOFTMAX_AVX512 static inline __m512i softmax_q12(__m512i e) {
    return _mm512_srli_epi32(_mm512_add_epi32(e, _mm512_set1_epi32(1 << 11)), SOFTMAX_ACCUMULATION_INTEGER_BITS);
}

/// Per lane, from a row's q12 sum of exponentials: 1 / sum as a q0 mantissa
/// and the exponent of the final rounding shift.
typedef struct {
    __m512i reciprocal, exponent;
} softmax_scale;

// sum >= 1: the maximum's own exponential is 2^19 in q12; below 2^24 for 16 elements.
SOFTMAX_AVX512 static inline softmax_scale softmax_scale_of(__m512i sums) {
    const __m512i sum = _mm512_max_epi32(sums, _mm512_set1_epi32(1));
    const __m512i headroom = _mm512_lzcnt_epi32(sum);
    const __m512i shifted_sum_minus_one =
        _mm512_sub_epi32(_mm512_sllv_epi32(sum, headroom), _mm512_set1_epi32(INT32_MIN));
    return (softmax_scale){
        .reciprocal = softmax_one_over_one_plus_x(shifted_sum_minus_one),
        .exponent = _mm512_sub_epi32(_mm512_set1_epi32(SOFTMAX_ACCUMULATION_INTEGER_BITS + 31 - 8), headroom),
    };
}

// The outputs (probability - 128, in int32 lanes) of exponentials `e`, each
// lane with its row's reciprocal and exponent. reciprocal × e >= 0, so the
// doubling high multiply is (r·e + 2^30) >> 31, below 2^31, and the rounding
// shift rounds half up.
SOFTMAX_AVX512 static inline __m512i softmax_outputs(__m512i e, __m512i reciprocal, __m512i exponent) {
    const __m512i nudge = _mm512_set1_epi64(1 << 30);
    const __m512i even = _mm512_add_epi64(_mm512_mul_epu32(e, reciprocal), nudge);
    const __m512i odd = _mm512_add_epi64(
        _mm512_mul_epu32(_mm512_srli_epi64(e, 32), _mm512_srli_epi64(reciprocal, 32)), nudge);
    const __m512i scaled = _mm512_mask_blend_epi32(
        (__mmask16)0xAAAA, _mm512_srli_epi64(even, 31), _mm512_slli_epi64(odd, 1));
    const __m512i one = _mm512_set1_epi32(1);
    const __m512i mask = _mm512_sub_epi32(_mm512_sllv_epi32(one, exponent), one);
    const __mmask16 round_up = _mm512_cmpgt_epu32_mask(_mm512_and_si512(scaled, mask), _mm512_srli_epi32(mask, 1));
    const __m512i quotient = _mm512_srlv_epi32(scaled, exponent);
    const __m512i probability =
        _mm512_min_epu32(_mm512_mask_add_epi32(quotient, round_up, quotient, one), _mm512_set1_epi32(255));
    return _mm512_sub_epi32(probability, _mm512_set1_epi32(128));
}

#endif
