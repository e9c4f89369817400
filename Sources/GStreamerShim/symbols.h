// The GStreamer functions yolo-edge calls, looked up with dlsym() by loader.c. Each is
// declared with its header's own type (__typeof__), so a call through the table is checked
// like a direct call. Calling a GStreamer function directly, or one of the headers' inline
// helpers (gst_sample_unref, gst_message_unref, ...), would make the binary link against
// libgstreamer: the link fails instead, as no -lgstreamer is given.
#ifndef YOLO_EDGE_GSTREAMER_SYMBOLS_H
#define YOLO_EDGE_GSTREAMER_SYMBOLS_H

#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

// X(library, function): library is one of the handles in loader.c.
#define YE_GST_SYMBOLS(X)                          \
    X(core, gst_init_check)                        \
    X(core, gst_parse_launch_full)                 \
    X(core, gst_bin_get_by_name)                   \
    X(core, gst_element_set_state)                 \
    X(core, gst_element_get_bus)                   \
    X(core, gst_element_get_base_time)             \
    X(core, gst_element_get_clock)                 \
    X(core, gst_clock_get_time)                    \
    X(core, gst_bus_get_pollfd)                    \
    X(core, gst_bus_pop)                           \
    X(core, gst_message_parse_error)               \
    X(core, gst_message_parse_warning)             \
    X(core, gst_object_get_name)                   \
    X(core, gst_mini_object_ref)                   \
    X(core, gst_mini_object_unref)                 \
    X(core, gst_object_unref)                      \
    X(core, gst_sample_get_buffer)                 \
    X(core, gst_sample_get_caps)                   \
    X(core, gst_caps_is_equal)                     \
    X(core, gst_sample_get_segment)                \
    X(core, gst_segment_to_running_time)           \
    X(core, gst_buffer_map)                        \
    X(core, gst_buffer_unmap)                      \
    X(core, gst_buffer_get_meta)                   \
    X(core, gst_element_factory_find)              \
    X(core, gst_device_provider_factory_get_by_name) \
    X(core, gst_device_provider_get_devices)       \
    X(core, gst_device_get_display_name)           \
    X(core, gst_core_error_quark)                  \
    X(core, gst_resource_error_quark)              \
    X(core, gst_stream_error_quark)                \
    X(core, gst_parse_error_quark)                 \
    X(app, gst_app_sink_set_callbacks)             \
    X(app, gst_app_sink_pull_sample)               \
    X(video, gst_video_info_from_caps)             \
    X(video, gst_video_meta_api_get_type)          \
    X(glib, g_free)                                \
    X(glib, g_error_free)                          \
    X(glib, g_list_free)

#define YE_GST_DECLARE(library, name) extern __typeof__(name) *ye_##name;
YE_GST_SYMBOLS(YE_GST_DECLARE)
#undef YE_GST_DECLARE

/// Copies a C string into a fixed buffer, cut to fit and always terminated.
void ye_copy_text(char *destination, size_t size, const char *text);

#endif
