/* input.h: reads a file or stdin, refuses what is not text, converts the
 * charset to UTF-8 and guesses the input format from name and content. */
#ifndef TTSREAD_INPUT_H
#define TTSREAD_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "ttsread/error.h"

#define TTS_INPUT_DEFAULT_MAX_BYTES ((size_t)64 * 1024 * 1024)
/* Seconds a whole download may take (--timeout): long enough for a large
 * page on a slow line, short enough that a dead server does not hang a batch. */
#define TTS_INPUT_DEFAULT_TIMEOUT 30.0

typedef enum tts_format {
    TTS_FORMAT_AUTO = 0,
    TTS_FORMAT_TEXT,
    TTS_FORMAT_HTML,
    TTS_FORMAT_MARKDOWN,
    TTS_FORMAT_VTT,
    TTS_FORMAT_SRT,
    TTS_FORMAT_FOUNTAIN,
    TTS_FORMAT_PLAY,     /* a stage play: "ROMEO." labels, [stage directions] */
} tts_format;

typedef struct tts_input {
    char *name;     /* the path as given, or "-" for stdin (owned) */
    char *text;     /* UTF-8, NUL-terminated, BOM removed (owned) */
    size_t length;  /* bytes in text, without the NUL */
    tts_format format;        /* never TTS_FORMAT_AUTO after tts_input_read */
    const char *charset;      /* the charset the bytes were in (static string) */
    bool charset_guessed;     /* neither named nor UTF-8: read as Windows-1252 or Latin-1 */
} tts_input;

/* Reads path ("-" = stdin, or an http:// or https:// URL) of at most
 * max_bytes, decodes it to UTF-8 and sniffs its format unless `forced` is not
 * TTS_FORMAT_AUTO. A download may take timeout_seconds in all.
 * On success the caller owns *out and frees it with tts_input_free. */
tts_status tts_input_open(const char *path, size_t max_bytes, double timeout_seconds,
                          tts_format forced, tts_input *out, tts_error *err);

/* tts_input_open with the default timeout. */
tts_status tts_input_read(const char *path, size_t max_bytes, tts_format forced,
                          tts_input *out, tts_error *err);

/* True when path is an http:// or https:// URL rather than a file name. */
bool tts_input_is_url(const char *path);

/* Downloads url (redirects followed, gzip and deflate accepted) and decodes
 * it as tts_input_open does; the charset of the Content-Type header counts
 * when the page names none, and text/html is read as HTML when `forced` is
 * TTS_FORMAT_AUTO. Fails with one message naming the URL: DNS, connection,
 * TLS, HTTP status, too large (TTS_ERR_TOO_LARGE), timed out. */
tts_status tts_input_fetch(const char *url, size_t max_bytes, double timeout_seconds,
                           tts_format forced, tts_input *out, tts_error *err);

/* Same as tts_input_read for bytes already in memory (used by tests and fuzzers).
 * `name` is used in error messages. */
tts_status tts_input_from_bytes(const char *name, const unsigned char *bytes, size_t length,
                                tts_format forced, tts_input *out, tts_error *err);

void tts_input_free(tts_input *input);

/* A list of inputs (--inputs-from): one path per line of the file at `path`
 * ("-" = stdin), blank lines skipped, CR LF taken as LF. *lines holds the
 * paths back to back, NUL-terminated, and *paths points into it; the caller
 * frees both. */
tts_status tts_input_list_read(const char *path, char **lines, const char ***paths, size_t *count,
                               tts_error *err);

/* "text", "html", ... and back; tts_format_from_name returns -1 for an unknown name. */
const char *tts_format_name(tts_format format);
int tts_format_from_name(const char *name);

#endif
