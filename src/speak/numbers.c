/* numbers.c: the numbers eSpeak NG reads badly: money ("dollar five million"),
 * ranges ("five dash ten"), times, dates, decades, phone numbers, units. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "speak_internal.h"

/* Longer runs of digits are not amounts anyone reads out; they are copied. */
#define MAX_NUMBER_BYTES 40

typedef struct number {
    size_t start, end;     /* the digits, commas and decimals */
    size_t decimals_start; /* the first decimal digit, or end when there is none */
} number;

static bool digit_at(const char *text, size_t at, size_t end)
{
    return at < end && tts_speak_is_digit((unsigned char)text[at]);
}

static bool letter_at(const char *text, size_t at, size_t end)
{
    return at < end && tts_speak_is_alnum((unsigned char)text[at]) &&
           !tts_speak_is_digit((unsigned char)text[at]);
}

/* "7", "5,000", "3.50": digits with thousands groups and decimals. */
static bool scan_number(const char *text, size_t at, size_t end, number *out)
{
    size_t i = at;
    while (digit_at(text, i, end))
        i++;
    if (i == at)
        return false;
    if (i - at <= 3)
        while (i + 3 < end && text[i] == ',' && digit_at(text, i + 1, end) &&
               digit_at(text, i + 2, end) && digit_at(text, i + 3, end) &&
               !digit_at(text, i + 4, end))
            i += 4;
    out->start = at;
    out->decimals_start = out->end = i;
    if (i + 1 < end && text[i] == '.' && digit_at(text, i + 1, end)) {
        out->decimals_start = ++i;
        while (digit_at(text, i, end))
            i++;
        out->end = i;
    }
    return out->end - at <= MAX_NUMBER_BYTES;
}

static bool number_has_decimals(const number *n)
{
    return n->decimals_start < n->end;
}

static bool number_is_one(const char *text, const number *n)
{
    return n->end - n->start == 1 && text[n->start] == '1';
}

/* A two-digit or smaller value, or -1. */
static int small_value(const char *text, size_t at, size_t length)
{
    if (length == 0 || length > 2)
        return -1;
    int value = 0;
    for (size_t i = 0; i < length; i++) {
        if (!tts_speak_is_digit((unsigned char)text[at + i]))
            return -1;
        value = value * 10 + (text[at + i] - '0');
    }
    return value;
}

static size_t say(rewriter *r, size_t at, size_t length, const char *words)
{
    tts_builder_say(&r->out, at, length, words);
    return length;
}

/* "00:00:04,740" and "00:24:38.10": subtitle and recording timecodes. */
static size_t timecode(rewriter *r, size_t at, size_t end)
{
    const char *text = r->text;
    size_t i = at, groups = 0;
    while (i < end) {
        size_t digits = 0;
        while (digit_at(text, i + digits, end))
            digits++;
        if (digits == 0 || digits > 2)
            return 0;
        i += digits;
        groups++;
        if (i + 1 < end && text[i] == ':' && digit_at(text, i + 1, end))
            i++;
        else
            break;
    }
    bool fraction = i + 1 < end && (text[i] == ',' || text[i] == '.') && digit_at(text, i + 1, end);
    if (fraction) {
        i++;
        while (digit_at(text, i, end))
            i++;
    }
    if (groups < 2 || (groups == 2 && !fraction) || digit_at(text, i, end))
        return 0;
    tts_builder_space(&r->out, at, i - at);
    return i - at;
}

/* "March 14th, 2019" from a month, a day and the year written at text[year_at]. */
static bool date_phrase(const speak_language *language, const char *text, size_t year_at,
                        size_t year_length, int month, int day, char *out, size_t size)
{
    if (language->months == NULL || language->day_ordinals == NULL || month < 1 || month > 12 ||
        day < 1 || day > 31)
        return false;
    const char *month_name = language->months[month - 1];
    const char *day_name = language->day_ordinals[day - 1];
    int written = language->month_first
                      ? snprintf(out, size, "%s %s, %.*s", month_name, day_name, (int)year_length,
                                 text + year_at)
                      : snprintf(out, size, "%s %s %.*s", day_name, month_name, (int)year_length,
                                 text + year_at);
    return written > 0 && (size_t)written < size;
}

/* "2019-03-14" -> "March 14th, 2019". */
static size_t iso_date(rewriter *r, size_t at, size_t end)
{
    const char *text = r->text;
    if (end - at < 10 || text[at + 4] != '-' || text[at + 7] != '-' || digit_at(text, at + 10, end))
        return 0;
    for (size_t i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !digit_at(text, at + i, end))
            return 0;
    char spoken[128];
    if (!date_phrase(r->language, text, at, 4, small_value(text, at + 5, 2),
                     small_value(text, at + 8, 2), spoken, sizeof spoken))
        return 0;
    return say(r, at, 10, spoken);
}

/* "3/14/2019" (or "14/3/2019" when the day cannot be a month) -> a date;
 * "1/2" -> "one half"; "24/7", "9/11", "50/50" lose the "slash". */
static size_t slashed(rewriter *r, size_t at, size_t end)
{
    const char *text = r->text;
    size_t parts[3][2], count = 0, i = at;
    while (count < 3) {
        size_t start = i;
        while (digit_at(text, i, end))
            i++;
        if (i == start || i - start > 4)
            return 0;
        parts[count][0] = start;
        parts[count][1] = i - start;
        count++;
        if (i + 1 < end && text[i] == '/' && digit_at(text, i + 1, end) && count < 3)
            i++;
        else
            break;
    }
    if (count < 2 || (i < end && (text[i] == '/' || letter_at(text, i, end))))
        return 0;
    char spoken[128];
    if (count == 3) {
        int first = small_value(text, parts[0][0], parts[0][1]);
        int second = small_value(text, parts[1][0], parts[1][1]);
        int month = r->language->month_first ? first : second;
        int day = r->language->month_first ? second : first;
        if (month > 12 && day <= 12) {
            int swap = month;
            month = day;
            day = swap;
        }
        if (parts[2][1] != 4 && parts[2][1] != 2)
            return 0;
        if (!date_phrase(r->language, text, parts[2][0], parts[2][1], month, day, spoken,
                         sizeof spoken))
            return 0;
        return say(r, at, i - at, spoken);
    }
    const speak_pair *fraction = tts_speak_find_pair(r->language->fractions, text + at, i - at, false);
    if (fraction != NULL)
        return say(r, at, i - at, fraction->spoken);
    snprintf(spoken, sizeof spoken, "%.*s %.*s", (int)parts[0][1], text + parts[0][0],
             (int)parts[1][1], text + parts[1][0]);
    return say(r, at, i - at, spoken);
}

/* "800-989-8255" -> "8 0 0, 9 8 9, 8 2 5 5": read digit by digit, in groups. */
static size_t phone(rewriter *r, size_t at, size_t end)
{
    static const size_t groups_with_country[] = {1, 3, 3, 4}, groups[] = {3, 3, 4};
    const char *text = r->text;
    const size_t *shape = groups;
    size_t shape_count = 3;
    if (end - at > 2 && text[at] == '1' && text[at + 1] == '-') {
        shape = groups_with_country;
        shape_count = 4;
    }
    size_t i = at;
    for (size_t g = 0; g < shape_count; g++) {
        for (size_t k = 0; k < shape[g]; k++)
            if (!digit_at(text, i + k, end))
                return 0;
        i += shape[g];
        if (g + 1 < shape_count && (i >= end || text[i] != '-'))
            return 0;
        i += g + 1 < shape_count;
    }
    if (digit_at(text, i, end) || (i < end && text[i] == '-'))
        return 0;
    char spoken[64];
    size_t length = 0;
    for (size_t k = at; k < i; k++) {
        if (text[k] == '-') {
            spoken[length++] = ',';
            continue;
        }
        if (length > 0)
            spoken[length++] = ' ';
        spoken[length++] = text[k];
    }
    spoken[length] = '\0';
    return say(r, at, i - at, spoken);
}

static bool am_pm_follows(const char *text, size_t at, size_t end)
{
    static const char *const marks[] = {"a.m.", "p.m.", "a.m", "p.m", "am", "pm", "AM", "PM"};
    if (at < end && text[at] == ' ')
        at++;
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        size_t length = strlen(marks[i]);
        if (length <= end - at && strncmp(text + at, marks[i], length) == 0 &&
            !letter_at(text, at + length, end))
            return true;
    }
    return false;
}

/* "7:00" -> "7 o'clock", "7:00 a.m." -> "7 a.m.", "7:05" -> "7 oh 5". */
static size_t clock_time(rewriter *r, size_t at, size_t end)
{
    const char *text = r->text;
    const speak_language *language = r->language;
    size_t hour_length = digit_at(text, at + 1, end) ? 2 : 1;
    size_t colon = at + hour_length;
    int hour = small_value(text, at, hour_length);
    if (colon >= end || text[colon] != ':' || !digit_at(text, colon + 1, end) ||
        !digit_at(text, colon + 2, end) || digit_at(text, colon + 3, end) || hour > 24)
        return 0;
    if (colon + 3 < end && text[colon + 3] == ':')
        return 0;
    int minutes = small_value(text, colon + 1, 2);
    if (minutes > 59 || text[colon + 1] != '0' || language->zero_minutes == NULL)
        return 0;
    char spoken[64];
    if (minutes == 0 && am_pm_follows(text, colon + 3, end))
        snprintf(spoken, sizeof spoken, "%d", hour);
    else if (minutes == 0)
        snprintf(spoken, sizeof spoken, "%d %s", hour, language->zero_minutes);
    else
        snprintf(spoken, sizeof spoken, "%d %s %d", hour, language->zero_tens, minutes);
    return say(r, at, colon + 3 - at, spoken);
}

/* "1990s" -> "19 nineties", "'70s" -> "seventies", "2000s" -> "2 thousands". */
static size_t decade_from(rewriter *r, size_t at, size_t digits_at, size_t end)
{
    const char *text = r->text;
    const speak_language *language = r->language;
    size_t digits = 0;
    while (digit_at(text, digits_at + digits, end))
        digits++;
    if (language->decades == NULL || (digits != 2 && digits != 4) ||
        text[digits_at + digits - 1] != '0')
        return 0;
    size_t i = digits_at + digits;
    if (i + 1 < end && (text[i] == '\'' || text[i] == '`'))
        i++;
    else if (i + 3 < end && memcmp(text + i, "\xe2\x80\x99", 3) == 0)
        i += 3;
    if (i >= end || (text[i] != 's' && text[i] != 'S') || letter_at(text, i + 1, end))
        return 0;
    int decade = text[digits_at + digits - 2] - '0';
    char spoken[64];
    if (digits == 2 && decade == 0)
        return 0;
    if (digits == 2)
        snprintf(spoken, sizeof spoken, "%s", language->decades[decade]);
    else if (decade == 0 && text[digits_at + 1] == '0' && language->thousands != NULL &&
             text[digits_at] == '1') /* "1000s of people" */
        snprintf(spoken, sizeof spoken, "%s", language->thousands);
    else if (decade == 0 && text[digits_at + 1] == '0' && language->thousands != NULL)
        snprintf(spoken, sizeof spoken, "%c %s", text[digits_at], language->thousands);
    else
        snprintf(spoken, sizeof spoken, "%.2s %s", text + digits_at, language->decades[decade]);
    return say(r, at, i + 1 - at, spoken);
}

/* "'90s" with a straight or curly apostrophe. */
size_t tts_rule_decade(rewriter *r, size_t at, size_t end)
{
    const char *text = r->text;
    size_t quote = 0;
    if (text[at] == '\'')
        quote = 1;
    else if (end - at >= 3 && (memcmp(text + at, "\xe2\x80\x98", 3) == 0 ||
                               memcmp(text + at, "\xe2\x80\x99", 3) == 0))
        quote = 3;
    if (quote == 0 || !digit_at(text, at + quote, end))
        return 0;
    return decade_from(r, at, at + quote, end);
}

static const speak_unit *find_unit(const speak_unit *units, const char *text, size_t at,
                                   size_t end)
{
    for (const speak_unit *unit = units; unit != NULL && unit->symbol != NULL; unit++) {
        size_t length = strlen(unit->symbol);
        if (length <= end - at && memcmp(text + at, unit->symbol, length) == 0 &&
            !letter_at(text, at + length, end) && !digit_at(text, at + length, end))
            return unit;
    }
    return NULL;
}

static size_t range_dash_length(const char *text, size_t at, size_t end)
{
    if (at < end && text[at] == '-')
        return 1;
    return end - at >= 3 && memcmp(text + at, "\xe2\x80\x93", 3) == 0 ? 3 : 0;
}

/* A second number after a dash: "5-10", "2019-2020", but not "2019-03-14" or "1-800-...". */
static bool range_follows(const rewriter *r, const number *first, size_t end, number *second)
{
    const char *text = r->text;
    size_t dash = range_dash_length(text, first->end, end);
    if (dash == 0 || r->language->range_to == NULL ||
        !scan_number(text, first->end + dash, end, second))
        return false;
    if (second->end < end && (text[second->end] == '-' || text[second->end] == '/'))
        return false;
    return !(second->end - second->start == 2 && text[second->start] == '0');
}

/* "5-10" -> "5 to 10", "3 km" -> "3 kilometers", "5-10 km" both. */
static size_t range_and_unit(rewriter *r, const number *first, size_t end)
{
    const char *text = r->text;
    const speak_language *language = r->language;
    number second;
    bool range = range_follows(r, first, end, &second);
    size_t i = range ? second.end : first->end;
    size_t unit_at = i < end && text[i] == ' ' ? i + 1 : i;
    const speak_unit *unit = unit_at < end ? find_unit(language->units, text, unit_at, end) : NULL;
    if (!range && unit == NULL)
        return 0;
    char spoken[160];
    int length = snprintf(spoken, sizeof spoken, "%.*s", (int)(first->end - first->start),
                          text + first->start);
    if (range)
        length += snprintf(spoken + length, sizeof spoken - (size_t)length, " %s %.*s",
                           language->range_to, (int)(second.end - second.start),
                           text + second.start);
    if (unit != NULL) {
        bool one = !range && number_is_one(text, first);
        snprintf(spoken + length, sizeof spoken - (size_t)length, " %s",
                 one ? unit->one : unit->many);
        i = unit_at + strlen(unit->symbol);
    }
    return say(r, first->start, i - first->start, spoken);
}

size_t tts_rule_number(rewriter *r, size_t at, size_t end)
{
    size_t used = timecode(r, at, end);
    if (used == 0)
        used = iso_date(r, at, end);
    if (used == 0)
        used = phone(r, at, end);
    if (used == 0)
        used = slashed(r, at, end);
    if (used == 0)
        used = clock_time(r, at, end);
    if (used == 0)
        used = decade_from(r, at, at, end);
    number first;
    if (used == 0 && scan_number(r->text, at, end, &first) && !(at > 0 && r->text[at - 1] == '-'))
        used = range_and_unit(r, &first, end);
    return used;
}

static const speak_unit *find_currency(const speak_unit *currencies, const char *text, size_t at,
                                       size_t end, size_t *index)
{
    for (size_t i = 0; currencies != NULL && currencies[i].symbol != NULL; i++) {
        size_t length = strlen(currencies[i].symbol);
        if (length <= end - at && memcmp(text + at, currencies[i].symbol, length) == 0) {
            *index = i;
            return &currencies[i];
        }
    }
    return NULL;
}

/* "5.5 million" or "5.5M": the scale word after an amount, and where it ends. */
static const speak_pair *find_scale(const speak_pair *scales, const char *text, size_t at,
                                    size_t end, size_t *scale_end)
{
    for (int spaced = 0; spaced < 2; spaced++) {
        size_t start = at + (size_t)spaced;
        if (spaced && (start >= end || text[at] != ' '))
            break;
        for (const speak_pair *scale = scales; scale != NULL && scale->written != NULL; scale++) {
            size_t length = strlen(scale->written);
            bool word = length > 2;
            if (word != (spaced == 1) || length > end - start ||
                memcmp(text + start, scale->written, length) != 0 ||
                letter_at(text, start + length, end))
                continue;
            *scale_end = start + length;
            return scale;
        }
    }
    return NULL;
}

static size_t strip_leading_zero(const char *text, size_t at, size_t length, size_t *start)
{
    *start = at;
    while (length > 1 && text[*start] == '0') {
        (*start)++;
        length--;
    }
    return length;
}

/* "$5.5 million" -> "5.5 million dollars", "$3.50" -> "3 dollars and 50 cents". */
size_t tts_rule_currency(rewriter *r, size_t at, size_t end)
{
    const char *text = r->text;
    const speak_language *language = r->language;
    size_t index;
    const speak_unit *currency = find_currency(language->currencies, text, at, end, &index);
    number amount, upper;
    if (currency == NULL || !scan_number(text, at + strlen(currency->symbol), end, &amount))
        return 0;
    size_t i = amount.end;
    bool range = false;
    if (i + 1 < end && text[i] == '-') {
        size_t next = i + 1;
        if (strncmp(text + next, currency->symbol, strlen(currency->symbol)) == 0)
            next += strlen(currency->symbol);
        if (scan_number(text, next, end, &upper)) {
            range = true;
            i = upper.end;
        }
    }
    size_t scale_end;
    const speak_pair *scale = find_scale(language->scales, text, i, end, &scale_end);
    char spoken[200];
    int written = snprintf(spoken, sizeof spoken, "%.*s", (int)(amount.end - amount.start),
                           text + amount.start);
    if (range)
        written += snprintf(spoken + written, sizeof spoken - (size_t)written, " %s %.*s",
                            language->range_to ? language->range_to : "-",
                            (int)(upper.end - upper.start), text + upper.start);
    if (scale != NULL) {
        snprintf(spoken + written, sizeof spoken - (size_t)written, " %s %s", scale->spoken,
                 currency->many);
        i = scale_end;
    } else if (!range && number_has_decimals(&amount) && amount.end - amount.decimals_start == 2 &&
               language->cents != NULL) {
        const speak_unit *cent = &language->cents[index];
        size_t cents_start, cents_length =
            strip_leading_zero(text, amount.decimals_start, 2, &cents_start);
        size_t whole_length = amount.decimals_start - 1 - amount.start;
        bool no_whole = whole_length == 1 && text[amount.start] == '0';
        bool no_cents = cents_length == 1 && text[cents_start] == '0';
        bool one_whole = whole_length == 1 && text[amount.start] == '1';
        bool one_cent = cents_length == 1 && text[cents_start] == '1';
        if (no_whole)
            snprintf(spoken, sizeof spoken, "%.*s %s", (int)cents_length, text + cents_start,
                     one_cent ? cent->one : cent->many);
        else if (no_cents)
            snprintf(spoken, sizeof spoken, "%.*s %s", (int)whole_length, text + amount.start,
                     one_whole ? currency->one : currency->many);
        else
            snprintf(spoken, sizeof spoken, "%.*s %s %s %.*s %s", (int)whole_length,
                     text + amount.start, one_whole ? currency->one : currency->many,
                     language->and_cents, (int)cents_length, text + cents_start,
                     one_cent ? cent->one : cent->many);
    } else {
        bool one = !range && number_is_one(text, &amount);
        snprintf(spoken + written, sizeof spoken - (size_t)written, " %s",
                 one ? currency->one : currency->many);
    }
    return say(r, at, i - at, spoken);
}
