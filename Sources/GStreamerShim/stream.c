// A pipeline ending in an appsink, with a one-place slot for its newest sample.
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "GStreamerShim.h"
#include "symbols.h"

struct ye_gst_stream {
    GstElement *pipeline;
    GstElement *sink;
    GstBus *bus;
    int bus_fd;
    int wake_fd;

    // Written by the appsink's streaming thread, read by the consumer.
    pthread_mutex_t lock;
    GstSample *newest;
    int64_t newest_monotonic_ns;
    uint64_t received;
    uint64_t replaced;

    // The consumer's alone.
    GstSample *held;
    GstBuffer *held_buffer;
    GstMapInfo map;
    GstCaps *caps;
    GstVideoInfo info;
};

static int64_t monotonic_now_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

static void sample_unref(GstSample *sample) {
    if (sample) ye_gst_mini_object_unref(GST_MINI_OBJECT_CAST(sample));
}

// The sample's capture time on CLOCK_MONOTONIC: how long ago the pipeline's clock says it
// was captured, taken from now. Falls back to now where the buffer has no timestamp.
static int64_t capture_time_ns(GstElement *pipeline, GstSample *sample) {
    int64_t now = monotonic_now_ns();
    GstBuffer *buffer = ye_gst_sample_get_buffer(sample);
    GstSegment *segment = ye_gst_sample_get_segment(sample);
    if (!buffer || !segment || !GST_BUFFER_PTS_IS_VALID(buffer)) return now;
    guint64 running = ye_gst_segment_to_running_time(segment, GST_FORMAT_TIME, GST_BUFFER_PTS(buffer));
    GstClock *clock = ye_gst_element_get_clock(pipeline);
    if (!clock || running == GST_CLOCK_TIME_NONE) {
        if (clock) ye_gst_object_unref(clock);
        return now;
    }
    GstClockTime clock_now = ye_gst_clock_get_time(clock);
    ye_gst_object_unref(clock);
    GstClockTime captured = ye_gst_element_get_base_time(pipeline) + running;
    // A timestamp in the future or more than 10 s old is not a capture time.
    if (captured > clock_now || clock_now - captured > 10 * GST_SECOND) return now;
    return now - (int64_t)(clock_now - captured);
}

static GstFlowReturn on_new_sample(GstAppSink *sink, gpointer data) {
    ye_gst_stream *stream = data;
    GstSample *sample = ye_gst_app_sink_pull_sample(sink);
    if (!sample) return GST_FLOW_OK;
    int64_t captured = capture_time_ns(stream->pipeline, sample);
    pthread_mutex_lock(&stream->lock);
    GstSample *previous = stream->newest;
    stream->newest = sample;
    stream->newest_monotonic_ns = captured;
    stream->received++;
    if (previous) stream->replaced++;
    pthread_mutex_unlock(&stream->lock);
    sample_unref(previous);
    uint64_t one = 1;
    ssize_t written = write(stream->wake_fd, &one, sizeof one);
    (void)written; // A full eventfd counter is still readable: nothing is lost.
    return GST_FLOW_OK;
}

static ye_gst_fault classify(const GError *error) {
    if (error->domain == ye_gst_parse_error_quark()) {
        // A property the element lacks ("no property \"x\" in element \"y\"") is a mistake in
        // the description, not a plugin to install.
        return error->code == GST_PARSE_ERROR_NO_SUCH_ELEMENT ? YE_GST_FAULT_MISSING_ELEMENT : YE_GST_FAULT_SYNTAX;
    }
    if (error->domain == ye_gst_resource_error_quark()) {
        switch (error->code) {
        case GST_RESOURCE_ERROR_NOT_FOUND: return YE_GST_FAULT_NOT_FOUND;
        case GST_RESOURCE_ERROR_NOT_AUTHORIZED: return YE_GST_FAULT_NOT_AUTHORIZED;
        case GST_RESOURCE_ERROR_BUSY: return YE_GST_FAULT_BUSY;
        case GST_RESOURCE_ERROR_OPEN_READ:
        case GST_RESOURCE_ERROR_OPEN_READ_WRITE:
        case GST_RESOURCE_ERROR_READ: return YE_GST_FAULT_CANNOT_OPEN;
        default: return YE_GST_FAULT_OTHER;
        }
    }
    if (error->domain == ye_gst_stream_error_quark()) {
        switch (error->code) {
        case GST_STREAM_ERROR_FORMAT:
        case GST_STREAM_ERROR_WRONG_TYPE:
        case GST_STREAM_ERROR_CODEC_NOT_FOUND:
        case GST_STREAM_ERROR_DECODE: return YE_GST_FAULT_FORMAT;
        case GST_STREAM_ERROR_FAILED: return YE_GST_FAULT_FORMAT; // "not-negotiated", "not-linked"
        default: return YE_GST_FAULT_OTHER;
        }
    }
    if (error->domain == ye_gst_core_error_quark() && error->code == GST_CORE_ERROR_MISSING_PLUGIN) {
        return YE_GST_FAULT_MISSING_ELEMENT;
    }
    return YE_GST_FAULT_OTHER;
}

static void fill_event(ye_gst_event *event, ye_gst_fault fault, bool is_warning, const char *source,
                       const char *text, const char *detail) {
    event->fault = fault;
    event->is_warning = is_warning;
    ye_copy_text(event->source, sizeof event->source, source);
    ye_copy_text(event->text, sizeof event->text, text);
    ye_copy_text(event->detail, sizeof event->detail, detail);
}

// Parses a description; returns the pipeline and its sink, or NULL with `event` filled.
static GstElement *parse(const char *description, GstElement **sink, ye_gst_event *event);

bool ye_gst_check_pipeline(const char *description, ye_gst_event *event) {
    GstElement *sink;
    GstElement *pipeline = parse(description, &sink, event);
    if (!pipeline) return false;
    ye_gst_object_unref(sink);
    ye_gst_object_unref(pipeline);
    return true;
}

static GstElement *parse(const char *description, GstElement **sink_out, ye_gst_event *event) {
    GError *error = NULL;
    GstElement *pipeline = ye_gst_parse_launch_full(description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &error);
    if (!pipeline || error) {
        fill_event(event, error ? classify(error) : YE_GST_FAULT_SYNTAX, false, "pipeline",
                   error ? error->message : "the pipeline description is empty", NULL);
        if (error) ye_g_error_free(error);
        if (pipeline) ye_gst_object_unref(pipeline);
        return NULL;
    }
    // Every description yolo-edge builds ends in "! appsink", so parsing gives a bin.
    GstElement *sink = ye_gst_bin_get_by_name((GstBin *)pipeline, YE_GST_SINK_NAME);
    if (!sink) {
        fill_event(event, YE_GST_FAULT_SYNTAX, false, "pipeline", "the pipeline has no appsink named " YE_GST_SINK_NAME,
                   NULL);
        ye_gst_object_unref(pipeline);
        return NULL;
    }
    *sink_out = sink;
    return pipeline;
}

ye_gst_stream *ye_gst_stream_open(const char *description, ye_gst_event *event) {
    GstElement *sink;
    GstElement *pipeline = parse(description, &sink, event);
    if (!pipeline) return NULL;
    ye_gst_stream *stream = calloc(1, sizeof *stream);
    if (!stream) abort();
    stream->pipeline = pipeline;
    stream->sink = sink;
    stream->bus = ye_gst_element_get_bus(pipeline);
    GPollFD bus_poll;
    ye_gst_bus_get_pollfd(stream->bus, &bus_poll);
    stream->bus_fd = bus_poll.fd;
    stream->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (stream->wake_fd < 0) abort();
    pthread_mutex_init(&stream->lock, NULL);

    GstAppSinkCallbacks callbacks;
    memset(&callbacks, 0, sizeof callbacks);
    callbacks.new_sample = on_new_sample;
    ye_gst_app_sink_set_callbacks((GstAppSink *)sink, &callbacks, stream, NULL);
    if (ye_gst_element_set_state(pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
        // The element that failed has posted why.
        if (!ye_gst_stream_next_event(stream, event) || event->is_warning) {
            fill_event(event, YE_GST_FAULT_OTHER, false, "pipeline", "the pipeline could not start", NULL);
        }
        ye_gst_stream_close(stream);
        return NULL;
    }
    return stream;
}

void ye_gst_stream_close(ye_gst_stream *stream) {
    if (!stream) return;
    ye_gst_stream_release_frame(stream);
    ye_gst_element_set_state(stream->pipeline, GST_STATE_NULL);
    // The streaming threads are gone once the state is NULL: no callback runs any more.
    sample_unref(stream->newest);
    if (stream->caps) ye_gst_mini_object_unref(GST_MINI_OBJECT_CAST(stream->caps));
    ye_gst_object_unref(stream->bus);
    ye_gst_object_unref(stream->sink);
    ye_gst_object_unref(stream->pipeline);
    close(stream->wake_fd);
    pthread_mutex_destroy(&stream->lock);
    free(stream);
}

int ye_gst_stream_wake_fd(const ye_gst_stream *stream) { return stream->wake_fd; }

int ye_gst_stream_bus_fd(const ye_gst_stream *stream) { return stream->bus_fd; }

bool ye_gst_stream_next_event(ye_gst_stream *stream, ye_gst_event *event) {
    GstMessage *message;
    while ((message = ye_gst_bus_pop(stream->bus))) {
        GstMessageType type = GST_MESSAGE_TYPE(message);
        bool matters = type == GST_MESSAGE_ERROR || type == GST_MESSAGE_WARNING || type == GST_MESSAGE_EOS;
        if (matters) {
            gchar *source = GST_MESSAGE_SRC(message) ? ye_gst_object_get_name(GST_MESSAGE_SRC(message)) : NULL;
            if (type == GST_MESSAGE_EOS) {
                fill_event(event, YE_GST_FAULT_END_OF_STREAM, false, source, "end of stream", NULL);
            } else {
                GError *error = NULL;
                gchar *detail = NULL;
                if (type == GST_MESSAGE_ERROR) {
                    ye_gst_message_parse_error(message, &error, &detail);
                } else {
                    ye_gst_message_parse_warning(message, &error, &detail);
                }
                fill_event(event, error ? classify(error) : YE_GST_FAULT_OTHER, type == GST_MESSAGE_WARNING, source,
                           error ? error->message : "unknown error", detail);
                if (error) ye_g_error_free(error);
                ye_g_free(detail);
            }
            ye_g_free(source);
        }
        ye_gst_mini_object_unref(GST_MINI_OBJECT_CAST(message));
        if (matters) return true;
    }
    return false;
}

static ye_gst_format format_of(GstVideoFormat format) {
    switch (format) {
    case GST_VIDEO_FORMAT_NV12: return YE_GST_FORMAT_NV12;
    case GST_VIDEO_FORMAT_YUY2: return YE_GST_FORMAT_YUY2;
    case GST_VIDEO_FORMAT_I420: return YE_GST_FORMAT_I420;
    case GST_VIDEO_FORMAT_RGB: return YE_GST_FORMAT_RGB;
    default: return YE_GST_FORMAT_OTHER;
    }
}

bool ye_gst_stream_take_frame(ye_gst_stream *stream, ye_gst_frame *frame, ye_gst_event *event) {
    ye_gst_stream_release_frame(stream);
    uint64_t count;
    ssize_t drained = read(stream->wake_fd, &count, sizeof count);
    (void)drained; // EAGAIN: nothing was waiting, which the slot below says too.
    pthread_mutex_lock(&stream->lock);
    GstSample *sample = stream->newest;
    stream->newest = NULL;
    frame->sequence = stream->received;
    frame->replaced = stream->replaced;
    frame->monotonic_ns = stream->newest_monotonic_ns;
    pthread_mutex_unlock(&stream->lock);
    if (!sample) return false;

    GstCaps *caps = ye_gst_sample_get_caps(sample);
    GstBuffer *buffer = ye_gst_sample_get_buffer(sample);
    if (!caps || !buffer) {
        fill_event(event, YE_GST_FAULT_FORMAT, false, YE_GST_SINK_NAME, "a sample without caps or buffer", NULL);
        sample_unref(sample);
        return false;
    }
    // Caps change only with the stream's format: parse them only then. An element may send
    // the same caps again as a new object (after a reconfiguration); parsing allocates
    // (colorimetry strings), so equal caps are only adopted.
    if (caps != stream->caps && !(stream->caps && ye_gst_caps_is_equal(caps, stream->caps))) {
        if (!ye_gst_video_info_from_caps(&stream->info, caps)) {
            fill_event(event, YE_GST_FAULT_FORMAT, false, YE_GST_SINK_NAME, "caps that are not raw video", NULL);
            sample_unref(sample);
            return false;
        }
    }
    if (caps != stream->caps) {
        if (stream->caps) ye_gst_mini_object_unref(GST_MINI_OBJECT_CAST(stream->caps));
        stream->caps = (GstCaps *)ye_gst_mini_object_ref(GST_MINI_OBJECT_CAST(caps));
    }
    if (!ye_gst_buffer_map(buffer, &stream->map, GST_MAP_READ)) {
        fill_event(event, YE_GST_FAULT_OTHER, false, YE_GST_SINK_NAME, "a buffer that cannot be mapped", NULL);
        sample_unref(sample);
        return false;
    }
    stream->held = sample;
    stream->held_buffer = buffer;

    const GstVideoInfo *info = &stream->info;
    frame->data = stream->map.data;
    frame->size = stream->map.size;
    frame->format = format_of(GST_VIDEO_INFO_FORMAT(info));
    frame->width = GST_VIDEO_INFO_WIDTH(info);
    frame->height = GST_VIDEO_INFO_HEIGHT(info);
    frame->frames_per_second =
        GST_VIDEO_INFO_FPS_D(info) > 0 ? (double)GST_VIDEO_INFO_FPS_N(info) / GST_VIDEO_INFO_FPS_D(info) : 0;
    // Decoders and cameras may pad rows and planes; their video meta says where planes lie.
    GstVideoMeta *meta = (GstVideoMeta *)ye_gst_buffer_get_meta(buffer, ye_gst_video_meta_api_get_type());
    for (int plane = 0; plane < 3; plane++) {
        bool has_plane = plane < (int)GST_VIDEO_INFO_N_PLANES(info);
        frame->plane_offset[plane] = !has_plane ? 0 : meta ? meta->offset[plane] : GST_VIDEO_INFO_PLANE_OFFSET(info, plane);
        frame->plane_stride[plane] = !has_plane ? 0 : meta ? meta->stride[plane] : GST_VIDEO_INFO_PLANE_STRIDE(info, plane);
    }
    return true;
}

void ye_gst_stream_release_frame(ye_gst_stream *stream) {
    if (!stream->held) return;
    ye_gst_buffer_unmap(stream->held_buffer, &stream->map);
    sample_unref(stream->held);
    stream->held = NULL;
    stream->held_buffer = NULL;
}
