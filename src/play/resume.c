/* resume.c: where a listener stopped, per input, so that the next --play of
 * the same words can continue there: one small file per piece, named by a
 * hash of its text, in $XDG_STATE_HOME/ttsread/positions/. */
#include "play_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ttsread/sink.h"

#define STATE_HEADER "ttsread-position 1"

uint64_t tts_play_resume_key(const tts_script *script)
{
    /* FNV-1a over every turn's text: the same words, the same file. */
    uint64_t hash = 14695981039346656037ull;
    for (size_t t = 0; t < script->turn_count; t++) {
        for (const unsigned char *c = (const unsigned char *)script->turns[t].text; c && *c; c++)
            hash = (hash ^ *c) * 1099511628211ull;
        hash = (hash ^ 0x1e) * 1099511628211ull; /* a turn boundary */
    }
    return hash;
}

/* $XDG_STATE_HOME/ttsread/positions (or ~/.local/state/...), made when `make`. */
static bool state_folder(char *path, size_t size, bool make)
{
    const char *state = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    int written;
    if (state != NULL && state[0] == '/')
        written = snprintf(path, size, "%s/ttsread/positions", state);
    else if (home != NULL && home[0] != '\0')
        written = snprintf(path, size, "%s/.local/state/ttsread/positions", home);
    else
        return false;
    if (written < 0 || (size_t)written >= size)
        return false;
    if (!make)
        return true;
    for (char *slash = strchr(path + 1, '/');; slash = strchr(slash + 1, '/')) {
        if (slash != NULL)
            *slash = '\0';
        bool made = mkdir(path, 0700) == 0 || errno == EEXIST;
        if (slash != NULL)
            *slash = '/';
        if (!made)
            return false;
        if (slash == NULL)
            return true;
    }
}

static bool state_path(char *path, size_t size, uint64_t key, bool make)
{
    char folder[4096];
    if (!state_folder(folder, sizeof folder, make))
        return false;
    int written = snprintf(path, size, "%s/%016" PRIx64, folder, key);
    return written > 0 && (size_t)written < size;
}

tts_status tts_play_resume_save(uint64_t key, size_t job, size_t offset, size_t job_count,
                            tts_error *err)
{
    char path[4200];
    if (!state_path(path, sizeof path, key, true))
        return tts_error_set(err, TTS_ERR_IO, "cannot make a folder for the listening position");
    tts_atomic_file file;
    tts_status status = tts_atomic_open(path, &file, err);
    if (status != TTS_OK)
        return status;
    fprintf(file.stream, STATE_HEADER "\njob %zu\noffset %zu\njobs %zu\n", job, offset, job_count);
    return tts_atomic_commit(&file, err);
}

void tts_play_resume_forget(uint64_t key)
{
    char path[4200];
    if (state_path(path, sizeof path, key, false))
        unlink(path);
}

int tts_play_resume_load(uint64_t key, size_t job_count, size_t *job, size_t *offset, char *note,
                     size_t note_size)
{
    char path[4200];
    note[0] = '\0';
    if (!state_path(path, sizeof path, key, false))
        return 0;
    FILE *file = fopen(path, "r");
    if (file == NULL)
        return 0;
    char header[64] = "";
    size_t jobs = 0;
    int fields = fscanf(file, "%63[^\n] job %zu offset %zu jobs %zu", header, job, offset, &jobs);
    fclose(file);
    if (fields != 4 || strcmp(header, STATE_HEADER) != 0 || jobs != job_count ||
        *job >= job_count) {
        snprintf(note, note_size, "ignoring the saved position %s: %s", path,
                 fields == 4 && strcmp(header, STATE_HEADER) == 0 ? "it is for another version of the text"
                                                                   : "it is not one ttsread wrote");
        return -1;
    }
    return 1;
}
