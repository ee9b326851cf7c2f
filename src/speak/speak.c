/* speak.c: the speak stage: fills each turn's spoken text and its map back to
 * the written text; cue turns are paused, read by the narrator or skipped. */
#include "ttsread/speak.h"

#include <ctype.h>
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

/* "00:07:29", "1:02:03.5": a recording's time, digits and colons only. */
static bool is_timecode(const char *text, size_t length)
{
    size_t colons = 0, digits = 0;
    for (size_t i = 0; i < length; i++) {
        if (isdigit((unsigned char)text[i]))
            digits++;
        else if (text[i] == ':')
            colons++;
        else if (text[i] != '.' && text[i] != ',')
            return false;
    }
    return digits > 0 && colons > 0;
}

/* Whether text[0, length) holds a word's character: an ASCII letter or
 * digit, or a non-ASCII character outside Latin-1's and the general
 * punctuation blocks (dashes, quotes, ellipses are no words). */
static bool holds_word(const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        if (isalnum(c))
            return true;
        if (c < 0xC0)
            continue; /* ASCII punctuation, or a continuation byte */
        bool punctuation = (c == 0xC2) || (c == 0xE2 && i + 1 < length &&
                                           ((unsigned char)text[i + 1] == 0x80 ||
                                            (unsigned char)text[i + 1] == 0x81));
        if (!punctuation)
            return true;
    }
    return false;
}

/* Lists turn->text[start, end), trimmed of brackets and quotes, as unspoken. */
static tts_status add_unspoken(tts_script *script, const tts_turn *turn, size_t start, size_t end,
                               tts_error *err)
{
    while (start < end && strchr(" \t\n([{<\"'*_-", turn->text[start]) != NULL)
        start++;
    while (end > start && strchr(" \t\n)]}>\"'*_-.,;:", turn->text[end - 1]) != NULL)
        end--;
    tts_unspoken_reason reason = is_timecode(turn->text + start, end - start)
                                     ? TTS_UNSPOKEN_TIMESTAMP
                                     : TTS_UNSPOKEN_NOTE;
    return tts_script_add_unspoken(script, turn->source_offset + start, turn->text + start,
                                   end - start, reason, err);
}

/* Written words that no spoken piece covers ("(ph)", a timecode inside
 * speech), or that a piece says as no words (a "[Laughter]" said as a
 * pause), were left out here: they go on the script's unspoken list, so
 * that nothing is dropped without a word. */
static tts_status account_unspoken(tts_script *script, const tts_turn *turn, tts_error *err)
{
    const tts_spoken_map *map = turn->spoken_map;
    size_t length = strlen(turn->text), covered = 0;
    tts_status status = TTS_OK;
    for (size_t p = 0; map != NULL && p <= map->count && status == TTS_OK; p++) {
        size_t next = p < map->count ? map->pieces[p].text_offset : length;
        if (next > covered && holds_word(turn->text + covered, next - covered))
            status = add_unspoken(script, turn, covered, next, err);
        if (p == map->count || status != TTS_OK)
            break;
        const tts_spoken_piece *piece = &map->pieces[p];
        size_t said_end = p + 1 < map->count ? map->pieces[p + 1].spoken_offset
                                             : strlen(turn->spoken);
        if (!piece->verbatim && holds_word(turn->text + piece->text_offset, piece->text_length) &&
            !holds_word(turn->spoken + piece->spoken_offset, said_end - piece->spoken_offset))
            status = add_unspoken(script, turn, piece->text_offset,
                                  piece->text_offset + piece->text_length, err);
        if (piece->text_offset + piece->text_length > covered)
            covered = piece->text_offset + piece->text_length;
    }
    return status;
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
        if (turn->text != NULL && (status = account_unspoken(script, turn, err)) != TTS_OK)
            return status;
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
