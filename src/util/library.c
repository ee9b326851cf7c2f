/* library.c: dlopen and dlsym for the libraries the stages open on first
 * use (libcurl for URLs, PortAudio for playing, libzip for books). */
#include "util/library.h"

#include <dlfcn.h>
#include <stdio.h>

void *tts_library_open(const char *soname, const char *prefix, const char *const *names,
                       size_t count, void **symbols, char *why, size_t why_size)
{
    void *library = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        snprintf(why, why_size, "%s", dlerror());
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        char name[128];
        snprintf(name, sizeof name, "%s%s", prefix, names[i]);
        if ((symbols[i] = dlsym(library, name)) == NULL) {
            snprintf(why, why_size, "%s lacks %s", soname, name);
            dlclose(library);
            return NULL;
        }
    }
    return library;
}
