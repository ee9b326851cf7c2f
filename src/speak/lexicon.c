/* lexicon.c: the user's pronunciations ("Nguyen = win", "Nguyen = [[w'In]]"),
 * read from lexicon files and the [lexicon] sections of cast files, and the
 * rule that says them in place of whole written words, keeping the map back. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "speak_internal.h"
#include "ttsread/ini.h"
#include "util/grow.h"

/* Longer words or phrases cannot come from one INI line anyway. */
#define MAX_WRITTEN 200
#define MAX_TOKEN 64

typedef struct lexicon_entry {
    char *written;       /* as in the file, each run of spaces one space */
    char *spoken;        /* the respelling, or "[[phonemes]]" */
    char lang[32];       /* "fr", "pt-BR", or "" for every language */
    char first[MAX_TOKEN]; /* the folded first token of written: the sort key */
    bool exact_case;     /* written has a capital: only that spelling matches */
    size_t rank;         /* order of reading: at a tie the later entry wins */
} lexicon_entry;

struct tts_lexicon {
    lexicon_entry *entries; /* by first token, then rank */
    size_t count, capacity;
};

/* ---- letters, case and tokens ---- */

/* A byte that is part of a word: an ASCII letter or digit, or a non-ASCII
 * character other than general punctuation (U+2000-U+206F: the curly
 * apostrophe of "Nguyen’s", dashes) and the no-break space. */
static bool letter_at(const char *text, size_t at, size_t end)
{
    unsigned char c = (unsigned char)text[at];
    if (c < 0x80)
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    if (c == 0xe2 && at + 1 < end && ((unsigned char)text[at + 1] & 0xfe) == 0x80)
        return false;
    if (c == 0xc2 && at + 1 < end && (unsigned char)text[at + 1] == 0xa0)
        return false;
    /* a continuation byte belongs to the character before it */
    return true;
}

static bool space_at(const char *text, size_t at, size_t end, size_t *length)
{
    if (tts_speak_is_space((unsigned char)text[at])) {
        *length = 1;
        return true;
    }
    if ((unsigned char)text[at] == 0xc2 && at + 1 < end && (unsigned char)text[at + 1] == 0xa0) {
        *length = 2;
        return true;
    }
    return false;
}

/* Case is folded for ASCII and for the Latin-1 capitals (À..Þ, two bytes
 * C3 80..9E but the sign ×), which covers the names of Western Europe. */
static unsigned char fold(const char *text, size_t at)
{
    unsigned char c = (unsigned char)text[at];
    if (c >= 'A' && c <= 'Z')
        return (unsigned char)(c + 32);
    if (at > 0 && (unsigned char)text[at - 1] == 0xc3 && c >= 0x80 && c <= 0x9e && c != 0x97)
        return (unsigned char)(c + 32);
    return c;
}

static bool has_capital(const char *text)
{
    for (size_t i = 0; text[i]; i++)
        if (fold(text, i) != (unsigned char)text[i])
            return true;
    return false;
}

/* The folded first token at text[at]: a run of letters, or one character
 * that is none. False when it is longer than MAX_TOKEN - 1 bytes. */
static bool first_token(const char *text, size_t at, size_t end, char token[MAX_TOKEN])
{
    size_t length = 0;
    if (at < end && letter_at(text, at, end))
        while (at + length < end && letter_at(text, at + length, end))
            length++;
    else if (at < end)
        length = tts_speak_utf8_length(text, at, end);
    if (length >= MAX_TOKEN)
        return false;
    for (size_t i = 0; i < length; i++)
        token[i] = (char)fold(text, at + i);
    token[length] = '\0';
    return true;
}

/* ---- the table ---- */

tts_status tts_lexicon_new(tts_lexicon **out, tts_error *err)
{
    *out = calloc(1, sizeof **out);
    return *out ? TTS_OK : tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
}

void tts_lexicon_free(tts_lexicon *lexicon)
{
    if (lexicon == NULL)
        return;
    for (size_t i = 0; i < lexicon->count; i++) {
        free(lexicon->entries[i].written);
        free(lexicon->entries[i].spoken);
    }
    free(lexicon->entries);
    free(lexicon);
}

size_t tts_lexicon_count(const tts_lexicon *lexicon)
{
    return lexicon ? lexicon->count : 0;
}

static int compare_entries(const void *a, const void *b)
{
    const lexicon_entry *left = a, *right = b;
    int order = strcmp(left->first, right->first);
    if (order != 0)
        return order;
    return left->rank < right->rank ? -1 : left->rank > right->rank;
}

typedef struct lexicon_reading {
    tts_lexicon *lexicon;
    bool cast_file; /* only the [lexicon] sections are ours; the rest are speakers */
} lexicon_reading;

/* "lexicon" -> "", "lexicon.pt-BR" -> "pt-BR"; false for any other section. */
static bool lexicon_section(const char *section, char lang[32])
{
    if (strcmp(section, "lexicon") == 0) {
        lang[0] = '\0';
        return true;
    }
    if (strncmp(section, "lexicon.", 8) != 0)
        return false;
    const char *tag = section + 8;
    size_t length = strlen(tag);
    if (length == 0 || length > 31 ||
        strspn(tag, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != length)
        return false;
    memcpy(lang, tag, length + 1);
    return true;
}

/* A respelling, or phonemes alone: "[[...]]" with no bracket inside, since
 * eSpeak NG would read any other bracket as the start or end of phonemes. */
static bool spoken_valid(const char *value)
{
    if (strpbrk(value, "[]") == NULL)
        return true;
    size_t length = strlen(value);
    return length > 4 && strncmp(value, "[[", 2) == 0 && strcmp(value + length - 2, "]]") == 0 &&
           strpbrk(value + 2, "[]") == value + length - 2 &&
           strspn(value + 2, " \t") < length - 4;
}

/* "New   York" -> "New York". */
static char *collapse_spaces(const char *key)
{
    char *written = malloc(strlen(key) + 1);
    if (written == NULL)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; key[i]; i++) {
        size_t space;
        if (space_at(key, i, strlen(key), &space)) {
            if (n > 0 && written[n - 1] != ' ')
                written[n++] = ' ';
            i += space - 1;
        } else {
            written[n++] = key[i];
        }
    }
    while (n > 0 && written[n - 1] == ' ')
        n--;
    written[n] = '\0';
    return written;
}

static bool read_entry(void *user, const tts_ini_entry *line, tts_error *err)
{
    lexicon_reading *reading = user;
    tts_lexicon *lexicon = reading->lexicon;
    char lang[32] = "";
    if (!lexicon_section(line->section, lang)) {
        if (reading->cast_file) /* a speaker's section: the cast stage reads it */
            return true;
        if (line->section[0] != '\0') {
            tts_error_set(err, TTS_ERR_USAGE,
                          "unknown section [%s] (expected [lexicon] or [lexicon.LANG], as "
                          "[lexicon.fr])",
                          line->section);
            return false;
        }
    }
    if (reading->cast_file && line->section[0] == '\0')
        return true; /* the cast stage refuses it, with its own words */
    if (strlen(line->key) > MAX_WRITTEN) {
        tts_error_set(err, TTS_ERR_USAGE, "word or phrase longer than %d bytes", MAX_WRITTEN);
        return false;
    }
    if (line->value[0] == '\0') {
        tts_error_set(err, TTS_ERR_USAGE,
                      "no pronunciation for '%s' (expected word = respelling or word = "
                      "[[phonemes]])",
                      line->key);
        return false;
    }
    if (!spoken_valid(line->value)) {
        tts_error_set(err, TTS_ERR_USAGE,
                      "bad pronunciation '%s' for '%s' (phonemes go alone in [[ ]], as "
                      "[[w'In]]; a respelling has no brackets)",
                      line->value, line->key);
        return false;
    }
    if (!TTS_GROW(lexicon->entries, lexicon->capacity, lexicon->count + 1, 16)) {
        tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
        return false;
    }
    lexicon_entry *entry = &lexicon->entries[lexicon->count];
    memset(entry, 0, sizeof *entry);
    entry->written = collapse_spaces(line->key);
    entry->spoken = tts_strndup(line->value, strlen(line->value));
    if (entry->written == NULL || entry->spoken == NULL) {
        free(entry->written);
        free(entry->spoken);
        tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
        return false;
    }
    if (!first_token(entry->written, 0, strlen(entry->written), entry->first)) {
        free(entry->written);
        free(entry->spoken);
        tts_error_set(err, TTS_ERR_USAGE, "a word of '%s' is longer than %d bytes", line->key,
                      MAX_TOKEN - 1);
        return false;
    }
    memcpy(entry->lang, lang, sizeof entry->lang);
    entry->exact_case = has_capital(entry->written);
    entry->rank = lexicon->count; /* rises across files too: the later entry wins a tie */
    lexicon->count++;
    return true;
}

tts_status tts_lexicon_load(tts_lexicon *lexicon, const char *path, bool cast_file,
                            tts_error *err)
{
    lexicon_reading reading = {lexicon, cast_file};
    tts_status status = tts_ini_read(path, read_entry, &reading, err);
    if (lexicon->count > 1)
        qsort(lexicon->entries, lexicon->count, sizeof *lexicon->entries, compare_entries);
    if (status == TTS_ERR_PARSE || status == TTS_ERR_USAGE)
        err->code = status = cast_file ? TTS_ERR_CAST : TTS_ERR_USAGE;
    return status;
}

/* ---- the rule ---- */

/* "fr" is for "fr" and "fr-CA"; "pt-BR" for "pt-BR" alone. No tag means English. */
static bool language_matches(const char *entry_lang, const char *lang)
{
    if (entry_lang[0] == '\0')
        return true;
    if (lang == NULL)
        lang = "en";
    size_t length = strlen(entry_lang);
    if (strlen(lang) < length)
        return false;
    for (size_t i = 0; i < length; i++) {
        char a = entry_lang[i] == '_' ? '-' : entry_lang[i], b = lang[i] == '_' ? '-' : lang[i];
        if ((a | 0x20) != (b | 0x20) && !(a == '-' && b == '-'))
            return false;
    }
    return lang[length] == '\0' || lang[length] == '-' || lang[length] == '_';
}

/* The bytes of text[at, end) that entry matches as whole words, or 0. A
 * space of the entry matches any run of spaces and line breaks. */
static size_t match_entry(const lexicon_entry *entry, const char *text, size_t at, size_t end)
{
    size_t i = at;
    for (size_t k = 0; entry->written[k]; k++) {
        size_t space;
        if (entry->written[k] == ' ') {
            if (i >= end || !space_at(text, i, end, &space))
                return 0;
            while (i < end && space_at(text, i, end, &space))
                i += space;
            continue;
        }
        if (i >= end)
            return 0;
        bool same = entry->exact_case ? entry->written[k] == text[i]
                                      : fold(entry->written, k) == fold(text, i);
        if (!same)
            return 0;
        i++;
    }
    size_t last = strlen(entry->written) - 1;
    if (i < end && letter_at(entry->written, last, last + 1) && letter_at(text, i, end) &&
        ((unsigned char)text[i] & 0xc0) != 0x80)
        return 0; /* "Nguyen" is not said inside "Nguyens" */
    if (i < end && ((unsigned char)text[i] & 0xc0) == 0x80)
        return 0; /* never end inside a character */
    return i - at;
}

/* Which of two matching entries says the words: the longer match, then
 * the one for this language, then the one spelled with capitals, then the
 * later one. */
static bool better(const lexicon_entry *candidate, size_t length, const lexicon_entry *best,
                   size_t best_length)
{
    if (best == NULL || length != best_length)
        return best == NULL || length > best_length;
    if ((candidate->lang[0] != '\0') != (best->lang[0] != '\0'))
        return candidate->lang[0] != '\0';
    if (candidate->exact_case != best->exact_case)
        return candidate->exact_case;
    return candidate->rank > best->rank;
}

size_t tts_rule_lexicon(rewriter *r, size_t at, size_t end)
{
    const tts_lexicon *lexicon = r->options->lexicon;
    if (lexicon == NULL || lexicon->count == 0)
        return 0;
    const char *text = r->text;
    if (at > 0 && letter_at(text, at - 1, end) && letter_at(text, at, end))
        return 0; /* inside a word */
    if (((unsigned char)text[at] & 0xc0) == 0x80)
        return 0;
    char token[MAX_TOKEN];
    if (!first_token(text, at, end, token) || token[0] == '\0')
        return 0;
    size_t low = 0, high = lexicon->count;
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        if (strcmp(lexicon->entries[middle].first, token) < 0)
            low = middle + 1;
        else
            high = middle;
    }
    const lexicon_entry *best = NULL;
    size_t best_length = 0;
    for (size_t i = low; i < lexicon->count && strcmp(lexicon->entries[i].first, token) == 0; i++) {
        const lexicon_entry *entry = &lexicon->entries[i];
        if (!language_matches(entry->lang, r->lang))
            continue;
        size_t length = match_entry(entry, text, at, end);
        if (length > 0 && better(entry, length, best, best_length)) {
            best = entry;
            best_length = length;
        }
    }
    if (best == NULL)
        return 0;
    tts_builder_say(&r->out, at, best_length, best->spoken);
    return best_length;
}

tts_status tts_lexicon_say(const tts_lexicon *lexicon, const char *text, const char *lang,
                           char **spoken, tts_error *err)
{
    tts_speak_options options = {.lexicon = lexicon};
    rewriter r;
    bool ok = tts_rewriter_init(&r, text, tts_speak_language_for(lang), &options);
    r.lang = lang;
    for (size_t at = 0; ok && at < r.length && !r.out.failed;) {
        size_t used = tts_rule_lexicon(&r, at, r.length);
        if (used == 0) { /* anything else goes as it is */
            used = tts_speak_utf8_length(text, at, r.length);
            tts_builder_copy(&r.out, at, used);
        }
        at += used;
    }
    ok = ok && tts_builder_finish(&r.out, spoken, NULL);
    tts_rewriter_free(&r);
    return ok ? TTS_OK : tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
}
