/* rewrite.c: walks a text once, left to right, handing each position to the
 * rule for its character; marks eSpeak NG would read aloud become pauses or nothing. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "speak_internal.h"
#include "util/grow.h"

/* A bracketed note longer than this is not a note: its brackets are stray. */
#define MAX_NOTE_BYTES 2000

bool tts_speak_is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

bool tts_speak_is_upper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

bool tts_speak_is_alnum(unsigned char c)
{
    return tts_speak_is_digit(c) || (c >= 'a' && c <= 'z') || tts_speak_is_upper(c) || c >= 0x80;
}

bool tts_speak_is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

size_t tts_speak_utf8_length(const char *text, size_t at, size_t end)
{
    unsigned char c = (unsigned char)text[at];
    size_t count = c >= 0xf0 && c < 0xf8 ? 4 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xc0 ? 2 : 1;
    if (count > end - at)
        return 1;
    for (size_t i = 1; i < count; i++)
        if (((unsigned char)text[at + i] & 0xc0) != 0x80)
            return 1; /* a broken sequence: its first byte alone */
    return count;
}

/* A word starts after anything that cannot be inside a word, a number, a
 * host name or a handle; so each of those is looked at once, from its start. */
bool tts_speak_word_start(const rewriter *r, size_t at)
{
    if (at == 0)
        return true;
    unsigned char before = (unsigned char)r->text[at - 1];
    return !tts_speak_is_alnum(before) && strchr("'.,-_@/&%+:=", before) == NULL;
}

int tts_speak_find_word(const char *const *list, const char *word, size_t length)
{
    for (int i = 0; list != NULL && list[i] != NULL; i++)
        if (strlen(list[i]) == length && strncasecmp(list[i], word, length) == 0)
            return i;
    return -1;
}

const speak_pair *tts_speak_find_pair(const speak_pair *pairs, const char *text, size_t length,
                                  bool ignore_case)
{
    for (const speak_pair *pair = pairs; pair != NULL && pair->written != NULL; pair++)
        if (strlen(pair->written) == length &&
            (ignore_case ? strncasecmp(pair->written, text, length)
                         : strncmp(pair->written, text, length)) == 0)
            return pair;
    return NULL;
}

/* ---- bracket matching, once for the whole text ---- */

typedef struct offset_stack {
    size_t *items;
    size_t count, capacity;
} offset_stack;

static bool stack_push(offset_stack *stack, size_t offset)
{
    if (!TTS_GROW(stack->items, stack->capacity, stack->count + 1, 16))
        return false;
    stack->items[stack->count++] = offset;
    return true;
}

static int compare_pairs(const void *a, const void *b)
{
    size_t left = ((const bracket_pair *)a)->open, right = ((const bracket_pair *)b)->open;
    return left < right ? -1 : left > right;
}

static bool add_pair(rewriter *r, size_t *capacity, size_t open, size_t close)
{
    if (!TTS_GROW(r->brackets, *capacity, r->bracket_count + 1, 16))
        return false;
    r->brackets[r->bracket_count++] = (bracket_pair){open, close};
    return true;
}

/* Each kind of bracket nests on its own stack, so "(a [b) c]" still pairs. */
static bool match_brackets(rewriter *r)
{
    static const char opens[] = "([{", closes[] = ")]}";
    offset_stack stacks[3] = {{0}};
    size_t capacity = 0;
    bool ok = true;
    for (size_t i = 0; i < r->length && ok; i++) {
        const char *kind = strchr(opens, r->text[i]);
        if (kind != NULL && r->text[i] != '\0') {
            ok = stack_push(&stacks[kind - opens], i);
            continue;
        }
        kind = strchr(closes, r->text[i]);
        if (kind == NULL || r->text[i] == '\0')
            continue;
        offset_stack *stack = &stacks[kind - closes];
        if (stack->count == 0)
            continue;
        size_t open = stack->items[--stack->count];
        if (i - open <= MAX_NOTE_BYTES)
            ok = add_pair(r, &capacity, open, i);
    }
    for (int k = 0; k < 3; k++)
        free(stacks[k].items);
    if (ok && r->bracket_count > 1)
        qsort(r->brackets, r->bracket_count, sizeof *r->brackets, compare_pairs);
    return ok;
}

bool tts_rewriter_bracket_close(const rewriter *r, size_t open, size_t end, size_t *close)
{
    size_t low = 0, high = r->bracket_count;
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        if (r->brackets[middle].open < open)
            low = middle + 1;
        else
            high = middle;
    }
    if (low == r->bracket_count || r->brackets[low].open != open || r->brackets[low].close >= end)
        return false;
    *close = r->brackets[low].close;
    return true;
}

bool tts_rewriter_init(rewriter *r, const char *text, const speak_language *language,
                   const tts_speak_options *options)
{
    memset(r, 0, sizeof *r);
    r->text = text;
    r->length = strlen(text);
    r->language = language;
    r->options = options;
    tts_builder_init(&r->out, text);
    return match_brackets(r);
}

void tts_rewriter_free(rewriter *r)
{
    tts_builder_free(&r->out);
    free(r->brackets);
    r->brackets = NULL;
}

/* ---- the rules for single marks ---- */

/* Whitespace collapses; a blank line is the end of a thought. */
static size_t rule_space(rewriter *r, size_t at, size_t end)
{
    size_t i = at, newlines = 0;
    while (i < end) {
        unsigned char c = (unsigned char)r->text[i];
        if (tts_speak_is_space(c)) {
            newlines += c == '\n';
            i++;
        } else if (c == 0xc2 && i + 1 < end && (unsigned char)r->text[i + 1] == 0xa0) {
            i += 2; /* no-break space */
        } else {
            break;
        }
    }
    if (newlines >= 2)
        tts_builder_pause(&r->out, PAUSE_STOP, at, i - at);
    else
        tts_builder_space(&r->out, at, i - at);
    return i - at;
}

/* Dropped marks still separate the words on either side. */
static size_t drop(rewriter *r, size_t at, size_t length)
{
    tts_builder_space(&r->out, at, length);
    return length;
}

/* "--", "—", " - ": an interruption or aside, said as a short pause. */
static size_t rule_dash(rewriter *r, size_t at, size_t end)
{
    const char *text = r->text;
    size_t run = 0;
    while (at + run < end && text[at + run] == '-')
        run++;
    if (run >= 2 && at + run < end && text[at + run] == '>')
        return drop(r, at, run + 1); /* a subtitle arrow "-->" */
    bool spaced = (at == 0 || tts_speak_is_space((unsigned char)text[at - 1])) &&
                  (at + run == end || tts_speak_is_space((unsigned char)text[at + run]));
    if (run >= 2 || spaced) {
        tts_builder_pause(&r->out, PAUSE_COMMA, at, run);
        return run;
    }
    return 0;
}

/* "...", "…": a hesitation; before a new sentence it ends the old one. */
static size_t ellipsis(rewriter *r, size_t at, size_t length)
{
    tts_builder_pause(&r->out, PAUSE_HESITATION, at, length);
    return length;
}

static size_t rule_dots(rewriter *r, size_t at, size_t end)
{
    size_t i = at, dots = 0;
    while (i < end && (r->text[i] == '.' || (r->text[i] == ' ' && i + 1 < end &&
                                             r->text[i + 1] == '.' && dots > 0))) {
        dots += r->text[i] == '.';
        i++;
    }
    return dots >= 3 ? ellipsis(r, at, i - at) : 0;
}

/* A backslash escapes markdown punctuation: "\[laughs\]" is "[laughs]". */
static size_t rule_backslash(rewriter *r, size_t at, size_t end)
{
    if (at + 1 < end && strchr("[]()#*_`\\-.!<>{}|", r->text[at + 1]) != NULL &&
        r->text[at + 1] != '\0')
        return 1;
    return drop(r, at, 1);
}

static bool alnum_at(const rewriter *r, size_t at)
{
    return at < r->length && tts_speak_is_alnum((unsigned char)r->text[at]);
}

static size_t rule_symbol(rewriter *r, size_t at, size_t end)
{
    const char *text = r->text;
    switch (text[at]) {
    case '(': case '[': case '{': {
        size_t used = tts_rule_bracket(r, at, end);
        return used ? used : drop(r, at, 1);
    }
    case '<': {
        size_t used = tts_rule_tag(r, at, end);
        return used ? used : drop(r, at, 1);
    }
    case ')': case ']': case '}': case '>': case '^': case '*':
        return drop(r, at, 1);
    case '\\':
        return rule_backslash(r, at, end);
    case '|':
        tts_builder_pause(&r->out, PAUSE_COMMA, at, 1);
        return 1;
    case '~':
        if (r->language->about != NULL && at + 1 < end && tts_speak_is_digit((unsigned char)text[at + 1])) {
            tts_builder_say(&r->out, at, 1, r->language->about);
            tts_builder_space(&r->out, at, 1);
            return 1;
        }
        return drop(r, at, 1);
    case '`': /* CNN transcripts write "Kyron`s" */
        if (at > 0 && alnum_at(r, at - 1) && alnum_at(r, at + 1)) {
            tts_builder_say(&r->out, at, 1, "'");
            return 1;
        }
        return drop(r, at, 1);
    case '_': /* markdown emphasis; inside a word eSpeak NG ignores it anyway */
        return at > 0 && alnum_at(r, at - 1) && alnum_at(r, at + 1) ? 0 : drop(r, at, 1);
    case '=': /* a fountain synopsis "= ...", not "a = b" */
        return (at == 0 || text[at - 1] == '\n') && at + 1 < end && text[at + 1] == ' '
                   ? drop(r, at, 1)
                   : 0;
    case '-':
        return rule_dash(r, at, end);
    case '.':
        return rule_dots(r, at, end);
    case '/': /* "DAY / DRIVING"; "and/or" and "24/7" are the word and number rules' */
        if ((at > 0 && tts_speak_is_space((unsigned char)text[at - 1])) ||
            (at + 1 < end && tts_speak_is_space((unsigned char)text[at + 1]))) {
            tts_builder_pause(&r->out, PAUSE_COMMA, at, 1);
            return 1;
        }
        return 0;
    case '#': case '@':
        return tts_rule_handle(r, at, end);
    case '$':
        return tts_rule_currency(r, at, end);
    case '\'': {
        size_t quote = tts_speak_quote_before_insertion(r, at, end);
        if (quote == 0)
            quote = tts_speak_quote_opens_insertion(r, at, end);
        return quote ? drop(r, at, quote) : tts_rule_decade(r, at, end);
    }
    case '"': {
        size_t quote = tts_speak_quote_before_insertion(r, at, end);
        if (quote == 0)
            quote = tts_speak_quote_opens_insertion(r, at, end);
        return quote ? drop(r, at, quote) : 0;
    }
    default:
        return 0;
    }
}

static bool bytes_at(const rewriter *r, size_t at, size_t end, const char *bytes)
{
    size_t length = strlen(bytes);
    return length <= end - at && memcmp(r->text + at, bytes, length) == 0;
}

/* Non-ASCII marks: dashes, ellipses, bullets, invisible characters, emoji. */
static size_t rule_unicode(rewriter *r, size_t at, size_t end)
{
    static const char *const pauses[] = {
        "\xe2\x80\x94", "\xe2\x80\x95", "\xe2\x80\x93", /* em dash, bar, en dash */
        "\xe2\x80\xa2", "\xc2\xb7", "\xe2\x96\xaa", "\xe2\x96\xba", /* bullets */
    };
    static const char *const invisible[] = {
        "\xe2\x80\x8b", "\xe2\x80\x8c", "\xe2\x80\x8e", "\xe2\x80\x8f", "\xef\xbb\xbf",
        "\xe2\x80\xa0", "\xe2\x80\xa1", /* daggers mark footnotes */
    };
    if (bytes_at(r, at, end, "\xc2\xa0"))
        return rule_space(r, at, end);
    size_t quote = tts_speak_quote_before_insertion(r, at, end);
    if (quote == 0)
        quote = tts_speak_quote_opens_insertion(r, at, end);
    if (quote > 0)
        return drop(r, at, quote);
    if (bytes_at(r, at, end, "\xe2\x80\xa6"))
        return ellipsis(r, at, 3);
    for (size_t i = 0; i < sizeof pauses / sizeof pauses[0]; i++)
        if (bytes_at(r, at, end, pauses[i])) {
            tts_builder_pause(&r->out, PAUSE_COMMA, at, strlen(pauses[i]));
            return strlen(pauses[i]);
        }
    for (size_t i = 0; i < sizeof invisible / sizeof invisible[0]; i++)
        if (bytes_at(r, at, end, invisible[i]))
            return drop(r, at, strlen(invisible[i]));
    size_t used = tts_rule_currency(r, at, end);
    if (used == 0)
        used = tts_rule_decade(r, at, end);
    if (used == 0)
        used = tts_rule_emoji(r, at, end);
    if (used == 0 && tts_speak_word_start(r, at))
        used = tts_rule_word(r, at, end);
    return used;
}

static size_t apply_rules(rewriter *r, size_t at, size_t end)
{
    size_t said = tts_rule_lexicon(r, at, end);
    if (said > 0)
        return said;
    unsigned char c = (unsigned char)r->text[at];
    if (tts_speak_is_space(c))
        return rule_space(r, at, end);
    if (c >= 0x80)
        return rule_unicode(r, at, end);
    if (tts_speak_is_digit(c))
        return tts_speak_word_start(r, at) ? tts_rule_number(r, at, end) : 0;
    if (tts_speak_is_alnum(c)) {
        /* "then-Rep. Heath Shuler": a title may follow a hyphen. */
        if (tts_speak_is_upper(c) && at >= 2 && r->text[at - 1] == '-' && r->text[at - 2] >= 'a' &&
            r->text[at - 2] <= 'z')
            return tts_rule_word(r, at, end);
        if (!tts_speak_word_start(r, at))
            return 0;
        size_t used = tts_rule_web(r, at, end);
        return used ? used : tts_rule_word(r, at, end);
    }
    return rule_symbol(r, at, end);
}

void tts_rewrite_range(rewriter *r, size_t begin, size_t end)
{
    size_t at = begin;
    while (at < end && !r->out.failed) {
        size_t used = apply_rules(r, at, end);
        if (used == 0) {
            used = tts_speak_utf8_length(r->text, at, end);
            /* The rest of a word starts no rule: copy it in one go. */
            while (at + used < end && (unsigned char)r->text[at + used] < 0x80 &&
                   tts_speak_is_alnum((unsigned char)r->text[at + used]) &&
                   tts_speak_is_alnum((unsigned char)r->text[at + used - 1]))
                used++;
            tts_builder_copy(&r->out, at, used);
        }
        at += used;
    }
}
