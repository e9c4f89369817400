#ifndef IK_RESCALE16_AVX512_H
#define IK_RESCALE16_AVX512_H
// TFLite's MultiplyByQuantizedMultiplier (ik_fixed_point.h) on 16 int32 lanes,
// each with its own multiplier and shifts: the AVX-512 kernels' one copy of it
// (the convolution's output stage, the binary ops' lines).
#if defined(__x86_64__)
#include <immintrin.h>

#define IK_RESCALE16 __attribute__((target("avx512f")))

typedef struct {
    __m512i multiplier, odd_multiplier, left, right, mask, half_mask;
    int shifts_left;  // any lane shifts left (rare: multipliers above 1)
} ik_rescale16;

/// `left` and `right` per lane: max(shift, 0) and max(-shift, 0).
IK_RESCALE16 static inline ik_rescale16 ik_rescale16_make(__m512i multiplier, __m512i left, __m512i right) {
    ik_rescale16 c;
    c.multiplier = multiplier;
    c.odd_multiplier = _mm512_srli_epi64(multiplier, 32);
    c.left = left;
    c.shifts_left = _mm512_test_epi32_mask(left, left) != 0;
    c.right = right;
    const __m512i one = _mm512_set1_epi32(1);
    c.mask = _mm512_sub_epi32(_mm512_sllv_epi32(one, right), one);
    c.half_mask = _mm512_srai_epi32(c.mask, 1);
    return c;
}

// x · 2^left, wrapping as TFLite's int32 multiply does; the doubling high
// multiply with its rounding, which equals floor((x·m + 2^30) / 2^31) for either
// sign (the saturating case needs m = INT32_MIN, which no quantized multiplier
// is); then the rounding divide by 2^right, ties away from zero.
IK_RESCALE16 static inline __m512i ik_rescale16_apply(__m512i x, const ik_rescale16 *c) {
    const __m512i nudge = _mm512_set1_epi64(1 << 30);
    if (c->shifts_left) x = _mm512_sllv_epi32(x, c->left);
    const __m512i even = _mm512_add_epi64(_mm512_mul_epi32(x, c->multiplier), nudge);
    const __m512i odd = _mm512_add_epi64(
        _mm512_mul_epi32(_mm512_srli_epi64(x, 32), c->odd_multiplier), nudge);
    // Bits 31...62 of each product: low half of even >> 31, high half of odd << 1.
    const __m512i high = _mm512_mask_blend_epi32(
        (__mmask16)0xAAAA, _mm512_srli_epi64(even, 31), _mm512_slli_epi64(odd, 1));
    const __m512i remainder = _mm512_and_si512(high, c->mask);
    const __m512i threshold = _mm512_sub_epi32(c->half_mask, _mm512_srai_epi32(high, 31));
    const __mmask16 round_up = _mm512_cmpgt_epi32_mask(remainder, threshold);
    const __m512i shifted = _mm512_srav_epi32(high, c->right);
    return _mm512_mask_add_epi32(shifted, round_up, shifted, _mm512_set1_epi32(1));
}

#endif
#endif
