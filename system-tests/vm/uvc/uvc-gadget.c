/*
 * uvc-gadget: the userspace half of a USB Video Class gadget (the kernel's f_uvc function,
 * configured through configfs by gadget-setup.sh). f_uvc answers the standard USB requests
 * itself and hands the class-specific ones, and the stream's start and stop, to userspace as
 * V4L2 events on its video output node; userspace answers them and queues frames there.
 *
 *   UVC_EVENT_SETUP      a class request on ep0. The ones that matter are the probe and commit
 *                        controls of the streaming interface (UVC 1.5 section 4.3.1.1): the host
 *                        proposes a format/frame/interval with SET_CUR(PROBE), reads back what
 *                        the device makes of it with GET_CUR(PROBE), asks the limits with
 *                        GET_MIN/MAX/DEF and settles with SET_CUR(COMMIT). A GET is answered at
 *                        once with UVCIOC_SEND_RESPONSE; a SET is accepted by "answering" with
 *                        the length of its data stage, and the data arrives as UVC_EVENT_DATA.
 *                        Anything else is stalled (a negative response length).
 *   UVC_EVENT_STREAMON   the host selected the streaming alternate setting: set the committed
 *                        format, allocate buffers, fill and queue them, VIDIOC_STREAMON.
 *   UVC_EVENT_STREAMOFF / DISCONNECT   stop and free the buffers.
 *   POLLOUT              a buffer went out on the wire: refill it with the frame and requeue.
 *
 * Frames come from files (frames.h): a JPEG (format 1, MJPEG) and a PPM image converted to YUYV
 * 4:2:2 (format 2), both WIDTHxHEIGHT, the same frame sent over and over at the committed
 * frame interval.
 *
 * Under qemu this never streams: f_uvc needs an isochronous endpoint. dummy_hcd has none, so
 * the gadget does not even bind ("uvc: Unable to allocate streaming EP"); on usbip-vudc it binds,
 * enumerates and negotiates (probe/commit answered here), but vudc completes isochronous
 * transfers with -EXDEV. run-uvc.sh tries dummy_hcd and reports the kernel's answer; the cameras
 * it tests are uvc-usbip.c and uvc-usbredir.c.
 *
 * Usage: uvc-gadget /dev/videoN FRAME.jpg FRAME.ppm [WIDTH HEIGHT]
 * Written for system-tests/vm/run-uvc.sh; see Documentation/usb/gadget_uvc.rst.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <linux/usb/ch9.h>
#include <linux/usb/g_uvc.h>
#include <linux/usb/video.h>
#include <linux/videodev2.h>

#include "frames.h"

#define NBUFS 4

static int fd;
static unsigned width = 640, height = 480;
static struct { void *data; size_t size; } frames[3];       /* by bFormatIndex: 1 MJPEG, 2 YUYV */
static struct uvc_streaming_control probe, commit;
static int pending_cs;                      /* control of the SET_CUR whose data is awaited */
static struct { void *mem; size_t len; } bufs[NBUFS];
static int nbufs, streaming;
static long long next_frame_ns;
static unsigned sent;

static void die(const char *what) { perror(what); exit(1); }

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* The device's answer to a proposal: a valid format (1 or 2), the only frame (1), an interval of
 * 1/30 s or 1/15 s (the nearest), and the sizes that follow from them. */
static void fill_control(struct uvc_streaming_control *c, int format, uint32_t interval)
{
    memset(c, 0, sizeof *c);
    c->bFormatIndex = (format == 2) ? 2 : 1;
    c->bFrameIndex = 1;
    c->dwFrameInterval = interval >= 500000 ? 666666 : 333333;
    c->dwMaxVideoFrameSize = c->bFormatIndex == 2 ? width * height * 2 : frames[1].size;
    /* One isochronous packet per microframe: streaming_maxpacket (1024) set by gadget-setup.sh. */
    c->dwMaxPayloadTransferSize = 1024;
    c->bmFramingInfo = 3;
    c->bPreferedVersion = c->bMinVersion = c->bMaxVersion = 1;
}

static void respond(const void *data, int length)
{
    struct uvc_request_data r;
    memset(&r, 0, sizeof r);
    r.length = length;
    if (data && length > 0) memcpy(r.data, data, length);
    if (ioctl(fd, UVCIOC_SEND_RESPONSE, &r) < 0) perror("UVCIOC_SEND_RESPONSE");
}

static void handle_setup(const struct usb_ctrlrequest *req)
{
    int cs = req->wValue >> 8, len = req->wLength;
    struct uvc_streaming_control *c = (cs == UVC_VS_COMMIT_CONTROL) ? &commit : &probe;
    struct uvc_streaming_control answer;

    fprintf(stderr, "uvc-gadget: setup %02x %02x v%04x i%04x l%d\n", req->bRequestType,
            req->bRequest, req->wValue, req->wIndex, req->wLength);
    /* Only class requests to an interface, and of those only probe and commit, are answered:
     * the camera has no controls (gadget-setup.sh gives its terminals none). */
    if ((req->bRequestType & USB_TYPE_MASK) != USB_TYPE_CLASS ||
        (cs != UVC_VS_PROBE_CONTROL && cs != UVC_VS_COMMIT_CONTROL) || (req->wIndex & 0xff) == 0) {
        respond(NULL, -EL2HLT);
        return;
    }
    if (len > (int)sizeof answer) len = sizeof answer;
    switch (req->bRequest) {
    case UVC_SET_CUR:
        pending_cs = cs;
        respond(NULL, len);                 /* take the data stage; it comes as UVC_EVENT_DATA */
        break;
    case UVC_GET_CUR:
        respond(c, len);
        break;
    case UVC_GET_MIN:
    case UVC_GET_DEF:
        fill_control(&answer, 1, 333333);
        respond(&answer, len);
        break;
    case UVC_GET_MAX:
        fill_control(&answer, 2, 666666);
        respond(&answer, len);
        break;
    case UVC_GET_RES:
        memset(&answer, 0, sizeof answer);
        respond(&answer, len);
        break;
    case UVC_GET_LEN: {
        uint16_t size = sizeof answer;
        respond(&size, 2);
        break;
    }
    case UVC_GET_INFO: {
        uint8_t info = 3;                   /* supports GET and SET */
        respond(&info, 1);
        break;
    }
    default:
        respond(NULL, -EL2HLT);
    }
}

static void handle_data(const struct uvc_request_data *d)
{
    struct uvc_streaming_control in;
    memset(&in, 0, sizeof in);
    memcpy(&in, d->data, d->length < (int)sizeof in ? d->length : (int)sizeof in);
    /* The device decides: the proposal is corrected to what it can do. */
    fill_control(pending_cs == UVC_VS_COMMIT_CONTROL ? &commit : &probe, in.bFormatIndex,
                 in.dwFrameInterval);
    if (pending_cs == UVC_VS_COMMIT_CONTROL)
        fprintf(stderr, "uvc-gadget: committed format %d, interval %u\n", commit.bFormatIndex,
                commit.dwFrameInterval);
}

static void fill(int index)
{
    int f = commit.bFormatIndex;
    struct v4l2_buffer b = { .index = index, .type = V4L2_BUF_TYPE_VIDEO_OUTPUT,
                             .memory = V4L2_MEMORY_MMAP };
    size_t n = frames[f].size < bufs[index].len ? frames[f].size : bufs[index].len;
    memcpy(bufs[index].mem, frames[f].data, n);
    b.bytesused = n;
    if (ioctl(fd, VIDIOC_QBUF, &b) < 0) perror("VIDIOC_QBUF");
}

static void stop(void)
{
    int type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    struct v4l2_requestbuffers rb = { .count = 0, .type = type, .memory = V4L2_MEMORY_MMAP };
    if (!nbufs) return;
    ioctl(fd, VIDIOC_STREAMOFF, &type);
    for (int i = 0; i < nbufs; i++) munmap(bufs[i].mem, bufs[i].len);
    ioctl(fd, VIDIOC_REQBUFS, &rb);
    nbufs = streaming = 0;
    fprintf(stderr, "uvc-gadget: stream stopped after %u frames\n", sent);
}

static void start(void)
{
    int type = V4L2_BUF_TYPE_VIDEO_OUTPUT, f = commit.bFormatIndex ? commit.bFormatIndex : 1;
    struct v4l2_format fmt = { .type = type };
    struct v4l2_requestbuffers rb = { .count = NBUFS, .type = type, .memory = V4L2_MEMORY_MMAP };

    stop();
    commit.bFormatIndex = f;
    fmt.fmt.pix.width = width;
    fmt.fmt.pix.height = height;
    fmt.fmt.pix.pixelformat = f == 2 ? V4L2_PIX_FMT_YUYV : V4L2_PIX_FMT_MJPEG;
    fmt.fmt.pix.field = V4L2_FIELD_NONE;
    fmt.fmt.pix.sizeimage = f == 2 ? width * height * 2 : frames[1].size;
    if (ioctl(fd, VIDIOC_S_FMT, &fmt) < 0) die("VIDIOC_S_FMT");
    if (ioctl(fd, VIDIOC_REQBUFS, &rb) < 0) die("VIDIOC_REQBUFS");
    for (nbufs = 0; nbufs < (int)rb.count; nbufs++) {
        struct v4l2_buffer b = { .index = nbufs, .type = type, .memory = V4L2_MEMORY_MMAP };
        if (ioctl(fd, VIDIOC_QUERYBUF, &b) < 0) die("VIDIOC_QUERYBUF");
        bufs[nbufs].len = b.length;
        bufs[nbufs].mem = mmap(NULL, b.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, b.m.offset);
        if (bufs[nbufs].mem == MAP_FAILED) die("mmap");
    }
    for (int i = 0; i < nbufs; i++) fill(i);
    if (ioctl(fd, VIDIOC_STREAMON, &type) < 0) die("VIDIOC_STREAMON");
    streaming = 1;
    next_frame_ns = now_ns();
    fprintf(stderr, "uvc-gadget: streaming format %d (%s)\n", f, f == 2 ? "YUYV" : "MJPEG");
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: uvc-gadget /dev/videoN FRAME.jpg FRAME.ppm [WIDTH HEIGHT]\n");
        return 64;
    }
    if (argc >= 6) width = atoi(argv[4]), height = atoi(argv[5]);
    frames[1].data = load_file(argv[2], &frames[1].size);
    frames[2].data = load_yuyv(argv[3], width, height, &frames[2].size);
    fill_control(&probe, 1, 333333);
    commit = probe;

    /* Opening the node is what lets f_uvc connect the gadget to the bus. */
    fd = open(argv[1], O_RDWR | O_NONBLOCK);
    if (fd < 0) die(argv[1]);
    int events[] = { UVC_EVENT_CONNECT, UVC_EVENT_DISCONNECT, UVC_EVENT_SETUP, UVC_EVENT_DATA,
                     UVC_EVENT_STREAMON, UVC_EVENT_STREAMOFF };
    for (unsigned i = 0; i < sizeof events / sizeof events[0]; i++) {
        struct v4l2_event_subscription s = { .type = events[i] };
        if (ioctl(fd, VIDIOC_SUBSCRIBE_EVENT, &s) < 0) die("VIDIOC_SUBSCRIBE_EVENT");
    }
    fprintf(stderr, "uvc-gadget: serving %s (%zu bytes MJPEG, %zu bytes YUYV)\n", argv[1],
            frames[1].size, frames[2].size);

    for (;;) {
        struct pollfd p = { .fd = fd, .events = POLLPRI | (streaming ? POLLOUT : 0) };
        if (poll(&p, 1, 1000) < 0 && errno != EINTR) die("poll");
        if (p.revents & POLLPRI) {
            struct v4l2_event e;
            if (ioctl(fd, VIDIOC_DQEVENT, &e) < 0) continue;
            struct uvc_event *u = (struct uvc_event *)&e.u.data;
            switch (e.type) {
            case UVC_EVENT_CONNECT: fprintf(stderr, "uvc-gadget: connected\n"); break;
            case UVC_EVENT_SETUP: handle_setup(&u->req); break;
            case UVC_EVENT_DATA: handle_data(&u->data); break;
            case UVC_EVENT_STREAMON: start(); break;
            case UVC_EVENT_STREAMOFF:
            case UVC_EVENT_DISCONNECT: stop(); break;
            }
        }
        if (streaming && (p.revents & POLLOUT)) {
            struct v4l2_buffer b = { .type = V4L2_BUF_TYPE_VIDEO_OUTPUT, .memory = V4L2_MEMORY_MMAP };
            if (ioctl(fd, VIDIOC_DQBUF, &b) < 0) continue;
            sent++;
            if (sent == 1 || sent % 50 == 0)
                fprintf(stderr, "uvc-gadget: %u frames sent\n", sent);
            /* Pace the stream at the committed interval (100 ns units). */
            long long wait = next_frame_ns - now_ns();
            if (wait > 0) {
                struct timespec t = { wait / 1000000000LL, wait % 1000000000LL };
                nanosleep(&t, NULL);
            }
            next_frame_ns += commit.dwFrameInterval * 100LL;
            fill(b.index);
        }
    }
}
