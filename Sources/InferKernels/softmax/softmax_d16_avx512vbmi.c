// AVX-512 VBMI SOFTMAX for rows of exactly 16 elements (YOLOv8's DFL head:
// 33,600 of them): four rows to a vector, one per 128-bit lane, where
// softmax_avx512.c widens each row to 16 int32 lanes. The row maximum is taken
// in bytes within each lane, and the exponentials are looked up by two-source
// byte permutes in the table split into its four byte planes, instead of
// gathered. Same fixed-point steps as softmax_portable.c (softmax_avx512_steps.h),
// so the results are identical.
#if defined(__x86_64__)
#include "softmax_avx512_steps.h"
#include "softmax_variants.h"

#define AVX512VBMI __attribute__((target("avx512f,avx512bw,avx512vl,avx512cd,avx512dq,avx512vbmi")))

enum { DEPTH = 16, ROWS_PER_VECTOR = 4, VECTORS = 4, BLOCK_ROWS = ROWS_PER_VECTOR * VECTORS };

/// Byte k of each of the table's 256 entries in planes[k], 64 entries to a register.
typedef struct {
    __m512i planes[4][4];
} byte_planes;

AVX512VBMI static void split_table(const int32_t *table, byte_planes *split) {
    uint8_t bytes[4][IK_SOFTMAX_TABLE_SIZE];
    for (int i = 0; i < IK_SOFTMAX_TABLE_SIZE; i++) {
        for (int k = 0; k < 4; k++) bytes[k][i] = (uint8_t)((uint32_t)table[i] >> (8 * k));
    }
    for (int k = 0; k < 4; k++) {
        for (int q = 0; q < 4; q++) split->planes[k][q] = _mm512_loadu_si512(bytes[k] + 64 * q);
    }
}

// Byte k of table[d] for 64 distances: entries 0-127 and 128-255 by permutes, bit 7 picks.
AVX512VBMI static inline __m512i look_up_plane(const byte_planes *split, int k, __m512i distance, __mmask64 upper) {
    const __m512i lower = _mm512_permutex2var_epi8(split->planes[k][0], distance, split->planes[k][1]);
    const __m512i higher = _mm512_permutex2var_epi8(split->planes[k][2], distance, split->planes[k][3]);
    return _mm512_mask_blend_epi8(upper, lower, higher);
}

// The exponentials of four rows (one per 128-bit lane) as int32: exps[j] holds
// elements 4j ... 4j + 3 of each lane's row.
AVX512VBMI static inline void exponentials(const byte_planes *split, __m512i values, __m512i exps[4]) {
    // The row maximum in every byte of its lane, by rotations within the lane.
    __m512i maximum = values;
    maximum = _mm512_max_epi8(maximum, _mm512_alignr_epi8(maximum, maximum, 8));
    maximum = _mm512_max_epi8(maximum, _mm512_alignr_epi8(maximum, maximum, 4));
    maximum = _mm512_max_epi8(maximum, _mm512_alignr_epi8(maximum, maximum, 2));
    maximum = _mm512_max_epi8(maximum, _mm512_alignr_epi8(maximum, maximum, 1));
    // maximum - value is 0 ... 255: the right index as an unsigned byte.
    const __m512i distance = _mm512_sub_epi8(maximum, values);
    const __mmask64 upper = _mm512_movepi8_mask(distance);
    const __m512i b0 = look_up_plane(split, 0, distance, upper), b1 = look_up_plane(split, 1, distance, upper);
    const __m512i b2 = look_up_plane(split, 2, distance, upper), b3 = look_up_plane(split, 3, distance, upper);
    // Bytes to dwords, least significant first; unpacks stay within lanes.
    const __m512i low01 = _mm512_unpacklo_epi8(b0, b1), high01 = _mm512_unpackhi_epi8(b0, b1);
    const __m512i low23 = _mm512_unpacklo_epi8(b2, b3), high23 = _mm512_unpackhi_epi8(b2, b3);
    exps[0] = _mm512_unpacklo_epi16(low01, low23);
    exps[1] = _mm512_unpackhi_epi16(low01, low23);
    exps[2] = _mm512_unpacklo_epi16(high01, high23);
    exps[3] = _mm512_unpackhi_epi16(high01, high23);
}

// Each lane's q12 sum in all four of its dwords.
AVX512VBMI static inline __m512i row_sums(const __m512i exps[4]) {
    __m512i sum = _mm512_add_epi32(_mm512_add_epi32(softmax_q12(exps[0]), softmax_q12(exps[1])),
                                   _mm512_add_epi32(softmax_q12(exps[2]), softmax_q12(exps[3])));
    sum = _mm512_add_epi32(sum, _mm512_shuffle_epi32(sum, _MM_PERM_BADC));
    return _mm512_add_epi32(sum, _mm512_shuffle_epi32(sum, _MM_PERM_CDAB));
}

AVX512VBMI static void run_block(const byte_planes *split, const int8_t *input, int8_t *output, int32_t rows) {
    const int32_t vectors = (rows + ROWS_PER_VECTOR - 1) / ROWS_PER_VECTOR;
    __m512i exps[VECTORS][4];
    __mmask64 present[VECTORS];
    // Dword 4l + v: the sum of row 4v + l (vector v, lane l).
    __m512i sums = _mm512_setzero_si512();
    for (int32_t v = 0; v < vectors; v++) {
        const int32_t left = rows - ROWS_PER_VECTOR * v;
        const int32_t in_vector = left < ROWS_PER_VECTOR ? left : ROWS_PER_VECTOR;
        present[v] = in_vector == ROWS_PER_VECTOR ? ~(__mmask64)0 : ((__mmask64)1 << (DEPTH * in_vector)) - 1;
        exponentials(split, _mm512_maskz_loadu_epi8(present[v], input + 64 * v), exps[v]);
        sums = _mm512_mask_mov_epi32(sums, (__mmask16)(0x1111 << v), row_sums(exps[v]));
    }
    const softmax_scale scale = softmax_scale_of(sums);
    for (int32_t v = 0; v < vectors; v++) {
        // Dword v of each lane, in all four: the reciprocal and exponent of row 4v + l in lane l.
        const __m512i pick = _mm512_add_epi32(
            _mm512_set_epi32(12, 12, 12, 12, 8, 8, 8, 8, 4, 4, 4, 4, 0, 0, 0, 0), _mm512_set1_epi32(v));
        const __m512i reciprocal = _mm512_permutexvar_epi32(pick, scale.reciprocal);
        const __m512i exponent = _mm512_permutexvar_epi32(pick, scale.exponent);
        __m512i outputs[4];
        for (int j = 0; j < 4; j++) outputs[j] = softmax_outputs(exps[v][j], reciprocal, exponent);
        // Packs within lanes: elements 0-3 and 4-7, then 8-15, back in row order.
        const __m512i bytes = _mm512_packs_epi16(_mm512_packs_epi32(outputs[0], outputs[1]),
                                                 _mm512_packs_epi32(outputs[2], outputs[3]));
        _mm512_mask_storeu_epi8(output + 64 * v, present[v], bytes);
    }
}

AVX512VBMI static void run_rows(const ik_softmax_params *p, const int8_t *input, int8_t *output,
                                int64_t row_begin, int64_t row_end) {
    byte_planes split;
    split_table(p->exp_table, &split);
    for (int64_t row = row_begin; row < row_end; row += BLOCK_ROWS) {
        const int32_t rows = row_end - row < BLOCK_ROWS ? (int32_t)(row_end - row) : BLOCK_ROWS;
        run_block(&split, input + row * DEPTH, output + row * DEPTH, rows);
    }
}

static int is_supported(void) {
    const ik_cpu_features *cpu = ik_get_cpu_features();
    return cpu->has_avx512f && cpu->has_avx512bw && cpu->has_avx512vl && cpu->has_avx512cd
        && cpu->has_avx512dq && cpu->has_avx512vbmi;
}

const ik_softmax_variant ik_softmax_d16_avx512vbmi = {
    .name = "d16-avx512vbmi",
    .min_depth = DEPTH,
    .max_depth = DEPTH,
    .run = run_rows,
    .is_supported = is_supported,
};
#endif
