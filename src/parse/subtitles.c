/* subtitles.c: timed cues (SubRip, WebVTT) -> turns. A voice tag or a label
 * at the start of a cue names the speaker, unlabeled cues continue, and one
 * speaker's consecutive cues become one turn that keeps their times. */
#include "parse_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "util/strbuf.h"

static subtitle_cue *last_cue(subtitle_track *track)
{
    return track->count ? &track->cues[track->count - 1] : NULL;
}

bool tts_subtitle_add_cue(subtitle_track *track, double start, double end, size_t source_offset)
{
    if (!TTS_GROW(track->cues, track->capacity, track->count + 1, 64))
        return false;
    track->cues[track->count++] = (subtitle_cue){start, end, source_offset, NULL, 0};
    return true;
}

/* Text that double-encoded UTF-8 turned into "â\u0080\u0094" (seen in real
 * caption files): Latin-1 letters that spell a UTF-8 sequence, one of them
 * a C1 control, which no real text contains. Repaired in place. */
static void repair_double_utf8(char *text)
{
    unsigned char *read = (unsigned char *)text, *write = read;
    while (*read) {
        unsigned char decoded[4];
        size_t count = 0, used = 0;
        bool control = false;
        /* Decode up to four two-byte sequences (U+0080..U+00FF). */
        while (count < 4 && (read[used] == 0xC2 || read[used] == 0xC3) && read[used + 1] >= 0x80 &&
               read[used + 1] <= 0xBF) {
            decoded[count] = (unsigned char)(((read[used] & 0x03) << 6) | (read[used + 1] & 0x3F));
            control |= count > 0 && decoded[count] < 0xA0;
            count++;
            used += 2;
        }
        size_t needed = count == 0                ? 0
                        : decoded[0] >= 0xF0     ? 4
                        : decoded[0] >= 0xE0     ? 3
                        : decoded[0] >= 0xC2     ? 2
                                                 : 0;
        bool valid = needed >= 2 && count >= needed && control;
        for (size_t i = 1; valid && i < needed; i++)
            valid = decoded[i] >= 0x80 && decoded[i] <= 0xBF;
        /* Not an overlong form, a surrogate or past U+10FFFF: those are not UTF-8. */
        if (valid && ((decoded[0] == 0xE0 && decoded[1] < 0xA0) ||
                      (decoded[0] == 0xED && decoded[1] >= 0xA0) ||
                      (decoded[0] == 0xF0 && decoded[1] < 0x90) ||
                      (decoded[0] == 0xF4 && decoded[1] >= 0x90) || decoded[0] > 0xF4))
            valid = false;
        if (valid) {
            memcpy(write, decoded, needed);
            write += needed;
            read += needed * 2;
        } else {
            *write++ = *read++;
        }
    }
    *write = '\0';
}

bool tts_subtitle_add_line(subtitle_track *track, const char *text, size_t length, const char *voice,
                       bool non_speech)
{
    subtitle_cue *cue = last_cue(track);
    if (cue == NULL)
        return true; /* text before the first timing line is not a cue */
    subtitle_line *lines = realloc(cue->lines, (cue->line_count + 1) * sizeof *lines);
    if (lines == NULL)
        return false;
    cue->lines = lines;
    subtitle_line *line = &lines[cue->line_count];
    memset(line, 0, sizeof *line);
    line->text = tts_strndup(text, length);
    line->voice = voice ? tts_strndup(voice, strlen(voice)) : NULL;
    if (line->text == NULL || (voice && line->voice == NULL)) {
        free(line->text);
        free(line->voice);
        return false;
    }
    line->non_speech = non_speech;
    repair_double_utf8(line->text);
    tts_collapse_whitespace(line->text);
    /* ">> NAME:" in broadcast captions and "- " dialogue dashes mark a new speaker. */
    char *body = line->text;
    if (strncmp(body, ">>", 2) == 0 || (body[0] == '-' && body[1] == ' ')) {
        size_t skip = body[0] == '>' ? 2 : 1;
        memmove(body, body + skip, strlen(body + skip) + 1);
        tts_collapse_whitespace(body);
        line->dash = true;
    }
    /* "[laughs]", "(LAUGHTER)", "♪": a sound, not words. */
    size_t text_length = strlen(body);
    if (text_length >= 2 && ((body[0] == '[' && body[text_length - 1] == ']') ||
                             (body[0] == '(' && body[text_length - 1] == ')')))
        line->non_speech = true;
    if (body[0] != '\0')
        cue->line_count++;
    else {
        free(line->text);
        free(line->voice);
    }
    return true;
}

void tts_subtitle_track_free(subtitle_track *track)
{
    for (size_t c = 0; c < track->count; c++) {
        for (size_t l = 0; l < track->cues[c].line_count; l++) {
            free(track->cues[c].lines[l].text);
            free(track->cues[c].lines[l].voice);
        }
        free(track->cues[c].lines);
    }
    free(track->cues);
    memset(track, 0, sizeof *track);
}

/* Only the first line of a cue (or a line after a dialogue dash) can carry
 * a label: "Choose Your Own Adventure:" in the middle of a cue is speech. */
static bool line_can_hold_label(const subtitle_cue *cue, size_t line)
{
    return cue->lines[line].voice == NULL && (line == 0 || cue->lines[line].dash);
}

static bool take_census(const subtitle_track *track, label_census *census)
{
    for (size_t c = 0; c < track->count; c++)
        for (size_t l = 0; l < track->cues[c].line_count; l++) {
            label found;
            if (line_can_hold_label(&track->cues[c], l) &&
                tts_label_parse(track->cues[c].lines[l].text, &found) &&
                !tts_label_census_add(census, &found))
                return false;
        }
    size_t recurring_title = 0;
    for (size_t c = 0; c < track->count; c++)
        for (size_t l = 0; l < track->cues[c].line_count; l++) {
            label found;
            if (line_can_hold_label(&track->cues[c], l) &&
                tts_label_parse(track->cues[c].lines[l].text, &found) &&
                found.shape == LABEL_TITLE && tts_label_census_recurs(census, &found))
                recurring_title++;
        }
    tts_label_census_decide(census, recurring_title);
    return true;
}

typedef struct open_turn {
    bool open;
    int speaker;
    tts_strbuf text;
    double start, end;
    size_t offset;
} open_turn;

static tts_status add_timed_turn(tts_script *out, int speaker, tts_turn_kind kind,
                                 const char *text, size_t length, double start, double end,
                                 size_t offset, tts_error *err)
{
    tts_status status = tts_script_add_turn(out, speaker, kind, text, length, offset, err);
    if (status == TTS_OK) {
        out->turns[out->turn_count - 1].cue_start = start;
        out->turns[out->turn_count - 1].cue_end = end;
    }
    return status;
}

static tts_status close_turn(tts_script *out, open_turn *turn, tts_error *err)
{
    if (!turn->open)
        return TTS_OK;
    turn->open = false;
    tts_status status = add_timed_turn(out, turn->speaker, TTS_TURN_SPEECH, turn->text.data,
                                       turn->text.length, turn->start, turn->end, turn->offset,
                                       err);
    turn->text.length = 0;
    return status;
}

/* Who says this line, and where its words start. */
static tts_status line_speaker(speaker_resolver *resolver, const label_census *census,
                               const subtitle_cue *cue, size_t index, int *speaker,
                               const char **words, tts_error *err)
{
    const subtitle_line *line = &cue->lines[index];
    *words = line->text;
    label found;
    if (line->voice != NULL) {
        /* "<v Juanita Gomez:>Juanita Gomez: Sure." - the voice's own label
         * again at the start of its text is not said twice. */
        char voice_key[sizeof found.name], label_key[sizeof found.name];
        if (tts_label_parse(line->text, &found) && found.shape != LABEL_NOT_SPEAKER) {
            tts_label_upper_key(voice_key, sizeof voice_key, line->voice, strlen(line->voice));
            tts_label_upper_key(label_key, sizeof label_key, found.name, strlen(found.name));
            if (strcmp(voice_key, label_key) == 0) {
                tts_status status = tts_script_add_unspoken(resolver->script, cue->source_offset,
                                                            line->text, found.length,
                                                            TTS_UNSPOKEN_DUPLICATE, err);
                if (status != TTS_OK)
                    return status;
                *words = line->text + found.length;
            }
        }
        return tts_speaker_resolve(resolver, line->voice, line->voice, "", speaker, err);
    }
    /* A label naming a voice of the track is believed however rare: a
     * diarizer's "Speaker 1:" after its <v SPEAKER_1> cues. */
    if (line_can_hold_label(cue, index) && tts_label_parse(line->text, &found) &&
        found.shape != LABEL_NOT_SPEAKER &&
        (tts_label_census_believes(census, &found) ||
         tts_parse_speaker_known(resolver, found.name))) {
        *words = line->text + found.length;
        /* Where in the cue the label stood is not kept: the cue's offset. */
        tts_status status = tts_script_add_unspoken(resolver->script, cue->source_offset,
                                                    line->text, found.length,
                                                    TTS_UNSPOKEN_LABEL, err);
        if (status != TTS_OK)
            return status;
        return tts_speaker_resolve(resolver, found.name, found.raw, found.role, speaker, err);
    }
    return TTS_OK;
}

static tts_status merge_cues(const subtitle_track *track, const label_census *census,
                             tts_script *out, tts_error *err)
{
    speaker_resolver resolver;
    tts_speaker_resolver_init(&resolver, out, true);
    open_turn turn = {0};
    int current = TTS_NARRATOR;
    tts_status status = TTS_OK;
    for (size_t c = 0; c < track->count && status == TTS_OK; c++) {
        const subtitle_cue *cue = &track->cues[c];
        for (size_t l = 0; l < cue->line_count && status == TTS_OK; l++) {
            const subtitle_line *line = &cue->lines[l];
            int speaker = current;
            const char *words;
            status = line_speaker(&resolver, census, cue, l, &speaker, &words, err);
            if (status != TTS_OK || *words == '\0')
                continue;
            if (line->non_speech) {
                status = close_turn(out, &turn, err);
                if (status == TTS_OK)
                    status = add_timed_turn(out, line->voice ? speaker : TTS_NARRATOR,
                                            TTS_TURN_CUE, words, strlen(words), cue->start,
                                            cue->end, cue->source_offset, err);
                continue;
            }
            bool join = turn.open && turn.speaker == speaker && !line->dash;
            if (!join) {
                status = close_turn(out, &turn, err);
                turn = (open_turn){true, speaker, turn.text, cue->start, cue->end,
                                   cue->source_offset};
            } else if (!tts_strbuf_append_char(&turn.text, ' ')) {
                status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory adding a turn");
            }
            if (status == TTS_OK && !tts_strbuf_append_string(&turn.text, words))
                status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory adding a turn");
            if (cue->end > turn.end)
                turn.end = cue->end;
            current = speaker;
        }
    }
    if (status == TTS_OK)
        status = close_turn(out, &turn, err);
    tts_strbuf_free(&turn.text);
    tts_speaker_resolver_free(&resolver);
    return status;
}

tts_status tts_subtitle_track_to_script(const char *name, const subtitle_track *track,
                                    tts_script *out, tts_error *err)
{
    label_census *census = tts_label_census_new();
    if (census == NULL || !take_census(track, census)) {
        tts_label_census_free(census);
        return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", name);
    }
    tts_status status = merge_cues(track, census, out, err);
    tts_label_census_free(census);
    return status;
}
