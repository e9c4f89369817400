// Portable encode steps: copying activations into the staging buffers.
#include <string.h>
#include "qs8_conv_variants.h"

void ik_qs8_copy_activations(int8_t *columns, const int8_t *activations, int32_t count) {
    memcpy(columns, activations, (size_t)count);
}

void ik_qs8_encode_pixels(int8_t *staged, const int8_t *activations, int32_t pixels, int32_t depth,
                          int32_t staged_depth, int8_t padding, int32_t offset) {
    int32_t x = 0;
    if (depth == 3 && staged_depth == 4) {
        // RGB: one word per pixel, its fourth byte replaced by the padding
        // (the last pixel would read past the row: left to the loop below).
        // Offsets are 0 or 128, so adding one is an XOR of each byte.
        const uint32_t flips = (uint32_t)(uint8_t)offset * 0x01010101u;
        const uint32_t fourth = (uint32_t)(uint8_t)(padding ^ (int8_t)offset) << 24;
        for (; x + 1 < pixels; x++, staged += 4, activations += 3) {
            uint32_t word;
            memcpy(&word, activations, sizeof word);
            word = ((word & 0x00FFFFFFu) | fourth) ^ flips;
            memcpy(staged, &word, sizeof word);
        }
    }
    for (; x < pixels; x++, staged += staged_depth, activations += depth) {
        int32_t c = 0;
        for (; c < depth; c++) staged[c] = (int8_t)(activations[c] + offset);
        for (; c < staged_depth; c++) staged[c] = padding;
    }
}

void ik_qs8_copy_pixels(int8_t *staged, const int8_t *activations, int32_t pixels, int32_t depth,
                        int32_t staged_depth, int8_t padding) {
    ik_qs8_encode_pixels(staged, activations, pixels, depth, staged_depth, padding, 0);
}
