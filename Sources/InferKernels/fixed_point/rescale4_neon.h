#ifndef IK_RESCALE4_NEON_H
#define IK_RESCALE4_NEON_H
// TFLite's MultiplyByQuantizedMultiplier (ik_fixed_point.h) on 4 int32 lanes,
// each with its own multiplier and shifts: the NEON kernels' one copy of it.
// AArch64 has the doubling high multiply as one instruction (SQRDMULH), and a
// rounding shift (SRSHL) that needs one fix-up to round ties away from zero.
#if defined(__aarch64__)
#include <arm_neon.h>

typedef struct {
    int32x4_t multiplier, left;
    int32x4_t right;  // minus the right shift: SRSHL by a negative amount shifts right
} ik_rescale4;

static inline ik_rescale4 ik_rescale4_load(const int32_t *multiplier, const int32_t *left_shift,
                                           const int32_t *right_shift) {
    return (ik_rescale4){vld1q_s32(multiplier), vld1q_s32(left_shift), vnegq_s32(vld1q_s32(right_shift))};
}

// x · 2^left, wrapping as TFLite's int32 multiply does (SSHL drops the bits
// shifted out); SQRDMULH, which is floor((x·m + 2^30) / 2^31) saturated, as
// TFLite's doubling high multiply; then the rounding divide by 2^right: SRSHL
// rounds ties up, so a negative value is lowered by one first, which turns
// that into ties away from zero (the saturating add keeps INT32_MIN, whose
// result is the same either way).
static inline int32x4_t ik_rescale4_apply(int32x4_t x, const ik_rescale4 *c) {
    const int32x4_t high = vqrdmulhq_s32(vshlq_s32(x, c->left), c->multiplier);
    // -1 where high < 0 and the lane shifts right (the sign bit of -right).
    const int32x4_t fixup = vshrq_n_s32(vandq_s32(high, c->right), 31);
    return vrshlq_s32(vqaddq_s32(high, fixup), c->right);
}

#endif
#endif
