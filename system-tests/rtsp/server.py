#!/usr/bin/python3
"""A real RTSP server on loopback for the yolo-edge RTSP tests: gst-rtsp-server through its
Python bindings (Debian: gir1.2-gst-rtsp-server-1.0, python3-gi; run it with /usr/bin/python3,
Debian's python, which those bindings are for).

It serves still images as video: each image, scaled to the stream's size by GStreamer
(`frames.py`, the same code that writes the tests' reference frames), is shown for --hold
frames, then the next, in a loop. Frames are pushed through an appsrc with timestamps n/fps
and encoded by x264enc (tune=zerolatency, speed-preset=ultrafast, a key frame every --key-int
frames, 1 s by default), or x265enc for /h265. Every client gets its own encoder and starts at
frame 0, so a client's n-th frame is the server's frame n.

Mount points:
  /vga       640x480 H.264
  /hd        1280x720 H.264
  /switch    640x480 for --switch-after frames, then 1280x720 (the encoder starts again with
             the new size: new SPS/PPS and a key frame)
  /h265      640x480 H.265 (only if x265enc is installed)
  /short     640x480 H.264 that ends (EOS) after --end-after frames

Options: --port, --fps, --hold, --quantizer (constant-quality H.264), --user/--password (basic authentication through RTSPAuth on
every mount), --silent (no RTSP at all: a TCP listener that accepts connections and never
answers). Prints "listening PORT" on stdout when ready, then one line per event: "client"
when a client connects, "play MOUNT" when a stream starts, "accepted" per silent connection.

Also: `server.py --write-frames DIR --size WxH IMAGES...` writes the exact frames the server
encodes for each image, as NV12 (DIR/NAME.nv12) for `yolo-edge detect --source raw:`.
"""

import argparse
import os
import signal
import socket
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import frames  # noqa: E402

VGA, HD = (640, 480), (1280, 720)


def say(*words):
    print(*words, flush=True)


class FrameSchedule:
    """Which picture a stream shows at frame n: image (n // hold) % count, at the size the mount
    asks for at n."""

    def __init__(self, library, hold, sizes):
        self.library, self.hold, self.sizes = library, hold, sizes  # sizes(n) -> (w, h)

    def frame(self, n):
        size = self.sizes(n)
        pictures = self.library[size]
        return size, pictures[(n // self.hold) % len(pictures)]


class Factory(GstRtspServer.RTSPMediaFactory):
    """One encoder per client (not shared): each client's stream starts at frame 0."""

    def __init__(self, mount, schedule, fps, key_int, codec="h264", end_after=None, quantizer=0):
        super().__init__()
        self.mount, self.schedule, self.fps, self.codec, self.end_after = mount, schedule, fps, codec, end_after
        if codec == "h264":
            # Constant quantizer if asked (a camera's "quality" setting), else x264's default
            # rate control at 2048 kbit/s.
            quality = f"pass=quant quantizer={quantizer} " if quantizer else ""
            encoder = (f"x264enc tune=zerolatency speed-preset=ultrafast key-int-max={key_int} {quality}! "
                       "video/x-h264,profile=constrained-baseline ! rtph264pay name=pay0 pt=96 config-interval=-1")
        else:
            encoder = (f"x265enc tune=zerolatency speed-preset=ultrafast key-int-max={key_int} ! "
                       "rtph265pay name=pay0 pt=96 config-interval=-1")
        self.set_launch(f"( appsrc name=frames format=time is-live=false do-timestamp=false max-bytes=0 "
                        f"block=false ! queue max-size-buffers=4 ! {encoder} )")
        self.set_shared(False)
        self.connect("media-configure", self._configure)

    def _configure(self, factory, media):
        source = media.get_element().get_by_name("frames")
        state = {"n": 0, "size": None}
        duration = Gst.SECOND // self.fps

        def need_data(appsrc, length):
            n = state["n"]
            if self.end_after is not None and n >= self.end_after:
                appsrc.emit("end-of-stream")
                return
            size, picture = self.schedule.frame(n)
            if size != state["size"]:
                state["size"] = size
                appsrc.set_property("caps", Gst.Caps.from_string(
                    f"video/x-raw,format=I420,width={size[0]},height={size[1]},framerate={self.fps}/1,"
                    "pixel-aspect-ratio=1/1"))
            buffer = Gst.Buffer.new_wrapped(picture)
            buffer.pts = n * duration
            buffer.duration = duration
            buffer.offset = n
            state["n"] = n + 1
            appsrc.emit("push-buffer", buffer)

        source.connect("need-data", need_data)
        say("play", self.mount)


def serve_rtsp(args):
    names = args.images
    library = {size: [frames.scaled_i420(path, *size) for path in names] for size in (VGA, HD)}
    say(f"prepared {len(names)} images at 640x480 and 1280x720")
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    mounts = server.get_mount_points()
    q = args.quantizer
    factories = {
        "/vga": Factory("/vga", FrameSchedule(library, args.hold, lambda n: VGA), args.fps, args.key_int, quantizer=q),
        "/hd": Factory("/hd", FrameSchedule(library, args.hold, lambda n: HD), args.fps, args.key_int, quantizer=q),
        "/switch": Factory("/switch", FrameSchedule(library, args.hold, lambda n: VGA if n < args.switch_after else HD),
                           args.fps, args.key_int, quantizer=q),
        "/short": Factory("/short", FrameSchedule(library, args.hold, lambda n: VGA), args.fps, args.key_int,
                          end_after=args.end_after, quantizer=q),
    }
    if Gst.ElementFactory.find("x265enc"):
        factories["/h265"] = Factory("/h265", FrameSchedule(library, args.hold, lambda n: VGA), args.fps, args.key_int,
                                     codec="h265")
    if args.user:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, "viewer")
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password), token)
        server.set_auth(auth)
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_permission_for_role("viewer", GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS, True)
        permissions.add_permission_for_role("viewer", GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, True)
        for factory in factories.values():
            factory.set_permissions(permissions)
    for mount, factory in factories.items():
        mounts.add_factory(mount, factory)
    server.connect("client-connected", lambda server, client: say("client"))
    loop = GLib.MainLoop()
    if server.attach(None) == 0:
        say(f"error: cannot listen on 127.0.0.1:{args.port}")
        return 1
    # Clients that went away without a TEARDOWN are dropped after their session timeout.
    GLib.timeout_add_seconds(2, lambda: (server.get_session_pool().cleanup(), True)[1])
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, loop.quit)
    say("listening", args.port, "mounts", " ".join(sorted(factories)))
    loop.run()
    return 0


def serve_silence(args):
    """Accepts TCP connections and never reads or answers: a camera that hangs."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(64)
    held = []
    say("listening", args.port, "silent")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())

    def accept():
        while True:
            connection, _ = listener.accept()
            held.append(connection)
            say("accepted")

    threading.Thread(target=accept, daemon=True).start()
    stop.wait()
    return 0


def write_frames(args):
    width, height = (int(v) for v in args.size.split("x"))
    os.makedirs(args.write_frames, exist_ok=True)
    for path in args.images:
        name = os.path.splitext(os.path.basename(path))[0]
        nv12 = frames.i420_to_nv12(frames.scaled_i420(path, width, height), width, height)
        with open(os.path.join(args.write_frames, f"{name}.nv12"), "wb") as f:
            f.write(nv12)
    say(f"wrote {len(args.images)} frames at {width}x{height}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("images", nargs="+", help="JPEG images shown in turn")
    parser.add_argument("--port", type=int, default=8554)
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--hold", type=int, default=30, help="frames each image is shown for")
    parser.add_argument("--key-int", type=int, default=None, help="frames between key frames (default: fps, 1 s)")
    parser.add_argument("--switch-after", type=int, default=90, help="/switch: frames at 640x480 before 1280x720")
    parser.add_argument("--end-after", type=int, default=60, help="/short: frames before the end of stream")
    parser.add_argument("--quantizer", type=int, default=0,
                        help="H.264 at this constant quantizer (0-50, lower is better) instead of 2048 kbit/s")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--silent", action="store_true", help="accept TCP and never answer")
    parser.add_argument("--write-frames", metavar="DIR", help="write the frames as NV12 instead of serving")
    parser.add_argument("--size", default="640x480", help="with --write-frames")
    args = parser.parse_args()
    args.key_int = args.key_int or args.fps
    if args.silent:
        return serve_silence(args)
    Gst.init(None)
    if args.write_frames:
        return write_frames(args)
    return serve_rtsp(args)


if __name__ == "__main__":
    sys.exit(main())
