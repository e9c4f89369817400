// Calibration histograms for the quantizer: finite ranges, bin counts and the
// KL divergence of a clipping window (hot in debug builds if written in Swift).
#include "f32_histogram.h"

#include <math.h>

int f32_finite_range(const float *values, ptrdiff_t count, float *minimum, float *maximum) {
    int found = 0;
    float low = INFINITY, high = -INFINITY;
    for (ptrdiff_t k = 0; k < count; ++k) {
        const float value = values[k];
        if (!isfinite(value)) continue;
        found = 1;
        if (value < low) low = value;
        if (value > high) high = value;
    }
    if (found) {
        *minimum = low;
        *maximum = high;
    }
    return found;
}

uint64_t f32_histogram_add(const float *values, ptrdiff_t count, double lower_edge, double bin_width,
                           uint64_t *counts, ptrdiff_t bin_count) {
    uint64_t added = 0;
    for (ptrdiff_t k = 0; k < count; ++k) {
        const float value = values[k];
        if (!isfinite(value)) continue;
        double position = floor(((double)value - lower_edge) / bin_width);
        if (position < 0) position = 0;
        if (position > (double)(bin_count - 1)) position = (double)(bin_count - 1);
        counts[(ptrdiff_t)position] += 1;
        added += 1;
    }
    return added;
}

double f32_histogram_kl(const uint64_t *counts, ptrdiff_t bin_count, ptrdiff_t low_bin, ptrdiff_t high_bin,
                        ptrdiff_t levels) {
    const ptrdiff_t width = high_bin - low_bin + 1;
    double below = 0, above = 0, inside = 0;
    for (ptrdiff_t bin = 0; bin < low_bin; ++bin) below += (double)counts[bin];
    for (ptrdiff_t bin = high_bin + 1; bin < bin_count; ++bin) above += (double)counts[bin];
    for (ptrdiff_t bin = low_bin; bin <= high_bin; ++bin) inside += (double)counts[bin];
    const double total = below + above + inside;
    if (inside <= 0 || total <= 0) return INFINITY;

    double divergence = 0;
    for (ptrdiff_t group = 0; group < levels; ++group) {
        const ptrdiff_t start = group * width / levels, end = (group + 1) * width / levels;
        double mass = 0;
        ptrdiff_t supported = 0;
        for (ptrdiff_t bin = start; bin < end; ++bin) {
            const double raw = (double)counts[low_bin + bin];
            const double folded = raw + (bin == 0 ? below : 0) + (bin == width - 1 ? above : 0);
            mass += raw;
            if (folded > 0) supported += 1;
        }
        if (supported == 0) continue;
        double q = mass / (double)supported / inside;
        if (q < 1e-12) q = 1e-12;
        for (ptrdiff_t bin = start; bin < end; ++bin) {
            const double folded = (double)counts[low_bin + bin] + (bin == 0 ? below : 0) + (bin == width - 1 ? above : 0);
            if (folded > 0) {
                const double p = folded / total;
                divergence += p * log(p / q);
            }
        }
    }
    return divergence;
}
