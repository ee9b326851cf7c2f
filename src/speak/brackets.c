/* brackets.c: notes in brackets and tags: editorial marks and timestamps are
 * dropped, sound cues pause, role-play marks go, asides are read as asides. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "speak_internal.h"

#define MAX_TAG_BYTES 200

typedef enum note_kind {
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
    note_kind kind = classify(r, at, after, note, length, spoken, sizeof spoken);
    switch (kind) {
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
