/* captions.c: timed captions from the finished timeline: WebVTT with
 * <v Speaker> voice tags, SubRip, or JSON (through json.c). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sink_internal.h"

static void format_time(char *out, size_t size, uint64_t sample, int rate, char separator)
{
    uint64_t milliseconds = (sample * 1000 + (uint64_t)rate / 2) / (uint64_t)rate;
    snprintf(out, size, "%02llu:%02llu:%02llu%c%03llu",
             (unsigned long long)(milliseconds / 3600000),
             (unsigned long long)(milliseconds / 60000 % 60),
             (unsigned long long)(milliseconds / 1000 % 60), separator,
             (unsigned long long)(milliseconds % 1000));
}

/* Caption text may not hold "-->" or a blank line; VTT also escapes & and <. */
static void write_caption_text(FILE *stream, const char *text, int vtt)
{
    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            fputc(' ', stream);
        } else if (vtt && *p == '&') {
            fputs("&amp;", stream);
        } else if (vtt && *p == '<') {
            fputs("&lt;", stream);
        } else if (*p == '-' && strncmp(p, "-->", 3) == 0) {
            fputs("--&gt;", stream);
            p += 2;
        } else {
            fputc(*p, stream);
        }
    }
}

static const char *extension_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot ? dot + 1 : "";
}

tts_status tts_captions_write(const char *path, const tts_script *script,
                              const tts_timeline *timeline, tts_error *err)
{
    const char *extension = extension_of(path);
    int vtt = strcasecmp(extension, "vtt") == 0;
    int json = strcasecmp(extension, "json") == 0;
    if (!vtt && !json && strcasecmp(extension, "srt") != 0)
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
                fputc('>', file.stream);
            } else if (turn->kind == TTS_TURN_SPEECH && turn->speaker != TTS_NARRATOR) {
                fprintf(file.stream, "%s: ", name);
            }
            write_caption_text(file.stream, turn->text, vtt);
            fputc('\n', file.stream);
        }
    }
    if (status == TTS_OK)
        return tts_atomic_commit(&file, err);
    tts_atomic_abort(&file);
    return status;
}
