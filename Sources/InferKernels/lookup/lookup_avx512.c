// 256-entry byte table lookups, 64 at a time, with VBMI's two-source byte
// permutes (each covers 128 entries; bit 7 of the index picks the half).
#if defined(__x86_64__)
#include <immintrin.h>
#include "lookup_variants.h"

#define AVX512 __attribute__((target("avx512f,avx512bw,avx512vbmi")))

AVX512 static void run(const int8_t *table, const int8_t *input, int8_t *output, size_t count) {
    __m512i quarter[4];
    for (int q = 0; q < 4; q++) quarter[q] = _mm512_loadu_si512(table + 64 * q);
    for (size_t i = 0; i < count; i += 64) {
        const size_t left = count - i;
        const __mmask64 mask = left >= 64 ? ~(__mmask64)0 : ((__mmask64)1 << left) - 1;
        // Index = value + 128.
        const __m512i index = _mm512_xor_si512(_mm512_maskz_loadu_epi8(mask, input + i), _mm512_set1_epi8((char)0x80));
        const __m512i lower = _mm512_permutex2var_epi8(quarter[0], index, quarter[1]);
        const __m512i upper = _mm512_permutex2var_epi8(quarter[2], index, quarter[3]);
        _mm512_mask_storeu_epi8(output + i, mask, _mm512_mask_blend_epi8(_mm512_movepi8_mask(index), lower, upper));
    }
}

static int is_supported(void) {
    const ik_cpu_features *cpu = ik_get_cpu_features();
    return cpu->has_avx512f && cpu->has_avx512bw && cpu->has_avx512vbmi;
}

const ik_lookup_variant ik_lookup_avx512 = {
    .name = "avx512",
    .run = run,
    .is_supported = is_supported,
};
#endif
