/*
 * uvc-usbip: a USB Video Class camera emulated in userspace and plugged into the kernel's
 * USB/IP virtual host controller (vhci_hcd), so that the real uvcvideo driver binds to it and
 * creates /dev/videoN and /dev/mediaN, as for a webcam.
 *
 * Why not the UVC gadget (f_uvc + uvc-gadget.c on dummy_hcd)? f_uvc streams only over an
 * isochronous endpoint. dummy_hcd offers none, so the gadget does not bind ("uvc: Unable to
 * allocate streaming EP"); usbip-vudc offers them and f_uvc binds and enumerates there, but vudc
 * completes every isochronous transfer with -EXDEV, so no frame arrives. uvcvideo also drives
 * cameras that stream over a bulk endpoint, and vhci_hcd passes any transfer type to its peer,
 * so this camera uses bulk.
 *
 * How it connects: the program makes a socket pair and writes "PORT FD DEVID SPEED" for one end
 * to /sys/devices/platform/vhci_hcd.0/attach (what `usbip attach` does with a TCP socket after
 * its import handshake). The kernel then sends each URB for the device on that socket as
 * USBIP_CMD_SUBMIT (48-byte header, big-endian, Documentation/usb/usbip_protocol.rst), and
 * cancels them with USBIP_CMD_UNLINK; the program answers with USBIP_RET_SUBMIT / RET_UNLINK.
 *
 * The camera itself (descriptors, probe/commit, payloads, pacing) is uvc-camera.h; it serves a
 * JPEG as it is (MJPEG) and a PPM image converted to YUYV, over and over.
 *
 * Usage: uvc-usbip FRAME.jpg FRAME.ppm [VHCI_PORT]
 *   Runs until the kernel closes the connection (detach, or the device is reset away).
 */
#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "uvc-camera.h"

#define ATTACH "/sys/devices/platform/vhci_hcd.0/attach"

enum { CMD_SUBMIT = 1, CMD_UNLINK = 2, RET_SUBMIT = 3, RET_UNLINK = 4 };

static int sock;

/* ---- USB/IP ----------------------------------------------------------------------------- */

static void full_read(void *buf, size_t n)
{
    uint8_t *p = buf;
    while (n) {
        ssize_t r = read(sock, p, n);
        if (r <= 0) {
            fprintf(stderr, "uvc-usbip: connection closed (%s), %u frames sent\n",
                    r == 0 ? "EOF" : strerror(errno), frames_sent);
            exit(0);
        }
        p += r, n -= r;
    }
}

static void full_write(const void *buf, size_t n)
{
    const uint8_t *p = buf;
    while (n) {
        ssize_t w = write(sock, p, n);
        if (w <= 0) { perror("uvc-usbip: write"); exit(1); }
        p += w, n -= w;
    }
}

static void reply(uint32_t command, uint32_t seqnum, int32_t status, const void *data, int32_t actual)
{
    uint32_t h[12] = { 0 };
    h[0] = htonl(command);
    h[1] = htonl(seqnum);
    h[5] = htonl((uint32_t)status);
    if (command == RET_SUBMIT) h[6] = htonl(actual);
    full_write(h, sizeof h);
    if (data && actual > 0) full_write(data, actual);
}

static void send_bulk(uint64_t id, const uint8_t *data, size_t length)
{
    reply(RET_SUBMIT, (uint32_t)id, 0, data, length);
}

int main(int argc, char **argv)
{
    int sv[2], port = argc > 3 ? atoi(argv[3]) : 0;
    if (argc < 3) {
        fprintf(stderr, "usage: uvc-usbip FRAME.jpg FRAME.ppm [VHCI_PORT]\n");
        return 64;
    }
    frames[1].data = load_file(argv[1], &frames[1].size);
    frames[2].data = load_yuyv(argv[2], W, H, &frames[2].size);
    build_config();

    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) { perror("socketpair"); return 1; }
    sock = sv[0];
    /* Plug in: the kernel takes its end of the pair by our descriptor number. Speed 3: high. */
    FILE *attach = fopen(ATTACH, "w");
    if (!attach || fprintf(attach, "%d %d %u 3", port, sv[1], (1u << 16) | 2) < 0 || fclose(attach) != 0) {
        perror("uvc-usbip: " ATTACH);
        return 1;
    }
    close(sv[1]);
    fprintf(stderr, "uvc-usbip: attached to vhci_hcd port %d (MJPEG %zu bytes, YUYV %zu bytes)\n", port,
            frames[1].size, frames[2].size);

    for (;;) {
        /* Serve waiting URBs: mid-frame at once, a new frame when it is due. */
        while (streaming && npending > 0 && (offset > 0 || now_ns() >= next_frame_ns))
            send_payload();
        int timeout = -1;
        if (streaming && npending > 0) {
            long long wait = next_frame_ns - now_ns();
            timeout = wait > 0 ? (int)(wait / 1000000) + 1 : 0;
        }
        struct pollfd p = { .fd = sock, .events = POLLIN };
        if (poll(&p, 1, timeout) <= 0) continue;

        uint32_t h[12];
        full_read(h, sizeof h);
        uint32_t command = ntohl(h[0]), seqnum = ntohl(h[1]), dir = ntohl(h[3]), ep = ntohl(h[4]);
        if (command == CMD_UNLINK) {
            uint32_t victim = ntohl(h[5]);
            int32_t status = 0;
            for (int i = 0; i < npending; i++)
                if (pending[i].id == victim) {
                    memmove(pending + i, pending + i + 1, (--npending - i) * sizeof pending[0]);
                    status = -ECONNRESET;
                    break;
                }
            reply(RET_UNLINK, seqnum, status, NULL, 0);
            continue;
        }
        if (command != CMD_SUBMIT) {
            fprintf(stderr, "uvc-usbip: unknown command %u\n", command);
            return 1;
        }
        int32_t length = ntohl(h[6]);
        const uint8_t *setup = (const uint8_t *)&h[10];
        static uint8_t out_data[65536], in_data[4096];
        if (dir == 0 && length > 0) {
            if (length > (int32_t)sizeof out_data) { fprintf(stderr, "uvc-usbip: OUT too long\n"); return 1; }
            full_read(out_data, length);
        }
        if (ep == 0) {
            int n = control(setup, out_data, dir == 0 ? length : 0, in_data);
            if (n < 0)
                reply(RET_SUBMIT, seqnum, n, NULL, 0);
            else if (dir == 1)
                reply(RET_SUBMIT, seqnum, 0, in_data, n < length ? n : length);
            else
                reply(RET_SUBMIT, seqnum, 0, NULL, length);
        } else if (ep == 1 && dir == 1 && npending < MAX_PENDING) {
            pending[npending].id = seqnum;
            pending[npending++].length = length;
        } else {
            reply(RET_SUBMIT, seqnum, -EPIPE, NULL, 0);
        }
    }
}
