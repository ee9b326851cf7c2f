/* paged.c: the furniture of a paged record turned into text (a court or
 * hearing transcript from a PDF): line numbers 1-25 down every page, page
 * numbers and running headers between pages, and the word index at the end
 * ("ability [3] 12:4 15:6"). None of it was said; it is dropped before the
 * transcript parser sees the lines. */
#include "parse_internal.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A page holds at most this many numbered lines (court reporters use 25 or 28). */
#define MAX_LINE_NUMBER 32
/* How many numbered lines make a document line-numbered, at the least. */
#define MIN_NUMBERED 20
/* How many index entries end a document before they are taken for an index. */
#define MIN_INDEX_ENTRIES 5

/* The number a line starts with ("14 CHIEF JUSTICE ROBERTS: ..." or a lone
 * "14"), 1..MAX_LINE_NUMBER, and the bytes to cut; 0 when there is none. */
static int leading_line_number(const char *text, size_t *cut)
{
    size_t digits = strspn(text, "0123456789");
    if (digits == 0 || digits > 2 || (text[digits] != ' ' && text[digits] != '\0'))
        return 0;
    int number = atoi(text);
    if (number < 1 || number > MAX_LINE_NUMBER)
        return 0;
    *cut = digits + (text[digits] == ' ');
    return number;
}

/* "12:4", "12:4,", "3:2;" - a page:line reference of an index. */
static bool is_reference(const char *word, size_t length)
{
    while (length > 0 && (word[length - 1] == ',' || word[length - 1] == ';'))
        length--;
    size_t page = 0;
    while (page < length && isdigit((unsigned char)word[page]))
        page++;
    if (page == 0 || page > 4 || page + 1 >= length || word[page] != ':')
        return false;
    for (size_t i = page + 1; i < length; i++)
        if (!isdigit((unsigned char)word[i]))
            return false;
    return length - page - 1 <= 2;
}

/* An index line: references outnumber the other words ("ability [3] 12:4
 * 15:6 33:2"; a line of speech holds a time or two among many words). */
static bool is_index_line(const char *text)
{
    size_t references = 0, words = 0;
    for (const char *p = text; *p;) {
        size_t length = strcspn(p, " ");
        if (length > 0) {
            if (is_reference(p, length))
                references++;
            else if (!(p[0] == '[' && p[length - 1] == ']'))
                words++;
        }
        p += length;
        p += strspn(p, " ");
    }
    return references > 0 && references >= words;
}

/* Between index entries: blank lines, the letter headings ("A", "B") and
 * page numbers. */
static bool is_index_filler(const char *text)
{
    size_t length = strlen(text);
    return length == 0 || (length == 1 && isupper((unsigned char)text[0])) ||
           strspn(text, "0123456789") == length;
}

/* Empties a line, recording what it held as not spoken. */
static tts_status clear_block(tts_script *script, tts_block *block, tts_error *err)
{
    tts_status status = tts_script_add_unspoken(script, block->source_offset, block->text,
                                                strlen(block->text), TTS_UNSPOKEN_BOILERPLATE,
                                                err);
    block->text[0] = '\0';
    return status;
}

/* Drops the trailing word index: the last lines, from the first of a run
 * of at least MIN_INDEX_ENTRIES entries that reaches the end. */
static tts_status drop_word_index(tts_document *document, tts_script *script, tts_error *err)
{
    size_t entries = 0, start = document->block_count;
    for (size_t b = document->block_count; b-- > 0;) {
        const char *text = document->blocks[b].text;
        if (is_index_line(text))
            entries++;
        else if (!is_index_filler(text))
            break;
        start = b;
    }
    if (entries < MIN_INDEX_ENTRIES)
        return TTS_OK;
    tts_status status = TTS_OK;
    for (size_t b = start; b < document->block_count && status == TTS_OK; b++)
        status = clear_block(script, &document->blocks[b], err);
    return status;
}

static uint64_t hash_text(const char *text)
{
    uint64_t hash = 1469598103934665603u;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        hash = (hash ^ *p) * 1099511628211u;
    return hash | 1; /* 0 marks an empty slot */
}

typedef struct line_count {
    uint64_t hash;
    size_t count;
} line_count;

/* Counts each line's text in a table of `slots` (a power of two); returns
 * its slot. Equal hashes count as equal lines: a collision only drops a
 * header-like line that was not one, in a paged record. */
static line_count *count_slot(line_count *table, size_t slots, uint64_t hash)
{
    size_t i = (size_t)hash & (slots - 1);
    while (table[i].hash != 0 && table[i].hash != hash)
        i = (i + 1) & (slots - 1);
    table[i].hash = hash;
    return &table[i];
}

tts_status tts_parse_drop_page_furniture(const char *name, tts_document *document,
                                         tts_script *script, tts_error *err)
{
    tts_status status = drop_word_index(document, script, err);
    if (status != TTS_OK)
        return status;
    /* Is it line-numbered? Count the lines whose number follows the last one
     * (or starts a page again at 1). */
    size_t in_sequence = 0, numbered = 0;
    int last = 0;
    for (size_t b = 0; b < document->block_count; b++) {
        size_t cut;
        int number = leading_line_number(document->blocks[b].text, &cut);
        if (number == 0)
            continue;
        numbered++;
        in_sequence += number == last + 1 || (number == 1 && last > 1);
        last = number;
    }
    if (in_sequence < MIN_NUMBERED || in_sequence * 4 < numbered * 3)
        return TTS_OK;

    size_t slots = 64;
    while (slots < document->block_count * 2)
        slots *= 2;
    line_count *table = calloc(slots, sizeof *table);
    if (table == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", name);
    last = 0;
    for (size_t b = 0; b < document->block_count && status == TTS_OK; b++) {
        tts_block *block = &document->blocks[b];
        char *text = block->text;
        size_t cut;
        int number = leading_line_number(text, &cut);
        if (number != 0 && (number == last + 1 || number == 1)) {
            status = tts_script_add_unspoken(script, block->source_offset, text, cut,
                                             TTS_UNSPOKEN_BOILERPLATE, err);
            memmove(text, text + cut, strlen(text + cut) + 1);
            block->source_offset += cut;
            last = number;
            continue;
        }
        /* Off the numbering: a page number, a header or footer, a line the
         * PDF broke off. Lone numbers go now; repeated lines below. */
        if (*text != '\0' && strspn(text, "0123456789") == strlen(text))
            status = clear_block(script, block, err);
        else if (*text != '\0')
            count_slot(table, slots, hash_text(text))->count++;
    }
    /* Running headers and footers: the same unnumbered line on three pages
     * or more. Then the emptied lines go, with the blank lines: on a
     * numbered page a blank line is layout, not a paragraph break, and a
     * sentence goes on across the page break. */
    size_t kept = 0;
    for (size_t b = 0; b < document->block_count; b++) {
        tts_block *block = &document->blocks[b];
        if (status == TTS_OK && block->text[0] != '\0' &&
            count_slot(table, slots, hash_text(block->text))->count >= 3)
            status = clear_block(script, block, err);
        if (block->text[0] == '\0') {
            free(block->text);
            continue;
        }
        document->blocks[kept++] = *block;
    }
    document->block_count = kept;
    free(table);
    return status;
}
