/* input_internal.h: what input.c and fetch.c share: decoding bytes that
 * came with a charset declared outside them (an HTTP Content-Type). */
#ifndef TTSREAD_INPUT_INTERNAL_H
#define TTSREAD_INPUT_INTERNAL_H

#include <stddef.h>

#include "ttsread/input.h"

/* tts_input_from_bytes, with `declared` (or NULL) the charset the bytes'
 * carrier named: used when the bytes name none themselves. */
tts_status tts_input_decode_declared(const char *name, const unsigned char *bytes, size_t length,
                                     tts_format forced, const char *declared, tts_input *out,
                                     tts_error *err);

#endif
