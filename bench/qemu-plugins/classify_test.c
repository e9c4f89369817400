/*
 * Self-test of insn_count.c's classifier: a loop whose instructions are known, including
 * near misses (same encoding groups, other operations or element sizes) that must not count.
 * Runs under qemu-aarch64 -cpu max (dot product, i8mm and bf16 all present).
 *
 *   classify_test ITERATIONS
 *
 * prints what one iteration must add to each of the plugin's counts; the caller runs it with
 * two iteration counts and compares the difference of the plugin's counts with that.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 0;
    if (n <= 0) {
        /* The asm loop runs at least once: no empty loop to special-case. */
        fprintf(stderr, "usage: classify_test ITERATIONS (>= 1)\n");
        return 2;
    }
    __asm__ volatile(
        "1:\n"
        /* sdot: 3, each also int8_mul */
        "sdot v0.4s, v1.16b, v2.16b\n"
        "sdot v0.2s, v1.8b, v2.8b\n"
        "sdot v0.4s, v1.16b, v2.4b[3]\n"
        /* smlal and int8_mul: 2 */
        "smlal v3.8h, v1.8b, v2.8b\n"
        "smlal2 v3.8h, v1.16b, v2.16b\n"
        /* smlal only (16- and 32-bit lanes): 3 */
        "smlal v4.4s, v1.4h, v2.h[1]\n"
        "smlal2 v4.2d, v1.4s, v2.s[1]\n"
        "smlal v4.4s, v1.4h, v2.4h\n"
        /* int8_mul only: 13 */
        "udot v5.4s, v1.16b, v2.16b\n"
        "udot v5.2s, v1.8b, v2.4b[0]\n"
        "usdot v5.4s, v1.16b, v2.16b\n"
        "usdot v5.4s, v1.16b, v2.4b[1]\n"
        "sudot v5.4s, v1.16b, v2.4b[2]\n"
        "smmla v5.4s, v1.16b, v2.16b\n"
        "ummla v5.4s, v1.16b, v2.16b\n"
        "usmmla v5.4s, v1.16b, v2.16b\n"
        "smull v6.8h, v1.8b, v2.8b\n"
        "umlal2 v6.8h, v1.16b, v2.16b\n"
        "smlsl2 v6.8h, v1.16b, v2.16b\n"
        "mla v7.16b, v1.16b, v2.16b\n"
        "mul v7.8b, v1.8b, v2.8b\n"
        /* near misses, none counted: 14 */
        "umlal v8.4s, v1.4h, v2.4h\n"
        "umlal v8.4s, v1.4h, v2.h[2]\n"
        "sqdmlal v8.4s, v1.4h, v2.4h\n"
        "smull v8.4s, v1.4h, v2.h[0]\n"
        "mul v8.4s, v1.4s, v2.4s\n"
        "mla v8.4s, v1.4s, v2.s[1]\n"
        "pmul v8.16b, v1.16b, v2.16b\n"
        "sadalp v8.4s, v6.8h\n"
        "fmla v8.4s, v1.4s, v2.4s\n"
        "fmla v8.4s, v1.4s, v2.s[3]\n"
        "sqdmulh v8.4s, v1.4s, v2.s[1]\n"
        "bfdot v8.4s, v1.8h, v2.8h\n"
        "movi v9.16b, #0\n"
        "sshr v9.4s, v1.4s, #3\n"
        /* loop control: 2 */
        "subs %0, %0, #1\n"
        "b.ne 1b\n"
        : "+r"(n)
        :
        : "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "cc");
    printf("total=%d sdot=%d smlal=%d int8_mul=%d\n", 3 + 2 + 3 + 13 + 14 + 2, 3, 5, 3 + 2 + 13);
    return 0;
}
