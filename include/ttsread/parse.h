/* parse.h: turns a decoded input into a script (title, speakers, turns),
 * with one parser per input format behind a small handler table. */
#ifndef TTSREAD_PARSE_H
#define TTSREAD_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "ttsread/error.h"
#include "ttsread/extract.h"
#include "ttsread/input.h"
#include "ttsread/script.h"

/* Parses `input` with the parser of input->format. The caller owns *out and
 * frees it with tts_script_free (also after a failure). */
tts_status tts_parse_input(const tts_input *input, tts_script *out, tts_error *err);

/* Parses a story's text blocks (from plain text, Markdown or HTML) as a
 * transcript: labels, aliases, cues, the narrator, boilerplate dropped. */
tts_status tts_parse_transcript(const char *name, const tts_document *document,
                                tts_script *out, tts_error *err);

/* Splits plain text into blocks: one per line, blank lines kept as empty
 * blocks so the transcript parser can see paragraph breaks. */
tts_status tts_parse_text_blocks(const char *name, const char *text, size_t length,
                                 tts_document *out, tts_error *err);

/* A name as matching compares it: upper case, accents removed ("María
 * López", "MARIA LOPEZ" -> "MARIA LOPEZ"), typographic apostrophes plain;
 * writes at most size bytes (NUL included), returns the length. */
size_t tts_name_key(char *out, size_t size, const char *text, size_t length);

/* The columns text takes on a terminal: wide (East Asian) characters two,
 * combining marks none; for listings that line up whatever the script. */
size_t tts_text_columns(const char *text);

/* ---- language_guess.c: the language of inputs that do not declare one ---- */

#define TTS_LANGUAGE_GUESS_MIN_LETTERS 200 /* less is too little to tell */
/* Speech text looked at (bytes): plenty for textcat, whose cost grows with
 * the text (about 1 ms for 4 KB, 700 ms for a whole 1.5 MB page). */
#define TTS_LANGUAGE_GUESS_SAMPLE 4096

/* textcat's name of a language ("es--utf8", "[zh-CN-utf8]", "az-cyrillic-utf8")
 * as a BCP 47 tag ("es", "zh-CN", "az-Cyrl") in tag (tag_size bytes); false
 * for textcat's "SHORT" and "UNKNOWN" and for anything that is no language. */
bool tts_language_tag_of_textcat(const char *name, char *tag, size_t tag_size);

/* Guesses the language of `length` bytes of UTF-8 text (`name` is the file,
 * for messages): its BCP 47 tag in tag_out and the share textcat gives it
 * among the languages it cannot tell apart (1 = one clear winner) in
 * *confidence_out. Fails (tag_out empty, err says why) on fewer than
 * TTS_LANGUAGE_GUESS_MIN_LETTERS letters (TTS_ERR_EMPTY), on a text like no
 * language or as near English as the guess (TTS_ERR_PARSE), without the
 * fingerprints (TTS_ERR_NOT_FOUND); only TTS_ERR_NOMEM is worse than no guess. */
tts_status tts_language_guess(const char *name, const char *text, size_t length, char *tag_out,
                              size_t tag_size, double *confidence_out, tts_error *err);

/* The same on the script's speech turns (their first TTS_LANGUAGE_GUESS_SAMPLE bytes). */
tts_status tts_language_guess_script(const tts_script *script, const char *name, char *tag_out,
                                     size_t tag_size, double *confidence_out, tts_error *err);

/* A language's English name ("es" -> "Spanish", "pt-BR" -> "Portuguese") in
 * out (`size` bytes); the tag itself when ICU does not know it. */
void tts_language_name(const char *tag, char *out, size_t size);

#endif
