// The peak int8 multiply-accumulate rate of one core: a loop of nothing but
// dot-product instructions on independent accumulators, so neither latency
// nor memory limits it. It is the ceiling the convolution kernels are
// measured against (`yolo-edge bench --profile --peak-gmacs`).
//
// How a MAC is counted: one u8 × s8 product added into a sum.
//   VPDPBUSD zmm: 16 int32 lanes × 4 products each = 64 MACs per instruction.
//   VPDPBUSD ymm (AVX-VNNI, or AVX-512 VL): 8 lanes × 4 = 32 MACs.
//   AVX2, no VNNI: VPMADDUBSW ymm (32 products, added in pairs to int16)
//   + VPMADDWD with ones (pairs to int32) + VPADDD = 32 MACs per three
//   instructions, the sequence XNNPACK-style AVX2 kernels use.
// Twelve accumulators hide the instructions' latency (5 cycles at most at
// two per cycle). Time is the thread's CPU time, so another process's time
// slices are not counted; the thread is pinned to one CPU.
//
// Usage: vnni_peak [rounds]   (each round about 0.2 s per kind; the median is printed)
#include "core_timing.h"
#include <immintrin.h>

enum { ACCUMULATORS = 12, UNROLL = 8, ITERATIONS = 3000000 };

// Keeps the sums alive without a store in the loop.
static volatile int sink;

// One round of `kind`: returns the MACs it did.
typedef long long (*round_fn)(void);

__attribute__((target("avx512f,avx512vnni"))) static long long zmm_vnni(void) {
    __m512i acc[ACCUMULATORS];
    const __m512i a = _mm512_set1_epi8(3), b = _mm512_set1_epi8(-5);
    for (int i = 0; i < ACCUMULATORS; i++) acc[i] = _mm512_set1_epi32(i);
    for (int n = 0; n < ITERATIONS; n++) {
        for (int u = 0; u < UNROLL; u++) {
            for (int i = 0; i < ACCUMULATORS; i++) acc[i] = _mm512_dpbusd_epi32(acc[i], a, b);
        }
        __asm__ volatile("" : "+v"(acc[0]));  // no folding of the unrolled body
    }
    int total = 0;
    for (int i = 0; i < ACCUMULATORS; i++) total += _mm512_reduce_add_epi32(acc[i]);
    sink = total;
    return (long long)ITERATIONS * UNROLL * ACCUMULATORS * 64;
}

// EVEX ymm form: any AVX-512 VNNI CPU has it through AVX-512 VL.
__attribute__((target("avx512f,avx512vl,avx512vnni"))) static long long ymm_vnni_evex(void) {
    __m256i acc[ACCUMULATORS];
    const __m256i a = _mm256_set1_epi8(3), b = _mm256_set1_epi8(-5);
    for (int i = 0; i < ACCUMULATORS; i++) acc[i] = _mm256_set1_epi32(i);
    for (int n = 0; n < ITERATIONS; n++) {
        for (int u = 0; u < UNROLL; u++) {
            for (int i = 0; i < ACCUMULATORS; i++) acc[i] = _mm256_dpbusd_epi32(acc[i], a, b);
        }
        __asm__ volatile("" : "+v"(acc[0]));
    }
    int total = 0;
    for (int i = 0; i < ACCUMULATORS; i++) total += _mm256_extract_epi32(acc[i], 0);
    sink = total;
    return (long long)ITERATIONS * UNROLL * ACCUMULATORS * 32;
}

// VEX ymm form: AVX-VNNI CPUs without AVX-512 (Alder Lake and later cores).
__attribute__((target("avx2,avxvnni"))) static long long ymm_avx_vnni(void) {
    __m256i acc[ACCUMULATORS];
    const __m256i a = _mm256_set1_epi8(3), b = _mm256_set1_epi8(-5);
    for (int i = 0; i < ACCUMULATORS; i++) acc[i] = _mm256_set1_epi32(i);
    for (int n = 0; n < ITERATIONS; n++) {
        for (int u = 0; u < UNROLL; u++) {
            for (int i = 0; i < ACCUMULATORS; i++) acc[i] = _mm256_dpbusd_avx_epi32(acc[i], a, b);
        }
        __asm__ volatile("" : "+v"(acc[0]));
    }
    int total = 0;
    for (int i = 0; i < ACCUMULATORS; i++) total += _mm256_extract_epi32(acc[i], 0);
    sink = total;
    return (long long)ITERATIONS * UNROLL * ACCUMULATORS * 32;
}

__attribute__((target("avx2"))) static long long ymm_avx2(void) {
    __m256i acc[ACCUMULATORS];
    __m256i a = _mm256_set1_epi8(3);
    const __m256i b = _mm256_set1_epi8(-5), ones = _mm256_set1_epi16(1);
    for (int i = 0; i < ACCUMULATORS; i++) acc[i] = _mm256_set1_epi32(i);
    for (int n = 0; n < ITERATIONS; n++) {
        for (int u = 0; u < UNROLL; u++) {
            for (int i = 0; i < ACCUMULATORS; i++) {
                // The products do not depend on the loop: make each look new,
                // or the compiler computes them once.
                __asm__("" : "+x"(a));
                const __m256i pairs = _mm256_maddubs_epi16(a, b);
                acc[i] = _mm256_add_epi32(acc[i], _mm256_madd_epi16(pairs, ones));
            }
        }
    }
    int total = 0;
    for (int i = 0; i < ACCUMULATORS; i++) total += _mm256_extract_epi32(acc[i], 0);
    sink = total;
    return (long long)ITERATIONS * UNROLL * ACCUMULATORS * 32;
}

// Median GMAC/s of `rounds` rounds, after one untimed round (frequency ramp-up).
static double measure(round_fn kind, int rounds) {
    double rates[MAX_ROUNDS];
    kind();
    for (int r = 0; r < rounds; r++) {
        const double start = thread_seconds();
        const long long macs = kind();
        rates[r] = (double)macs / (thread_seconds() - start) / 1e9;
    }
    return median_of(rates, rounds);
}

int main(int argc, char **argv) {
    const int rounds = rounds_argument(argc, argv, 7);
    print_cpu_name();
    printf("pinned to cpu %d; median of %d rounds, thread CPU time\n", pin_to_current_cpu(), rounds);
    __builtin_cpu_init();
    const int vnni512 = __builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512vl");
    const int avx_vnni = __builtin_cpu_supports("avxvnni");
    const int avx2 = __builtin_cpu_supports("avx2");
    if (vnni512) printf("vpdpbusd zmm (AVX-512 VNNI)  %7.1f GMAC/s\n", measure(zmm_vnni, rounds));
    if (vnni512) printf("vpdpbusd ymm (AVX-512 VL)    %7.1f GMAC/s\n", measure(ymm_vnni_evex, rounds));
    if (avx_vnni) printf("vpdpbusd ymm (AVX-VNNI)      %7.1f GMAC/s\n", measure(ymm_avx_vnni, rounds));
    if (avx2) printf("vpmaddubsw ymm (AVX2)        %7.1f GMAC/s\n", measure(ymm_avx2, rounds));
    if (!avx2) printf("no AVX2: nothing to measure\n");
    return 0;
}
