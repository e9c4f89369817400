// Opens GStreamer's libraries with dlopen() and fills the function table of symbols.h.
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "GStreamerShim.h"
#include "symbols.h"

#define YE_GST_DEFINE(library, name) __typeof__(name) *ye_##name;
YE_GST_SYMBOLS(YE_GST_DEFINE)
#undef YE_GST_DEFINE

// The sonames of Debian's packages libgstreamer1.0-0, libgstreamer-plugins-base1.0-0 and
// libglib2.0-0; GStreamer 1.x keeps them stable.
static const char *const library_names[] = {
    "libgstreamer-1.0.so.0", "libgstapp-1.0.so.0", "libgstvideo-1.0.so.0", "libglib-2.0.so.0"};
enum { core, app, video, glib, library_count };

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static bool loaded;
static char load_error[256];

void ye_copy_text(char *destination, size_t size, const char *text) {
    if (size == 0) return;
    snprintf(destination, size, "%s", text ? text : "");
}

// yolo-edge's executable defines std::ios_base::Init's constructor empty, so that the C++
// standard streams, which nothing of its own uses, are never built (NoCxxStandardStreams).
// GStreamer's plugins may be C++ that does use them: libcamera logs to std::cerr, and would
// crash on the unbuilt stream. So build them, with libstdc++'s own constructor (the next
// definition after the executable's), before any plugin loads. It counts its callers: a
// process where they are already built is unaffected.
static void construct_cxx_standard_streams(void) {
    void (*construct)(void *) = (void (*)(void *))dlsym(RTLD_NEXT, "_ZNSt8ios_base4InitC1Ev");
    static char init_object; // std::ios_base::Init has no data members.
    if (construct) construct(&init_object);
}

static void load(void) {
    construct_cxx_standard_streams();
    void *handles[library_count];
    for (int index = 0; index < library_count; index++) {
        // Kept open for the life of the process: GStreamer cannot be unloaded.
        handles[index] = dlopen(library_names[index], RTLD_NOW | RTLD_GLOBAL);
        if (!handles[index]) {
            ye_copy_text(load_error, sizeof load_error, dlerror());
            return;
        }
    }
#define YE_GST_RESOLVE(library, name)                                               \
    ye_##name = (__typeof__(name) *)dlsym(handles[library], #name);                  \
    if (!ye_##name) {                                                               \
        snprintf(load_error, sizeof load_error, "%s lacks %s", library_names[library], #name); \
        return;                                                                     \
    }
    YE_GST_SYMBOLS(YE_GST_RESOLVE)
#undef YE_GST_RESOLVE
    // libcamera logs every camera it probes at INFO on stderr; keep to what matters, unless
    // the user asked for more.
    setenv("LIBCAMERA_LOG_LEVELS", "*:WARN", 0);
    GError *error = NULL;
    if (!ye_gst_init_check(NULL, NULL, &error)) {
        snprintf(load_error, sizeof load_error, "gst_init failed: %s", error ? error->message : "unknown error");
        if (error) ye_g_error_free(error);
        return;
    }
    loaded = true;
}

bool ye_gst_load(char *error, size_t error_size) {
    pthread_once(&load_once, load);
    if (!loaded) ye_copy_text(error, error_size, load_error);
    return loaded;
}

bool ye_gst_has_element(const char *factory_name) {
    GstElementFactory *factory = ye_gst_element_factory_find(factory_name);
    if (!factory) return false;
    ye_gst_object_unref(factory);
    return true;
}

int ye_gst_list_libcamera_cameras(char *names, size_t names_size) {
    ye_copy_text(names, names_size, "");
    GstDeviceProvider *provider = ye_gst_device_provider_factory_get_by_name("libcameraprovider");
    if (!provider) return -1;
    GList *devices = ye_gst_device_provider_get_devices(provider);
    int count = 0;
    size_t used = 0;
    for (GList *item = devices; item; item = item->next) {
        gchar *name = ye_gst_device_get_display_name((GstDevice *)item->data);
        if (used < names_size) {
            int written = snprintf(names + used, names_size - used, "%s\n", name ? name : "");
            if (written > 0) used += (size_t)written;
        }
        ye_g_free(name);
        ye_gst_object_unref(item->data);
        count++;
    }
    ye_g_list_free(devices);
    ye_gst_object_unref(provider);
    return count;
}
