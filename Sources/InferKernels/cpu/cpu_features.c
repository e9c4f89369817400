// The single place in InferKernels that asks the CPU what it supports
// (cpuid via __builtin_cpu_supports on x86-64, the HWCAP auxiliary vector on
// AArch64). Detection runs once, lazily and thread-safely, into one struct of
// booleans that every variant's is_supported reads: no kernel file repeats a
// feature probe, and a new variant only names the flags it needs.
#include <pthread.h>
#if defined(__aarch64__)
#include <sys/auxv.h>
#endif
#include "cpu_features.h"

static ik_cpu_features features;
static pthread_once_t detected = PTHREAD_ONCE_INIT;

static void detect(void) {
#if defined(__x86_64__)
    // Also checks that the OS saves the vector state (XCR0), as the kernels need.
    __builtin_cpu_init();
    features.has_avx2 = __builtin_cpu_supports("avx2");
    features.has_avx512f = __builtin_cpu_supports("avx512f");
    features.has_avx512bw = __builtin_cpu_supports("avx512bw");
    features.has_avx512cd = __builtin_cpu_supports("avx512cd");
    features.has_avx512dq = __builtin_cpu_supports("avx512dq");
    features.has_avx512vl = __builtin_cpu_supports("avx512vl");
    features.has_avx512vnni = __builtin_cpu_supports("avx512vnni");
    features.has_avx512vbmi = __builtin_cpu_supports("avx512vbmi");
#elif defined(__aarch64__)
    // HWCAP_ASIMDDP, spelled out for C libraries whose headers predate it.
    features.has_neon_dot = (getauxval(AT_HWCAP) & (1UL << 20)) != 0;
#endif
}

const ik_cpu_features *ik_get_cpu_features(void) {
    pthread_once(&detected, detect);
    return &features;
}
