// AVX-512 SOFTMAX for rows of at most 16 elements (YOLOv8's DFL head: 33,600
// rows of 16): one row per vector of 16 int32 lanes, and the reciprocal of
// 16 rows' sums in one pass. Same fixed-point steps as softmax_portable.c, so
// the results are identical.
#if defined(__x86_64__)
#include <immintrin.h>
#include "softmax_variants.h"

#define AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx512cd,avx512dq")))

enum { LANES = 16, ACCUMULATION_INTEGER_BITS = 12 };

// gemmlowp's SaturatingRoundingDoublingHighMul on 16 lanes, for operands that
// are never both INT32_MIN: floor((a·b + 2^30) / 2^31) equals its
// nudge-and-truncate for either sign of the product.
AVX512 static inline __m512i doubling_high_mul(__m512i a, __m512i b) {
    const __m512i nudge = _mm512_set1_epi64(1 << 30);
    const __m512i even = _mm512_add_epi64(_mm512_mul_epi32(a, b), nudge);
    const __m512i odd = _mm512_add_epi64(
        _mm512_mul_epi32(_mm512_srli_epi64(a, 32), _mm512_srli_epi64(b, 32)), nudge);
    return _mm512_mask_blend_epi32(
        (__mmask16)0xAAAA, _mm512_srli_epi64(even, 31), _mm512_slli_epi64(odd, 1));
}

AVX512 static inline __m512i saturating_shift_left(__m512i x, int exponent) {
    const __m512i threshold = _mm512_set1_epi32((int32_t)((1u << (31 - exponent)) - 1));
    __m512i shifted = _mm512_slli_epi32(x, (unsigned)exponent);
    shifted = _mm512_mask_mov_epi32(shifted, _mm512_cmpgt_epi32_mask(x, threshold), _mm512_set1_epi32(INT32_MAX));
    const __mmask16 below = _mm512_cmplt_epi32_mask(x, _mm512_sub_epi32(_mm512_setzero_si512(), threshold));
    return _mm512_mask_mov_epi32(shifted, below, _mm512_set1_epi32(INT32_MIN));
}

// 1 / (1 + a) for a in [0, 1), q0: softmax_portable.c's Newton-Raphson, lane-wise.
// For a >= 0, the rounding half sum of a and INT32_MAX is 2^30 + a / 2.
AVX512 static __m512i one_over_one_plus_x(__m512i a) {
    const __m512i half_denominator = _mm512_add_epi32(_mm512_srli_epi32(a, 1), _mm512_set1_epi32(1 << 30));
    const __m512i one_q2 = _mm512_set1_epi32(1 << 29);
    __m512i x = _mm512_add_epi32(_mm512_set1_epi32(1515870810),
                                 doubling_high_mul(half_denominator, _mm512_set1_epi32(-1010580540)));
    for (int i = 0; i < 3; i++) {
        const __m512i error = _mm512_sub_epi32(one_q2, doubling_high_mul(half_denominator, x));
        x = _mm512_add_epi32(x, saturating_shift_left(doubling_high_mul(x, error), 2));
    }
    return saturating_shift_left(x, 1);
}

// Exponentials of `rows` rows into exps[row] and their q12 sums into sums.
AVX512 static void exponentials(const ik_softmax_params *p, const int8_t *input, int32_t rows,
                                __m512i *exps, int32_t *sums) {
    const __mmask16 valid = (__mmask16)((1u << p->depth) - 1);
    const __m512i rounding_mask = _mm512_set1_epi32((1 << ACCUMULATION_INTEGER_BITS) - 1);
    const __m512i half = _mm512_set1_epi32(1 << (ACCUMULATION_INTEGER_BITS - 1));
    for (int32_t r = 0; r < rows; r++) {
        // Absent lanes read -128: they never raise the maximum and get no exponential.
        const __m128i bytes = _mm_mask_loadu_epi8(_mm_set1_epi8(INT8_MIN), valid, input + (size_t)r * p->depth);
        const __m512i values = _mm512_cvtepi8_epi32(bytes);
        const __m512i maximum = _mm512_set1_epi32(_mm512_reduce_max_epi32(values));
        const __m512i distance = _mm512_sub_epi32(maximum, values);
        const __m512i e = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), valid, distance, p->exp_table, 4);
        exps[r] = e;
        // Rounding shift of each non-negative exponential to q12.
        const __mmask16 round_up = _mm512_cmpge_epi32_mask(_mm512_and_si512(e, rounding_mask), half);
        const __m512i scaled = _mm512_mask_add_epi32(
            _mm512_srli_epi32(e, ACCUMULATION_INTEGER_BITS), round_up,
            _mm512_srli_epi32(e, ACCUMULATION_INTEGER_BITS), _mm512_set1_epi32(1));
        sums[r] = _mm512_reduce_add_epi32(scaled);
    }
}

AVX512 static void run_block(const ik_softmax_params *p, const int8_t *input, int8_t *output, int32_t rows) {
    __m512i exps[LANES];
    int32_t sums[LANES] = {0};
    exponentials(p, input, rows, exps, sums);

    // Per row: 1 / sum as a q0 mantissa and an exponent (sum >= 1: the
    // maximum's own exponential is 2^19 in q12; below 2^24 for 16 lanes).
    const __m512i sum = _mm512_max_epi32(_mm512_loadu_si512(sums), _mm512_set1_epi32(1));
    const __m512i headroom = _mm512_lzcnt_epi32(sum);
    const __m512i shifted_sum_minus_one = _mm512_sub_epi32(_mm512_sllv_epi32(sum, headroom), _mm512_set1_epi32(INT32_MIN));
    int32_t reciprocals[LANES], exponents[LANES];
    _mm512_storeu_si512(reciprocals, one_over_one_plus_x(shifted_sum_minus_one));
    _mm512_storeu_si512(exponents, _mm512_sub_epi32(_mm512_set1_epi32(ACCUMULATION_INTEGER_BITS + 31 - 8), headroom));

    const __mmask16 valid = (__mmask16)((1u << p->depth) - 1);
    for (int32_t r = 0; r < rows; r++) {
        // reciprocal × exponential >= 0: (r·e + 2^30) >> 31, below 2^31.
        const __m512i reciprocal = _mm512_set1_epi32(reciprocals[r]);
        const __m512i nudge = _mm512_set1_epi64(1 << 30);
        const __m512i even = _mm512_add_epi64(_mm512_mul_epu32(exps[r], reciprocal), nudge);
        const __m512i odd = _mm512_add_epi64(_mm512_mul_epu32(_mm512_srli_epi64(exps[r], 32), reciprocal), nudge);
        const __m512i scaled = _mm512_mask_blend_epi32(
            (__mmask16)0xAAAA, _mm512_srli_epi64(even, 31), _mm512_slli_epi64(odd, 1));
        // Rounding shift by the exponent, half up (everything is non-negative).
        const __m128i exponent = _mm_cvtsi32_si128(exponents[r]);
        const __m512i mask = _mm512_sub_epi32(_mm512_sll_epi32(_mm512_set1_epi32(1), exponent), _mm512_set1_epi32(1));
        const __mmask16 round_up = _mm512_cmpgt_epu32_mask(_mm512_and_si512(scaled, mask), _mm512_srli_epi32(mask, 1));
        const __m512i quotient = _mm512_srl_epi32(scaled, exponent);
        const __m512i probability = _mm512_min_epu32(
            _mm512_mask_add_epi32(quotient, round_up, quotient, _mm512_set1_epi32(1)), _mm512_set1_epi32(255));
        _mm_mask_storeu_epi8(output + (size_t)r * p->depth, valid,
                             _mm512_cvtepi32_epi8(_mm512_sub_epi32(probability, _mm512_set1_epi32(128))));
    }
}

AVX512 static void run_rows(const ik_softmax_params *p, const int8_t *input, int8_t *output, int64_t row_begin,
                            int64_t row_end) {
    for (int64_t row = row_begin; row < row_end; row += LANES) {
        const int32_t rows = row_end - row < LANES ? (int32_t)(row_end - row) : LANES;
        run_block(p, input + row * p->depth, output + row * p->depth, rows);
    }
}

static int is_supported(void) {
    const ik_cpu_features *cpu = ik_get_cpu_features();
    return cpu->has_avx512f && cpu->has_avx512bw && cpu->has_avx512vl && cpu->has_avx512cd
        && cpu->has_avx512dq;
}

const ik_softmax_variant ik_softmax_avx512 = {
    .name = "avx512",
    .max_depth = LANES,
    .run = run_rows,
    .is_supported = is_supported,
};
#endif
