// AVX-512 SOFTMAX for rows of at most 16 elements (YOLOv8's DFL head: 33,600
// rows of 16): one row per vector of 16 int32 lanes, and the reciprocal of
// 16 rows' sums in one pass. Same fixed-point steps as softmax_portable.c, so
// the results are identical.
#if defined(__x86_64__)
#include "softmax_avx512_steps.h"
#include "softmax_variants.h"

#define AVX512 SOFTMAX_AVX512

enum { LANES = 16 };

// Exponentials of `rows` rows into exps[row] and their q12 sums into sums.
AVX512 static void exponentials(const ik_softmax_params *p, const int8_t *input, int32_t rows,
                                __m512i *exps, int32_t *sums) {
    const __mmask16 valid = (__mmask16)((1u << p->depth) - 1);
    for (int32_t r = 0; r < rows; r++) {
        // Absent lanes read -128: they never raise the maximum and get no exponential.
        const __m128i bytes = _mm_mask_loadu_epi8(_mm_set1_epi8(INT8_MIN), valid, input + (size_t)r * p->depth);
        const __m512i values = _mm512_cvtepi8_epi32(bytes);
        const __m512i maximum = _mm512_set1_epi32(_mm512_reduce_max_epi32(values));
        const __m512i distance = _mm512_sub_epi32(maximum, values);
        const __m512i e = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), valid, distance, p->exp_table, 4);
        exps[r] = e;
        sums[r] = _mm512_reduce_add_epi32(softmax_q12(e));
    }
}

AVX512 static void run_block(const ik_softmax_params *p, const int8_t *input, int8_t *output, int32_t rows) {
    __m512i exps[LANES];
    int32_t sums[LANES] = {0};
    exponentials(p, input, rows, exps, sums);

    const softmax_scale scale = softmax_scale_of(_mm512_loadu_si512(sums));
    int32_t reciprocals[LANES], exponents[LANES];
    _mm512_storeu_si512(reciprocals, scale.reciprocal);
    _mm512_storeu_si512(exponents, scale.exponent);
    const __mmask16 valid = (__mmask16)((1u << p->depth) - 1);
    for (int32_t r = 0; r < rows; r++) {
        const __m512i outputs = softmax_outputs(
            exps[r], _mm512_set1_epi32(reciprocals[r]), _mm512_set1_epi32(exponents[r]));
        _mm_mask_storeu_epi8(output + (size_t)r * p->depth, valid, _mm512_cvtepi32_epi8(outputs));
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
