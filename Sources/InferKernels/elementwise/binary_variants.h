#ifndef BINARY_VARIANTS_H
#define BINARY_VARIANTS_H
// The line variants of ADD, SUB and MUL without a table, one per file, each
// giving exactly ik_binary_fill_table's results. The variant struct is public
// (ik_binary.h) for the tests; binary_dispatch.c orders them.
#include "ik_binary.h"
#include "../cpu/cpu_features.h"

#if defined(__x86_64__)
extern const ik_binary_line_variant ik_qs8_vbinary_x16_avx512;
#endif

/// The first variant this CPU runs; NULL if none.
const ik_binary_line_variant *ik_binary_best_line_variant(void);

#endif
