/*
 * uvc-camera.h: the USB Video Class camera that uvc-usbip.c (USB/IP, in the guest) and
 * uvc-usbredir.c (usbredir, for qemu) put on a bus: its descriptors, its answers to control
 * requests and the payloads of its bulk video stream. The transport includes this file and
 * provides send_bulk().
 *
 * The camera: PRODUCT (default "UVC Test Camera"), 1d6b:0104, UVC 1.0, one 640x480 frame size in
 * two formats, 1: MJPEG and 2: YUYV, each at 30, 15 or 5 fps; a bulk IN endpoint 0x81, 512 bytes.
 *
 *   control()       the standard requests (descriptors, configuration, interface, halt) and the
 *                   UVC probe/commit controls of the streaming interface, as a camera's firmware
 *                   would answer them. Streaming starts at SET_CUR(COMMIT) and stops at
 *                   CLEAR_FEATURE(ENDPOINT_HALT) on 0x81, which is how uvcvideo starts and stops
 *                   a bulk camera.
 *   send_payload()  one UVC payload for the oldest waiting bulk IN transfer: a 2-byte header
 *                   (EOH, FID toggled per frame, EOF on a frame's last payload) and up to the
 *                   transfer's length - 2 bytes of the frame. Frames are paced at the committed
 *                   interval: transfers wait (the device NAKs) until the next frame is due.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "frames.h"

#ifndef PRODUCT
#define PRODUCT "UVC Test Camera"
#endif
#define W 640
#define H 480
#define MAX_PAYLOAD 16384          /* dwMaxPayloadTransferSize: uvcvideo's bulk URB size */

static struct { uint8_t *data; size_t size; } frames[3];      /* by format index */
static const uint32_t intervals[] = { 333333, 666666, 2000000 }; /* 100 ns units */

/* ---- descriptors ------------------------------------------------------------------------ */

static const uint8_t device_desc[18] = {
    18, 1, 0x00, 0x02,            /* bLength, DEVICE, bcdUSB 2.00 */
    0xef, 0x02, 0x01, 64,         /* miscellaneous class with IAD, ep0 max packet 64 */
    0x6b, 0x1d, 0x04, 0x01,       /* idVendor 1d6b, idProduct 0104 */
    0x00, 0x01, 1, 2, 3, 1,       /* bcdDevice 1.00, strings 1-3, one configuration */
};

static uint8_t config_desc[512];
static size_t config_len;

static uint8_t *put(uint8_t *p, const uint8_t *bytes, size_t n) { memcpy(p, bytes, n); return p + n; }
static void le16(uint8_t *p, unsigned v) { p[0] = v; p[1] = v >> 8; }
static void le32(uint8_t *p, uint32_t v) { le16(p, v & 0xffff); le16(p + 2, v >> 16); }

/* A VS_FRAME_* descriptor (UVC 1.0 section 3.9.2.2 / MJPEG payload 3.1.2) for the one size. */
static uint8_t *frame_desc(uint8_t *p, uint8_t subtype, uint32_t max_frame)
{
    uint8_t *d = p;
    memset(d, 0, 26 + 4 * 3);
    d[0] = 26 + 4 * 3; d[1] = 0x24; d[2] = subtype; d[3] = 1; /* bFrameIndex 1 */
    le16(d + 5, W); le16(d + 7, H);
    le32(d + 9, max_frame * 8 * 5);           /* dwMinBitRate */
    le32(d + 13, max_frame * 8 * 30);         /* dwMaxBitRate */
    le32(d + 17, max_frame);                  /* dwMaxVideoFrameBufferSize */
    le32(d + 21, intervals[0]);               /* dwDefaultFrameInterval */
    d[25] = 3;                                /* three discrete intervals */
    for (int i = 0; i < 3; i++) le32(d + 26 + 4 * i, intervals[i]);
    return p + d[0];
}

static void build_config(void)
{
    uint8_t *p = config_desc, *vc_header, *vs_header;
    static const uint8_t config[9] = { 9, 2, 0, 0, 2, 1, 0, 0x80, 250 };
    static const uint8_t iad[8] = { 8, 11, 0, 2, 0x0e, 0x03, 0, 2 };
    static const uint8_t vc_intf[9] = { 9, 4, 0, 0, 0, 0x0e, 0x01, 0, 2 };
    static const uint8_t vc_head[13] = { 13, 0x24, 1, 0x00, 0x01, 0, 0, 0x00, 0x6c, 0xdc, 0x02, 1, 1 };
    static const uint8_t camera_it[18] = { 18, 0x24, 2, 1, 0x01, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0 };
    static const uint8_t streaming_ot[9] = { 9, 0x24, 3, 2, 0x01, 0x01, 0, 1, 0 };
    static const uint8_t vs_intf[9] = { 9, 4, 1, 0, 1, 0x0e, 0x02, 0, 0 };
    static const uint8_t vs_head[15] = { 15, 0x24, 1, 2, 0, 0, 0x81, 0, 2, 0, 0, 0, 1, 0, 0 };
    static const uint8_t mjpeg_format[11] = { 11, 0x24, 6, 1, 1, 1, 1, 0, 0, 0, 0 };
    static const uint8_t yuyv_format[27] = { 27, 0x24, 4, 2, 1,
        'Y', 'U', 'Y', '2', 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71,
        16, 1, 0, 0, 0, 0 };
    static const uint8_t bulk_in[7] = { 7, 5, 0x81, 0x02, 0x00, 0x02, 0 };

    p = put(p, config, 9);
    p = put(p, iad, 8);
    p = put(p, vc_intf, 9);
    vc_header = p;
    p = put(p, vc_head, 13);                  /* UVC 1.00, clock 48 MHz, one streaming intf (1) */
    p = put(p, camera_it, 18);                /* terminal 1: camera, no controls */
    p = put(p, streaming_ot, 9);              /* terminal 2: USB streaming, fed by 1 */
    le16(vc_header + 5, p - vc_header);
    p = put(p, vs_intf, 9);                   /* interface 1, alt 0, one endpoint */
    vs_header = p;
    p = put(p, vs_head, 15);                  /* two formats, endpoint 0x81, terminal 2 */
    p = put(p, mjpeg_format, 11);
    p = frame_desc(p, 7, W * H * 2);
    p = put(p, yuyv_format, 27);
    p = frame_desc(p, 5, W * H * 2);
    le16(vs_header + 4, p - vs_header);
    p = put(p, bulk_in, 7);                   /* bulk IN, 512 bytes (high speed) */
    config_len = p - config_desc;
    le16(config_desc + 2, config_len);
}

static size_t string_desc(int index, uint8_t *out)
{
    static const char *strings[] = { NULL, "yolo-edge tests", PRODUCT, "0001" };
    if (index == 0) {
        out[0] = 4; out[1] = 3; le16(out + 2, 0x0409);
        return 4;
    }
    if (index > 3) return 0;
    size_t n = strlen(strings[index]);
    out[0] = 2 + 2 * n; out[1] = 3;
    for (size_t i = 0; i < n; i++) le16(out + 2 + 2 * i, strings[index][i]);
    return out[0];
}

/* ---- probe and commit ------------------------------------------------------------------- */

/* The 26-byte UVC 1.0 video probe and commit control (UVC 1.0 section 4.3.1.1). */
struct control { int format, frame; uint32_t interval; };
static struct control probe = { 1, 1, 333333 }, commit = { 1, 1, 333333 };

/* What the camera makes of a proposal: a format it has, the nearest of its intervals. */
static struct control negotiate(const uint8_t *d, size_t n)
{
    struct control c = { 1, 1, intervals[0] };
    uint32_t wanted = n >= 8 ? d[4] | d[5] << 8 | d[6] << 16 | (uint32_t)d[7] << 24 : 0;
    if (n >= 3 && d[2] == 2) c.format = 2;
    for (int i = 1; i < 3; i++)
        if (wanted && labs((long)wanted - (long)intervals[i]) < labs((long)wanted - (long)c.interval))
            c.interval = intervals[i];
    return c;
}

static size_t encode(const struct control *c, uint8_t *d)
{
    memset(d, 0, 26);
    d[2] = c->format;
    d[3] = c->frame;
    le32(d + 4, c->interval);
    le32(d + 18, c->format == 2 ? W * H * 2 : frames[1].size);   /* dwMaxVideoFrameSize */
    le32(d + 22, MAX_PAYLOAD);                                   /* dwMaxPayloadTransferSize */
    return 26;
}

/* ---- the stream ------------------------------------------------------------------------- */

static int streaming;
static size_t offset;              /* bytes of the current frame already sent */
static uint8_t fid;
static long long next_frame_ns;
static unsigned frames_sent;

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void set_streaming(int on)
{
    if (on) {
        streaming = 1, offset = 0, next_frame_ns = now_ns();
        fprintf(stderr, "uvc-camera: streaming %s at %.1f fps\n", commit.format == 2 ? "YUYV" : "MJPEG",
                1e7 / commit.interval);
    } else if (streaming) {
        streaming = 0;
        fprintf(stderr, "uvc-camera: stopped after %u frames\n", frames_sent);
    }
}

/* Bulk IN URBs the host has submitted and the camera has not answered yet (NAKing). */
#define MAX_PENDING 64
static struct { uint64_t id; int32_t length; } pending[MAX_PENDING];
static int npending;

/* A control transfer on ep0: returns the number of IN bytes in `out`, or -EPIPE to stall. */
static int control(const uint8_t *setup, const uint8_t *data, int length, uint8_t *out)
{
    int type = setup[0], request = setup[1];
    int value = setup[2] | setup[3] << 8, index = setup[4] | setup[5] << 8;
    size_t n;

    if ((type & 0x60) == 0x00) {               /* standard */
        switch (request) {
        case 6:                                 /* GET_DESCRIPTOR */
            switch (value >> 8) {
            case 1: memcpy(out, device_desc, 18); return 18;
            case 2: memcpy(out, config_desc, config_len); return config_len;
            case 3: n = string_desc(value & 0xff, out); return n ? (int)n : -EPIPE;
            default: return -EPIPE;             /* no qualifier, BOS or other descriptors */
            }
        case 0:                                 /* GET_STATUS */
            out[0] = out[1] = 0;
            return 2;
        case 8:                                 /* GET_CONFIGURATION */
            out[0] = 1;
            return 1;
        case 10:                                /* GET_INTERFACE */
            out[0] = 0;
            return 1;
        case 1:                                 /* CLEAR_FEATURE: uvcvideo stops a bulk stream */
            if ((type & 0x1f) == 2 && value == 0 && (index & 0xff) == 0x81) set_streaming(0);
            return 0;
        case 9:                                 /* SET_CONFIGURATION */
        case 11:                                /* SET_INTERFACE */
            set_streaming(0);
            return 0;
        default:
            return 0;                           /* SET_FEATURE and the like: accepted */
        }
    }
    /* Class requests: only probe (1) and commit (2) on the streaming interface (1). */
    int selector = value >> 8;
    if ((type & 0x60) != 0x20 || (index & 0xff) != 1 || (selector != 1 && selector != 2))
        return -EPIPE;
    struct control *c = selector == 1 ? &probe : &commit;
    switch (request) {
    case 0x01:                                  /* SET_CUR */
        *c = negotiate(data, length);
        if (selector == 2) {
            probe = commit;
            set_streaming(1);
        }
        return 0;
    case 0x81: return encode(c, out);           /* GET_CUR */
    case 0x82:                                  /* GET_MIN */
    case 0x87: {                                /* GET_DEF */
        struct control d = { 1, 1, intervals[0] };
        return encode(&d, out);
    }
    case 0x83: {                                /* GET_MAX */
        struct control d = { 2, 1, intervals[2] };
        return encode(&d, out);
    }
    case 0x85: out[0] = 26; out[1] = 0; return 2; /* GET_LEN */
    case 0x86: out[0] = 3; return 1;            /* GET_INFO: supports GET and SET */
    default: return -EPIPE;
    }
}

/* Answers the oldest pending bulk IN transfer with the next payload of the current frame,
 * through the transport's send_bulk. */
static void send_bulk(uint64_t id, const uint8_t *data, size_t length);
static void send_payload(void)
{
    static uint8_t buf[MAX_PAYLOAD];
    const uint8_t *frame = frames[commit.format].data;
    size_t size = frames[commit.format].size;
    int32_t length = pending[0].length < MAX_PAYLOAD ? pending[0].length : MAX_PAYLOAD;
    size_t chunk = size - offset < (size_t)length - 2 ? size - offset : (size_t)length - 2;

    buf[0] = 2;                                 /* bHeaderLength */
    buf[1] = 0x80 | fid;                        /* EOH, FID */
    if (offset + chunk == size) buf[1] |= 0x02; /* EOF */
    memcpy(buf + 2, frame + offset, chunk);
    send_bulk(pending[0].id, buf, chunk + 2);
    memmove(pending, pending + 1, --npending * sizeof pending[0]);
    offset += chunk;
    if (offset == size) {                       /* frame done: the next one starts later */
        offset = 0;
        fid ^= 1;
        frames_sent++;
        if (frames_sent == 1 || frames_sent % 100 == 0)
            fprintf(stderr, "uvc-camera: %u frames sent\n", frames_sent);
        next_frame_ns += commit.interval * 100LL;
        if (next_frame_ns < now_ns() - 1000000000LL) next_frame_ns = now_ns();
    }
}
