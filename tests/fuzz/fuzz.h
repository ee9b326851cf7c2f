/* fuzz.h: the fuzz targets (one per pipeline area) and what they share. Each
 * target is a plain function, so libFuzzer (entry.c) and the crasher replay
 * test (tests/test_fuzz_replay.c) call the same code. */
#ifndef TTSREAD_FUZZ_H
#define TTSREAD_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ttsread/input.h"
#include "ttsread/script.h"

/* Every target takes any bytes, returns 0, and aborts (through
 * fuzz_require) when an invariant of the code under test breaks. */
int fuzz_input(const uint8_t *data, size_t size);    /* charset decoding, format sniffing */
int fuzz_html(const uint8_t *data, size_t size);     /* HTML extraction */
int fuzz_parse(const uint8_t *data, size_t size);    /* byte 0 picks the format parser */
int fuzz_cast(const uint8_t *data, size_t size);     /* cast files, profiles, palette.ini */
int fuzz_captions(const uint8_t *data, size_t size); /* VTT, SRT and JSON captions */
int fuzz_speak(const uint8_t *data, size_t size);    /* speech-ready text and its map */

typedef int (*fuzz_target)(const uint8_t *data, size_t size);

/* The target called `name` ("html"), or NULL. */
fuzz_target fuzz_target_named(const char *name);

/* Aborts with a message when an invariant fails: libFuzzer then keeps the
 * input as a crasher, and the replay test fails. */
void fuzz_require(bool condition, const char *what);

/* The format that data[0] picks (text .. play), for targets whose first byte
 * chooses a parser; seeds carry it as their first byte (seeds.sh). */
tts_format fuzz_format_of(uint8_t selector);

/* Decodes and parses the bytes as `format`; true with *script filled
 * (free it with tts_script_free) when the input parsed. */
bool fuzz_parse_script(const uint8_t *data, size_t size, tts_format format, tts_script *script);

/* Checks what every parsed script promises: speaker indexes in range, ids
 * unique and non-empty, every string valid UTF-8, the hard limits kept. */
void fuzz_check_script(const tts_script *script);

/* True when the length bytes are valid UTF-8 (no overlong forms, no surrogates). */
bool fuzz_valid_utf8(const char *text, size_t length);

/* A folder private to this process, removed with its files at exit. */
const char *fuzz_temporary_directory(void);
/* Writes the bytes to path (replacing it); aborts on failure. */
void fuzz_write_file(const char *path, const void *data, size_t size);
/* Reads a whole file; NULL when it cannot. The caller frees it. */
char *fuzz_read_file(const char *path, size_t *size);

#endif
