#include "ik_softmax.h"
#include "ik_fixed_point.h"

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

void ik_softmax_run(const ik_softmax_params *p, const int8_t *input, int8_t *output, int32_t *exps) {
    const int accumulation_integer_bits = 12;
    for (int64_t row = 0; row < p->outer_size; row++) {
        const int8_t *in = input + row * p->depth;
        int8_t *out = output + row * p->depth;
        int32_t max_value = INT8_MIN;
        for (int32_t c = 0; c < p->depth; c++) if (in[c] > max_value) max_value = in[c];

        int32_t sum_of_exps = 0;  // q12
        for (int32_t c = 0; c < p->depth; c++) {
            const int32_t diff = in[c] - max_value;
            if (diff >= p->diff_min) {
                const int32_t scaled = mul(ik_shift_left_wrapping(diff, p->input_left_shift), p->input_multiplier);
                exps[c] = exp_on_negative_values_q5(scaled);
                // Wraps like TFLite's int32 accumulator (only reachable with depth >= 4096).
                sum_of_exps = (int32_t)((uint32_t)sum_of_exps
                    + (uint32_t)ik_rounding_divide_by_pot(exps[c], accumulation_integer_bits));
            }
        }

        // 1 / sum as a q0 mantissa and a power-of-two exponent.
        const int headroom_plus_one = __builtin_clz((uint32_t)sum_of_exps);
        const int bits_over_unit = accumulation_integer_bits - headroom_plus_one;
        const int32_t shifted_sum_minus_one = (int32_t)(((uint32_t)sum_of_exps << headroom_plus_one) - (1u << 31));
        const int32_t reciprocal = one_over_one_plus_x_q0(shifted_sum_minus_one);
        const int exponent = bits_over_unit + 31 - 8;

        for (int32_t c = 0; c < p->depth; c++) {
            if (in[c] - max_value >= p->diff_min) {
                const int32_t probability = ik_rounding_divide_by_pot(mul(reciprocal, exps[c]), exponent);
                out[c] = (int8_t)ik_clamp(probability + INT8_MIN, INT8_MIN, INT8_MAX);
            } else {
                out[c] = INT8_MIN;
            }
        }
    }
}
