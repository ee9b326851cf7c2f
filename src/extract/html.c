/* html.c: HTML5 page -> the story's title, language and text blocks. gumbo
 * parses; walk.c lays the text out in blocks; score.c picks the story. */
#include "ttsread/extract.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract_internal.h"
#include "util/strbuf.h"

void tts_extract_page_free(extract_page *page)
{
    for (size_t b = 0; b < page->block_count; b++)
        free(page->blocks[b].text);
    free(page->blocks);
    free(page->elements);
    free(page->og_title);
    free(page->head_title);
    free(page->lang);
    for (size_t u = 0; u < page->unread_count; u++)
        free(page->unread[u].text);
    free(page->unread);
    memset(page, 0, sizeof *page);
}

static size_t word_count(const char *text, size_t length)
{
    size_t words = 0;
    for (size_t i = 0; i < length; i++)
        words += !isspace((unsigned char)text[i]) &&
                 (i == 0 || isspace((unsigned char)text[i - 1]));
    return words;
}

/* The title with a site name suffix (" | CNN", " : NPR") removed; caller frees. */
static char *clean_title(const char *title)
{
    static const char *const separators[] = {
        " | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " : ", " :: ", " \xC2\xB7 ",
        " \xE2\x80\xA2 ", " \xC2\xBB ", " // ", " / ",
    };
    char *clean = tts_strndup(title, strlen(title));
    if (clean == NULL)
        return NULL;
    tts_collapse_whitespace(clean);
    /* Twice, for "Story - Section | Site". A suffix of more than four words is
     * part of the title, and so is one after a one-word prefix ("CNN.com - Transcripts"). */
    for (int round = 0; round < 2; round++) {
        char *cut = NULL;
        size_t separator_length = 0;
        for (size_t i = 0; i < sizeof separators / sizeof separators[0]; i++) {
            for (char *p = strstr(clean, separators[i]); p; p = strstr(p + 1, separators[i]))
                if (p > cut) {
                    cut = p;
                    separator_length = strlen(separators[i]);
                }
        }
        if (cut == NULL)
            break;
        const char *suffix = cut + separator_length;
        if (word_count(suffix, strlen(suffix)) > 4 || strlen(suffix) > 40 ||
            word_count(clean, (size_t)(cut - clean)) < 2)
            break;
        *cut = '\0';
    }
    return clean;
}

/* Letters and digits only, lower case: "U.S. Turns To China" -> "usturnstochina". */
static char *title_key(const char *text)
{
    char *key = tts_strndup(text, strlen(text));
    if (key == NULL)
        return NULL;
    size_t length = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if (isalnum(*p) || *p >= 0x80)
            key[length++] = (char)tolower(*p);
    key[length] = '\0';
    return key;
}

static bool same_title(const char *a, const char *b, bool *failed)
{
    char *key_a = title_key(a), *key_b = title_key(b);
    *failed = key_a == NULL || key_b == NULL;
    bool same = !*failed && key_a[0] != '\0' && strcmp(key_a, key_b) == 0;
    free(key_a);
    free(key_b);
    return same;
}

/* og:title, else the first <h1> (in the story if it has one), else <title>.
 * NULL when the page has none, or (with *failed set) when memory ran out. */
static char *choose_title(const extract_page *page, bool *failed)
{
    char *title = NULL;
    *failed = false;
    if (page->og_title && *page->og_title) {
        title = clean_title(page->og_title);
        *failed = title == NULL;
        return title;
    }
    const char *heading = NULL;
    for (int pass = 0; pass < 2 && heading == NULL; pass++)
        for (size_t b = 0; b < page->block_count && heading == NULL; b++) {
            const extract_block *block = &page->blocks[b];
            if (block->owner != EXTRACT_NO_ELEMENT &&
                page->elements[block->owner].tag == GUMBO_TAG_H1 && (pass == 1 || block->keep))
                heading = block->text;
        }
    if (heading)
        title = tts_strndup(heading, strlen(heading));
    else if (page->head_title && *page->head_title)
        title = clean_title(page->head_title);
    else
        return NULL;
    *failed = title == NULL;
    return title;
}

/* A BCP 47 tag as written ("en", "en-US"); "en_US" is mended, anything else dropped. */
static char *clean_lang(const char *lang)
{
    size_t length = strlen(lang);
    if (length == 0 || length > 35 || !isalpha((unsigned char)lang[0]))
        return NULL;
    for (size_t i = 0; i < length; i++)
        if (!isalnum((unsigned char)lang[i]) && lang[i] != '-' && lang[i] != '_')
            return NULL;
    char *copy = tts_strndup(lang, length);
    for (char *p = copy; p && *p; p++)
        if (*p == '_')
            *p = '-';
    return copy;
}

/* Moves the kept blocks into out; the title's own heading is not repeated. */
static tts_status build_document(const char *name, extract_page *page, tts_document *out,
                                 tts_error *err)
{
    bool failed;
    out->title = choose_title(page, &failed);
    out->lang = page->lang ? clean_lang(page->lang) : NULL;
    size_t kept = 0;
    for (size_t b = 0; b < page->block_count; b++)
        kept += page->blocks[b].keep;
    out->blocks = calloc(kept ? kept : 1, sizeof *out->blocks);
    /* What is left behind stays listed, for the parser's account of it. */
    out->dropped = calloc(page->block_count - kept + page->unread_count + 1,
                          sizeof *out->dropped);
    if (out->blocks == NULL || out->dropped == NULL || failed)
        return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", name);
    bool in_lead = true; /* before the first prose paragraph: headline, dateline, byline */
    for (size_t b = 0; b < page->block_count; b++) {
        extract_block *block = &page->blocks[b];
        bool is_title = block->keep && in_lead && out->title &&
                        same_title(block->text, out->title, &failed);
        if (!block->keep || is_title) {
            out->dropped[out->dropped_count++] =
                (tts_dropped_block){block->text, block->source_offset, 0, is_title, false};
            block->text = NULL; /* now owned by out */
            in_lead = in_lead && !is_title;
            continue;
        }
        if (failed)
            return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", name);
        in_lead = in_lead && (block->kind == TTS_BLOCK_HEADING ||
                              word_count(block->text, strlen(block->text)) < 12);
        out->blocks[out->block_count++] =
            (tts_block){block->kind, block->text, block->source_offset};
        block->text = NULL; /* now owned by out */
    }
    /* The parser sorts what it was not told in page order. */
    for (size_t u = 0; u < page->unread_count; u++) {
        out->dropped[out->dropped_count++] = page->unread[u];
        page->unread[u].text = NULL; /* now owned by out */
    }
    return TTS_OK;
}

tts_status tts_extract_html(const char *name, const char *html, size_t length,
                            tts_document *out, tts_error *err)
{
    memset(out, 0, sizeof *out);
    if (length > UINT_MAX)
        return tts_error_set(err, TTS_ERR_TOO_LARGE, "%s: HTML page over 4 GB", name);
    extract_shape shape = tts_extract_check_shape(html, length);
    if (shape == EXTRACT_SHAPE_TOO_DEEP)
        return tts_error_set(err, TTS_ERR_TOO_LARGE,
                             "%s: HTML nests elements more than %d levels deep; not parsed", name,
                             EXTRACT_MAX_DEPTH);
    if (shape == EXTRACT_SHAPE_TOO_MANY_ATTRIBUTES)
        return tts_error_set(err, TTS_ERR_TOO_LARGE,
                             "%s: an HTML tag has more than %d attributes; not parsed", name,
                             EXTRACT_MAX_ATTRIBUTES);
    GumboOptions options = kGumboDefaultOptions;
    /* Every recorded parse error copies the stack of open elements: quadratic. */
    options.max_errors = 0;
    GumboOutput *output = gumbo_parse_with_options(&options, html, length);
    if (output == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory while parsing HTML", name);
    extract_page page;
    memset(&page, 0, sizeof page);
    tts_status status = tts_extract_walk(name, output, &page, err);
    if (status == TTS_OK)
        status = tts_extract_select(name, &page, err);
    if (status == TTS_OK)
        status = build_document(name, &page, out, err);
    tts_extract_page_free(&page);
    gumbo_destroy_output(&options, output);
    if (status != TTS_OK)
        tts_document_free(out);
    return status;
}
