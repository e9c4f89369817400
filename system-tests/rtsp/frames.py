"""The pictures the test RTSP server encodes, made by GStreamer: a JPEG decoded (jpegdec),
converted and scaled (videoconvert, videoscale, bilinear, stretched to the size without
borders) to I420. The server pushes exactly these bytes into its encoder, and the test's
reference detections are taken on exactly these bytes (as NV12, the same samples
repacked), so the only difference between the two is the codec's loss.

Needs Debian's python3-gi (run with /usr/bin/python3)."""

import gi

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402


def scaled_i420(path, width, height):
    """The JPEG at `path` as one I420 frame of width x height (bytes, planes packed)."""
    Gst.init(None)
    pipeline = Gst.parse_launch(
        "filesrc name=file ! jpegdec ! videoconvert ! videoscale add-borders=false method=bilinear ! "
        f"video/x-raw,format=I420,width={width},height={height},pixel-aspect-ratio=1/1 ! "
        "appsink name=sink sync=false max-buffers=1")
    pipeline.get_by_name("file").set_property("location", path)
    sink = pipeline.get_by_name("sink")
    pipeline.set_state(Gst.State.PLAYING)
    sample = sink.emit("try-pull-sample", 10 * Gst.SECOND)
    pipeline.set_state(Gst.State.NULL)
    if sample is None:
        raise RuntimeError(f"GStreamer could not decode and scale {path}")
    buffer = sample.get_buffer()
    data = buffer.extract_dup(0, buffer.get_size())
    expected = width * height * 3 // 2
    if len(data) != expected:
        # Planes with padding (strides): not expected for even sizes, which the tests use.
        raise RuntimeError(f"unexpected I420 frame of {len(data)} bytes for {width}x{height}")
    return data


def i420_to_nv12(data, width, height):
    """The same samples, chroma planes interleaved (U, V) as NV12 wants: lossless."""
    y = width * height
    quarter = y // 4
    u, v = data[y:y + quarter], data[y + quarter:y + 2 * quarter]
    chroma = bytearray(2 * quarter)
    chroma[0::2] = u
    chroma[1::2] = v
    return bytes(data[:y]) + bytes(chroma)
