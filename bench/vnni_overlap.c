// What each instruction of the AVX-512 convolution kernel's output stage
// costs beside VPDPBUSD zmm on this core: whether it issues on a port the
// dot products leave free (cost 0) or takes their slots.
//
// Each measurement runs a loop of 12 VPDPBUSD zmm on independent
// accumulators, which alone runs at the VNNI peak (bench/vnni_peak.c), plus
// 12 of one other instruction on six independent chains. The extra time over
// the loop without them, divided by the loop's own time, is the instruction's
// cost in VPDPBUSD slots: 0 when it overlaps the dot products, 1 when each
// takes a slot, more when it is slower still. The bound in docs/measurements.md
// assumes 1 for each of the 18 instructions that finish 16 outputs; this shows
// whether that holds on the CPU at hand. Each kind is measured alone: together
// they also compete with one another for the pipes the dot products leave, so
// the total printed is a lower bound on what the finish costs.
//
// The instructions are those of requantize() and narrow() in
// Sources/InferKernels/conv/qs8_conv_8x32c4_avx512vnni.c, with how many of
// each one vector of 16 outputs needs.
//
// Usage: vnni_overlap [rounds]   (the median of the rounds is printed)
#include "core_timing.h"
#include <immintrin.h>

enum { ITERATIONS = 20000000 };

static volatile int sink;

#define KERNEL_TARGET __attribute__((target("avx512f,avx512bw,avx512vnni,avx512vbmi"), noinline))

// One loop: 12 dot products, then `count` of `OPERATION(x)` (x: the chain's
// last value), each kept from folding into the next by an empty asm.
#define MIXED_LOOP(name, count, OPERATION)                                                   \
    KERNEL_TARGET static double name(void) {                                                 \
        __m512i acc[12], chain[6];                                                           \
        const __m512i a = _mm512_set1_epi8(3), b = _mm512_set1_epi8(-5);                    \
        const __m512i c = _mm512_set1_epi32(7), s = _mm512_set1_epi32(3);                    \
        for (int i = 0; i < 12; i++) acc[i] = _mm512_set1_epi32(i);                          \
        for (int i = 0; i < 6; i++) chain[i] = _mm512_set1_epi32(5 * i + 1);                 \
        const double start = thread_seconds();                                               \
        for (int n = 0; n < ITERATIONS; n++) {                                               \
            for (int i = 0; i < 12; i++) acc[i] = _mm512_dpbusd_epi32(acc[i], a, b);         \
            for (int m = 0; m < (count); m++) {                                              \
                const __m512i x = chain[m % 6];                                              \
                chain[m % 6] = (OPERATION);                                                  \
                __asm__("" : "+v"(chain[m % 6]));                                            \
            }                                                                                \
            __asm__ volatile("" : "+v"(acc[0]));                                             \
        }                                                                                    \
        const double seconds = thread_seconds() - start;                                     \
        int total = 0;                                                                       \
        for (int i = 0; i < 12; i++) total += _mm512_reduce_add_epi32(acc[i]);               \
        for (int i = 0; i < 6; i++) total += _mm512_reduce_add_epi32(chain[i]);              \
        sink = total;                                                                        \
        (void)c, (void)s;                                                                    \
        return seconds;                                                                      \
    }

MIXED_LOOP(dot_products_alone, 0, x)
MIXED_LOOP(vpmuldq, 12, _mm512_mul_epi32(x, c))
MIXED_LOOP(vpaddq, 12, _mm512_add_epi64(x, c))
MIXED_LOOP(vpsrlq, 12, _mm512_srli_epi64(x, 3))
MIXED_LOOP(vpblendmd, 12, _mm512_mask_blend_epi32(0xAAAA, x, c))
MIXED_LOOP(vpandd, 12, _mm512_and_si512(x, c))
MIXED_LOOP(vpsubd, 12, _mm512_sub_epi32(x, c))
MIXED_LOOP(vpsrad, 12, _mm512_srai_epi32(x, 3))
MIXED_LOOP(vpcmpgtd_vpaddd, 12, _mm512_mask_add_epi32(x, _mm512_cmpgt_epi32_mask(x, c), x, s))
MIXED_LOOP(vpsravd, 12, _mm512_srav_epi32(x, s))
MIXED_LOOP(vpackssdw, 12, _mm512_packs_epi32(x, c))
MIXED_LOOP(vpaddsw, 12, _mm512_adds_epi16(x, c))
MIXED_LOOP(vpacksswb, 12, _mm512_packs_epi16(x, c))
MIXED_LOOP(vpxord, 12, _mm512_xor_si512(x, c))
MIXED_LOOP(vpermt2b, 12, _mm512_permutex2var_epi8(c, x, s))
MIXED_LOOP(vpblendmb, 12, _mm512_mask_blend_epi8(_mm512_movepi8_mask(x), x, c))
MIXED_LOOP(vpermd, 12, _mm512_permutexvar_epi32(c, x))

typedef struct {
    const char *name;
    double (*run)(void);
    double per_vector;  // how many times one vector of 16 outputs needs it
    int instructions;   // in one time: 2 for a pair measured together, else 1
    const char *role;
} instruction;

static const instruction instructions[] = {
    {"vpmuldq", vpmuldq, 2, 1, "32x32->64-bit products, even and odd lanes"},
    {"vpaddq", vpaddq, 2, 1, "the rounding nudge"},
    {"vpsrlq", vpsrlq, 3, 1, "odd lanes down, bits 31..62 (and one vpsllq)"},
    {"vpblendmd", vpblendmd, 1, 1, "even and odd high halves together"},
    {"vpandd", vpandd, 1, 1, "remainder of the divide"},
    {"vpsubd", vpsubd, 1, 1, "rounding threshold"},
    {"vpsrad", vpsrad, 1, 1, "sign of the value"},
    {"vpsravd", vpsravd, 1, 1, "divide by a power of two"},
    {"vpcmpgtd+vpaddd", vpcmpgtd_vpaddd, 1, 2, "round up where the remainder passes it"},
    {"vpackssdw", vpackssdw, 0.5, 1, "narrow to int16"},
    {"vpaddsw", vpaddsw, 0.5, 1, "the output zero point"},
    {"vpacksswb", vpacksswb, 0.25, 1, "narrow to int8"},
    {"vpxord", vpxord, 0.25, 1, "table index"},
    {"vpermt2b", vpermt2b, 0.5, 1, "the fused activation table"},
    {"vpblendmb", vpblendmb, 0.25, 1, "its two halves (with vpmovb2m)"},
    {"vpermd", vpermd, 0.25, 1, "lane order for the stores"},
};

int main(int argc, char **argv) {
    const int rounds = rounds_argument(argc, argv, 5);
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx512vnni") || !__builtin_cpu_supports("avx512vbmi")) {
        printf("no AVX-512 VNNI and VBMI: the kernel measured here does not run on this CPU\n");
        return 0;
    }
    print_cpu_name();
    pin_to_current_cpu();
    enum { COUNT = sizeof instructions / sizeof instructions[0] };
    double costs[COUNT][MAX_ROUNDS];
    dot_products_alone();
    // Rounds interleave the instructions, each against the loop alone measured just before it.
    for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < COUNT; i++) {
            const double alone = dot_products_alone();
            costs[i][r] = instructions[i].run() / alone - 1;
        }
    }
    printf("median of %d rounds; cost in VPDPBUSD zmm slots per instruction (0: free beside them)\n", rounds);
    printf("%-16s %6s %9s  %s\n", "instruction", "cost", "per 16", "role");
    double total = 0, count = 0;
    for (int i = 0; i < COUNT; i++) {
        const double cost = median_of(costs[i], rounds);
        const double clamped = cost < 0 ? 0 : cost;
        total += clamped * instructions[i].per_vector;
        count += instructions[i].per_vector * instructions[i].instructions;
        printf("%-16s %6.2f %9.2f  %s\n", instructions[i].name, cost, instructions[i].per_vector,
               instructions[i].role);
    }
    printf("one vector of 16 outputs: %.1f instructions costing %.1f VPDPBUSD slots\n", count, total);
    return 0;
}
