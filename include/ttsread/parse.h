/* parse.h: turns a decoded input into a script (title, speakers, turns),
 * with one parser per input format behind a small handler table. */
#ifndef TTSREAD_PARSE_H
#define TTSREAD_PARSE_H

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

#endif
