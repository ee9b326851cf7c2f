/* atomic.c: outputs that appear whole or not at all: written under a
 * temporary name beside their path, renamed into place when complete. */
#include "util/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/signals.h"

/* Creates `temporary` beside `path` with mkstemp, permissions from the umask
 * (mkstemp's 0600 would make outputs private). An output that exists and is
 * not a regular file (/dev/null, /dev/full, a FIFO) is opened in place, with
 * `temporary` left empty: renaming over it would replace the device with a file. */
tts_status tts_atomic_temporary(const char *path, char *temporary, size_t size, int *fd,
                                tts_error *err)
{
    struct stat existing;
    if (stat(path, &existing) == 0 && !S_ISREG(existing.st_mode)) {
        temporary[0] = '\0';
        if (S_ISDIR(existing.st_mode))
            return tts_error_set(err, TTS_ERR_IO, "%s: is a directory", path);
        *fd = open(path, O_WRONLY | O_CLOEXEC);
        if (*fd < 0)
            return tts_error_set(err, TTS_ERR_IO, "%s: %s", path, strerror(errno));
        return TTS_OK;
    }
    char directory_copy[4096], base_copy[4096];
    snprintf(directory_copy, sizeof directory_copy, "%s", path);
    snprintf(base_copy, sizeof base_copy, "%s", path);
    const char *directory = dirname(directory_copy);
    const char *base = basename(base_copy);
    if ((size_t)snprintf(temporary, size, "%s/.%s.XXXXXX", directory, base) >= size)
        return tts_error_set(err, TTS_ERR_IO, "%s: path too long", path);
    struct stat info;
    if (stat(directory, &info) != 0)
        return tts_error_set(err, TTS_ERR_IO, "%s: output folder %s does not exist", path,
                             directory);
    *fd = mkstemp(temporary);
    if (*fd < 0)
        return tts_error_set(err, TTS_ERR_IO, "%s: cannot create a file in %s: %s", path,
                             directory, strerror(errno));
    mode_t mask = umask(0);
    umask(mask);
    fchmod(*fd, 0666 & ~mask);
    return TTS_OK;
}

tts_status tts_atomic_open(const char *path, tts_atomic_file *out, tts_error *err)
{
    memset(out, 0, sizeof *out);
    out->signal_slot = -1;
    snprintf(out->path, sizeof out->path, "%s", path);
    int fd;
    tts_status status = tts_atomic_temporary(path, out->temporary, sizeof out->temporary, &fd, err);
    if (status != TTS_OK)
        return status;
    if (out->temporary[0] != '\0')
        out->signal_slot = tts_signals_track_temporary(out->temporary);
    out->stream = fdopen(fd, "w");
    if (out->stream == NULL) {
        close(fd);
        if (out->temporary[0] != '\0')
            unlink(out->temporary);
        tts_signals_untrack_temporary(out->signal_slot);
        return tts_error_set(err, TTS_ERR_IO, "%s: %s", path, strerror(errno));
    }
    return TTS_OK;
}

tts_status tts_atomic_commit(tts_atomic_file *file, tts_error *err)
{
    bool failed = ferror(file->stream) != 0;
    failed = (fclose(file->stream) != 0) || failed;
    tts_status status = TTS_OK;
    if (failed)
        status = tts_error_set(err, TTS_ERR_IO, "%s: write failed: %s", file->path, strerror(errno));
    else if (file->temporary[0] != '\0' && rename(file->temporary, file->path) != 0)
        status = tts_error_set(err, TTS_ERR_IO, "%s: cannot rename into place: %s", file->path,
                               strerror(errno));
    if (status != TTS_OK && file->temporary[0] != '\0')
        unlink(file->temporary);
    tts_signals_untrack_temporary(file->signal_slot);
    return status;
}

void tts_atomic_abort(tts_atomic_file *file)
{
    if (file->stream != NULL)
        fclose(file->stream);
    if (file->temporary[0] != '\0')
        unlink(file->temporary);
    tts_signals_untrack_temporary(file->signal_slot);
    file->stream = NULL;
}
