/*
 * uvc-usbredir: the UVC test camera (uvc-camera.h) as a usbredir device for qemu: qemu's
 * usb-redir device connects to this program's Unix socket and plugs the camera into an emulated
 * host controller (run-uvc.sh: a qemu-xhci PCI controller). Runs on the machine that runs qemu.
 *
 * Why besides uvc-usbip: libcamera names a UVC camera after the firmware (ACPI or device tree)
 * node of its USB host controller and leaves out cameras without one ("Can not find controller
 * ID"). vhci_hcd is a platform device no firmware describes; qemu's xHCI is a PCI device that
 * the guest's ACPI tables do describe, so libcamera lists a camera behind it.
 *
 * usbredir (the protocol of libusbredirparser): this program is the "usb host" side. After the
 * hello it announces the device (interface and endpoint info, then device_connect); qemu sends
 * the guest's transfers as control and bulk packets, SET_CONFIGURATION and SET_INTERFACE as
 * set_configuration / set_alt_setting, and cancels packets with cancel_data_packet.
 *
 * Usage: uvc-usbredir SOCKET FRAME.jpg FRAME.ppm
 *   Listens on SOCKET, serves one connection, exits when qemu closes it.
 */
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <usbredirparser.h>

#define PRODUCT "UVC xHCI Camera"
#include "uvc-camera.h"

static int sock;
static struct usbredirparser *parser;

static int read_cb(void *priv, uint8_t *data, int count)
{
    (void)priv;
    ssize_t r = read(sock, data, count);
    if (r == 0) {
        fprintf(stderr, "uvc-usbredir: qemu closed the connection, %u frames sent\n", frames_sent);
        exit(0);
    }
    return r < 0 ? (errno == EAGAIN ? 0 : -1) : (int)r;
}

static int write_cb(void *priv, uint8_t *data, int count)
{
    (void)priv;
    ssize_t w = write(sock, data, count);
    return w < 0 ? (errno == EAGAIN ? 0 : -1) : (int)w;
}

static void log_cb(void *priv, int level, const char *msg)
{
    (void)priv;
    if (level <= usbredirparser_warning) fprintf(stderr, "uvc-usbredir: %s\n", msg);
}

/* The device, announced once qemu has said hello. */
static void hello_cb(void *priv, struct usb_redir_hello_header *hello)
{
    (void)priv;
    struct usb_redir_interface_info_header interfaces = { .interface_count = 2 };
    struct usb_redir_ep_info_header endpoints;
    struct usb_redir_device_connect_header device = {
        .speed = usb_redir_speed_high, .device_class = 0xef, .device_subclass = 2,
        .device_protocol = 1, .vendor_id = 0x1d6b, .product_id = 0x0104, .device_version_bcd = 0x0100 };

    fprintf(stderr, "uvc-usbredir: connected to %s\n", hello->version);
    for (int i = 0; i < 2; i++) {
        interfaces.interface[i] = i;
        interfaces.interface_class[i] = 0x0e;
        interfaces.interface_subclass[i] = i == 0 ? 1 : 2;
    }
    memset(&endpoints, 0, sizeof endpoints);
    memset(endpoints.type, usb_redir_type_invalid, sizeof endpoints.type);
    /* Index: endpoint number, + 16 for IN. */
    endpoints.type[0] = endpoints.type[16] = usb_redir_type_control;
    endpoints.max_packet_size[0] = endpoints.max_packet_size[16] = 64;
    endpoints.type[17] = usb_redir_type_bulk;
    endpoints.interface[17] = 1;
    endpoints.max_packet_size[17] = 512;
    usbredirparser_send_interface_info(parser, &interfaces);
    usbredirparser_send_ep_info(parser, &endpoints);
    usbredirparser_send_device_connect(parser, &device);
}

static void reset_cb(void *priv) { (void)priv; set_streaming(0); }

static void set_configuration_cb(void *priv, uint64_t id, struct usb_redir_set_configuration_header *c)
{
    (void)priv;
    struct usb_redir_configuration_status_header status = { usb_redir_success, c->configuration };
    set_streaming(0);
    usbredirparser_send_configuration_status(parser, id, &status);
}

static void get_configuration_cb(void *priv, uint64_t id)
{
    (void)priv;
    struct usb_redir_configuration_status_header status = { usb_redir_success, 1 };
    usbredirparser_send_configuration_status(parser, id, &status);
}

static void set_alt_setting_cb(void *priv, uint64_t id, struct usb_redir_set_alt_setting_header *a)
{
    (void)priv;
    struct usb_redir_alt_setting_status_header status = { usb_redir_success, a->interface, 0 };
    if (a->alt != 0) status.status = usb_redir_stall;   /* every interface has alt 0 only */
    usbredirparser_send_alt_setting_status(parser, id, &status);
}

static void get_alt_setting_cb(void *priv, uint64_t id, struct usb_redir_get_alt_setting_header *a)
{
    (void)priv;
    struct usb_redir_alt_setting_status_header status = { usb_redir_success, a->interface, 0 };
    usbredirparser_send_alt_setting_status(parser, id, &status);
}

static void control_cb(void *priv, uint64_t id, struct usb_redir_control_packet_header *h,
                       uint8_t *data, int data_len)
{
    (void)priv;
    static uint8_t out[4096];
    uint8_t setup[8] = { h->requesttype, h->request, h->value & 0xff, h->value >> 8,
                         h->index & 0xff, h->index >> 8, h->length & 0xff, h->length >> 8 };
    int in = h->endpoint & 0x80;
    int n = control(setup, data, in ? 0 : data_len, out);
    if (n < 0) {
        h->status = usb_redir_stall;
        h->length = 0;
        usbredirparser_send_control_packet(parser, id, h, NULL, 0);
    } else if (in) {
        h->status = usb_redir_success;
        h->length = n < h->length ? n : h->length;
        usbredirparser_send_control_packet(parser, id, h, out, h->length);
    } else {
        h->status = usb_redir_success;
        usbredirparser_send_control_packet(parser, id, h, NULL, 0);
    }
    if (data) usbredirparser_free_packet_data(parser, data);
}

static void bulk_cb(void *priv, uint64_t id, struct usb_redir_bulk_packet_header *h, uint8_t *data, int data_len)
{
    (void)priv, (void)data_len;
    if (data) usbredirparser_free_packet_data(parser, data);
    if (h->endpoint == 0x81 && npending < MAX_PENDING) {
        pending[npending].id = id;
        pending[npending++].length = h->length | (uint32_t)h->length_high << 16;
        return;
    }
    h->status = usb_redir_stall;
    h->length = h->length_high = 0;
    usbredirparser_send_bulk_packet(parser, id, h, NULL, 0);
}

static void send_bulk(uint64_t id, const uint8_t *data, size_t length)
{
    struct usb_redir_bulk_packet_header h = { .endpoint = 0x81, .status = usb_redir_success,
        .length = length & 0xffff, .length_high = length >> 16 };
    usbredirparser_send_bulk_packet(parser, id, &h, (uint8_t *)data, length);
}

static void cancel_cb(void *priv, uint64_t id)
{
    (void)priv;
    for (int i = 0; i < npending; i++)
        if (pending[i].id == id) {
            struct usb_redir_bulk_packet_header h = { .endpoint = 0x81, .status = usb_redir_cancelled };
            memmove(pending + i, pending + i + 1, (--npending - i) * sizeof pending[0]);
            usbredirparser_send_bulk_packet(parser, id, &h, NULL, 0);
            return;
        }
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: uvc-usbredir SOCKET FRAME.jpg FRAME.ppm\n");
        return 64;
    }
    frames[1].data = load_file(argv[2], &frames[1].size);
    frames[2].data = load_yuyv(argv[3], W, H, &frames[2].size);
    build_config();

    struct sockaddr_un address = { .sun_family = AF_UNIX };
    snprintf(address.sun_path, sizeof address.sun_path, "%s", argv[1]);
    unlink(argv[1]);
    int listener = socket(AF_UNIX, SOCK_STREAM, 0);
    if (listener < 0 || bind(listener, (struct sockaddr *)&address, sizeof address) < 0 || listen(listener, 1) < 0) {
        perror(argv[1]);
        return 1;
    }
    fprintf(stderr, "uvc-usbredir: listening on %s\n", argv[1]);
    sock = accept(listener, NULL, NULL);
    if (sock < 0) { perror("accept"); return 1; }
    /* The parser reads until a read would block. */
    fcntl(sock, F_SETFL, O_NONBLOCK);

    parser = usbredirparser_create();
    parser->log_func = log_cb;
    parser->read_func = read_cb;
    parser->write_func = write_cb;
    parser->hello_func = hello_cb;
    parser->reset_func = reset_cb;
    parser->set_configuration_func = set_configuration_cb;
    parser->get_configuration_func = get_configuration_cb;
    parser->set_alt_setting_func = set_alt_setting_cb;
    parser->get_alt_setting_func = get_alt_setting_cb;
    parser->control_packet_func = control_cb;
    parser->bulk_packet_func = bulk_cb;
    parser->cancel_data_packet_func = cancel_cb;
    uint32_t caps[USB_REDIR_CAPS_SIZE] = { 0 };
    usbredirparser_caps_set_cap(caps, usb_redir_cap_connect_device_version);
    usbredirparser_caps_set_cap(caps, usb_redir_cap_ep_info_max_packet_size);
    usbredirparser_caps_set_cap(caps, usb_redir_cap_64bits_ids);
    usbredirparser_caps_set_cap(caps, usb_redir_cap_32bits_bulk_length);
    usbredirparser_init(parser, "uvc-usbredir", caps, USB_REDIR_CAPS_SIZE, usbredirparser_fl_usb_host);

    for (;;) {
        while (streaming && npending > 0 && (offset > 0 || now_ns() >= next_frame_ns))
            send_payload();
        while (usbredirparser_has_data_to_write(parser))
            if (usbredirparser_do_write(parser) < 0) { fprintf(stderr, "uvc-usbredir: write failed\n"); return 1; }
        int timeout = -1;
        if (streaming && npending > 0) {
            long long wait = next_frame_ns - now_ns();
            timeout = wait > 0 ? (int)(wait / 1000000) + 1 : 0;
        }
        struct pollfd p = { .fd = sock, .events = POLLIN };
        if (poll(&p, 1, timeout) > 0 && usbredirparser_do_read(parser) != 0) {
            fprintf(stderr, "uvc-usbredir: read failed\n");
            return 1;
        }
    }
}
