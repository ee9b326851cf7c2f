/* walk.c: one iterative pass over gumbo's tree that records every element
 * flat, in order, and assembles the visible text into blocks as a browser lays it out. */
#include "extract/extract_internal.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/grow.h"
#include "util/strbuf.h"

/* What an element changes for its descendants; restored when it closes. */
typedef struct context {
    size_t owner;      /* innermost block-level element */
    size_t table;      /* innermost table, for data-table hints */
    int link_weight;   /* 0 outside links; 10 per char inside, 3 for "#" links */
    int pre_depth;     /* inside <pre>, newlines are line breaks */
    int quote_depth;
} context;

typedef struct frame {
    const GumboNode *node;
    unsigned next_child;
    size_t element;
    context saved;
} frame;

typedef struct walker {
    const char *name;
    extract_page *page;
    tts_error *err;
    context now;
    tts_strbuf text;         /* the block being assembled; '\n' marks a <br> */
    size_t link_chars;       /* as extract_block.link_chars */
    size_t block_owner;      /* context.owner when the block's first character came */
    size_t *line_offsets;    /* source offset of each line of the block */
    size_t line_count;
    size_t line_capacity;
    bool block_quoted;
    bool space_pending;      /* whitespace seen since the last character */
    bool boundary;           /* a tag boundary since the last character */
    int br_run;              /* <br>s since the last character */
} walker;

/* ---- element classification ---- */

static bool is_block_tag(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_BODY: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIR: case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR:
    case GUMBO_TAG_HTML: case GUMBO_TAG_LEGEND: case GUMBO_TAG_LI: case GUMBO_TAG_LISTING:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_MENU: case GUMBO_TAG_NAV: case GUMBO_TAG_OL:
    case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_CAPTION: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
    case GUMBO_TAG_UL: case GUMBO_TAG_XMP: case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_OPTION:
    case GUMBO_TAG_FRAMESET: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO: case GUMBO_TAG_CANVAS: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_HEAD:
        return true;
    default:
        return false;
    }
}

/* Elements whose content is never read: code, styling, controls, embedded
 * media, site navigation, and captions (mostly photo credits). */
static bool is_unspoken_tag(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_HEAD: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_DATALIST: case GUMBO_TAG_OPTION: case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_INPUT: case GUMBO_TAG_NAV: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_APPLET:
    case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_CANVAS: case GUMBO_TAG_MAP: case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_FRAMESET: case GUMBO_TAG_TITLE: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_MENU: case GUMBO_TAG_PROGRESS: case GUMBO_TAG_METER: case GUMBO_TAG_OUTPUT:
        return true;
    default:
        return false;
    }
}

/* Controls and media stand between words like a glyph would. */
static bool separates_words(GumboTag tag)
{
    return tag == GUMBO_TAG_BUTTON || tag == GUMBO_TAG_SELECT || tag == GUMBO_TAG_INPUT ||
           tag == GUMBO_TAG_TEXTAREA || tag == GUMBO_TAG_IMG || tag == GUMBO_TAG_SVG ||
           tag == GUMBO_TAG_IFRAME || tag == GUMBO_TAG_OBJECT || tag == GUMBO_TAG_EMBED ||
           tag == GUMBO_TAG_VIDEO || tag == GUMBO_TAG_AUDIO || tag == GUMBO_TAG_CANVAS;
}

static const char *attribute(const GumboNode *node, const char *name)
{
    const GumboAttribute *found = gumbo_get_attribute(&node->v.element.attributes, name);
    return found ? found->value : NULL;
}

static bool contains_ci(const char *text, const char *needle)
{
    return text != NULL && strcasestr(text, needle) != NULL;
}

/* `display:none` or `visibility:hidden` in an inline style, any spacing. */
static bool style_hides(const char *style)
{
    if (style == NULL)
        return false;
    char compact[256];
    size_t length = 0;
    for (const char *p = style; *p && length + 1 < sizeof compact; p++)
        if (!isspace((unsigned char)*p))
            compact[length++] = (char)tolower((unsigned char)*p);
    compact[length] = '\0';
    return strstr(compact, "display:none") != NULL ||
           strstr(compact, "visibility:hidden") != NULL;
}

static bool is_hidden(const GumboNode *node)
{
    const char *aria = attribute(node, "aria-hidden");
    const char *role = attribute(node, "role");
    /* readability's exception: lazy-image fallbacks are aria-hidden but shown. */
    bool aria_hidden = aria != NULL && strcasecmp(aria, "true") == 0 &&
                       !contains_ci(attribute(node, "class"), "fallback-image");
    bool navigation = role != NULL &&
                      (strcasecmp(role, "navigation") == 0 || strcasecmp(role, "menu") == 0 ||
                       strcasecmp(role, "menubar") == 0 || strcasecmp(role, "complementary") == 0 ||
                       strcasecmp(role, "dialog") == 0 || strcasecmp(role, "alertdialog") == 0);
    return attribute(node, "hidden") != NULL || aria_hidden || navigation ||
           style_hides(attribute(node, "style"));
}

/* Photo captions and credits, by class or id: like <figcaption>, not story. */
static bool is_caption(const GumboNode *node)
{
    const char *class_name = attribute(node, "class");
    const char *id = attribute(node, "id");
    return contains_ci(class_name, "caption") || contains_ci(class_name, "credit") ||
           contains_ci(id, "caption") || contains_ci(id, "credit");
}

/* ---- class and id hints (readability's regular expressions, as word lists) ---- */

static bool matches_any(const char *text, const char *const *needles, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strstr(text, needles[i]) != NULL)
            return true;
    return false;
}

/* Short hints ("ad", "nav") are whole class words, not substrings of "head" or "canvas". */
static bool has_word(const char *text, const char *const *words, size_t count)
{
    const char *p = text;
    while (*p) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        const char *start = p;
        while (isalnum((unsigned char)*p))
            p++;
        for (size_t i = 0; i < count && p > start; i++)
            if (strlen(words[i]) == (size_t)(p - start) && strncmp(start, words[i], p - start) == 0)
                return true;
    }
    return false;
}

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static const char *const unlikely_hints[] = {
    "-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community", "cover-wrap",
    "disqus", "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark",
    "replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental",
    "ad-break", "agegate", "pagination", "pager", "popup", "yom-remote", "newsletter",
    "cookie", "subscribe", "promo",
};
static const char *const maybe_story_hints[] = {
    "and", "article", "body", "column", "content", "main", "mathjax", "shadow", "transcript",
};
static const char *const negative_hints[] = {
    "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr",
    "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share",
    "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget", "social",
    "newsletter", "subscribe", "cookie", "breadcrumb", "menu", "popup", "modal", "author",
    "taboola",
};
static const char *const negative_words[] = {
    "hid", "ad", "ads", "advert", "nav", "navbar", "bio", "cta", "promo", "signup",
};
static const char *const positive_hints[] = {
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination",
    "post", "text", "blog", "story", "transcript",
};
/* Small boxes with these hints go even inside the story (readability does it for "share"). */
static const char *const promo_hints[] = {
    "share", "newsletter", "signup", "sign-up", "subscribe", "promo", "recirculation",
};
static const char *const byline_hints[] = {"byline", "author", "dateline", "writtenby", "p-author"};

static int hint_weight(const char *hints)
{
    if (hints == NULL || *hints == '\0')
        return 0;
    int weight = 0;
    if (matches_any(hints, negative_hints, COUNT(negative_hints)) ||
        has_word(hints, negative_words, COUNT(negative_words)))
        weight -= 25;
    if (matches_any(hints, positive_hints, COUNT(positive_hints)))
        weight += 25;
    return weight;
}

/* Lower-case copy of an attribute into buffer; hints past its size are ignored. */
static const char *lowercase(const char *text, char *buffer, size_t size)
{
    size_t length = 0;
    for (; text && text[length] && length + 1 < size; length++)
        buffer[length] = (char)tolower((unsigned char)text[length]);
    buffer[length] = '\0';
    return buffer;
}

/* Fills weight and flags from class, id, role, itemprop and rel. */
static void classify(const GumboNode *node, extract_element *element)
{
    char class_buffer[256], id_buffer[128];
    const char *class_text = lowercase(attribute(node, "class"), class_buffer, sizeof class_buffer);
    const char *id_text = lowercase(attribute(node, "id"), id_buffer, sizeof id_buffer);
    element->class_weight = hint_weight(class_text) + hint_weight(id_text);

    /* Strong story signals, on top of readability's weights. (<main> is not
     * one: it usually wraps comments and "most popular" lists too.) */
    const char *itemprop = attribute(node, "itemprop");
    if (element->tag == GUMBO_TAG_ARTICLE)
        element->class_weight += 25;
    if (itemprop != NULL && strcasecmp(itemprop, "articleBody") == 0)
        element->class_weight += 50;
    if (strstr(class_text, "transcript") || strstr(id_text, "transcript"))
        element->class_weight += 25;
    if (strstr(class_text, "npr_para") || strstr(class_text, "cnnbodytext"))
        element->flags |= EXTRACT_TRANSCRIPT;

    bool unlikely = false, story = false, byline = false;
    for (int pass = 0; pass < 2; pass++) {
        const char *hints = pass == 0 ? class_text : id_text;
        unlikely |= matches_any(hints, unlikely_hints, COUNT(unlikely_hints));
        story |= matches_any(hints, maybe_story_hints, COUNT(maybe_story_hints));
        byline |= matches_any(hints, byline_hints, COUNT(byline_hints));
        if (matches_any(hints, promo_hints, COUNT(promo_hints)))
            element->flags |= EXTRACT_PROMO;
    }
    const char *rel = attribute(node, "rel");
    if ((rel && strcasecmp(rel, "author") == 0) || contains_ci(itemprop, "author"))
        byline = true;
    if (unlikely && !story && element->tag != GUMBO_TAG_BODY && element->tag != GUMBO_TAG_A &&
        !(element->flags & (EXTRACT_IN_TABLE | EXTRACT_IN_CODE)))
        element->flags |= EXTRACT_UNLIKELY;
    const char *role = attribute(node, "role");
    if (role && (strcasecmp(role, "alert") == 0))
        element->flags |= EXTRACT_UNLIKELY;
    if (byline)
        element->flags |= EXTRACT_BYLINE;
}

/* ---- blocks ---- */

static tts_status out_of_memory(walker *w)
{
    return tts_error_set(w->err, TTS_ERR_NOMEM, "%s: out of memory while reading HTML", w->name);
}

static bool is_continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

static size_t count_commas(const char *text)
{
    /* readability's comma set: , and the Arabic, full-width and ideographic commas. */
    static const char *const commas[] = {
        ",", "\xD8\x8C", "\xEF\xBC\x8C", "\xEF\xB9\x90", "\xEF\xB8\x90", "\xEF\xB8\x91",
        "\xE2\xB9\x81", "\xE2\xB8\xB4", "\xE2\xB8\xB2", "\xE3\x80\x81",
    };
    size_t count = 0;
    for (const char *p = text; *p; p++) {
        if (*p == ',') {
            count++;
        } else if ((unsigned char)*p >= 0xD8) {
            for (size_t i = 1; i < COUNT(commas); i++)
                if (strncmp(p, commas[i], strlen(commas[i])) == 0)
                    count++;
        }
    }
    return count;
}

static tts_block_kind kind_of(GumboTag tag, bool quoted)
{
    switch (tag) {
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
        return TTS_BLOCK_HEADING;
    case GUMBO_TAG_LI: case GUMBO_TAG_DD: case GUMBO_TAG_DT:
        return TTS_BLOCK_LIST_ITEM;
    case GUMBO_TAG_TD: case GUMBO_TAG_TH:
        return quoted ? TTS_BLOCK_QUOTE : TTS_BLOCK_CELL;
    default:
        return quoted ? TTS_BLOCK_QUOTE : TTS_BLOCK_PARAGRAPH;
    }
}

static tts_status add_block(walker *w, const char *text, size_t length, size_t link_chars,
                            size_t source_offset)
{
    extract_page *page = w->page;
    if (!TTS_GROW(page->blocks, page->block_capacity, page->block_count + 1, 256))
        return out_of_memory(w);
    extract_block *block = &page->blocks[page->block_count];
    memset(block, 0, sizeof *block);
    block->text = tts_strndup(text, length);
    if (block->text == NULL)
        return out_of_memory(w);
    tts_collapse_whitespace(block->text);
    if (block->text[0] == '\0') {
        free(block->text);
        return TTS_OK;
    }
    block->chars = tts_utf8_count(block->text, strlen(block->text));
    block->link_chars = link_chars;
    block->commas = count_commas(block->text);
    block->source_offset = source_offset;
    block->owner = w->block_owner;
    GumboTag tag = w->block_owner == EXTRACT_NO_ELEMENT ? GUMBO_TAG_BODY
                                                        : page->elements[w->block_owner].tag;
    block->kind = kind_of(tag, w->block_quoted);
    page->block_count++;
    return TTS_OK;
}

/* An upper-case `NAME:` / `NAME, ROLE:` label or a `(CUE)` line: on pages
 * that put all turns in one <p> split by <br>, these lines start new blocks. */
static bool starts_turn(const char *line, size_t length, bool *cue)
{
    *cue = false;
    if (length > 2 && (line[0] == '(' || line[0] == '[')) {
        const char *close = memchr(line, line[0] == '(' ? ')' : ']', length);
        bool upper = close != NULL;
        for (const char *p = line + 1; close && p < close; p++)
            if (islower((unsigned char)*p))
                upper = false;
        *cue = upper && (size_t)(close - line) + 1 >= length - 1;
        return upper;
    }
    size_t uppers = 0;
    for (size_t i = 0; i < length && i < 200; i++) {
        unsigned char c = (unsigned char)line[i];
        if (c == ':')
            return uppers >= 1 && (i + 1 == length || isspace((unsigned char)line[i + 1]));
        if (islower(c) || (i == 0 && !isupper(c)))
            return false;
        uppers += isupper(c) != 0;
    }
    return false;
}

/* Ends the block being assembled. Lines split by single <br>s become
 * separate blocks only when they read as separate speaker turns. */
static tts_status flush(walker *w)
{
    char *data = w->text.data;
    size_t length = w->text.length;
    while (length > 0 && (data[length - 1] == '\n' || data[length - 1] == ' '))
        data[--length] = '\0';
    bool split = false;
    for (const char *p = length ? memchr(data, '\n', length) : NULL; p && !split;
         p = strchr(p + 1, '\n')) {
        bool cue;
        split = starts_turn(p + 1, strcspn(p + 1, "\n"), &cue);
    }
    tts_status status = TTS_OK;
    size_t block_start = 0, line_start = 0, line = 0, block_line = 0;
    for (size_t i = 0; length > 0 && i <= length && status == TTS_OK; i++) {
        if (i < length && data[i] != '\n')
            continue;
        if (i < length) {
            bool line_cue, next_cue;
            starts_turn(data + line_start, i - line_start, &line_cue);
            const char *next = data + i + 1;
            bool next_turn = starts_turn(next, strcspn(next, "\n"), &next_cue);
            line_start = i + 1;
            line++;
            if (!(split && (next_turn || line_cue))) {
                data[i] = ' ';
                continue;
            }
        }
        /* Link characters are shared out by length; exact enough for densities. */
        size_t link = w->link_chars * (i - block_start) / length;
        size_t offset = w->line_offsets[block_line < w->line_count ? block_line
                                                                   : w->line_count - 1];
        status = add_block(w, data + block_start, i - block_start, link, offset);
        block_start = i + 1;
        block_line = line;
    }
    if (split && w->block_owner != EXTRACT_NO_ELEMENT)
        w->page->elements[w->block_owner].flags |= EXTRACT_HAS_BLOCK_CHILD;
    w->text.length = 0;
    if (data)
        data[0] = '\0';
    w->link_chars = 0;
    w->line_count = 0;
    w->space_pending = false;
    w->br_run = 0;
    return status;
}

/* Length of a whitespace code point at p (0 when it is not one); sets
 * *invisible for format characters that are neither space nor text. */
static size_t space_at(const unsigned char *p, bool *invisible)
{
    *invisible = false;
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
        return 1;
    if (p[0] == 0xC2 && p[1] == 0xA0)
        return 2; /* no-break space */
    if (p[0] == 0xC2 && p[1] == 0xAD) {
        *invisible = true; /* soft hyphen */
        return 2;
    }
    if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x80 && p[2] <= 0x8B) {
        *invisible = p[2] == 0x8B; /* zero-width space */
        return 3;
    }
    bool general_punctuation = p[0] == 0xE2 && (p[1] == 0x80 || p[1] == 0x81);
    if ((general_punctuation && (p[2] == 0xA8 || p[2] == 0xA9 || p[2] == 0xAF || p[2] == 0x9F)) ||
        (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80))
        return 3; /* line and paragraph separators, narrow and ideographic spaces */
    if ((p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) ||
        (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0xA0)) {
        *invisible = true; /* byte-order mark, word joiner */
        return 3;
    }
    return 0;
}

static bool note_line_offset(walker *w, size_t offset)
{
    if (!TTS_GROW(w->line_offsets, w->line_capacity, w->line_count + 1, 16))
        return false;
    w->line_offsets[w->line_count++] = offset;
    return true;
}

static bool is_closing_punctuation(char c)
{
    return c != '\0' && strchr(",.;:!?)]}", c) != NULL;
}

static tts_status append_text(walker *w, const GumboNode *node)
{
    const unsigned char *p = (const unsigned char *)node->v.text.text;
    while (*p) {
        bool invisible;
        size_t space = space_at(p, &invisible);
        if (invisible) {
            p += space;
            continue;
        }
        if (space > 0) {
            if (*p == '\n' && w->now.pre_depth > 0 && w->text.length > 0) {
                if (w->text.data[w->text.length - 1] != '\n' &&
                    !tts_strbuf_append_char(&w->text, '\n'))
                    return out_of_memory(w);
                w->space_pending = false;
            } else {
                w->space_pending = true;
            }
            p += space;
            continue;
        }
        const unsigned char *start = p++;
        while (is_continuation(*p))
            p++;
        if (w->text.length == 0) {
            w->block_owner = w->now.owner;
            w->block_quoted = w->now.quote_depth > 0;
        }
        bool line_start = w->text.length == 0 || w->text.data[w->text.length - 1] == '\n';
        if (line_start && !note_line_offset(w, node->v.text.start_pos.offset))
            return out_of_memory(w);
        if (!line_start && w->space_pending &&
            !(w->boundary && is_closing_punctuation((char)*start))) {
            if (!tts_strbuf_append_char(&w->text, ' '))
                return out_of_memory(w);
            w->link_chars += (size_t)w->now.link_weight;
        }
        if (!tts_strbuf_append(&w->text, (const char *)start, (size_t)(p - start)))
            return out_of_memory(w);
        w->link_chars += (size_t)w->now.link_weight;
        w->space_pending = w->boundary = false;
        w->br_run = 0;
    }
    return TTS_OK;
}

static tts_status line_break(walker *w)
{
    if (++w->br_run >= 2)
        return flush(w);
    if (w->text.length > 0 && w->text.data[w->text.length - 1] != '\n') {
        if (!tts_strbuf_append_char(&w->text, '\n'))
            return out_of_memory(w);
    }
    w->space_pending = false;
    return TTS_OK;
}

/* ---- the walk ---- */

static tts_status add_element(walker *w, const GumboNode *node, size_t parent, size_t *index)
{
    extract_page *page = w->page;
    if (!TTS_GROW(page->elements, page->element_capacity, page->element_count + 1, 1024))
        return out_of_memory(w);
    extract_element *element = &page->elements[page->element_count];
    memset(element, 0, sizeof *element);
    element->node = node;
    element->tag = node->v.element.tag;
    element->parent = parent;
    element->subtree_end = page->element_count + 1;
    if (parent != EXTRACT_NO_ELEMENT)
        element->flags = page->elements[parent].flags & EXTRACT_INHERITED;
    classify(node, element);
    *index = page->element_count++;
    return TTS_OK;
}

/* The text of an element never walked, for the account of what was not
 * read: words of blocks and controls kept apart, code (scripts, styles)
 * left out as it has no words to account for. Gumbo's tree is no deeper
 * than EXTRACT_MAX_DEPTH (checked before parsing), so recursion is bounded. */
static bool unread_text(const GumboNode *node, tts_strbuf *text)
{
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
        node->type == GUMBO_NODE_CDATA)
        return tts_strbuf_append_string(text, node->v.text.text);
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE)
        return true;
    GumboTag tag = node->v.element.tag;
    if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE ||
        tag == GUMBO_TAG_NOSCRIPT)
        return true;
    bool apart = is_block_tag(tag) || separates_words(tag) || tag == GUMBO_TAG_BR;
    if (apart && !tts_strbuf_append_char(text, ' '))
        return false;
    const GumboVector *children = &node->v.element.children;
    for (unsigned i = 0; i < children->length; i++)
        if (!unread_text(children->data[i], text))
            return false;
    return !apart || tts_strbuf_append_char(text, ' ');
}

/* An element dropped whole is listed with its text and its span of the page. */
static tts_status note_unread(walker *w, const GumboNode *node)
{
    tts_strbuf text = TTS_STRBUF_INIT;
    if (!unread_text(node, &text) || !tts_strbuf_append(&text, "", 0)) {
        tts_strbuf_free(&text);
        return out_of_memory(w);
    }
    char *result = tts_strbuf_detach(&text);
    if (result == NULL)
        return out_of_memory(w);
    tts_collapse_whitespace(result);
    if (result[0] == '\0' || (result[0] == ' ' && result[1] == '\0')) {
        free(result);
        return TTS_OK;
    }
    extract_page *page = w->page;
    if (!TTS_GROW(page->unread, page->unread_capacity, page->unread_count + 1, 64)) {
        free(result);
        return out_of_memory(w);
    }
    const GumboElement *element = &node->v.element;
    size_t start = element->start_pos.offset;
    size_t end = element->end_pos.offset + element->original_end_tag.length;
    page->unread[page->unread_count++] =
        (tts_dropped_block){result, start, end > start ? end - start : 0, false,
                            element->tag == GUMBO_TAG_HEAD};
    return TTS_OK;
}

static char *element_text(const GumboNode *node)
{
    tts_strbuf text = TTS_STRBUF_INIT;
    const GumboVector *children = &node->v.element.children;
    for (unsigned i = 0; i < children->length; i++) {
        const GumboNode *child = children->data[i];
        if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE)
            if (!tts_strbuf_append_string(&text, child->v.text.text)) {
                tts_strbuf_free(&text);
                return NULL;
            }
    }
    char *result = tts_strbuf_detach(&text);
    if (result)
        tts_collapse_whitespace(result);
    return result;
}

/* <title> and <meta property="og:title">, wherever gumbo put them. */
static tts_status note_metadata(walker *w, const GumboNode *node)
{
    extract_page *page = w->page;
    GumboTag tag = node->v.element.tag;
    if (tag == GUMBO_TAG_TITLE && node->v.element.tag_namespace == GUMBO_NAMESPACE_HTML &&
        page->head_title == NULL) {
        page->head_title = element_text(node);
        if (page->head_title == NULL)
            return out_of_memory(w);
    } else if (tag == GUMBO_TAG_META && page->og_title == NULL) {
        const char *property = attribute(node, "property");
        if (property == NULL)
            property = attribute(node, "name");
        const char *content = attribute(node, "content");
        if (property && content && strcasecmp(property, "og:title") == 0) {
            page->og_title = tts_strndup(content, strlen(content));
            if (page->og_title == NULL)
                return out_of_memory(w);
            tts_collapse_whitespace(page->og_title);
        }
    } else if (tag == GUMBO_TAG_HEAD) {
        const GumboVector *children = &node->v.element.children;
        for (unsigned i = 0; i < children->length; i++) {
            const GumboNode *child = children->data[i];
            if (child->type == GUMBO_NODE_ELEMENT) {
                tts_status status = note_metadata(w, child); /* one level only */
                if (status != TTS_OK)
                    return status;
            }
        }
    }
    return TTS_OK;
}

/* Header cells and captions mark a table of data; a nested table marks one of layout. */
static void mark_table_hints(walker *w, GumboTag tag)
{
    extract_element *elements = w->page->elements;
    size_t table = w->now.table;
    if (table == EXTRACT_NO_ELEMENT)
        return;
    if (tag == GUMBO_TAG_TABLE)
        elements[table].flags |= EXTRACT_NESTED_TABLE;
    else if (tag == GUMBO_TAG_TH || tag == GUMBO_TAG_CAPTION || tag == GUMBO_TAG_THEAD ||
             tag == GUMBO_TAG_TFOOT || tag == GUMBO_TAG_COLGROUP || tag == GUMBO_TAG_COL)
        elements[table].flags |= EXTRACT_DATA_TABLE;
}

/* Opens an element: returns true in *descend when its children are to be walked. */
static tts_status enter_element(walker *w, const GumboNode *node, size_t parent,
                                size_t *index, bool *descend)
{
    GumboTag tag = node->v.element.tag;
    *descend = false;
    if (tag == GUMBO_TAG_BR)
        return line_break(w);
    tts_status status = note_metadata(w, node);
    if (status == TTS_OK)
        status = add_element(w, node, parent, index);
    if (status != TTS_OK)
        return status;
    extract_element *element = &w->page->elements[*index];
    bool foreign = node->v.element.tag_namespace != GUMBO_NAMESPACE_HTML;
    bool block = is_block_tag(tag);
    w->boundary = true;
    if (block) {
        element->flags |= EXTRACT_BLOCK;
        if (w->now.owner != EXTRACT_NO_ELEMENT)
            w->page->elements[w->now.owner].flags |= EXTRACT_HAS_BLOCK_CHILD;
        status = flush(w);
        if (status != TTS_OK)
            return status;
    }
    if (is_unspoken_tag(tag) || foreign || is_hidden(node) || is_caption(node)) {
        element->flags |= EXTRACT_DROPPED;
        if (separates_words(tag))
            w->space_pending = true;
        return note_unread(w, node);
    }
    if (separates_words(tag))
        w->space_pending = true;
    mark_table_hints(w, tag);
    if (block)
        w->now.owner = *index;
    switch (tag) {
    case GUMBO_TAG_A: {
        const char *href = attribute(node, "href");
        w->now.link_weight = href && href[0] == '#' ? 3 : 10;
        break;
    }
    case GUMBO_TAG_PRE: w->now.pre_depth++; break;
    case GUMBO_TAG_CODE: element->flags |= EXTRACT_IN_CODE; break;
    case GUMBO_TAG_BLOCKQUOTE: w->now.quote_depth++; break;
    case GUMBO_TAG_TABLE: {
        element->flags |= EXTRACT_IN_TABLE;
        const char *role = attribute(node, "role");
        if (!(role && strcasecmp(role, "presentation") == 0) && attribute(node, "summary"))
            element->flags |= EXTRACT_DATA_TABLE;
        w->now.table = *index;
        break;
    }
    case GUMBO_TAG_FIGURE: element->flags |= EXTRACT_IN_FIGURE; break;
    default: break;
    }
    *descend = true;
    return TTS_OK;
}

static tts_status leave_element(walker *w, const frame *top)
{
    extract_element *element = &w->page->elements[top->element];
    element->subtree_end = w->page->element_count;
    if (element->tag == GUMBO_TAG_TABLE && (element->flags & EXTRACT_NESTED_TABLE))
        element->flags &= ~(unsigned)EXTRACT_DATA_TABLE;
    w->boundary = true;
    tts_status status = (element->flags & EXTRACT_BLOCK) ? flush(w) : TTS_OK;
    w->now = top->saved;
    return status;
}

static tts_status walk(walker *w, const GumboNode *document)
{
    size_t capacity = 64, depth = 0;
    frame *stack = malloc(capacity * sizeof *stack);
    if (stack == NULL)
        return out_of_memory(w);
    stack[depth++] = (frame){document, 0, EXTRACT_NO_ELEMENT, w->now};
    tts_status status = TTS_OK;
    while (depth > 0 && status == TTS_OK) {
        frame *top = &stack[depth - 1];
        const GumboVector *children = top->node->type == GUMBO_NODE_DOCUMENT
                                          ? &top->node->v.document.children
                                          : &top->node->v.element.children;
        if (top->next_child >= children->length) {
            if (top->element != EXTRACT_NO_ELEMENT)
                status = leave_element(w, top);
            depth--;
            continue;
        }
        const GumboNode *child = children->data[top->next_child++];
        if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE ||
            child->type == GUMBO_NODE_CDATA) {
            status = append_text(w, child);
            continue;
        }
        if (child->type != GUMBO_NODE_ELEMENT && child->type != GUMBO_NODE_TEMPLATE)
            continue;
        context saved = w->now;
        size_t index = EXTRACT_NO_ELEMENT;
        bool descend;
        status = enter_element(w, child, top->element, &index, &descend);
        if (status != TTS_OK || !descend)
            continue;
        if (!TTS_GROW(stack, capacity, depth + 1, capacity)) {
            status = out_of_memory(w);
            break;
        }
        stack[depth++] = (frame){child, 0, index, saved};
    }
    free(stack);
    if (status == TTS_OK)
        status = flush(w);
    return status;
}

tts_status tts_extract_walk(const char *name, const GumboOutput *output, extract_page *page,
                        tts_error *err)
{
    walker w = {.name = name, .page = page, .err = err, .text = TTS_STRBUF_INIT};
    w.now.owner = w.now.table = EXTRACT_NO_ELEMENT;
    w.block_owner = EXTRACT_NO_ELEMENT;
    tts_status status = walk(&w, output->document);
    tts_strbuf_free(&w.text);
    free(w.line_offsets);
    if (status == TTS_OK && output->root && output->root->type == GUMBO_NODE_ELEMENT) {
        const char *lang = attribute(output->root, "lang");
        if (lang == NULL)
            lang = attribute(output->root, "xml:lang");
        if (lang != NULL && *lang != '\0') {
            page->lang = tts_strndup(lang, strlen(lang));
            if (page->lang == NULL)
                status = tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", name);
        }
    }
    return status;
}
