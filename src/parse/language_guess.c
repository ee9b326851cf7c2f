/* language_guess.c: the language a script's speech is written in, for inputs
 * that do not say; libexttextcat's n-gram fingerprints (only this file includes it). */
#include "parse_internal.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <textcat.h>

#include "util/strbuf.h"

#ifndef TTS_TEXTCAT_DIR
#define TTS_TEXTCAT_DIR "/usr/share/libexttextcat/"
#endif

/* textcat's ids are "lang-COUNTRY-encoding" ("es--utf8", "zh-CN-utf8");
 * those that are not already BCP 47 once the encoding is gone are here. */
static const struct {
    const char *textcat, *tag;
} renamed[] = {
    {"az-cyrillic", "az-Cyrl"},
    {"gug", "gn"},      /* Paraguayan Guaraní: eSpeak NG's gn is that Guaraní */
    {"sh", "sr-Latn"},  /* Serbo-Croatian, retired from ISO 639-1 */
};

bool tts_language_tag_of_textcat(const char *name, char *tag, size_t tag_size)
{
    if (tag_size > 0)
        tag[0] = '\0';
    if (name == NULL || tag_size == 0)
        return false;
    size_t length = strlen(name);
    if (length > 0 && name[0] == '[') { /* one entry of textcat_Classify's "[es--utf8][gl--utf8]" */
        name++;
        length = strcspn(name, "]");
    }
    static const char suffix[] = "-utf8";
    if (length >= sizeof suffix && strncasecmp(name + length - (sizeof suffix - 1), suffix,
                                               sizeof suffix - 1) == 0)
        length -= sizeof suffix - 1;
    while (length > 0 && name[length - 1] == '-') /* "es-" of "es--utf8": no country */
        length--;
    /* "SHORT", "UNKNOWN" and anything else that is not a language subtag. */
    size_t primary = strcspn(name, "-");
    if (primary > length)
        primary = length;
    if (primary < 2 || primary > 3)
        return false;
    for (size_t i = 0; i < length; i++) {
        char c = name[i];
        bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z';
        bool digit = c >= '0' && c <= '9';
        if (i < primary ? !lower : !(lower || upper || digit || c == '-'))
            return false;
    }
    for (size_t i = 0; i < sizeof renamed / sizeof renamed[0]; i++)
        if (strlen(renamed[i].textcat) == length && strncmp(renamed[i].textcat, name, length) == 0)
            return (size_t)snprintf(tag, tag_size, "%s", renamed[i].tag) < tag_size;
    if (length >= tag_size) {
        tag[0] = '\0';
        return false;
    }
    memcpy(tag, name, length);
    tag[length] = '\0';
    return true;
}

static void *load_fingerprints(void)
{
    return special_textcat_Init(TTS_TEXTCAT_DIR "fpdb.conf", TTS_TEXTCAT_DIR);
}

static bool is_english(const char *tag)
{
    return strncmp(tag, "en", 2) == 0 && (tag[2] == '\0' || tag[2] == '-');
}

static size_t count_letters(const char *text, size_t length)
{
    size_t letters = 0;
    for (size_t at = 0; at < length;) {
        size_t bytes;
        tts_parse_letter letter = tts_parse_letter_at(text + at, length - at, &bytes);
        letters += letter != TTS_PARSE_OTHER;
        at += bytes ? bytes : 1;
    }
    return letters;
}

/* English words that are not also common words of other Latin-script
 * languages ("a", "in", "is", "was", "to", "for" are left out: Spanish,
 * German, Dutch, Polish, Danish use them too). */
static const char *const english_function_words[] = {
    "the", "and", "of", "that", "it", "you", "with", "this", "have", "are", "they", "we",
    "not", "but", "what", "be", "he", "she", "his", "her", "from", "will", "would", "there",
    "their",
};

/* The share of the sample's words that are English function words. In
 * running English they are a fifth to a quarter of the words (the corpus:
 * 12 % at the least), in other languages next to none; ENGLISH_SHARE and
 * up settles English without loading textcat's fingerprints, which is most
 * of a guess's cost and would otherwise delay the first sound of --play. */
#define ENGLISH_SHARE 0.10
#define ENGLISH_SHARE_MIN_WORDS 100

static double english_word_share(const char *text, size_t length, size_t *words_out)
{
    size_t words = 0, english = 0;
    for (size_t at = 0; at < length;) {
        size_t start = at;
        while (at < length && ((text[at] >= 'a' && text[at] <= 'z') ||
                               (text[at] >= 'A' && text[at] <= 'Z') || (text[at] & 0x80)))
            at++;
        if (at == start) {
            at++;
            continue;
        }
        words++;
        for (size_t w = 0; w < sizeof english_function_words / sizeof english_function_words[0]; w++)
            if (strlen(english_function_words[w]) == at - start &&
                strncasecmp(text + start, english_function_words[w], at - start) == 0) {
                english++;
                break;
            }
    }
    *words_out = words;
    return words > 0 ? (double)english / (double)words : 0;
}

tts_status tts_language_guess(const char *name, const char *text, size_t length, char *tag_out,
                              size_t tag_size, double *confidence_out, tts_error *err)
{
    if (tag_size > 0)
        tag_out[0] = '\0';
    *confidence_out = 0;
    size_t letters = count_letters(text, length);
    if (letters < TTS_LANGUAGE_GUESS_MIN_LETTERS)
        return tts_error_set(err, TTS_ERR_EMPTY, "%s: only %zu letters of speech, %d needed",
                             name, letters, TTS_LANGUAGE_GUESS_MIN_LETTERS);
    size_t words;
    if (english_word_share(text, length, &words) >= ENGLISH_SHARE &&
        words >= ENGLISH_SHARE_MIN_WORDS) {
        if ((size_t)snprintf(tag_out, tag_size, "en") >= tag_size)
            return tts_error_set(err, TTS_ERR_TOO_LARGE, "%s: language tag en too long", name);
        *confidence_out = 1.0;
        return TTS_OK;
    }
    /* Loading the 163 fingerprints is most of the cost (about 15 ms CPU; the
     * 4 KB sample adds 1 to 3), so it happens here, for inputs that need it. */
    void *textcat = load_fingerprints();
    if (textcat == NULL)
        return tts_error_set(err, TTS_ERR_NOT_FOUND, "%s: cannot read the language fingerprints %s",
                             name, TTS_TEXTCAT_DIR "fpdb.conf");
    textcat_SetProperty(textcat, TCPROP_UTF8AWARE, TC_TRUE);
    candidate_t *candidates = textcat_GetClassifyFullOutput(textcat);
    if (candidates == NULL) {
        textcat_Done(textcat);
        return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory guessing the language", name);
    }
    int count = textcat_ClassifyFull(textcat, text, length, candidates);
    tts_status status = TTS_OK;
    char first[32] = "", english_rival[32] = "";
    if (count > 0 && !tts_language_tag_of_textcat(candidates[0].name, first, sizeof first))
        first[0] = '\0';
    for (int i = 1; i < count && first[0] != '\0' && !is_english(first); i++) {
        char tag[32];
        if (tts_language_tag_of_textcat(candidates[i].name, tag, sizeof tag) && is_english(tag))
            snprintf(english_rival, sizeof english_rival, "%s", tag);
    }
    if (count == TEXTCAT_RESULT_SHORT)
        status = tts_error_set(err, TTS_ERR_EMPTY, "%s: too little text for the fingerprints",
                               name);
    else if (count <= 0) /* textcat's UNKNOWN: like none, or like more than 5 alike */
        status = tts_error_set(err, TTS_ERR_PARSE, "%s: the text is like no one language known",
                               name);
    else if (first[0] == '\0')
        status = tts_error_set(err, TTS_ERR_PARSE, "%s: no language tag for %s", name,
                               candidates[0].name);
    else if (english_rival[0] != '\0') /* a near tie with the default is no reason to leave it */
        status = tts_error_set(err, TTS_ERR_PARSE, "%s: %s and %s are too alike to tell apart",
                               name, first, english_rival);
    else if ((size_t)snprintf(tag_out, tag_size, "%s", first) >= tag_size)
        status = tts_error_set(err, TTS_ERR_TOO_LARGE, "%s: language tag %s too long", name,
                               first);
    else /* textcat lists the languages within 3% of the best: a tie shares the confidence */
        *confidence_out = 1.0 / count;
    textcat_ReleaseClassifyFullOutput(textcat, candidates);
    textcat_Done(textcat);
    if (status != TTS_OK && tag_size > 0)
        tag_out[0] = '\0';
    return status;
}

tts_status tts_language_guess_script(const tts_script *script, const char *name, char *tag_out,
                                     size_t tag_size, double *confidence_out, tts_error *err)
{
    /* Speech only: titles and cues are short and often in the site's or the
     * transcriber's conventions rather than the story's language. */
    tts_strbuf sample = TTS_STRBUF_INIT;
    for (size_t t = 0; t < script->turn_count && sample.length < TTS_LANGUAGE_GUESS_SAMPLE; t++) {
        const tts_turn *turn = &script->turns[t];
        if (turn->kind != TTS_TURN_SPEECH || turn->text == NULL)
            continue;
        size_t room = TTS_LANGUAGE_GUESS_SAMPLE - sample.length;
        size_t take = strlen(turn->text);
        if (take > room) { /* whole characters only */
            take = room;
            while (take > 0 && ((unsigned char)turn->text[take] & 0xC0) == 0x80)
                take--;
        }
        if ((sample.length > 0 && !tts_strbuf_append(&sample, "\n", 1)) ||
            !tts_strbuf_append(&sample, turn->text, take)) {
            tts_strbuf_free(&sample);
            return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory guessing the language",
                                 name);
        }
    }
    tts_status status = tts_language_guess(name, sample.data ? sample.data : "", sample.length,
                                           tag_out, tag_size, confidence_out, err);
    tts_strbuf_free(&sample);
    return status;
}
