/* extract.h: turns an HTML page into the ordered text blocks of its story
 * (title, language, paragraphs), leaving boilerplate behind. */
#ifndef TTSREAD_EXTRACT_H
#define TTSREAD_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "ttsread/error.h"

typedef enum tts_block_kind {
    TTS_BLOCK_PARAGRAPH = 0,
    TTS_BLOCK_HEADING,
    TTS_BLOCK_LIST_ITEM,
    TTS_BLOCK_QUOTE,
    TTS_BLOCK_CELL,
} tts_block_kind;

typedef struct tts_block {
    tts_block_kind kind;
    char *text;            /* UTF-8, whitespace collapsed, no markup (owned) */
    size_t source_offset;  /* byte offset of the block in the page, for diagnostics */
} tts_block;

/* A block of the page left out of the story, kept so the parser can say
 * what was not read: site furniture, or the headline said once as the title. */
typedef struct tts_dropped_block {
    char *text;            /* UTF-8, whitespace collapsed (owned) */
    size_t source_offset;
    size_t source_length;  /* bytes of the page it covers (tags too), or 0 if not known */
    bool is_title;
    bool is_head;          /* the page's <head>: its header, not its furniture */
} tts_dropped_block;

typedef struct tts_document {
    char *title;     /* story title, or NULL (owned) */
    char *lang;      /* BCP 47 tag from <html lang>, or NULL (owned) */
    tts_block *blocks;
    size_t block_count;
    tts_dropped_block *dropped;  /* in page order (owned) */
    size_t dropped_count;
} tts_document;

/* Parses a UTF-8 HTML page and keeps only the story's blocks.
 * `name` is used in error messages. The caller frees *out with tts_document_free. */
tts_status tts_extract_html(const char *name, const char *html, size_t length,
                            tts_document *out, tts_error *err);

void tts_document_free(tts_document *document);

#endif
