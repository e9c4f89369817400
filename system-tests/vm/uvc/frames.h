/*
 * The frames the test cameras (uvc-usbip.c, uvc-gadget.c) serve, read from files:
 *   load_file    a file as it is (the JPEG sent as an MJPEG frame)
 *   load_yuyv    a binary PPM (P6, maxval 255), as djpeg -ppm writes it, converted to packed
 *                YUYV 4:2:2 (BT.601 limited range, as webcams send it); chroma of a pixel pair
 *                is the mean of the two
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static uint8_t *load_file(const char *path, size_t *size)
{
    int f = open(path, O_RDONLY);
    struct stat st;
    if (f < 0 || fstat(f, &st) < 0) { perror(path); exit(1); }
    uint8_t *p = malloc(st.st_size);
    if (!p || read(f, p, st.st_size) != st.st_size) { perror(path); exit(1); }
    close(f);
    *size = st.st_size;
    return p;
}

static uint8_t *load_yuyv(const char *path, unsigned width, unsigned height, size_t *size)
{
    size_t n;
    uint8_t *ppm = load_file(path, &n);
    unsigned w, h, maxval;
    int header = 0;
    if (sscanf((char *)ppm, "P6 %u %u %u%n", &w, &h, &maxval, &header) != 3 || w != width ||
        h != height || maxval != 255 || n < header + 1 + (size_t)w * h * 3) {
        fprintf(stderr, "%s: not a %ux%u binary PPM\n", path, width, height);
        exit(1);
    }
    const uint8_t *rgb = ppm + header + 1;
    uint8_t *out = malloc((size_t)w * h * 2);
    for (size_t i = 0; i < (size_t)w * h; i += 2) {
        const uint8_t *a = rgb + 3 * i, *b = a + 3;
        int y0 = ((66 * a[0] + 129 * a[1] + 25 * a[2] + 128) >> 8) + 16;
        int y1 = ((66 * b[0] + 129 * b[1] + 25 * b[2] + 128) >> 8) + 16;
        int r = (a[0] + b[0]) / 2, g = (a[1] + b[1]) / 2, bl = (a[2] + b[2]) / 2;
        out[2 * i] = y0;
        out[2 * i + 1] = ((-38 * r - 74 * g + 112 * bl + 128) >> 8) + 128;
        out[2 * i + 2] = y1;
        out[2 * i + 3] = ((112 * r - 94 * g - 18 * bl + 128) >> 8) + 128;
    }
    free(ppm);
    *size = (size_t)w * h * 2;
    return out;
}
