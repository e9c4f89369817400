// The single place in InferKernels that asks the CPU what it supports
// (cpuid via __builtin_cpu_supports on x86-64, the HWCAP auxiliary vector on
// AArch64). Detection runs once, lazily and thread-safely, into one struct of
// booleans that every variant's is_supported reads: no kernel file repeats a
// feature probe, and a new variant only names the flags it needs.
//
// YOLO_EDGE_KERNELS=portable in the environment reports no feature at all, so
// every operator runs its portable C variant. It exists for tests that check
// each variant gives the same bytes on the real model (the arm64 detect check
// runs it under qemu); it is not a user setting and --help does not show it.
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#if defined(__aarch64__)
#include <sys/auxv.h>
#endif
#include "cpu_features.h"

static ik_cpu_features features;
static pthread_once_t detected = PTHREAD_ONCE_INIT;

static void detect(void) {
    const char *forced = getenv("YOLO_EDGE_KERNELS");
    if (forced != NULL && strcmp(forced, "portable") == 0) return;
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
    // HWCAP_ASIMD and HWCAP_ASIMDDP, spelled out for C libraries whose headers predate them.
    const unsigned long hwcap = getauxval(AT_HWCAP);
    features.has_neon = (hwcap & (1UL << 1)) != 0;
    features.has_neon_dot = (hwcap & (1UL << 20)) != 0;
#endif
}

const ik_cpu_features *ik_get_cpu_features(void) {
    pthread_once(&detected, detect);
    return &features;
}
