/* format_markdown.c: Markdown -> story blocks. Front matter gives the title
 * and the speakers a page names, headings become section announcements,
 * inline markup is reduced to its words and code is skipped. No Debian
 * library turns Markdown into text blocks with source lines kept (cmark
 * renders HTML), and a transcript needs only this small subset. */
#include "parse_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/grow.h"
#include "util/strbuf.h"

/* How far inline markup may reach. Every look-ahead also spends from a
 * budget proportional to the text, so hostile input ("[[[[...") stays linear. */
#define MAX_INLINE_SPAN 2000

typedef struct scan_budget {
    size_t left;
} scan_budget;

static size_t scan_limit(scan_budget *budget)
{
    return budget->left < MAX_INLINE_SPAN ? budget->left : MAX_INLINE_SPAN;
}

/* ---- inline markup ---- */

static bool is_space_or_end(char c)
{
    return c == '\0' || isspace((unsigned char)c);
}

/* Index just after the ')' that closes the '(' at text[open], or 0. */
static size_t close_parenthesis(const char *text, size_t open, scan_budget *budget)
{
    int depth = 0;
    size_t limit = scan_limit(budget);
    for (size_t i = open; text[i] && i - open < limit; i++, budget->left--) {
        if (text[i] == '\\' && text[i + 1]) {
            i++;
            continue;
        }
        if (text[i] == '(')
            depth++;
        else if (text[i] == ')' && --depth == 0)
            return i + 1;
    }
    return 0;
}

/* For "[text](url)" or "[text][ref]" at text[open]: sets *close to the ']'
 * and returns the index after the destination; 0 when it is not a link. */
static size_t link_end(const char *text, size_t open, size_t *close, scan_budget *budget)
{
    int depth = 0;
    size_t i = open;
    size_t limit = scan_limit(budget);
    for (; text[i] && i - open < limit; i++, budget->left--) {
        if (text[i] == '\\' && text[i + 1]) {
            i++;
            continue;
        }
        if (text[i] == '[')
            depth++;
        else if (text[i] == ']' && --depth == 0)
            break;
    }
    if (text[i] != ']')
        return 0;
    *close = i;
    if (text[i + 1] == '(')
        return close_parenthesis(text, i + 1, budget);
    if (text[i + 1] == '[') {
        size_t span = strnlen(text + i + 2, scan_limit(budget));
        budget->left -= span;
        const char *end = memchr(text + i + 2, ']', span);
        return end ? (size_t)(end - text) + 1 : 0;
    }
    return 0;
}

/* Length of an HTML tag or comment at text[0] == '<', or 0. */
static size_t html_tag_length(const char *text)
{
    if (!(isalpha((unsigned char)text[1]) || text[1] == '/' || text[1] == '!'))
        return 0;
    for (size_t i = 1; text[i] && i < 400; i++) {
        if (text[i] == '>')
            return i + 1;
        if (text[i] == '<' || text[i] == '\n')
            return 0;
    }
    return 0;
}

/* Appends the UTF-8 bytes of code point `code` at out; returns how many. */
static size_t put_utf8(char *out, unsigned long code)
{
    if (code < 0x80) {
        out[0] = (char)code;
        return 1;
    }
    if (code < 0x800) {
        out[0] = (char)(0xC0 | (code >> 6));
        out[1] = (char)(0x80 | (code & 0x3F));
        return 2;
    }
    if (code < 0x10000) {
        out[0] = (char)(0xE0 | (code >> 12));
        out[1] = (char)(0x80 | ((code >> 6) & 0x3F));
        out[2] = (char)(0x80 | (code & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (code >> 18));
    out[1] = (char)(0x80 | ((code >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((code >> 6) & 0x3F));
    out[3] = (char)(0x80 | (code & 0x3F));
    return 4;
}

/* Decodes an entity at text[0] == '&' into out; returns the bytes read (0
 * when it is not one) and the bytes written in *written (never more). */
static size_t decode_entity(const char *text, char *out, size_t *written)
{
    static const struct {
        const char *name;
        const char *value;
    } named[] = {{"amp;", "&"}, {"lt;", "<"}, {"gt;", ">"}, {"quot;", "\""}, {"apos;", "'"},
                 {"nbsp;", " "}, {"mdash;", "\xE2\x80\x94"}, {"ndash;", "\xE2\x80\x93"},
                 {"rsquo;", "\xE2\x80\x99"}, {"hellip;", "\xE2\x80\xA6"}};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        size_t length = strlen(named[i].name);
        if (strncmp(text + 1, named[i].name, length) == 0) {
            *written = strlen(named[i].value);
            memcpy(out, named[i].value, *written);
            return length + 1;
        }
    }
    if (text[1] != '#')
        return 0;
    bool hex = text[2] == 'x' || text[2] == 'X';
    size_t i = hex ? 3 : 2, digits = 0;
    unsigned long code = 0;
    for (; isxdigit((unsigned char)text[i]) && digits < 7; i++, digits++) {
        if (!hex && !isdigit((unsigned char)text[i]))
            return 0;
        code = code * (hex ? 16 : 10) +
               (unsigned long)(isdigit((unsigned char)text[i]) ? text[i] - '0'
                                                               : (tolower(text[i]) - 'a' + 10));
    }
    if (digits == 0 || text[i] != ';' || code == 0 || code > 0x10FFFF)
        return 0;
    *written = put_utf8(out, code);
    return i + 1;
}

/* Whether a run of `c` between `before` and `after` is emphasis to drop:
 * "*word*" and "_word_" are, "2 * 3" and "snake_case" are not. */
static bool is_emphasis_run(char c, size_t run, char before, char after)
{
    bool opens = !is_space_or_end(after);
    bool closes = before != '\0' && !isspace((unsigned char)before);
    if (c == '~')
        return run == 2 && (opens || closes);
    if (c == '_')
        return (opens && !isalnum((unsigned char)before)) ||
               (closes && !isalnum((unsigned char)after));
    return opens || closes;
}

/* What reduce() leaves out of a line that has a place in the input: link
 * destinations, images and tags are recorded there as markup. */
typedef struct markup_notes {
    tts_script *script;  /* or NULL: nothing recorded */
    size_t offset;       /* of text[0] in the input */
    bool ok;             /* false once recording ran out of memory */
} markup_notes;

static void note_markup(markup_notes *notes, const char *text, size_t from, size_t to)
{
    if (notes->script != NULL && to > from)
        notes->ok = notes->ok && tts_script_add_unspoken(notes->script, notes->offset + from,
                                                         text + from, to - from,
                                                         TTS_UNSPOKEN_MARKUP, NULL) == TTS_OK;
}

/* Reading never falls behind writing, so text[read...] is still the input
 * as written: the spans noted are its bytes at their places. */
static void reduce(char *text, bool full, markup_notes *notes)
{
    scan_budget budget = {4 * strlen(text) + 4 * MAX_INLINE_SPAN};
    size_t read = 0, write = 0;
    size_t skip_from = 0, skip_to = 0; /* a link's "](url)" still to drop */
    while (text[read]) {
        if (skip_to > 0 && read >= skip_from) {
            if (skip_to > read) /* never back: the text may have been rewritten there */
                read = skip_to;
            skip_to = 0;
            continue;
        }
        char c = text[read];
        char before = read > 0 ? text[read - 1] : '\0';
        if (c == '\\' && ispunct((unsigned char)text[read + 1])) {
            text[write++] = text[read + 1];
            read += 2;
            continue;
        }
        if (c == '*' || c == '_' || c == '~') {
            size_t run = 0;
            while (text[read + run] == c)
                run++;
            if (!is_emphasis_run(c, run, before, text[read + run])) {
                memmove(text + write, text + read, run);
                write += run;
            }
            read += run;
            continue;
        }
        if (!full) {
            text[write++] = text[read++];
            continue;
        }
        if (c == '`') {
            size_t run = 0;
            while (text[read + run] == '`')
                run++;
            size_t start = read + run, end = start, limit = scan_limit(&budget);
            while (text[end] && end - start < limit) {
                size_t closing = 0;
                while (text[end + closing] == '`')
                    closing++;
                if (closing == run)
                    break;
                end += closing ? closing : 1;
            }
            budget.left -= end - start < budget.left ? end - start : budget.left;
            if (text[end] == '`') {
                memmove(text + write, text + start, end - start);
                write += end - start;
                read = end + run;
            } else {
                memmove(text + write, text + read, run);
                write += run;
                read += run;
            }
            continue;
        }
        if ((c == '[' || (c == '!' && text[read + 1] == '[')) && skip_to == 0) {
            size_t open = read + (c == '!'), close;
            size_t end = link_end(text, open, &close, &budget);
            if (end > 0 && c == '!') { /* an image: nothing to say */
                note_markup(notes, text, read, end);
                read = end;
                continue;
            }
            if (end > 0) {
                note_markup(notes, text, close, end);
                skip_from = close;
                skip_to = end;
                read = open + 1;
                continue;
            }
        }
        if (c == '<') {
            size_t tag = html_tag_length(text + read);
            const char *inner = text + read + 1;
            bool autolink = tag > 2 && (strncasecmp(inner, "http", 4) == 0 ||
                                        strncasecmp(inner, "mailto:", 7) == 0 ||
                                        memchr(inner, '@', tag - 2) != NULL);
            if (autolink) {
                memmove(text + write, inner, tag - 2);
                write += tag - 2;
            } else {
                note_markup(notes, text, read, read + tag);
            }
            if (tag > 0) {
                read += tag;
                continue;
            }
        }
        if (c == '&') {
            char decoded[8];
            size_t written = 0;
            size_t used = decode_entity(text + read, decoded, &written);
            if (used > 0) {
                memcpy(text + write, decoded, written);
                write += written;
                read += used;
                continue;
            }
        }
        text[write++] = text[read++];
    }
    text[write] = '\0';
    tts_collapse_whitespace(text);
}

void tts_markdown_reduce_inline(char *text)
{
    markup_notes none = {NULL, 0, true};
    reduce(text, true, &none);
}

void tts_markdown_strip_emphasis(char *text)
{
    markup_notes none = {NULL, 0, true};
    reduce(text, false, &none);
}

/* ---- front matter ---- */

typedef struct front_matter {
    char *title;
    char *host;
    char *lang;
    char **speakers;
    size_t speaker_count;
} front_matter;

static void front_matter_free(front_matter *matter)
{
    free(matter->title);
    free(matter->host);
    free(matter->lang);
    for (size_t i = 0; i < matter->speaker_count; i++)
        free(matter->speakers[i]);
    free(matter->speakers);
}

static bool is_line(const char *line, size_t length, const char *want)
{
    while (length > 0 && isspace((unsigned char)line[length - 1]))
        length--;
    return length == strlen(want) && strncmp(line, want, length) == 0;
}

/* A YAML scalar as text: quotes removed, markup reduced, whitespace collapsed. */
static char *yaml_scalar(const char *value, size_t length)
{
    while (length > 0 && isspace((unsigned char)*value)) {
        value++;
        length--;
    }
    while (length > 0 && isspace((unsigned char)value[length - 1]))
        length--;
    if (length >= 2 && (value[0] == '\'' || value[0] == '"') && value[length - 1] == value[0]) {
        value++;
        length -= 2;
    }
    char *text = tts_strndup(value, length);
    if (text != NULL)
        tts_markdown_reduce_inline(text);
    return text;
}

static bool add_speaker_name(front_matter *matter, const char *value, size_t length)
{
    char *name = yaml_scalar(value, length);
    if (name == NULL)
        return false;
    if (name[0] == '\0') {
        free(name);
        return true;
    }
    char **grown = realloc(matter->speakers, (matter->speaker_count + 1) * sizeof *grown);
    if (grown == NULL) {
        free(name);
        return false;
    }
    matter->speakers = grown;
    matter->speakers[matter->speaker_count++] = name;
    return true;
}

/* "speakers: [A, B]" */
static bool add_inline_list(front_matter *matter, const char *value, size_t length)
{
    const char *end = value + length;
    const char *item = value + 1;
    while (item < end) {
        const char *stop = item;
        while (stop < end && *stop != ',' && *stop != ']')
            stop++;
        if (!add_speaker_name(matter, item, (size_t)(stop - item)))
            return false;
        item = stop + 1;
    }
    return true;
}

/* Planet Money's vault numbers its titles: "191204) Slot Flaw Scofflaws". */
static void strip_title_number(char *title)
{
    size_t digits = strspn(title, "0123456789");
    if (digits > 0 && title[digits] == ')' && title[digits + 1] == ' ')
        memmove(title, title + digits + 2, strlen(title + digits + 2) + 1);
}

static bool key_is(const char *key, size_t length, const char *name)
{
    return length == strlen(name) && strncasecmp(key, name, length) == 0;
}

static bool is_speakers_key(const char *key, size_t length)
{
    return key_is(key, length, "speakers") || key_is(key, length, "speaker");
}

/* A key's value is complete: keep it when the transcript needs it. */
static bool finish_key(front_matter *matter, const char *key, size_t length, tts_strbuf *value)
{
    char **target = key_is(key, length, "title")      ? &matter->title
                    : key_is(key, length, "host")     ? &matter->host
                    : key_is(key, length, "lang") ||
                              key_is(key, length, "language") ? &matter->lang
                                                              : NULL;
    bool ok = true;
    if (target != NULL && value->length > 0) {
        free(*target);
        *target = yaml_scalar(value->data, value->length);
        ok = *target != NULL;
    }
    value->length = 0;
    return ok;
}

/* Reads the "---" front matter (a YAML subset: "key: value", indented
 * continuation lines, "- item" lists) at text; returns the bytes it spans,
 * 0 when there is none. Only the keys a transcript needs are kept. */
static size_t read_front_matter(const char *text, front_matter *matter, bool *ok)
{
    *ok = true;
    size_t first = strcspn(text, "\n");
    if (!is_line(text, first, "---") || text[first] == '\0')
        return 0;
    const char *key = NULL;
    size_t key_length = 0;
    tts_strbuf value = TTS_STRBUF_INIT;
    for (const char *line = text + first + 1; *line && *ok;) {
        size_t length = strcspn(line, "\n");
        const char *next = line + length + (line[length] == '\n');
        const char *item = line + strspn(line, " \t");
        size_t rest = (size_t)(line + length - item);
        bool indented = item > line, list_item = rest >= 2 && item[0] == '-' && item[1] == ' ';
        const char *colon = memchr(line, ':', length);
        if (is_line(line, length, "---") || is_line(line, length, "...")) {
            *ok = key == NULL || finish_key(matter, key, key_length, &value);
            tts_strbuf_free(&value);
            return (size_t)(next - text);
        }
        if (key != NULL && list_item) {
            if (is_speakers_key(key, key_length))
                *ok = add_speaker_name(matter, item + 2, rest - 2);
        } else if (key != NULL && indented) {
            *ok = tts_strbuf_append_char(&value, ' ') && tts_strbuf_append(&value, item, rest);
        } else {
            *ok = key == NULL || finish_key(matter, key, key_length, &value);
            key = colon != NULL && !indented ? line : NULL;
            key_length = key ? (size_t)(colon - line) : 0;
            const char *start = key ? colon + 1 + strspn(colon + 1, " ") : NULL;
            size_t start_length = key ? (size_t)(line + length - start) : 0;
            if (key && is_speakers_key(key, key_length) && start_length > 0)
                *ok = *ok && (start[0] == '[' ? add_inline_list(matter, start, start_length)
                                              : add_speaker_name(matter, start, start_length));
            else if (key)
                *ok = *ok && tts_strbuf_append(&value, start, start_length);
        }
        line = next;
    }
    tts_strbuf_free(&value);
    /* No closing line: it was not front matter after all. */
    front_matter_free(matter);
    memset(matter, 0, sizeof *matter);
    return 0;
}

/* ---- blocks ---- */

typedef struct block_builder {
    tts_document *document;
    size_t capacity;
    tts_script *script;  /* where lines left out are recorded */
    const char *source;  /* the input, for the places of what a line leaves out */
} block_builder;

/* Records a source line that makes no block as not spoken. */
static bool leave_out(block_builder *builder, const char *line, size_t length, size_t offset,
                      tts_unspoken_reason reason)
{
    return tts_script_add_unspoken(builder->script, offset, line, length, reason, NULL) == TTS_OK;
}

static bool add_block(block_builder *builder, tts_block_kind kind, const char *text,
                      size_t length, size_t offset)
{
    tts_document *document = builder->document;
    if (!TTS_GROW(document->blocks, builder->capacity, document->block_count + 1, 64))
        return false;
    tts_block *block = &document->blocks[document->block_count];
    block->kind = kind;
    block->source_offset = offset;
    block->text = tts_strndup(text, length);
    if (block->text == NULL)
        return false;
    /* An empty block ("" for a blank line) is not in the input. */
    markup_notes notes = {length > 0 ? builder->script : NULL,
                          length > 0 ? (size_t)(text - builder->source) : offset, true};
    reduce(block->text, true, &notes);
    if (!notes.ok)
        return false;
    document->block_count++;
    return true;
}

/* "***", "- - -", "___": a thematic break. */
static bool is_thematic_break(const char *line, size_t length)
{
    char mark = 0;
    size_t marks = 0;
    for (size_t i = 0; i < length; i++) {
        if (isspace((unsigned char)line[i]))
            continue;
        if (!strchr("-*_", line[i]) || (mark && line[i] != mark))
            return false;
        mark = line[i];
        marks++;
    }
    return marks >= 3;
}

static size_t list_marker_length(const char *line, size_t length)
{
    size_t i = 0;
    while (i < length && line[i] == ' ')
        i++;
    if (i + 1 < length && strchr("-*+", line[i]) && line[i + 1] == ' ')
        return i + 2;
    size_t digits = 0;
    while (i + digits < length && isdigit((unsigned char)line[i + digits]) && digits < 9)
        digits++;
    if (digits > 0 && i + digits + 1 < length && strchr(".)", line[i + digits]) &&
        line[i + digits + 1] == ' ')
        return i + digits + 2;
    return 0;
}

static size_t heading_marker_length(const char *line, size_t length)
{
    size_t hashes = 0;
    while (hashes < length && line[hashes] == '#')
        hashes++;
    if (hashes == 0 || hashes > 6 || (hashes < length && line[hashes] != ' '))
        return 0;
    return hashes;
}

/* Turns the Markdown body into blocks, one per source line. */
static bool build_blocks(const char *text, size_t start, block_builder *builder)
{
    tts_document *document = builder->document;
    const char *fence = NULL;
    bool comment = false;
    bool previous_text = false; /* the line before was paragraph text */
    for (const char *line = text + start; *line;) {
        size_t length = strcspn(line, "\n");
        const char *next = line + length + (line[length] == '\n');
        size_t offset = (size_t)(line - text);
        while (length > 0 && line[length - 1] == '\r')
            length--;
        const char *trimmed = line;
        while (trimmed < line + length && (*trimmed == ' ' || *trimmed == '\t'))
            trimmed++;
        size_t rest = (size_t)(line + length - trimmed);
        bool ok = true, is_text = false;
        size_t trimmed_offset = offset + (size_t)(trimmed - line);
        if (fence != NULL) {
            if (rest >= 3 && strncmp(trimmed, fence, 3) == 0)
                fence = NULL;
            ok = leave_out(builder, trimmed, rest, trimmed_offset, TTS_UNSPOKEN_MARKUP);
        } else if (comment) {
            comment = memmem(trimmed, rest, "-->", 3) == NULL;
            ok = leave_out(builder, trimmed, rest, trimmed_offset, TTS_UNSPOKEN_NOTE);
        } else if (rest >= 3 && (strncmp(trimmed, "```", 3) == 0 || strncmp(trimmed, "~~~", 3) == 0)) {
            fence = trimmed[0] == '`' ? "```" : "~~~";
            ok = leave_out(builder, trimmed, rest, trimmed_offset, TTS_UNSPOKEN_MARKUP);
        } else if (rest >= 4 && strncmp(trimmed, "<!--", 4) == 0) {
            comment = memmem(trimmed, rest, "-->", 3) == NULL;
            ok = leave_out(builder, trimmed, rest, trimmed_offset, TTS_UNSPOKEN_NOTE);
        } else if (rest == 0) {
            ok = add_block(builder, TTS_BLOCK_PARAGRAPH, "", 0, offset);
        } else if (previous_text && (strspn(trimmed, "=") == rest ||
                                     (rest >= 2 && strspn(trimmed, "-") == rest))) {
            /* Setext underline: the line above was a heading. */
            document->blocks[document->block_count - 1].kind = TTS_BLOCK_HEADING;
            ok = leave_out(builder, trimmed, rest, trimmed_offset, TTS_UNSPOKEN_MARKUP);
        } else if (is_thematic_break(trimmed, rest)) {
            ok = add_block(builder, TTS_BLOCK_PARAGRAPH, "", 0, offset) &&
                 leave_out(builder, trimmed, rest, trimmed_offset, TTS_UNSPOKEN_MARKUP);
        } else if (heading_marker_length(trimmed, rest) > 0) {
            size_t hashes = heading_marker_length(trimmed, rest);
            size_t end = rest;
            while (end > hashes && (trimmed[end - 1] == '#' || trimmed[end - 1] == ' '))
                end--;
            ok = add_block(builder, TTS_BLOCK_HEADING, trimmed + hashes, end - hashes, offset);
        } else if (list_marker_length(line, length) > 0) {
            size_t marker = list_marker_length(line, length);
            ok = add_block(builder, TTS_BLOCK_LIST_ITEM, line + marker, length - marker, offset);
        } else if (trimmed[0] == '>') {
            size_t skip = 1 + (rest > 1 && trimmed[1] == ' ');
            ok = add_block(builder, TTS_BLOCK_QUOTE, trimmed + skip, rest - skip, offset);
        } else if (trimmed[0] == '|') {
            if (strspn(trimmed, "|-: ") != rest)
                ok = add_block(builder, TTS_BLOCK_CELL, trimmed, rest, offset);
            else
                ok = leave_out(builder, trimmed, rest, trimmed_offset, TTS_UNSPOKEN_MARKUP);
        } else if (trimmed[0] == '[' && memmem(trimmed, rest, "]: ", 3) != NULL &&
                   trimmed[1] != '^') {
            /* A link reference definition: not text. */
            ok = leave_out(builder, trimmed, rest, trimmed_offset, TTS_UNSPOKEN_MARKUP);
        } else {
            ok = add_block(builder, TTS_BLOCK_PARAGRAPH, line, length, offset);
            is_text = ok;
        }
        if (!ok)
            return false;
        previous_text = is_text;
        line = next;
    }
    return true;
}

/* The document's title: front matter, else a first-level heading that comes
 * before any text (then that heading is not read twice). */
/* The heading taken as the title, or repeating the front matter's, is
 * listed as the title again where it stands. */
static bool choose_title(tts_document *document, front_matter *matter, tts_script *script)
{
    for (size_t i = 0; i < document->block_count; i++) {
        tts_block *block = &document->blocks[i];
        if (block->text[0] == '\0')
            continue;
        if (block->kind == TTS_BLOCK_HEADING &&
            (matter->title == NULL || strcmp(matter->title, block->text) == 0)) {
            if (tts_script_add_unspoken(script, block->source_offset, block->text,
                                        strlen(block->text), TTS_UNSPOKEN_DUPLICATE,
                                        NULL) != TTS_OK)
                return false;
            if (matter->title == NULL) {
                matter->title = block->text;
                block->text = NULL;
            } else {
                free(block->text);
            }
            memmove(block, block + 1, (document->block_count - i - 1) * sizeof *block);
            document->block_count--;
        }
        break;
    }
    if (matter->title != NULL)
        strip_title_number(matter->title);
    return true;
}

/* "How to hire | Jane Doe": a title that names a guest who never speaks was
 * copied from another episode (scraped podcast pages do this); saying
 * nothing is better than announcing the wrong show. */
static bool title_names_an_absent_guest(const tts_script *script)
{
    const char *bar = script->title ? strrchr(script->title, '|') : NULL;
    if (bar == NULL || script->speaker_count == 0)
        return false;
    char guest[160];
    snprintf(guest, sizeof guest, "%s", bar + 1);
    tts_collapse_whitespace(guest);
    size_t words = 1;
    for (const char *p = guest; *p; p++) {
        words += *p == ' ';
        if (*p == ' ' && !isupper((unsigned char)p[1]))
            return false; /* not a name */
    }
    if (!isupper((unsigned char)guest[0]) || words < 2 || words > 4)
        return false;
    /* Any word in common ("Lenny" for "Lenny Rachitsky") means the guest speaks. */
    for (size_t s = 0; s < script->speaker_count; s++)
        for (const char *word = guest; *word;) {
            size_t length = strcspn(word, " ");
            const char *name = script->speakers[s].name;
            for (const char *other = name; *other;) {
                size_t other_length = strcspn(other, " ");
                if (other_length == length && length > 1 && strncasecmp(word, other, length) == 0)
                    return false;
                other += other_length + (other[other_length] == ' ');
            }
            word += length + (word[length] == ' ');
        }
    return true;
}

static void drop_title(tts_script *script)
{
    free(script->title);
    script->title = NULL;
    if (script->turn_count > 0 && script->turns[0].kind == TTS_TURN_TITLE) {
        free(script->turns[0].text);
        free(script->turns[0].spoken);
        memmove(script->turns, script->turns + 1, --script->turn_count * sizeof *script->turns);
    }
}

tts_status tts_parse_markdown(const tts_input *input, tts_script *out, tts_error *err)
{
    tts_document document = {0};
    front_matter matter = {0};
    bool ok;
    size_t body = read_front_matter(input->text, &matter, &ok);
    /* Front matter tells the title and speakers; it is not read as it stands. */
    ok = ok && tts_script_add_unspoken(out, 0, input->text, body, TTS_UNSPOKEN_MARKUP, NULL) ==
                   TTS_OK;
    block_builder builder = {&document, 0, out, input->text};
    ok = ok && build_blocks(input->text, body, &builder) && choose_title(&document, &matter, out);
    tts_status status = TTS_OK;
    if (!ok)
        status = tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", input->name);
    if (status == TTS_OK && matter.lang != NULL && matter.lang[0] != '\0') {
        document.lang = matter.lang;
        matter.lang = NULL;
    }
    if (status == TTS_OK) {
        transcript_hints hints = {
            .title = matter.title, .speakers = (const char *const *)matter.speakers,
            .speaker_count = matter.speaker_count, .host = matter.host, .lines = true};
        status = tts_transcript_parse(input->name, &document, &hints, out, err);
    }
    if (status == TTS_OK && title_names_an_absent_guest(out))
        drop_title(out);
    front_matter_free(&matter);
    tts_document_free(&document);
    return status;
}
