// AVX-512 ADD, SUB and MUL lines: TFLite's rescaling of 16 elements at a
// time, in the same fixed-point steps as binary.c's C, so the same bytes as
// its table. A residual ADD then needs no 64 KB table and takes less time
// than one table lookup per element (docs/measurements.md, "AMD Zen 4
// (session 16)").
#if defined(__x86_64__)
#include <immintrin.h>
#include "binary_variants.h"
#include "../fixed_point/rescale16_avx512.h"

#define AVX512 __attribute__((target("avx512f,avx512bw,avx512vl")))

enum { LANES = 16 };

// TFLite's MultiplyByQuantizedMultiplier with one multiplier and shift for
// every lane, after a left shift of its own (an ADD or SUB input's 2^20; two
// wrapping shifts in a row wrap as their sum does).
AVX512 static inline ik_rescale16 make_rescale(int32_t multiplier, int32_t shift, int32_t extra_left_shift) {
    return ik_rescale16_make(_mm512_set1_epi32(multiplier),
                             _mm512_set1_epi32((shift > 0 ? shift : 0) + extra_left_shift),
                             _mm512_set1_epi32(shift > 0 ? 0 : -shift));
}

// An ADD or SUB input x = v - zero point (|x| < 2^9) scaled by 2^20 and its
// multiplier m (0 <= m < 2^31) in 32-bit lanes, without the 64-bit products:
// with x·2^20 the doubling high multiply is h = floor((x·m + 2^10) / 2^11),
// and m = high·2^11 + low splits it into x·high + floor((x·low + 2^10) / 2^11),
// each product below 2^29. The rounding divide by 2^right, ties away from
// zero, is then floor((h + 2^(right-1) - [h < 0]) / 2^right). [x < 0] serves
// for [h < 0]: h < 0 needs x < 0, and an x < 0 with h = 0 gives 0 either way.
typedef struct {
    __m512i high, low;
    __m512i half;     // 2^(right-1), 0 for right = 0
    __m512i negative; // 1 where right > 0: subtracted for x < 0
    __m128i right;
} input_rescale;

AVX512 static inline input_rescale make_input_rescale(int32_t multiplier, int32_t shift) {
    const int32_t right = -shift;  // inputs never shift left (see can_scale_inputs)
    return (input_rescale){
        .high = _mm512_set1_epi32(multiplier >> 11),
        .low = _mm512_set1_epi32(multiplier & 2047),
        .half = _mm512_set1_epi32(right > 0 ? 1 << (right - 1) : 0),
        .negative = _mm512_set1_epi32(right > 0),
        .right = _mm_cvtsi32_si128(right),
    };
}

AVX512 static inline __m512i apply_input(__m512i x, const input_rescale *r) {
    const __m512i rounded_low = _mm512_srai_epi32(
        _mm512_add_epi32(_mm512_mullo_epi32(x, r->low), _mm512_set1_epi32(1 << 10)), 11);
    const __m512i h = _mm512_add_epi32(_mm512_mullo_epi32(x, r->high), rounded_low);
    // (x >> 31) & 1 is 1 for x < 0: minus 1 where right > 0.
    const __m512i bias = _mm512_sub_epi32(r->half, _mm512_and_si512(_mm512_srai_epi32(x, 31), r->negative));
    return _mm512_sra_epi32(_mm512_add_epi32(h, bias), r->right);
}

// The split above holds for ADD and SUB inputs as BinaryKernel makes them (a
// left shift of 20, multipliers below 1); anything else is rescaled in 64 bits.
static int can_scale_inputs(const ik_binary_params *p) {
    return p->op != IK_BINARY_MUL && p->left_shift == 20 && p->input1_shift <= 0 && p->input2_shift <= 0
        && p->input1_shift >= -31 && p->input2_shift >= -31 && p->input1_multiplier >= 0 && p->input2_multiplier >= 0
        && p->input1_offset >= -255 && p->input1_offset <= 255 && p->input2_offset >= -255 && p->input2_offset <= 255;
}

typedef struct {
    ik_binary_op op;
    int splits_inputs;
    __m512i offset1, offset2, output_offset, low, high;
    ik_rescale16 input1, input2, output;
    input_rescale split1, split2;
} line_constants;

AVX512 static inline line_constants load_constants(const ik_binary_params *p) {
    const int add_or_sub = p->op != IK_BINARY_MUL;
    const int splits = can_scale_inputs(p);
    return (line_constants){
        .op = p->op,
        .splits_inputs = splits,
        .offset1 = _mm512_set1_epi32(p->input1_offset),
        .offset2 = _mm512_set1_epi32(p->input2_offset),
        .output_offset = _mm512_set1_epi32(p->output_offset),
        .low = _mm512_set1_epi32(p->activation_min),
        .high = _mm512_set1_epi32(p->activation_max),
        // MUL rescales only the product; the input rescales are never applied.
        .input1 = make_rescale(p->input1_multiplier, p->input1_shift, add_or_sub ? p->left_shift : 0),
        .input2 = make_rescale(p->input2_multiplier, p->input2_shift, add_or_sub ? p->left_shift : 0),
        .output = make_rescale(p->output_multiplier, p->output_shift, 0),
        .split1 = make_input_rescale(p->input1_multiplier, splits ? p->input1_shift : 0),
        .split2 = make_input_rescale(p->input2_multiplier, splits ? p->input2_shift : 0),
    };
}

// The op's int8 results of 16 pairs, in the low bytes of 16 lanes' int32;
// `op` and `splits` are constants where it is inlined.
AVX512 __attribute__((always_inline)) static inline __m512i compute(
    const line_constants *c, __m128i a, __m128i b, const ik_binary_op op, const int splits) {
    const __m512i x = _mm512_add_epi32(_mm512_cvtepi8_epi32(a), c->offset1);
    const __m512i y = _mm512_add_epi32(_mm512_cvtepi8_epi32(b), c->offset2);
    __m512i raw;
    if (op == IK_BINARY_MUL) {
        raw = _mm512_mullo_epi32(x, y);
    } else {
        const __m512i scaled1 = splits ? apply_input(x, &c->split1) : ik_rescale16_apply(x, &c->input1);
        const __m512i scaled2 = splits ? apply_input(y, &c->split2) : ik_rescale16_apply(y, &c->input2);
        raw = op == IK_BINARY_SUB ? _mm512_sub_epi32(scaled1, scaled2) : _mm512_add_epi32(scaled1, scaled2);
    }
    const __m512i value = _mm512_add_epi32(ik_rescale16_apply(raw, &c->output), c->output_offset);
    return _mm512_min_epi32(_mm512_max_epi32(value, c->low), c->high);
}

AVX512 __attribute__((always_inline)) static inline void run_line_as(
    const line_constants *c, const int8_t *input1, const int8_t *input2, int8_t *output, int64_t count,
    const ik_binary_op op, const int splits) {
    int64_t i = 0;
    for (; i + LANES <= count; i += LANES) {
        const __m128i a = _mm_loadu_si128((const __m128i *)(input1 + i));
        const __m128i b = _mm_loadu_si128((const __m128i *)(input2 + i));
        _mm_storeu_si128((__m128i *)(output + i), _mm512_cvtepi32_epi8(compute(c, a, b, op, splits)));
    }
    if (i < count) {
        const __mmask16 tail = (__mmask16)((1u << (count - i)) - 1);
        const __m128i a = _mm_maskz_loadu_epi8(tail, input1 + i);
        const __m128i b = _mm_maskz_loadu_epi8(tail, input2 + i);
        _mm512_mask_cvtepi32_storeu_epi8(output + i, tail, compute(c, a, b, op, splits));
    }
}

_Static_assert(sizeof(line_constants) <= IK_BINARY_LINE_STATE_SIZE, "line constants fit the state");

AVX512 static void prepare(const ik_binary_params *p, void *state) {
    *(line_constants *)state = load_constants(p);
}

AVX512 static void run_line(const void *state, const int8_t *input1, const int8_t *input2, int8_t *output,
                            int64_t count) {
    const line_constants *c = state;
    switch (c->op) {
    case IK_BINARY_MUL: run_line_as(c, input1, input2, output, count, IK_BINARY_MUL, 0); break;
    case IK_BINARY_SUB:
        if (c->splits_inputs) {
            run_line_as(c, input1, input2, output, count, IK_BINARY_SUB, 1);
        } else {
            run_line_as(c, input1, input2, output, count, IK_BINARY_SUB, 0);
        }
        break;
    case IK_BINARY_ADD:
        if (c->splits_inputs) {
            run_line_as(c, input1, input2, output, count, IK_BINARY_ADD, 1);
        } else {
            run_line_as(c, input1, input2, output, count, IK_BINARY_ADD, 0);
        }
        break;
    }
}

static int is_supported(void) {
    const ik_cpu_features *cpu = ik_get_cpu_features();
    return cpu->has_avx512f && cpu->has_avx512bw && cpu->has_avx512vl;
}

const ik_binary_line_variant ik_qs8_vbinary_x16_avx512 = {
    .name = "x16-avx512",
    .prepare = prepare,
    .run_line = run_line,
    .is_supported = is_supported,
};
#endif
