/* depth.c: a cheap guess at how deep a page nests its elements and how many
 * attributes its tags carry, made before gumbo parses it, so absurd pages are
 * refused instead of taking minutes. */
#include "extract/extract_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The guess follows the HTML5 tree builder only where it closes elements
 * without an end tag, and closes less than it would when unsure: a page can
 * be judged deeper than it is, never shallower. */

typedef struct open_tag {
    const char *name;
    size_t length;
} open_tag;

static bool name_is(const open_tag *tag, const char *name)
{
    return strlen(name) == tag->length && strncasecmp(tag->name, name, tag->length) == 0;
}

static bool name_in(const open_tag *tag, const char *const *names)
{
    for (; *names; names++)
        if (name_is(tag, *names))
            return true;
    return false;
}

static const char *const void_tags[] = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
    "param", "source", "track", "wbr", "basefont", "bgsound", "frame", "image", "isindex", NULL,
};
/* Whose content the tokenizer reads as plain text up to the matching end tag. */
static const char *const raw_text_tags[] = {
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
    "noscript", NULL,
};
/* Text-level elements: an end tag or a sibling start may close across them. */
static const char *const phrasing_tags[] = {
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font",
    "i", "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strike",
    "strong", "sub", "sup", "time", "tt", "u", "var", NULL,
};
/* A start tag of one of these closes an open one of the same kind. */
static const char *const list_siblings[] = {"li", "dt", "dd", NULL};
static const char *const cell_siblings[] = {"td", "th", "tr", "tbody", "thead", "tfoot", NULL};
static const char *const text_siblings[] = {
    "p", "option", "optgroup", "a", "nobr", "rb", "rt", "rp", NULL,
};
/* Kinds whose members close each other. */
static const char *const definition_tags[] = {"dt", "dd", NULL};
static const char *const cell_tags[] = {"td", "th", NULL};
/* Block starts that close an open <p>. */
static const char *const closes_paragraph[] = {
    "div", "p", "ul", "ol", "dl", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "blockquote", "pre", "form", "header", "footer", "nav", "aside", "main",
    "figure", "hr", "address", "fieldset", NULL,
};
/* Scope boundaries that a block end tag does not close across. */
static const char *const scope_boundaries[] = {
    "html", "table", "td", "th", "caption", "object", "applet", "marquee", "template", NULL,
};

typedef enum crossing {
    CROSS_PHRASING,  /* only text-level elements lie between */
    CROSS_FLOW,      /* text-level elements, div, p and address (as for <li>) */
    CROSS_TABLE,     /* anything inside the same table */
    CROSS_BLOCKS,    /* anything up to a scope boundary */
} crossing;

/* Index of the nearest open `tag` that closing may reach, or depth if none. */
static size_t find_open(const open_tag *stack, size_t depth, const open_tag *tag, crossing cross)
{
    for (size_t k = depth; k > 0 && depth - k < 64; k--) {
        const open_tag *entry = &stack[k - 1];
        bool same = entry->length == tag->length &&
                    strncasecmp(entry->name, tag->name, tag->length) == 0;
        bool same_kind = (name_in(entry, definition_tags) && name_in(tag, definition_tags)) ||
                         (name_in(entry, cell_tags) && name_in(tag, cell_tags));
        if (same || same_kind)
            return k - 1;
        bool passable = false;
        switch (cross) {
        case CROSS_PHRASING: passable = name_in(entry, phrasing_tags); break;
        case CROSS_FLOW:
            passable = name_in(entry, phrasing_tags) || name_is(entry, "div") ||
                       name_is(entry, "p") || name_is(entry, "address");
            break;
        case CROSS_TABLE: passable = !name_is(entry, "table"); break;
        case CROSS_BLOCKS: passable = !name_in(entry, scope_boundaries); break;
        }
        if (!passable)
            break;
    }
    return depth;
}

/* Closes the open tags from index k up. */
static void close_from(const open_tag *stack, size_t *depth, size_t k, size_t *foreign)
{
    for (; *depth > k; --*depth)
        *foreign -= name_is(&stack[*depth - 1], "svg") || name_is(&stack[*depth - 1], "math");
}

static const char *find_ci(const char *from, const char *end, const char *needle)
{
    size_t length = strlen(needle);
    for (const char *p = from; p + length <= end; p++) {
        p = memchr(p, needle[0], (size_t)(end - p));
        if (p == NULL || p + length > end)
            return NULL;
        if (strncasecmp(p, needle, length) == 0)
            return p;
    }
    return NULL;
}

/* Skips a tag's attributes the way the HTML tokenizer reads them (HTML5
 * §13.2.5.32-42: a quote delimits a value only after '='); sets
 * *self_closing for "/>" and *attributes to the number of attribute names. */
static const char *skip_attributes(const char *p, const char *end, bool *self_closing,
                                   size_t *attributes)
{
    enum { BEFORE_NAME, NAME, AFTER_NAME, BEFORE_VALUE, QUOTED, UNQUOTED, AFTER_QUOTED } state =
        BEFORE_NAME;
    char quote = 0;
    bool slash = false;
    *self_closing = false;
    *attributes = 0;
    for (; p < end; p++) {
        char c = *p;
        bool space = c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
        if (state == QUOTED) {
            if (c == quote)
                state = AFTER_QUOTED;
        } else if (state == UNQUOTED || state == BEFORE_VALUE) {
            if (c == '>')
                return p + 1;
            if (state == BEFORE_VALUE && (c == '"' || c == '\'')) {
                quote = c;
                state = QUOTED;
            } else if (!space) {
                state = UNQUOTED;
            } else if (state == UNQUOTED) {
                state = BEFORE_NAME;
            }
        } else if (c == '>') {
            *self_closing = slash;
            return p + 1;
        } else if (c == '/') {
            slash = true;
            state = BEFORE_NAME;
            continue;
        } else if (space) {
            state = state == NAME ? AFTER_NAME : state == AFTER_QUOTED ? BEFORE_NAME : state;
        } else if (c == '=' && (state == NAME || state == AFTER_NAME)) {
            state = BEFORE_VALUE;
        } else if (state != NAME) {
            ++*attributes; /* even '=' or a quote starts a name here, as in HTML */
            state = NAME;
        }
        slash = false;
    }
    return end;
}

extract_shape tts_extract_check_shape(const char *html, size_t length)
{
    size_t limit = EXTRACT_MAX_DEPTH;
    open_tag *stack = malloc((limit + 1) * sizeof *stack);
    if (stack == NULL)
        return EXTRACT_SHAPE_OK; /* gumbo will need memory too; let it fail there */
    const char *p = html, *end = html + length;
    size_t depth = 0, foreign = 0;
    extract_shape shape = EXTRACT_SHAPE_OK;
    while (shape == EXTRACT_SHAPE_OK && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        p++;
        if (p < end && (*p == '!' || *p == '?')) {
            const char *close = (end - p >= 3 && strncmp(p, "!--", 3) == 0)
                                    ? find_ci(p + 3, end, "-->")
                                    : memchr(p, '>', (size_t)(end - p));
            p = close ? close + 1 : end;
            continue;
        }
        bool end_tag = p < end && *p == '/';
        if (end_tag)
            p++;
        if (p >= end || !isalpha((unsigned char)*p))
            continue;
        open_tag tag = {p, 0};
        while (p < end && (isalnum((unsigned char)*p) || *p == '-' || *p == ':'))
            p++;
        tag.length = (size_t)(p - tag.name);
        bool self_closing;
        size_t attributes;
        p = skip_attributes(p, end, &self_closing, &attributes);
        if (attributes > EXTRACT_MAX_ATTRIBUTES) {
            shape = EXTRACT_SHAPE_TOO_MANY_ATTRIBUTES;
            break;
        }
        if (end_tag) {
            crossing cross = name_in(&tag, phrasing_tags) ? CROSS_PHRASING : CROSS_BLOCKS;
            close_from(stack, &depth, find_open(stack, depth, &tag, cross), &foreign);
            continue;
        }
        /* HTML ignores "/>" except in SVG and MathML. */
        if (name_in(&tag, void_tags) || (self_closing && foreign > 0))
            continue;
        if (name_in(&tag, raw_text_tags)) {
            char closing[16] = "</";
            strncat(closing, tag.name, tag.length < 12 ? tag.length : 12);
            const char *close = find_ci(p, end, closing);
            p = close ? close : end;
            continue;
        }
        if (name_in(&tag, list_siblings))
            close_from(stack, &depth, find_open(stack, depth, &tag, CROSS_FLOW), &foreign);
        else if (name_in(&tag, cell_siblings))
            close_from(stack, &depth, find_open(stack, depth, &tag, CROSS_TABLE), &foreign);
        else if (name_in(&tag, text_siblings))
            close_from(stack, &depth, find_open(stack, depth, &tag, CROSS_PHRASING), &foreign);
        if (depth > 0 && name_is(&stack[depth - 1], "p") && name_in(&tag, closes_paragraph))
            depth--;
        foreign += name_is(&tag, "svg") || name_is(&tag, "math");
        stack[depth++] = tag;
        if (depth > limit)
            shape = EXTRACT_SHAPE_TOO_DEEP;
    }
    free(stack);
    return shape;
}
