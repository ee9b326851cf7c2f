/* languages.c: finds the rule table for a language tag. A language without
 * a table of its own gets the neutral one: structure only, no words. */
#include <string.h>
#include <strings.h>

#include "speak_internal.h"

/* Marks every transcript tradition shares. */
static const char *const neutral_editorial_marks[] = {"sic", "sic.", "?", NULL};

/* No words at all: brackets, tags, timestamps and URLs are still handled,
 * and what would need a word is left for eSpeak NG to read in its language. */
const speak_language tts_speak_language_neutral = {
    .code = "",
    .editorial_marks = neutral_editorial_marks,
};

static const speak_language *const languages[] = {&tts_speak_language_english};

const char *const tts_speak_top_level_domains[] = {
    "ai", "app", "au", "biz", "ca", "co", "com", "de", "dev", "edu", "eu", "fm", "foundation",
    "fr", "gov", "info", "io", "ly", "me", "mil", "net", "news", "nz", "org", "social", "tech",
    "tv", "uk", "us", "wtf", "xyz", NULL,
};

const speak_language *tts_speak_language_for(const char *lang)
{
    if (lang == NULL)
        return &tts_speak_language_english;
    size_t primary = strcspn(lang, "-_");
    for (size_t i = 0; i < sizeof languages / sizeof languages[0]; i++)
        if (strlen(languages[i]->code) == primary &&
            strncasecmp(languages[i]->code, lang, primary) == 0)
            return languages[i];
    return &tts_speak_language_neutral;
}
