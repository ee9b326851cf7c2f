/* brackets.c: notes in brackets and tags: editorial marks and timestamps are
 * dropped, sound cues pause, role-play marks go, asides are read as asides,
 * an editor's insertion in a quote is read as part of the sentence. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "speak_internal.h"

#define MAX_TAG_BYTES 200

typedef enum note_kind {
    NOTE_INSERTION, /* an editor's words in a quote: "'...,' [Bruck] said" */
    NOTE_DROP,     /* for readers only: "(ph)", "[33:14]", "(As Jesus)" */
    NOTE_CUE,      /* a sound or production cue: "[laughs]", "(SOUNDBITE OF MUSIC)" */
    NOTE_PARTY,    /* "(R-TX)" */
    NOTE_ATTACHED, /* part of a code: "501(c)(3)" */
    NOTE_READ,     /* an aside a reader says: "(which is all of us)" */
} note_kind;

/* The note's words with markdown escapes and emphasis removed and spaces collapsed. */
static size_t normalize_note(const char *text, size_t begin, size_t end, char *out, size_t size)
{
    size_t length = 0;
    for (size_t i = begin; i < end && length + 1 < size; i++) {
        char c = text[i];
        if (c == '\\' || c == '*' || c == '_')
            continue;
        if (tts_speak_is_space((unsigned char)c)) {
            if (length > 0 && out[length - 1] != ' ')
                out[length++] = ' ';
            continue;
        }
        out[length++] = c;
    }
    while (length > 0 && out[length - 1] == ' ')
        length--;
    out[length] = '\0';
    return length;
}

/* Length of a timestamp such as "33:14", "00:07:29" or "00:24:38.10" at note[at], or 0. */
static size_t timestamp_length(const char *note, size_t at)
{
    size_t i = at, groups = 0;
    for (;;) {
        size_t digits = 0;
        while (tts_speak_is_digit((unsigned char)note[i + digits]))
            digits++;
        if (digits == 0 || digits > 2 + (groups == 0))
            return 0;
        i += digits;
        groups++;
        if (note[i] != ':' || !tts_speak_is_digit((unsigned char)note[i + 1]))
            break;
        i++;
    }
    if (groups < 2)
        return 0;
    if ((note[i] == '.' || note[i] == ',') && tts_speak_is_digit((unsigned char)note[i + 1])) {
        i++;
        while (tts_speak_is_digit((unsigned char)note[i]))
            i++;
    }
    return note[i] == '\0' || note[i] == ' ' ? i - at : 0;
}

/* Removes a timestamp ending the note ("inaudible 00:07:29"); true if one was there. */
static bool strip_timestamp(char *note, size_t *length)
{
    size_t start = *length;
    while (start > 0 && note[start - 1] != ' ')
        start--;
    if (timestamp_length(note, start) != *length - start)
        return false;
    while (start > 0 && strchr(" ,-", note[start - 1]) != NULL)
        start--;
    note[start] = '\0';
    *length = start;
    return true;
}

static size_t word_length(const char *note)
{
    size_t length = 0;
    while (note[length] != '\0' && note[length] != ' ' && note[length] != ',')
        length++;
    return length;
}

static bool is_cue(const speak_language *language, const char *note)
{
    size_t first = word_length(note);
    if (tts_speak_find_word(language->cue_words, note, first) >= 0)
        return true;
    const char *second = note + first;
    while (*second == ' ' || *second == ',')
        second++;
    return *second != '\0' && tts_speak_find_word(language->cue_words, second, word_length(second)) >= 0;
}

static bool starts_with_phrase(const char *note, const char *phrase)
{
    size_t length = strlen(phrase);
    return strncasecmp(note, phrase, length) == 0 &&
           (note[length] == '\0' || !tts_speak_is_alnum((unsigned char)note[length]));
}

/* "(voice-over)", "(As Grimes, singing)", "(to Scott)", "(in Vietnamese, subtitled)". */
static bool is_delivery(const speak_language *language, const char *note)
{
    for (const char *const *mark = language->delivery_marks; mark && *mark; mark++)
        if (starts_with_phrase(note, *mark))
            return true;
    size_t first = word_length(note);
    const char *next = note + first + (note[first] == ' ');
    if (tts_speak_find_word(language->name_marks, note, first) >= 0 && note[first] == ' ' &&
        tts_speak_is_upper((unsigned char)*next))
        return true;
    if (language->in_language != NULL && starts_with_phrase(note, language->in_language)) {
        size_t in_length = strlen(language->in_language);
        const char *name = note + in_length + (note[in_length] == ' ');
        for (const char *const *known = language->language_names; known && *known; known++)
            if (starts_with_phrase(name, *known))
                return true;
    }
    return false;
}

static bool all_capitals(const char *note)
{
    size_t letters = 0;
    for (const char *p = note; *p; p++) {
        if (*p >= 'a' && *p <= 'z')
            return false;
        letters += tts_speak_is_upper((unsigned char)*p);
    }
    return letters >= 2;
}

/* One lowercase word that reads as an action: "laughs", "sighing". */
static bool is_action_word(const char *note, size_t length)
{
    if (length < 3 || word_length(note) != length || !(note[0] >= 'a' && note[0] <= 'z'))
        return false;
    return note[length - 1] == 's' || (length > 4 && strcmp(note + length - 3, "ing") == 0);
}

static bool only_space_before(const rewriter *r, size_t at)
{
    while (at > 0 && tts_speak_is_space((unsigned char)r->text[at - 1]))
        at--;
    return at == 0;
}

static bool only_marks_after(const rewriter *r, size_t at)
{
    for (size_t i = at; i < r->length; i++)
        if (!tts_speak_is_space((unsigned char)r->text[i]) && strchr(".,;:!?", r->text[i]) == NULL)
            return false;
    return true;
}

/* Bytes of a closing quote mark at text[at], or 0. */
static size_t closing_quote_length(const char *text, size_t at, size_t end)
{
    if (text[at] == '"' || text[at] == '\'')
        return 1;
    if (at + 3 <= end && (unsigned char)text[at] == 0xE2 && (unsigned char)text[at + 1] == 0x80 &&
        ((unsigned char)text[at + 2] == 0x9D || (unsigned char)text[at + 2] == 0x99))
        return 3;
    return 0;
}

/* "'I never agreed to that,' [Bruck] said", "\"We will,\" [the senator]
 * added": an editor names the speaker of a quote in brackets. The bracket
 * follows a closing quote and a verb of saying follows it; such a note is
 * part of the sentence, read without a pause (a cue like "[laughter]" never
 * precedes "said" so). `note` is the bracket's normalized text. */
static bool is_insertion(const rewriter *r, size_t open, size_t after, const char *note,
                         size_t length)
{
    const char *text = r->text;
    if (r->language->speech_verbs == NULL || length == 0 || length > 60)
        return false;
    /* A closing quote right before: "that,' [" (one space at most). */
    size_t before = open;
    if (before > 0 && text[before - 1] == ' ')
        before--;
    bool quoted = false;
    for (size_t back = 1; back <= 3 && back <= before && !quoted; back++)
        quoted = closing_quote_length(text, before - back, before) == back;
    if (!quoted)
        return false;
    /* Then one space and a verb of saying, ending at a word boundary. */
    if (after >= r->length || text[after] != ' ')
        return false;
    size_t verb = after + 1, verb_end = verb;
    while (verb_end < r->length && verb_end - verb < 16 &&
           tts_speak_is_alnum((unsigned char)text[verb_end]))
        verb_end++;
    if (verb_end == verb || tts_speak_find_word(r->language->speech_verbs, text + verb,
                                                verb_end - verb) < 0)
        return false;
    /* A name or a short description: a few words, none of them a cue. */
    size_t words = 1;
    for (size_t i = 0; i < length; i++)
        words += note[i] == ' ';
    return words <= 5 && !is_cue(r->language, note);
}

size_t tts_speak_quote_before_insertion(const rewriter *r, size_t at, size_t end)
{
    size_t quote = closing_quote_length(r->text, at, end);
    if (quote == 0)
        return 0;
    size_t open = at + quote;
    if (open < end && r->text[open] == ' ')
        open++;
    size_t close;
    if (open >= end || r->text[open] != '[' || !tts_rewriter_bracket_close(r, open, end, &close))
        return 0;
    char note[512];
    size_t length = normalize_note(r->text, open + 1, close, note, sizeof note);
    return is_insertion(r, open, close + 1, note, length) ? quote : 0;
}

/* Bytes of an opening quote mark at text[at] and the bytes that close it,
 * or 0: '"', '\'', U+201C (closed by U+201D), U+2018 (closed by U+2019). */
static size_t opening_quote_length(const char *text, size_t at, size_t end, const char **closer)
{
    if (text[at] == '"' || text[at] == '\'') {
        *closer = text[at] == '"' ? "\"" : "'";
        return 1;
    }
    if (at + 3 <= end && (unsigned char)text[at] == 0xE2 && (unsigned char)text[at + 1] == 0x80) {
        if ((unsigned char)text[at + 2] == 0x9C) {
            *closer = "\xE2\x80\x9D";
            return 3;
        }
        if ((unsigned char)text[at + 2] == 0x98) {
            *closer = "\xE2\x80\x99";
            return 3;
        }
    }
    return 0;
}

size_t tts_speak_quote_opens_insertion(const rewriter *r, size_t at, size_t end)
{
    const char *text = r->text, *closer;
    size_t quote = opening_quote_length(text, at, end, &closer);
    if (quote == 0 || (at > 0 && !tts_speak_is_space((unsigned char)text[at - 1]) &&
                       text[at - 1] != '(') ||
        at + quote >= end || tts_speak_is_space((unsigned char)text[at + quote]))
        return 0;
    /* The quote's close, a sentence or two on: bounded, so rewriting stays linear. */
    size_t limit = at + 400 < end ? at + 400 : end, closer_length = strlen(closer);
    for (size_t i = at + quote; i + closer_length <= limit; i++) {
        if (memcmp(text + i, closer, closer_length) != 0)
            continue;
        size_t next = i + closer_length;
        if (next < end && tts_speak_is_alnum((unsigned char)text[next]))
            continue; /* "don't": an apostrophe, not the close */
        return tts_speak_quote_before_insertion(r, i, end) ? quote : 0;
    }
    return 0;
}

static note_kind classify(rewriter *r, size_t open, size_t after, char *note, size_t length,
                          char *spoken, size_t spoken_size)
{
    const speak_language *language = r->language;
    char bracket = r->text[open];
    if (length == 0)
        return NOTE_DROP;
    if (strip_timestamp(note, &length) && length == 0)
        return NOTE_DROP;
    if (tts_speak_find_word(language->editorial_marks, note, length) >= 0)
        return NOTE_DROP;
    if (tts_speak_party_tag(language, note, length, spoken, spoken_size))
        return NOTE_PARTY;
    /* A turn that is one note is a direction: "(gently)", "[Exit.]". */
    if (only_space_before(r, open) && only_marks_after(r, after))
        return NOTE_CUE;
    if (is_cue(language, note))
        return NOTE_CUE;
    if (is_delivery(language, note))
        return NOTE_DROP;
    if (all_capitals(note) || note[length - 1] == '.')
        return NOTE_CUE;
    if (bracket == '[' && is_action_word(note, length))
        return NOTE_CUE;
    if (open > 0 && (tts_speak_is_alnum((unsigned char)r->text[open - 1]) || r->text[open - 1] == ')') &&
        length <= 3)
        return NOTE_ATTACHED;
    return NOTE_READ;
}

/* "[text](https://...)": the text is read, the address is not. */
static size_t markdown_link(rewriter *r, size_t open, size_t close, size_t end)
{
    size_t target_close;
    if (r->text[open] != '[' || close + 1 >= end || r->text[close + 1] != '(' ||
        !tts_rewriter_bracket_close(r, close + 1, end, &target_close))
        return 0;
    size_t content_end = close > open + 1 && r->text[close - 1] == '\\' ? close - 1 : close;
    tts_builder_space(&r->out, open, 1);
    tts_rewrite_range(r, open + 1, content_end);
    tts_builder_space(&r->out, content_end, target_close + 1 - content_end);
    return target_close + 1 - open;
}

static void read_aside(rewriter *r, size_t open, size_t close, size_t content_end)
{
    tts_builder_pause(&r->out, PAUSE_COMMA, open, 1);
    tts_rewrite_range(r, open + 1, content_end);
    tts_builder_pause(&r->out, PAUSE_COMMA, content_end, close + 1 - content_end);
}

size_t tts_rule_bracket(rewriter *r, size_t at, size_t end)
{
    size_t close;
    if (!tts_rewriter_bracket_close(r, at, end, &close))
        return 0;
    size_t link = markdown_link(r, at, close, end);
    if (link > 0)
        return link;
    size_t content_end = close > at + 1 && r->text[close - 1] == '\\' ? close - 1 : close;
    char note[512], spoken[256];
    size_t length = normalize_note(r->text, at + 1, content_end, note, sizeof note);
    size_t after = close + 1;
    note_kind kind = r->text[at] == '[' && is_insertion(r, at, after, note, length)
                         ? NOTE_INSERTION
                         : classify(r, at, after, note, length, spoken, sizeof spoken);
    switch (kind) {
    case NOTE_INSERTION:
        tts_builder_space(&r->out, at, 1);
        tts_rewrite_range(r, at + 1, content_end);
        tts_builder_space(&r->out, content_end, after - content_end);
        break;
    case NOTE_DROP:
        /* "(on camera): Wow", "Ayo Omojola (18:01):" lose their colon too. */
        if (after < end && r->text[after] == ':')
            after++;
        tts_builder_space(&r->out, at, after - at);
        break;
    case NOTE_CUE:
        if (r->reading_cue)
            read_aside(r, at, close, content_end);
        else if (r->options->cues == TTS_CUES_SKIP)
            tts_builder_space(&r->out, at, after - at);
        else
            tts_builder_pause(&r->out, PAUSE_COMMA, at, after - at);
        break;
    case NOTE_PARTY:
        tts_builder_pause(&r->out, PAUSE_COMMA, at, 0);
        tts_builder_say(&r->out, at, after - at, spoken);
        tts_builder_pause(&r->out, PAUSE_COMMA, after, 0);
        break;
    case NOTE_ATTACHED:
        tts_builder_space(&r->out, at, 1);
        tts_rewrite_range(r, at + 1, content_end);
        tts_builder_space(&r->out, close, 1);
        break;
    case NOTE_READ:
        read_aside(r, at, close, content_end);
        break;
    }
    return after - at;
}

/* "<v Kyle Huey>", "</i>", "<00:01.000>", or an autolink "<https://...>". */
size_t tts_rule_tag(rewriter *r, size_t at, size_t end)
{
    const char *text = r->text;
    size_t i = at + 1;
    if (i < end && text[i] == '/')
        i++;
    if (i >= end || !tts_speak_is_alnum((unsigned char)text[i]))
        return 0;
    size_t limit = at + MAX_TAG_BYTES < end ? at + MAX_TAG_BYTES : end;
    while (i < limit && text[i] != '>' && text[i] != '<' && text[i] != '\n')
        i++;
    if (i >= limit || text[i] != '>')
        return 0;
    bool link = strncasecmp(text + at + 1, "http", 4) == 0 ||
                strncasecmp(text + at + 1, "www.", 4) == 0 ||
                memchr(text + at + 1, '@', i - at - 1) != NULL;
    tts_builder_space(&r->out, at, 1);
    if (link)
        tts_rewrite_range(r, at + 1, i);
    tts_builder_space(&r->out, i, 1);
    return i + 1 - at;
}
