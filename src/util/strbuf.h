/* strbuf.h: a growable, always NUL-terminated byte string, and the few
 * text helpers (ASCII case, slugs, whitespace) that several stages share. */
#ifndef TTSREAD_STRBUF_H
#define TTSREAD_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct tts_strbuf {
    char *data;      /* NUL-terminated once anything was appended (owned) */
    size_t length;
    size_t capacity;
} tts_strbuf;

#define TTS_STRBUF_INIT {NULL, 0, 0}

/* Each returns false when memory runs out; the buffer is then unchanged. */
bool tts_strbuf_append(tts_strbuf *buffer, const char *text, size_t length);
bool tts_strbuf_append_string(tts_strbuf *buffer, const char *text);
bool tts_strbuf_append_char(tts_strbuf *buffer, char c);
bool tts_strbuf_printf(tts_strbuf *buffer, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
/* Hands the string over to the caller (never NULL on success: "" when empty). */
char *tts_strbuf_detach(tts_strbuf *buffer);
void tts_strbuf_free(tts_strbuf *buffer);

/* Copies of length bytes of text, NUL-terminated; NULL when out of memory. */
char *tts_strndup(const char *text, size_t length);

/* "ANTHONY KUHN" -> "anthony-kuhn"; caller frees. */
char *tts_slug(const char *name);
/* "ANTHONY O'KUHN-SMITH" -> "Anthony O'Kuhn-Smith"; caller frees. */
char *tts_title_case(const char *name);

/* Collapses runs of whitespace to one space and trims both ends, in place. */
void tts_collapse_whitespace(char *text);

/* Number of UTF-8 code points in the first `length` bytes. */
size_t tts_utf8_count(const char *text, size_t length);

/* Bytes in the valid UTF-8 sequence at text (1 to 4), or 0 when it is not
 * one: a stray or missing continuation byte, an overlong form, a surrogate,
 * past U+10FFFF. `available` bytes may be read. */
size_t tts_utf8_sequence(const char *text, size_t available);
/* True when the length bytes are valid UTF-8. */
bool tts_utf8_valid(const char *text, size_t length);
/* Drops, in place, every byte that is not part of a valid sequence (a name
 * cut to fit a buffer can end inside a character); true when any was dropped. */
bool tts_utf8_repair(char *text);

#endif
