// SOFTMAX in portable C with TFLite's reference fixed-point steps: the
// exponential table every variant looks up, and the row loop that is the
// portable variant and the reference the others must match bit for bit.
#include <stdint.h>
#include "ik_fixed_point.h"
#include "softmax_variants.h"

// Fixed-point helpers named after gemmlowp's; "qN" is a Q(N).(31-N) raw value.

static int32_t saturating_shift_left(int32_t x, int exponent) {
    const int32_t threshold = (int32_t)((1u << (31 - exponent)) - 1);
    if (x > threshold) return INT32_MAX;
    if (x < -threshold) return INT32_MIN;
    return ik_shift_left_wrapping(x, exponent);
}

static int32_t rounding_half_sum(int32_t a, int32_t b) {
    const int64_t sum = (int64_t)a + (int64_t)b;
    return (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
}

static int32_t mul(int32_t a, int32_t b) { return ik_saturating_rounding_doubling_high_mul(a, b); }

// exp(a) for a in [-1/4, 0), q0 in and out: Taylor series around -1/8.
static int32_t exp_on_interval_q0(int32_t a) {
    const int32_t exp_minus_one_eighth = 1895147668;
    const int32_t one_third = 715827883;
    const int32_t x = a + (1 << 28);
    const int32_t x2 = mul(x, x);
    const int32_t x3 = mul(x2, x);
    const int32_t x4 = mul(x2, x2);
    const int32_t x4_over_4 = ik_rounding_divide_by_pot(x4, 2);
    const int32_t tail = ik_rounding_divide_by_pot(mul(x4_over_4 + x3, one_third) + x2, 1);
    return exp_minus_one_eighth + mul(exp_minus_one_eighth, x + tail);
}

// exp(a) for a <= 0, a in q5, result in q0.
static int32_t exp_on_negative_values_q5(int32_t a) {
    const int fractional_bits = 26;
    const int32_t one_quarter = 1 << (fractional_bits - 2);
    const int32_t a_mod_quarter_minus_quarter = (a & (one_quarter - 1)) - one_quarter;
    int32_t result = exp_on_interval_q0(saturating_shift_left(a_mod_quarter_minus_quarter, 5));
    const int32_t remainder = a_mod_quarter_minus_quarter - a;
    // exp(-2^k) for k = -2 ... 4, applied for each set bit of the remainder.
    static const int32_t exp_of_minus_power_of_two[7] = {
        1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
    for (int k = -2; k <= 4; k++) {
        if (remainder & (1 << (fractional_bits + k))) result = mul(result, exp_of_minus_power_of_two[k + 2]);
    }
    return a == 0 ? INT32_MAX : result;
}

// 1 / (1 + a) for a in [0, 1), q0 in and out: Newton-Raphson in q2.
static int32_t one_over_one_plus_x_q0(int32_t a) {
    const int32_t half_denominator = rounding_half_sum(a, INT32_MAX);
    const int32_t forty_eight_seventeenths = 1515870810;
    const int32_t minus_thirty_two_seventeenths = -1010580540;
    const int32_t one_q2 = 1 << 29;
    int32_t x = forty_eight_seventeenths + mul(half_denominator, minus_thirty_two_seventeenths);
    for (int i = 0; i < 3; i++) {
        const int32_t one_minus_half_denominator_times_x = one_q2 - mul(half_denominator, x);
        x = x + saturating_shift_left(mul(x, one_minus_half_denominator_times_x), 2);
    }
    return saturating_shift_left(x, 1);
}

void ik_softmax_fill_exp_table(const ik_softmax_params *p, int32_t *table) {
    for (int32_t distance = 0; distance < IK_SOFTMAX_TABLE_SIZE; distance++) {
        const int32_t diff = -distance;
        table[distance] = diff >= p->diff_min
            ? exp_on_negative_values_q5(mul(ik_shift_left_wrapping(diff, p->input_left_shift), p->input_multiplier))
            : 0;
    }
}

// Rows are processed in chunks: exponentials are looked up into a small
// buffer first so the arithmetic loops that follow vectorize.
enum { CHUNK = 64 };

static void look_up_exponentials(const int32_t *table, int32_t max_value, const int8_t *in, int32_t count,
                                 uint32_t *exps) {
    for (int32_t c = 0; c < count; c++) exps[c] = (uint32_t)table[max_value - in[c]];
}

void ik_softmax_run_rows_portable(const ik_softmax_params *p, const int8_t *input, int8_t *output,
                                  int64_t row_begin, int64_t row_end) {
    const int accumulation_integer_bits = 12;
    uint32_t exps[CHUNK];
    for (int64_t row = row_begin; row < row_end; row++) {
        const int8_t *in = input + row * p->depth;
        int8_t *out = output + row * p->depth;
        int32_t max_value = INT8_MIN;
        for (int32_t c = 0; c < p->depth; c++) if (in[c] > max_value) max_value = in[c];

        // Entries below diff_min are 0, which adds nothing (TFLite skips them).
        // The exponentials are non-negative, so the rounding shift needs no
        // sign handling. Wraps like TFLite's int32 accumulator (only
        // reachable with depth >= 4096).
        uint32_t sum_of_exps = 0;  // q12
        for (int32_t begin = 0; begin < p->depth; begin += CHUNK) {
            const int32_t count = p->depth - begin < CHUNK ? p->depth - begin : CHUNK;
            look_up_exponentials(p->exp_table, max_value, in + begin, count, exps);
            for (int32_t c = 0; c < count; c++) {
                sum_of_exps += (exps[c] >> accumulation_integer_bits) + ((exps[c] & 4095u) > 2047u);
            }
        }

        // 1 / sum as a q0 mantissa and a power-of-two exponent.
        const int headroom_plus_one = __builtin_clz(sum_of_exps);
        const int bits_over_unit = accumulation_integer_bits - headroom_plus_one;
        const int32_t shifted_sum_minus_one = (int32_t)((sum_of_exps << headroom_plus_one) - (1u << 31));
        const uint64_t reciprocal = (uint32_t)one_over_one_plus_x_q0(shifted_sum_minus_one);
        const int exponent = bits_over_unit + 31 - 8;

        // reciprocal × exponential >= 0: the doubling high multiply is
        // (r·e + 2^30) >> 31 and the rounding shift rounds half up, in
        // unsigned arithmetic. Elements below diff_min have e = 0 and come
        // out as -128, as in TFLite.
        const uint64_t mask = ((uint64_t)1 << exponent) - 1;
        for (int32_t begin = 0; begin < p->depth; begin += CHUNK) {
            const int32_t count = p->depth - begin < CHUNK ? p->depth - begin : CHUNK;
            if (p->depth > CHUNK) look_up_exponentials(p->exp_table, max_value, in + begin, count, exps);
            for (int32_t c = 0; c < count; c++) {
                const uint64_t scaled = (reciprocal * exps[c] + (1u << 30)) >> 31;
                const uint64_t probability = (scaled >> exponent) + ((scaled & mask) > (mask >> 1));
                out[begin + c] = (int8_t)((probability > 255 ? 255 : (int32_t)probability) - 128);
            }
        }
    }
}

static int always(void) { return 1; }

const ik_softmax_variant ik_softmax_portable = {
    .name = "portable",
    .max_depth = INT32_MAX,
    .run = ik_softmax_run_rows_portable,
    .is_supported = always,
};
