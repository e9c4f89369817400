// libmosquitto for the MQTT client, loaded at run time.
//
// libmosquitto is opened with dlopen() only when MQTT is used (the daemon opens it at start when
// [mqtt] is enabled), never merely because the binary starts: with it come libssl and libcrypto,
// some 1.7 MiB resident in every process that maps them (docs/measurements.md), and an install
// without MQTT needs none of them. Swift calls the library through the table below. Each entry
// has its header's own type (__typeof__), so a call through it is checked like a direct call; a
// direct call would make the binary link against libmosquitto: the link fails instead, as no
// -lmosquitto is given.
#ifndef YOLO_EDGE_MOSQUITTO_SHIM_H
#define YOLO_EDGE_MOSQUITTO_SHIM_H

#include <mosquitto.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

// X(function): every libmosquitto function the MQTT client calls.
#define YE_MOSQUITTO_FUNCTIONS(X)         \
    X(mosquitto_lib_init)                 \
    X(mosquitto_new)                      \
    X(mosquitto_destroy)                  \
    X(mosquitto_connect_async)            \
    X(mosquitto_loop)                     \
    X(mosquitto_publish)                  \
    X(mosquitto_disconnect)               \
    X(mosquitto_socket)                   \
    X(mosquitto_want_write)               \
    X(mosquitto_int_option)               \
    X(mosquitto_username_pw_set)          \
    X(mosquitto_tls_set)                  \
    X(mosquitto_will_set)                 \
    X(mosquitto_connect_callback_set)     \
    X(mosquitto_disconnect_callback_set)  \
    X(mosquitto_publish_callback_set)     \
    X(mosquitto_log_callback_set)         \
    X(mosquitto_connack_string)           \
    X(mosquitto_strerror)

#define YE_MOSQUITTO_ENTRY(function) __typeof__(function) *_Nonnull function;
/// libmosquitto's functions, each under its own name.
typedef struct ye_mosquitto_library {
    YE_MOSQUITTO_FUNCTIONS(YE_MOSQUITTO_ENTRY)
} ye_mosquitto_library;
#undef YE_MOSQUITTO_ENTRY

/// Opens the library `soname` and looks up every function of the table. Returns the table, which
/// lives as long as the process (the library is never closed), or NULL with the reason in
/// `error`, cut at `error_size`.
const ye_mosquitto_library *_Nullable ye_mosquitto_open(
    const char *_Nonnull soname, char *_Nonnull error, size_t error_size);

#ifdef __cplusplus
}
#endif

#endif
