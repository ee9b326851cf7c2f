/* error.h: one error type for every stage, and one table of descriptions.
 * A stage fills a tts_error and returns its code; main.c prints the message. */
#ifndef TTSREAD_ERROR_H
#define TTSREAD_ERROR_H

#include <stddef.h>

typedef enum tts_status {
    TTS_OK = 0,
    TTS_ERR_NOMEM,       /* out of memory */
    TTS_ERR_IO,          /* a read or write failed */
    TTS_ERR_NOT_FOUND,   /* no such file */
    TTS_ERR_EMPTY,       /* input holds no text */
    TTS_ERR_BINARY,      /* input is not text */
    TTS_ERR_ENCODING,    /* input is in an encoding we cannot convert */
    TTS_ERR_TOO_LARGE,   /* input or structure over a limit */
    TTS_ERR_PARSE,       /* input text could not be parsed */
    TTS_ERR_VOICE,       /* unknown or broken voice profile */
    TTS_ERR_CAST,        /* bad cast file */
    TTS_ERR_SYNTH,       /* eSpeak NG failed */
    TTS_ERR_AUDIO,       /* audio file could not be written */
    TTS_ERR_DEVICE,      /* no usable audio device */
    TTS_ERR_USAGE,       /* bad option or option value */
    TTS_ERR_INTERRUPTED, /* stopped by a signal */
    TTS_ERR_CLOSED,      /* the reader of our output went away (broken pipe) */
    TTS_ERR_COUNT
} tts_status;

typedef struct tts_error {
    tts_status code;
    char message[1024]; /* "what: why", e.g. "story.txt: file is binary (NUL byte at 12)" */
} tts_error;

/* A short description of a status code; never NULL. */
const char *tts_strerror(tts_status code);

/* Fills err (when not NULL) and returns code, so callers can write
 * `return tts_error_set(err, TTS_ERR_IO, "%s: %s", path, strerror(errno));` */
tts_status tts_error_set(tts_error *err, tts_status code, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears err to TTS_OK with an empty message. */
void tts_error_clear(tts_error *err);

#endif
