#ifndef IK_CPU_FEATURES_H
#define IK_CPU_FEATURES_H
// The CPU features the kernel variants depend on, detected once by
// cpu_features.c (in the manner of XNNPACK's hardware config). Every
// variant's is_supported reads this struct instead of asking the CPU itself.
#include <stdbool.h>

typedef struct {
    // x86-64 (all false elsewhere)
    bool has_avx2;
    bool has_avx512f;
    bool has_avx512bw;
    bool has_avx512cd;
    bool has_avx512dq;
    bool has_avx512vl;
    bool has_avx512vnni;
    bool has_avx512vbmi;
    // AArch64 (false elsewhere): Advanced SIMD (HWCAP_ASIMD, on every
    // AArch64 Linux CPU) and SDOT/UDOT (HWCAP_ASIMDDP)
    bool has_neon;
    bool has_neon_dot;
} ik_cpu_features;

/// The features of the CPU this process runs on; detected on the first call
/// (thread-safe), then the same immutable struct for the life of the process.
const ik_cpu_features *ik_get_cpu_features(void);

#endif
