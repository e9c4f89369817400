// Opens libmosquitto with dlopen() and fills the function table of MosquittoShim.h.
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include "MosquittoShim.h"

const ye_mosquitto_library *ye_mosquitto_open(const char *soname, char *error, size_t error_size) {
    void *handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        snprintf(error, error_size, "%s", dlerror());
        return NULL;
    }
    ye_mosquitto_library *library = malloc(sizeof *library);
    if (!library) {
        snprintf(error, error_size, "out of memory");
        dlclose(handle);
        return NULL;
    }
#define YE_MOSQUITTO_RESOLVE(function)                                         \
    library->function = (__typeof__(function) *)dlsym(handle, #function);      \
    if (!library->function) {                                                  \
        snprintf(error, error_size, "%s lacks %s", soname, #function);         \
        free(library);                                                         \
        dlclose(handle);                                                       \
        return NULL;                                                           \
    }
    YE_MOSQUITTO_FUNCTIONS(YE_MOSQUITTO_RESOLVE)
#undef YE_MOSQUITTO_RESOLVE
    return library;
}
