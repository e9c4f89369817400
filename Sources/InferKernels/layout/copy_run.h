#ifndef COPY_RUN_H
#define COPY_RUN_H
// The short-run copy shared by concat.c and gather.c.
#include <stdint.h>
#include <string.h>

/// Copies `count` bytes; short runs (a pixel's channels) go in 16-byte
/// pieces instead of a library call each.
static inline void ik_copy_run(int8_t *out, const int8_t *in, int64_t count) {
    if (count > 256) {
        memcpy(out, in, (size_t)count);
        return;
    }
    int64_t i = 0;
    for (; i + 16 <= count; i += 16) memcpy(out + i, in + i, 16);
    for (; i < count; i++) out[i] = in[i];
}

#endif
