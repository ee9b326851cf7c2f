/* speak.c: rewrites each turn's text into what a listener should hear:
 * editorial marks such as "(ph)" dropped, cues paused or read aloud. */
#include "ttsread/speak.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/strbuf.h"

/* Parenthesized marks that are for readers only. */
static const char *const editorial_marks[] = {"(ph)", "(sic)", "(ph.)", "(inaudible)", "[sic]"};

static char *spoken_speech(const char *text)
{
    tts_strbuf out = TTS_STRBUF_INIT;
    for (const char *p = text; *p;) {
        size_t skip = 0;
        for (size_t i = 0; i < sizeof editorial_marks / sizeof editorial_marks[0] && !skip; i++)
            if (strncasecmp(p, editorial_marks[i], strlen(editorial_marks[i])) == 0)
                skip = strlen(editorial_marks[i]);
        if (skip) {
            p += skip;
            continue;
        }
        if (!tts_strbuf_append_char(&out, *p)) {
            tts_strbuf_free(&out);
            return NULL;
        }
        p++;
    }
    char *result = tts_strbuf_detach(&out);
    if (result != NULL)
        tts_collapse_whitespace(result);
    return result;
}

/* "(SOUNDBITE OF MUSIC)" -> "Soundbite of music." */
static char *spoken_cue(const char *text)
{
    size_t length = strlen(text);
    char *result = malloc(length + 2);
    if (result == NULL)
        return NULL;
    size_t out = 0;
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '(' || c == ')' || c == '[' || c == ']')
            continue;
        result[out] = (char)(out == 0 ? toupper(c) : tolower(c));
        out++;
    }
    result[out++] = '.';
    result[out] = '\0';
    tts_collapse_whitespace(result);
    return result;
}

tts_status tts_speak_script(tts_script *script, const tts_speak_options *options, tts_error *err)
{
    for (size_t i = 0; i < script->turn_count; i++) {
        tts_turn *turn = &script->turns[i];
        free(turn->spoken);
        if (turn->kind == TTS_TURN_CUE)
            turn->spoken = options->cues == TTS_CUES_READ ? spoken_cue(turn->text) : calloc(1, 1);
        else
            turn->spoken = spoken_speech(turn->text);
        if (turn->spoken == NULL)
            return tts_error_set(err, TTS_ERR_NOMEM, "out of memory preparing turn %zu", i + 1);
    }
    return TTS_OK;
}
