/* words.c: words eSpeak NG reads badly: titles before names ("Sen." -> "Senator"),
 * party tags, acronyms it says as words, month abbreviations, "and/or". */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "speak_internal.h"

static bool letter_at(const char *text, size_t at, size_t end)
{
    return at < end && tts_speak_is_alnum((unsigned char)text[at]) &&
           !tts_speak_is_digit((unsigned char)text[at]);
}

static bool alnum_at(const char *text, size_t at, size_t end)
{
    return at < end && tts_speak_is_alnum((unsigned char)text[at]);
}

static size_t say(rewriter *r, size_t at, size_t length, const char *words)
{
    tts_builder_say(&r->out, at, length, words);
    return length;
}

bool tts_speak_party_tag(const speak_language *language, const char *tag, size_t length,
                     char *spoken, size_t size)
{
    if (language->parties == NULL || language->states == NULL)
        return false;
    size_t party_length = 0;
    while (party_length < length && tts_speak_is_upper((unsigned char)tag[party_length]))
        party_length++;
    const speak_pair *party = tts_speak_find_pair(language->parties, tag, party_length, false);
    size_t i = party_length;
    while (i < length && tag[i] == ' ')
        i++;
    if (party == NULL || i >= length || tag[i] != '-')
        return false;
    i++;
    while (i < length && tag[i] == ' ')
        i++;
    const speak_pair *state = tts_speak_find_pair(language->states, tag + i, length - i, false);
    if (state == NULL)
        return false;
    return snprintf(spoken, size, "%s %s %s", party->spoken, language->party_of_state,
                    state->spoken) < (int)size;
}

/* ", R-Texas," outside brackets. */
static size_t bare_party_tag(rewriter *r, size_t at, size_t end)
{
    const char *text = r->text;
    if (at + 2 >= end || text[at + 1] != '-')
        return 0;
    size_t i = at + 2;
    while (i < end && i - at < 24 && (tts_speak_is_alnum((unsigned char)text[i]) || text[i] == '.'))
        i++;
    char spoken[128];
    for (size_t stop = i; stop > at + 2; stop--) /* "R-Texas." may end a sentence */
        if (tts_speak_party_tag(r->language, text + at, stop - at, spoken, sizeof spoken))
            return say(r, at, stop - at, spoken);
    return 0;
}

static bool all_capitals(const char *text, size_t at, size_t end)
{
    for (size_t i = at; i < end; i++)
        if (text[i] >= 'a' && text[i] <= 'z')
            return false;
    return true;
}

static size_t next_visible(const char *text, size_t at, size_t end)
{
    while (at < end && (text[at] == ' ' || text[at] == '\t'))
        at++;
    return at;
}

static bool context_holds(const rewriter *r, speak_context context, size_t at, size_t after,
                          size_t end)
{
    const char *text = r->text;
    size_t next = next_visible(text, after, end);
    switch (context) {
    case CONTEXT_BEFORE_NAME:
        return next > after && next < end && tts_speak_is_upper((unsigned char)text[next]);
    case CONTEXT_AFTER_NAME: {
        size_t before = at;
        while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == ','))
            before--;
        return before < at && before > 0 && letter_at(text, before - 1, end);
    }
    case CONTEXT_LINE_START: {
        size_t before = at;
        while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t'))
            before--;
        return before == 0 || text[before - 1] == '\n';
    }
    case CONTEXT_ANYWHERE:
    default:
        return true;
    }
}

/* "Sen." -> "Senator" (also "SEN." in an all-capitals line). */
static size_t abbreviation(rewriter *r, size_t at, size_t end)
{
    const char *text = r->text;
    for (const speak_abbreviation *entry = r->language->abbreviations;
         entry != NULL && entry->written != NULL; entry++) {
        size_t length = strlen(entry->written);
        if (length > end - at || alnum_at(text, at + length, end))
            continue;
        bool exact = strncmp(text + at, entry->written, length) == 0;
        bool capitals = !exact && strncasecmp(text + at, entry->written, length) == 0 &&
                        all_capitals(text, at, at + length);
        if ((exact || capitals) && context_holds(r, entry->context, at, at + length, end))
            return say(r, at, length, entry->spoken);
    }
    return 0;
}

/* The day after a month name, "14" in "March 14": its value, and where it ends. */
static int day_after(const char *text, size_t at, size_t end, size_t *day_end)
{
    if (at + 1 >= end || text[at] != ' ' || !tts_speak_is_digit((unsigned char)text[at + 1]))
        return 0;
    size_t i = at + 1, value = 0;
    while (i < end && tts_speak_is_digit((unsigned char)text[i]) && i - at <= 3)
        value = value * 10 + (size_t)(text[i++] - '0');
    if (i - at > 3 || value < 1 || value > 31 || alnum_at(text, i, end) ||
        (i < end && (text[i] == ':' || text[i] == '.' || text[i] == '%') && alnum_at(text, i + 1, end)))
        return 0;
    *day_end = i;
    return (int)value;
}

/* "Sept. 11" -> "September 11th", "March 14" -> "March 14th". */
static size_t month_day(rewriter *r, size_t at, size_t end)
{
    const speak_language *language = r->language;
    const char *text = r->text;
    if (language->months == NULL || language->day_ordinals == NULL)
        return 0;
    const char *month = NULL;
    size_t month_end = at;
    for (const speak_pair *entry = language->month_abbreviations; entry && entry->written; entry++)
        if (strncmp(text + at, entry->written, strlen(entry->written)) == 0) {
            month = entry->spoken;
            month_end = at + strlen(entry->written);
        }
    for (size_t m = 0; month == NULL && m < 12; m++) {
        size_t length = strlen(language->months[m]);
        if (length <= end - at && strncmp(text + at, language->months[m], length) == 0 &&
            !alnum_at(text, at + length, end)) {
            month = language->months[m];
            month_end = at + length;
        }
    }
    size_t day_end;
    int day = month ? day_after(text, month_end, end, &day_end) : 0;
    if (day == 0)
        return 0;
    char spoken[64];
    snprintf(spoken, sizeof spoken, "%s %s", month, language->day_ordinals[day - 1]);
    return say(r, at, day_end - at, spoken);
}

/* "GOP" -> "G.O.P.": acronyms eSpeak NG would say as a word. */
static size_t acronym(rewriter *r, size_t at, size_t end)
{
    const char *text = r->text;
    size_t i = at;
    while (i < end && tts_speak_is_upper((unsigned char)text[i]))
        i++;
    if (i - at < 2 || alnum_at(text, i, end))
        return 0;
    const speak_pair *entry = tts_speak_find_pair(r->language->acronyms, text + at, i - at, false);
    return entry ? say(r, at, i - at, entry->spoken) : 0;
}

static size_t word_form(rewriter *r, size_t at, size_t end)
{
    for (const speak_pair *entry = r->language->word_forms; entry && entry->written; entry++) {
        size_t length = strlen(entry->written);
        if (length <= end - at && strncmp(r->text + at, entry->written, length) == 0 &&
            !alnum_at(r->text, at + length, end))
            return say(r, at, length, entry->spoken);
    }
    return 0;
}

/* "he/she" -> "he or she"; "TCP/IP", "A/B" -> "TCP IP", "A B". */
static size_t slashed_words(rewriter *r, size_t at, size_t end)
{
    const char *text = r->text;
    size_t slash = at;
    while (letter_at(text, slash, end) && (unsigned char)text[slash] < 0x80)
        slash++;
    if (slash == at || slash + 1 >= end || text[slash] != '/' || !letter_at(text, slash + 1, end))
        return 0;
    size_t second_end = slash + 1;
    while (letter_at(text, second_end, end) && (unsigned char)text[second_end] < 0x80)
        second_end++;
    if ((second_end < end && (text[second_end] == '/' || alnum_at(text, second_end, end))) ||
        second_end - at > 60)
        return 0;
    bool words = slash - at >= 2 && second_end - slash - 1 >= 2 &&
                 !all_capitals(text, at, slash) && !all_capitals(text, slash + 1, second_end);
    if (words && r->language->or_word == NULL)
        return 0;
    char spoken[128];
    snprintf(spoken, sizeof spoken, "%.*s %s%s%.*s", (int)(slash - at), text + at,
             words ? r->language->or_word : "", words ? " " : "", (int)(second_end - slash - 1),
             text + slash + 1);
    return say(r, at, second_end - at, spoken);
}

size_t tts_rule_word(rewriter *r, size_t at, size_t end)
{
    /* Every rule below wants a capital, a period or a slash near the start:
     * most words are let through after one short look. */
    const char *text = r->text;
    size_t letters = at;
    while (letter_at(text, letters, end) && letters - at < 16)
        letters++;
    bool capital = tts_speak_is_upper((unsigned char)text[at]);
    char after = letters < end ? text[letters] : '\0';
    if (!capital && after != '.' && after != '/' && after != '\'')
        return 0;
    size_t used = word_form(r, at, end);
    if (used == 0 && capital)
        used = acronym(r, at, end);
    if (used == 0 && capital)
        used = bare_party_tag(r, at, end);
    if (used == 0 && capital)
        used = month_day(r, at, end);
    if (used == 0 && after == '.')
        used = abbreviation(r, at, end);
    if (used == 0 && after == '/')
        used = slashed_words(r, at, end);
    return used;
}
