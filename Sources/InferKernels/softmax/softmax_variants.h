#ifndef SOFTMAX_VARIANTS_H
#define SOFTMAX_VARIANTS_H
// The SOFTMAX variants, one per file, each bit-identical to the portable
// loop. The variant struct, ik_softmax_variant, is public (ik_softmax.h) for
// the tests; softmax_dispatch.c orders them.
#include "ik_softmax.h"
#include "../cpu/cpu_features.h"

#if defined(__x86_64__)
extern const ik_softmax_variant ik_softmax_d16_avx512vbmi;
extern const ik_softmax_variant ik_softmax_avx512;
#endif
extern const ik_softmax_variant ik_softmax_portable;

#endif
