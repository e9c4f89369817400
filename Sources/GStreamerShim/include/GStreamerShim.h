// GStreamer for yolo-edge's frame sources, loaded at run time.
//
// libgstreamer is opened with dlopen() the first time a GStreamer source is used, never at
// start-up, so a V4L2-only install needs none of it (the package only suggests it). This
// header therefore names no GStreamer type: the Swift side sees opaque streams, plain
// structs and fixed-size text buffers, and nothing it receives allocates.
//
// A stream is a pipeline that ends in an appsink. The appsink's streaming thread keeps only
// the newest sample in a one-place slot (counting the ones it replaces as drops) and makes
// `ye_gst_stream_wake_fd` readable; the consumer polls that descriptor, the bus descriptor
// and its own stop descriptor together, so it never blocks where it cannot be stopped.
#ifndef YOLO_EDGE_GSTREAMER_SHIM_H
#define YOLO_EDGE_GSTREAMER_SHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Loads libgstreamer, libgstapp and libgstvideo and initialises GStreamer, once per process.
/// Returns false, with the reason in `error`, when a library is missing or init fails.
bool ye_gst_load(char *error, size_t error_size);

/// True if an element factory of this name is registered (a plugin provides it).
/// Needs a successful `ye_gst_load`.
bool ye_gst_has_element(const char *factory_name);

/// Writes the camera names libcamera's device provider knows, one per line, into `names`
/// (cut at `names_size`). Returns the number of cameras, or -1 when the libcamera plugin
/// is not installed. Needs a successful `ye_gst_load`.
int ye_gst_list_libcamera_cameras(char *names, size_t names_size);

typedef struct ye_gst_stream ye_gst_stream;

/// Why a stream failed or ended, from GStreamer's error domains and codes.
typedef enum {
    YE_GST_FAULT_NONE = 0,
    /// A pipeline element is not installed (the name is in the text).
    YE_GST_FAULT_MISSING_ELEMENT,
    /// The description is not a valid pipeline.
    YE_GST_FAULT_SYNTAX,
    /// The resource (RTSP path, camera) does not exist.
    YE_GST_FAULT_NOT_FOUND,
    /// The server refused the credentials.
    YE_GST_FAULT_NOT_AUTHORIZED,
    /// Could not connect to or read from the resource.
    YE_GST_FAULT_CANNOT_OPEN,
    /// The device is in use elsewhere.
    YE_GST_FAULT_BUSY,
    /// The stream's formats could not be linked or converted (e.g. another codec).
    YE_GST_FAULT_FORMAT,
    /// Any other error.
    YE_GST_FAULT_OTHER,
    /// The stream ended (end of stream).
    YE_GST_FAULT_END_OF_STREAM,
} ye_gst_fault;

/// A message a stream's bus posted: an error, a warning or the end of the stream.
typedef struct {
    ye_gst_fault fault;
    /// True for a warning, which does not stop the stream.
    bool is_warning;
    /// The element that posted it, e.g. "rtspsrc0".
    char source[64];
    /// The message, then GStreamer's debug detail.
    char text[512];
    char detail[512];
} ye_gst_event;

/// Pixel layouts the appsink is allowed to negotiate.
typedef enum {
    YE_GST_FORMAT_OTHER = 0,
    YE_GST_FORMAT_NV12,
    YE_GST_FORMAT_YUY2,
    YE_GST_FORMAT_I420,
    YE_GST_FORMAT_RGB,
} ye_gst_format;

/// One frame taken from a stream; the bytes stay mapped until `ye_gst_stream_release_frame`.
typedef struct {
    const uint8_t *data;
    size_t size;
    ye_gst_format format;
    int width;
    int height;
    /// Offsets and strides of up to three planes, in bytes from `data`.
    size_t plane_offset[3];
    int plane_stride[3];
    /// Counts every sample the stream received, taken or replaced, from 1.
    uint64_t sequence;
    /// Samples replaced before they were taken, since the stream opened.
    uint64_t replaced;
    /// Capture time on CLOCK_MONOTONIC, nanoseconds: the buffer's timestamp where the
    /// pipeline gives one, otherwise the time the sample reached the appsink.
    int64_t monotonic_ns;
    /// Frames per second from the caps; 0 when unknown or variable.
    double frames_per_second;
} ye_gst_frame;

/// The appsink that `ye_gst_stream_open` looks for: pipelines must end in
/// "appsink name=" YE_GST_SINK_NAME.
#define YE_GST_SINK_NAME "yolo_edge_sink"

/// Parses `description` without starting it, to check that it is valid, every element is
/// installed, and it ends in yolo-edge's appsink. Returns false with `event` filled if not.
bool ye_gst_check_pipeline(const char *description, ye_gst_event *event);

/// Parses and starts `description`. On failure returns NULL and fills `event` with why.
ye_gst_stream *ye_gst_stream_open(const char *description, ye_gst_event *event);

/// Stops the pipeline and frees everything, a frame still held included.
void ye_gst_stream_close(ye_gst_stream *stream);

/// Readable while a sample waits to be taken.
int ye_gst_stream_wake_fd(const ye_gst_stream *stream);

/// Readable while bus messages wait; `ye_gst_stream_next_event` drains them.
int ye_gst_stream_bus_fd(const ye_gst_stream *stream);

/// Pops bus messages until one that matters (error, warning, end of stream) and returns true
/// with it in `event`; false once the bus is empty.
bool ye_gst_stream_next_event(ye_gst_stream *stream, ye_gst_event *event);

/// Takes the newest sample and maps it for reading. Returns false if none is waiting, or, with
/// `event` filled, if the sample cannot be used (unknown layout, unmappable buffer).
bool ye_gst_stream_take_frame(ye_gst_stream *stream, ye_gst_frame *frame, ye_gst_event *event);

/// Unmaps and releases the frame `ye_gst_stream_take_frame` returned.
void ye_gst_stream_release_frame(ye_gst_stream *stream);

#ifdef __cplusplus
}
#endif

#endif
