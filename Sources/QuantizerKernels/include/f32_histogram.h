#ifndef YOLO_EDGE_F32_HISTOGRAM_H
#define YOLO_EDGE_F32_HISTOGRAM_H
// Calibration histogram loops for the quantizer (hot in debug builds, where
// the Swift versions are two orders of magnitude slower).

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The smallest and largest finite value; returns 0 (and leaves them alone) when there is none.
int f32_finite_range(const float *values, ptrdiff_t count, float *minimum, float *maximum);

/// Adds each finite value to counts[clamp(floor((value - lower_edge) / bin_width), 0, bin_count - 1)];
/// returns how many values were added (NaN and infinities are skipped).
uint64_t f32_histogram_add(const float *values, ptrdiff_t count, double lower_edge, double bin_width,
                           uint64_t *counts, ptrdiff_t bin_count);

/// KL(P || Q) of quantizing bins [low_bin, high_bin] of `counts` into `levels`
/// groups: P is the window with the mass outside folded into its edge bins,
/// Q the window without it, merged per group and spread evenly over the
/// group's bins where P is non-zero. Both normalised; q is floored at 1e-12.
/// Requires 0 <= low_bin, high_bin - low_bin + 1 > levels, high_bin < bin_count.
double f32_histogram_kl(const uint64_t *counts, ptrdiff_t bin_count, ptrdiff_t low_bin, ptrdiff_t high_bin,
                        ptrdiff_t levels);

#ifdef __cplusplus
}
#endif

#endif
