/* speak.c: the speak stage: fills each turn's spoken text and its map back to
 * the written text; cue turns are paused, read by the narrator or skipped. */
#include "ttsread/speak.h"

#include <stdlib.h>
#include <string.h>

#include "speak_internal.h"

static bool is_letter(char c)
{
    return tts_speak_is_upper((unsigned char)c) || (c >= 'a' && c <= 'z');
}

static bool has_vowel(const char *word, size_t length)
{
    for (size_t i = 0; i < length; i++)
        if (strchr("AEIOUY", word[i]) != NULL)
            return true;
    return false;
}

/* The narrator reads "(SOUNDBITE OF MUSIC)" as the sentence "Soundbite of music.":
 * capitals that form words are lowered (in place, so the map still holds),
 * while acronyms without vowels ("NPR") keep theirs. */
static void read_as_sentence(rewriter *r)
{
    char *spoken = r->out.spoken.data;
    size_t length = r->out.spoken.length;
    for (size_t i = 0; i < length;) {
        if (spoken[i] == '[' && i + 1 < length && spoken[i + 1] == '[') {
            /* a lexicon's phonemes: their letter case is their meaning */
            const char *close = strstr(spoken + i, "]]");
            i = close != NULL ? (size_t)(close - spoken) + 2 : length;
            continue;
        }
        size_t word = i;
        while (i < length && (is_letter(spoken[i]) ||
                              (spoken[i] == '\'' && i > word && is_letter(spoken[i + 1]))))
            i++;
        bool capitals = i - word >= 2;
        for (size_t k = word; k < i && capitals; k++)
            capitals = !(spoken[k] >= 'a' && spoken[k] <= 'z');
        if (capitals && has_vowel(spoken + word, i - word))
            for (size_t k = word; k < i; k++)
                if (tts_speak_is_upper((unsigned char)spoken[k]))
                    spoken[k] = (char)(spoken[k] - 'A' + 'a');
        if (i == word)
            i++;
    }
    if (length > 0 && spoken[0] >= 'a' && spoken[0] <= 'z')
        spoken[0] = (char)(spoken[0] - 'a' + 'A');
    char last = tts_builder_last(&r->out);
    if (length > 0 && strchr(".!?:;,", last) == NULL)
        tts_builder_say(&r->out, r->length, 0, ".");
}

tts_status tts_speak_text(const char *text, tts_turn_kind kind, const char *lang,
                          const tts_speak_options *options, char **spoken, tts_spoken_map **map,
                          tts_error *err)
{
    static const tts_speak_options defaults;
    if (options == NULL)
        options = &defaults;
    rewriter r;
    bool ok = tts_rewriter_init(&r, text, tts_speak_language_for(lang), options);
    r.lang = lang;
    /* A cue turn is a pause (the mix leaves the gap) unless the narrator reads it. */
    if (ok && (kind != TTS_TURN_CUE || options->cues == TTS_CUES_READ)) {
        r.reading_cue = kind == TTS_TURN_CUE;
        tts_rewrite_range(&r, 0, r.length);
        if (r.reading_cue && !r.out.failed)
            read_as_sentence(&r);
    }
    ok = ok && tts_builder_finish(&r.out, spoken, map);
    tts_rewriter_free(&r);
    if (!ok)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory preparing speech");
    return TTS_OK;
}

tts_status tts_speak_script(tts_script *script, const tts_speak_options *options, tts_error *err)
{
    for (size_t i = 0; i < script->turn_count; i++) {
        tts_turn *turn = &script->turns[i];
        free(turn->spoken);
        free(turn->spoken_map);
        turn->spoken = NULL;
        turn->spoken_map = NULL;
        tts_status status = tts_speak_text(turn->text, turn->kind, script->lang, options,
                                           &turn->spoken, &turn->spoken_map, err);
        if (status != TTS_OK)
            return tts_error_set(err, status, "out of memory preparing turn %zu", i + 1);
    }
    return TTS_OK;
}

/* The piece holding spoken byte `offset`: the last one starting at or before it. */
static const tts_spoken_piece *piece_at(const tts_spoken_map *map, size_t offset)
{
    size_t low = 0, high = map->count;
    while (high - low > 1) {
        size_t middle = low + (high - low) / 2;
        if (map->pieces[middle].spoken_offset <= offset)
            low = middle;
        else
            high = middle;
    }
    return &map->pieces[low];
}

void tts_speak_text_span(const tts_spoken_map *map, size_t text_length, size_t spoken_offset,
                         size_t spoken_length, size_t *text_offset, size_t *text_span_length)
{
    size_t start, end;
    if (map == NULL || map->count == 0) {
        start = spoken_offset;
        end = spoken_offset + spoken_length;
    } else {
        const tts_spoken_piece *first = piece_at(map, spoken_offset);
        start = first->verbatim ? first->text_offset + (spoken_offset - first->spoken_offset)
                                : first->text_offset;
        end = start;
        if (spoken_length > 0) {
            size_t last_byte = spoken_offset + spoken_length - 1;
            const tts_spoken_piece *last = piece_at(map, last_byte);
            end = last->verbatim ? last->text_offset + (last_byte - last->spoken_offset) + 1
                                 : last->text_offset + last->text_length;
        }
    }
    if (start > text_length)
        start = text_length;
    if (end > text_length)
        end = text_length;
    *text_offset = start;
    *text_span_length = end > start ? end - start : 0;
}
