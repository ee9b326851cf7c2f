/* ini.h: reads an INI file entry by entry, for modules other than cast (which
 * alone includes inih and does the reading for them). */
#ifndef TTSREAD_INI_H
#define TTSREAD_INI_H

#include <stdbool.h>

#include "ttsread/error.h"

typedef struct tts_ini_entry {
    const char *section;  /* "" before the first [section] */
    const char *key;
    const char *value;
    int line;             /* where the entry is, from 1 */
} tts_ini_entry;

/* Takes one entry; returns false, with err filled ("why", no file or line),
 * to refuse it. */
typedef bool (*tts_ini_handler)(void *user, const tts_ini_entry *entry, tts_error *err);

/* Calls handler for every `key = value` of the file, in order, and stops
 * calling it after the first refusal. Fails with "path:line: why" for the
 * first line that is malformed, too long or refused (the handler's code, or
 * TTS_ERR_PARSE), and with TTS_ERR_NOT_FOUND or TTS_ERR_IO when the file
 * cannot be read. Comments start with ; or #; indented lines continue the
 * previous value (the handler gets each line as its own entry). */
tts_status tts_ini_read(const char *path, tts_ini_handler handler, void *user, tts_error *err);

#endif
