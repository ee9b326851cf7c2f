/* atomic.h: outputs that appear whole or not at all (audio, captions, pages,
 * cast files, manifests, listening positions), shared by every stage. */
#ifndef TTSREAD_UTIL_ATOMIC_H
#define TTSREAD_UTIL_ATOMIC_H

#include <stdio.h>

#include "ttsread/error.h"

/* Creates `temporary` beside `path` (mkstemp, permissions from the umask)
 * and opens it as *fd. An output that exists and is not a regular file
 * (/dev/null, a FIFO) is opened in place with `temporary` left empty:
 * renaming over it would replace the device with a file. */
tts_status tts_atomic_temporary(const char *path, char *temporary, size_t size, int *fd,
                                tts_error *err);

/* A text file written atomically: commit renames it into place, abort (or a
 * signal) removes it. */
typedef struct tts_atomic_file {
    FILE *stream;
    char path[4096];
    char temporary[4096];
    int signal_slot;
} tts_atomic_file;

tts_status tts_atomic_open(const char *path, tts_atomic_file *out, tts_error *err);
tts_status tts_atomic_commit(tts_atomic_file *file, tts_error *err);
void tts_atomic_abort(tts_atomic_file *file);

#endif
