/* captions.c: timed captions from the finished timeline: WebVTT with
 * <v Speaker> voice tags, SubRip, or JSON (through json.c). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sink_internal.h"

static uint64_t milliseconds_of(uint64_t sample, int rate)
{
    return (sample * 1000 + (uint64_t)rate / 2) / (uint64_t)rate;
}

static void format_time(char *out, size_t size, uint64_t sample, int rate, char separator)
{
    uint64_t milliseconds = milliseconds_of(sample, rate);
    snprintf(out, size, "%02llu:%02llu:%02llu%c%03llu",
             (unsigned long long)(milliseconds / 3600000),
             (unsigned long long)(milliseconds / 60000 % 60),
             (unsigned long long)(milliseconds / 1000 % 60), separator,
             (unsigned long long)(milliseconds % 1000));
}

/* Caption text may not hold "-->" or a line break (a lone CR is one to
 * caption readers); VTT also escapes &, < and >.
 * Writes `length` bytes of text (up to its end). */
static void write_caption_span(FILE *stream, const char *text, size_t length, int vtt)
{
    for (const char *p = text; *p && p < text + length; p++) {
        if (*p == '\n' || *p == '\r') {
            fputc(' ', stream);
        } else if (vtt && *p == '&') {
            fputs("&amp;", stream);
        } else if (vtt && *p == '<') {
            fputs("&lt;", stream);
        } else if (vtt && *p == '>') {
            fputs("&gt;", stream); /* would end a <v Speaker> tag */
        } else if (*p == '-' && p + 3 <= text + length && strncmp(p, "-->", 3) == 0) {
            fputs("--&gt;", stream);
            p += 2;
        } else {
            fputc(*p, stream);
        }
    }
}

static void write_caption_text(FILE *stream, const char *text, int vtt)
{
    write_caption_span(stream, text, strlen(text), vtt);
}

/* The turn's text with a WebVTT timestamp tag before each word heard after
 * the cue starts (tags must rise and stay inside the cue). */
static void write_timed_words(FILE *stream, const tts_turn *turn, const tts_timeline_turn *entry,
                              int rate)
{
    size_t written = 0, length = strlen(turn->text);
    uint64_t last_tag = milliseconds_of(entry->start, rate), end = milliseconds_of(entry->end, rate);
    for (size_t w = 0; w < entry->word_count; w++) {
        const tts_timeline_word *word = &entry->words[w];
        uint64_t start = milliseconds_of(word->start, rate);
        if (word->offset < written || word->offset >= length || start <= last_tag || start >= end)
            continue;
        write_caption_span(stream, turn->text + written, word->offset - written, 1);
        char stamp[32];
        format_time(stamp, sizeof stamp, word->start, rate, '.');
        fprintf(stream, "<%s>", stamp);
        written = word->offset;
        last_tag = start;
    }
    write_caption_span(stream, turn->text + written, length - written, 1);
}

int tts_captions_kind_of(const char *path)
{
    static const char *const kinds[] = {"vtt", "srt", "json"};
    const char *dot = strrchr(path, '.');
    const char *extension = dot ? dot + 1 : path;
    for (int kind = 0; kind < 3; kind++)
        if (strcasecmp(extension, kinds[kind]) == 0)
            return kind;
    return -1;
}

tts_status tts_captions_write(const char *path, const tts_script *script,
                              const tts_timeline *timeline, int word_tags, tts_error *err)
{
    int kind = tts_captions_kind_of(path);
    int vtt = kind == TTS_CAPTIONS_VTT;
    int json = kind == TTS_CAPTIONS_JSON;
    if (kind < 0 || strchr(path, '.') == NULL)
        return tts_error_set(err, TTS_ERR_USAGE, "%s: captions must end in .vtt, .srt or .json",
                             path);
    tts_atomic_file file;
    tts_status status = tts_atomic_open(path, &file, err);
    if (status != TTS_OK)
        return status;
    if (json) {
        status = tts_captions_json(file.stream, script, timeline, err);
    } else {
        if (vtt)
            fputs("WEBVTT\n", file.stream);
        for (size_t i = 0; i < timeline->count; i++) {
            const tts_timeline_turn *entry = &timeline->turns[i];
            const tts_turn *turn = &script->turns[entry->turn];
            char start[32], end[32];
            format_time(start, sizeof start, entry->start, timeline->sample_rate, vtt ? '.' : ',');
            format_time(end, sizeof end, entry->end, timeline->sample_rate, vtt ? '.' : ',');
            fprintf(file.stream, "%s%zu\n%s --> %s\n", vtt || i > 0 ? "\n" : "", i + 1, start, end);
            const char *name = tts_script_speaker_name(script, turn->speaker);
            if (turn->kind == TTS_TURN_SPEECH && vtt) {
                fputs("<v ", file.stream);
                write_caption_text(file.stream, name, 1);
                /* "<v A-->" would read as a timing line; the space is trimmed. */
                fputs(*name && name[strlen(name) - 1] == '-' ? " >" : ">", file.stream);
            } else if (turn->kind == TTS_TURN_SPEECH && turn->speaker != TTS_NARRATOR) {
                write_caption_text(file.stream, name, 0);
                fputs(": ", file.stream);
            }
            if (vtt && word_tags)
                write_timed_words(file.stream, turn, entry, timeline->sample_rate);
            else
                write_caption_text(file.stream, turn->text, vtt);
            fputc('\n', file.stream);
        }
    }
    if (status == TTS_OK)
        return tts_atomic_commit(&file, err);
    tts_atomic_abort(&file);
    return status;
}
