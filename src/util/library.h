/* library.h: shared libraries opened when first needed instead of linked,
 * so that runs which never use them neither load nor map them. */
#ifndef TTSREAD_UTIL_LIBRARY_H
#define TTSREAD_UTIL_LIBRARY_H

#include <stddef.h>

/* Opens the shared library `soname` and puts the address of prefix +
 * names[i] in symbols[i], for each of the `count` names. Returns the handle,
 * which stays open until exit; NULL when the library or a name is missing,
 * with why (dlerror's text, or "SONAME lacks NAME") in `why`. */
void *tts_library_open(const char *soname, const char *prefix, const char *const *names,
                       size_t count, void **symbols, char *why, size_t why_size);

#endif
