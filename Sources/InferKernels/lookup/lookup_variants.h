#ifndef LOOKUP_VARIANTS_H
#define LOOKUP_VARIANTS_H
// The 256-entry byte table lookup variants, one per file, each identical to
// the portable loop. The variant struct, ik_lookup_variant, is public
// (ik_elementwise.h) for the tests; lookup_dispatch.c orders them.
#include "ik_elementwise.h"
#include "../cpu/cpu_features.h"

#if defined(__x86_64__)
extern const ik_lookup_variant ik_lookup_avx512;
#endif
extern const ik_lookup_variant ik_lookup_portable;

#endif
