/* error.c: the one table of status descriptions (in the spirit of sf_strerror)
 * and the helper that formats an error message. */
#include "ttsread/error.h"

#include <stdarg.h>
#include <stdio.h>

static const char *const status_descriptions[TTS_ERR_COUNT] = {
    [TTS_OK] = "no error",
    [TTS_ERR_NOMEM] = "out of memory",
    [TTS_ERR_IO] = "input/output error",
    [TTS_ERR_NOT_FOUND] = "no such file",
    [TTS_ERR_EMPTY] = "input holds no text",
    [TTS_ERR_BINARY] = "input is not text",
    [TTS_ERR_ENCODING] = "input encoding not supported",
    [TTS_ERR_TOO_LARGE] = "input over a size limit",
    [TTS_ERR_PARSE] = "input could not be parsed",
    [TTS_ERR_VOICE] = "bad voice profile",
    [TTS_ERR_CAST] = "bad cast file",
    [TTS_ERR_SYNTH] = "speech synthesis failed",
    [TTS_ERR_AUDIO] = "audio output failed",
    [TTS_ERR_DEVICE] = "no usable audio device",
    [TTS_ERR_USAGE] = "usage error",
    [TTS_ERR_INTERRUPTED] = "interrupted",
    [TTS_ERR_CLOSED] = "output closed by the reader",
};

const char *tts_strerror(tts_status code)
{
    if ((int)code < 0 || code >= TTS_ERR_COUNT)
        return "unknown error";
    return status_descriptions[code];
}

tts_status tts_error_set(tts_error *err, tts_status code, const char *format, ...)
{
    if (err == NULL)
        return code;
    err->code = code;
    va_list args;
    va_start(args, format);
    vsnprintf(err->message, sizeof err->message, format, args);
    va_end(args);
    return code;
}

void tts_error_clear(tts_error *err)
{
    if (err == NULL)
        return;
    err->code = TTS_OK;
    err->message[0] = '\0';
}
