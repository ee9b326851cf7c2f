/* extract_internal.h: what the HTML walker hands to the story scorer: a flat,
 * pre-ordered copy of the element tree and the text blocks found in it. */
#ifndef TTSREAD_EXTRACT_INTERNAL_H
#define TTSREAD_EXTRACT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <gumbo.h>

#include "ttsread/extract.h"

#define EXTRACT_NO_ELEMENT ((size_t)-1)

/* Deeper pages are refused: gumbo 0.10.1 has no depth limit of its own, its
 * tree builder is quadratic in depth and it frees the tree recursively. Real
 * pages stay under a few hundred levels. */
#define EXTRACT_MAX_DEPTH 2000

enum extract_element_flags {
    EXTRACT_BLOCK = 1u << 0,           /* starts and ends a text block */
    EXTRACT_DROPPED = 1u << 1,         /* never spoken; its subtree was not walked */
    EXTRACT_UNLIKELY = 1u << 2,        /* class/id/role says boilerplate (readability) */
    EXTRACT_HAS_BLOCK_CHILD = 1u << 3, /* text runs in it are wrapped paragraphs */
    EXTRACT_BYLINE = 1u << 4,          /* class/id/rel/itemprop name an author line */
    EXTRACT_PROMO = 1u << 5,           /* class/id mention sharing, newsletters */
    EXTRACT_IN_TABLE = 1u << 6,        /* inherited */
    EXTRACT_IN_CODE = 1u << 7,         /* inherited */
    EXTRACT_IN_FIGURE = 1u << 8,       /* inherited */
    EXTRACT_DATA_TABLE = 1u << 9,      /* a table of data rather than of layout */
    EXTRACT_NESTED_TABLE = 1u << 10,   /* holds another table: layout, not data */
    EXTRACT_TRANSCRIPT = 1u << 11,     /* a transcript paragraph (p.npr_para, p.cnnBodyText) */
};
#define EXTRACT_INHERITED (EXTRACT_IN_TABLE | EXTRACT_IN_CODE | EXTRACT_IN_FIGURE)

typedef struct extract_element {
    const GumboNode *node; /* valid while gumbo's output lives */
    GumboTag tag;
    unsigned flags;
    size_t parent;      /* index of the parent element, or EXTRACT_NO_ELEMENT */
    size_t subtree_end; /* one past the index of the last descendant */
    int class_weight;   /* readability's class/id weight plus strong story signals */
} extract_element;

typedef struct extract_block {
    char *text;           /* whitespace collapsed (owned) */
    size_t chars;         /* code points in text */
    size_t link_chars;    /* code points inside links, ten per char ("#" links three) */
    size_t commas;
    size_t source_offset;
    size_t owner;         /* innermost block-level element holding the text */
    tts_block_kind kind;
    bool keep;            /* chosen as story */
} extract_block;

/* Owns its arrays and strings; freed with tts_extract_page_free. */
typedef struct extract_page {
    extract_element *elements; /* pre-order: a parent comes before its children */
    size_t element_count;
    size_t element_capacity;
    extract_block *blocks;     /* document order */
    size_t block_count;
    size_t block_capacity;
    char *og_title;            /* <meta property="og:title"> (owned) */
    char *head_title;          /* <title> (owned) */
    char *lang;                /* <html lang> (owned) */
    tts_dropped_block *unread; /* elements never walked (navigation, captions...), in order */
    size_t unread_count;
    size_t unread_capacity;
} extract_page;

/* More attributes on one tag are refused: gumbo checks each attribute against
 * every earlier one of its tag (quadratic). Real tags carry a few dozen, and
 * broken markup a few hundred. */
#define EXTRACT_MAX_ATTRIBUTES 1000

typedef enum extract_shape {
    EXTRACT_SHAPE_OK = 0,
    EXTRACT_SHAPE_TOO_DEEP,            /* nests deeper than EXTRACT_MAX_DEPTH */
    EXTRACT_SHAPE_TOO_MANY_ATTRIBUTES, /* a tag has more than EXTRACT_MAX_ATTRIBUTES */
} extract_shape;

/* Whether gumbo can parse the page in reasonable time, judged by a cheap
 * scan of its tags (before gumbo sees it). */
extract_shape tts_extract_check_shape(const char *html, size_t length);

/* Walks the parsed tree once (iteratively) and fills page. */
tts_status tts_extract_walk(const char *name, const GumboOutput *output, extract_page *page,
                        tts_error *err);

/* Marks the blocks of the story (block.keep), readability style. */
tts_status tts_extract_select(const char *name, extract_page *page, tts_error *err);

void tts_extract_page_free(extract_page *page);

#endif
