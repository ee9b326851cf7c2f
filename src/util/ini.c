/* ini.c: tts_ini_read, inih behind a small interface: cast files and the
 * user's config.ini are read through it, and only this file includes inih. */
#include "ttsread/ini.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

typedef struct ini_reading {
    FILE *file;
    char *line;            /* getline's buffer (owned) */
    size_t capacity;
    int line_number;       /* of the line inih is working on */
    int too_long;          /* first line cut to fit inih's buffer, or 0 */
    char section[INI_MAX_LINE]; /* the last [section] line's name, whole */
    tts_ini_handler handler;
    void *user;
    int refused;           /* line of the first refused entry, or 0 */
    tts_error problem;     /* why it was refused */
} ini_reading;

/* inih's reader. Handing inih one whole line per call keeps its line
 * numbers the file's, and lets the handler know the line of each entry. */
static char *read_line(char *buffer, int size, void *stream)
{
    ini_reading *reading = stream;
    ssize_t length = getline(&reading->line, &reading->capacity, reading->file);
    if (length < 0)
        return NULL;
    reading->line_number++;
    ssize_t text = length - (reading->line[length - 1] == '\n');
    if (text > size - 1) {
        if (reading->too_long == 0)
            reading->too_long = reading->line_number;
        length = size - 1;
    }
    memcpy(buffer, reading->line, (size_t)length);
    buffer[length] = '\0';
    /* inih cuts section names to 49 bytes; keep the whole name (a saved
     * cast names speakers by their full names, which may be longer). */
    const char *start = buffer + strspn(buffer, " \t");
    const char *end = *start == '[' ? strchr(start, ']') : NULL;
    if (end != NULL) {
        memcpy(reading->section, start + 1, (size_t)(end - start - 1));
        reading->section[end - start - 1] = '\0';
    }
    return buffer;
}

static int refuse(ini_reading *reading)
{
    reading->refused = reading->line_number;
    if (reading->problem.code == TTS_OK)
        reading->problem.code = TTS_ERR_PARSE;
    return 0;
}

static int on_entry(void *user, const char *section, const char *key, const char *value)
{
    ini_reading *reading = user;
    if (reading->refused)
        return 1; /* inih reports the first error only, and so do we */
    tts_error_clear(&reading->problem);
    if (reading->too_long == reading->line_number) {
        tts_error_set(&reading->problem, TTS_ERR_PARSE, "line too long (over %d characters)",
                      INI_MAX_LINE - 1);
        return refuse(reading);
    }
    size_t kept = strlen(section);
    if (kept < strlen(reading->section) && strncmp(section, reading->section, kept) == 0)
        section = reading->section;
    tts_ini_entry entry = {section, key, value, reading->line_number};
    if (!reading->handler(reading->user, &entry, &reading->problem))
        return refuse(reading);
    return 1;
}

tts_status tts_ini_read(const char *path, tts_ini_handler handler, void *user, tts_error *err)
{
    ini_reading reading = {.handler = handler, .user = user};
    reading.file = fopen(path, "r");
    if (reading.file == NULL)
        return tts_error_set(err, errno == ENOENT ? TTS_ERR_NOT_FOUND : TTS_ERR_IO, "%s: %s",
                             path, strerror(errno));
    errno = 0;
    int result = ini_parse_stream(read_line, &reading, on_entry, &reading);
    int read_error = ferror(reading.file) ? (errno ? errno : EIO) : 0;
    fclose(reading.file);
    free(reading.line);
    if (read_error)
        return tts_error_set(err, TTS_ERR_IO, "%s: %s", path, strerror(read_error));
    if (result < 0)
        return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", path);
    if (result == 0)
        return TTS_OK;
    /* inih's result is the first line that failed: a refused entry, or a
     * malformed line before it. */
    if (result == reading.refused)
        return tts_error_set(err, reading.problem.code, "%s:%d: %s", path, result,
                             reading.problem.message);
    if (result == reading.too_long)
        return tts_error_set(err, TTS_ERR_PARSE, "%s:%d: line too long (over %d characters)",
                             path, result, INI_MAX_LINE - 1);
    return tts_error_set(err, TTS_ERR_PARSE,
                         "%s:%d: malformed line (expected [section] or key = value)", path,
                         result);
}
