/* chapters.c: one chapter per speech turn, from the finished timeline, as
 * an FFmpeg metadata file (.ffmetadata), a CUE sheet (.cue) or Podcasting
 * 2.0 chapters (.json, built by the report stage); and the Podcasting 2.0
 * JSON transcript, which players show beside the same chapters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sink_internal.h"
#include "ttsread/report.h"

/* Words of the turn's text that name a chapter after the speaker. */
#define TITLE_WORDS 6

static int is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* "Speaker: first words", whole words only, so no character is cut in two. */
static void chapter_title(tts_chapter *chapter, const char *speaker, const char *text)
{
    snprintf(chapter->speaker, sizeof chapter->speaker, "%s", speaker);
    size_t length = (size_t)snprintf(chapter->title, sizeof chapter->title, "%s:", speaker);
    const char *p = text;
    for (int words = 0; words < TITLE_WORDS && length < sizeof chapter->title; words++) {
        while (is_space(*p))
            p++;
        size_t word = 0;
        while (p[word] && !is_space(p[word]))
            word++;
        if (word == 0 || length + 1 + word >= sizeof chapter->title)
            break;
        chapter->title[length++] = ' ';
        memcpy(chapter->title + length, p, word);
        length += word;
        chapter->title[length] = '\0';
        p += word;
    }
}

tts_status tts_chapters_from_timeline(const tts_script *script, const tts_timeline *timeline,
                                      tts_chapter **out, size_t *count, tts_error *err)
{
    *out = NULL;
    *count = 0;
    tts_chapter *chapters = calloc(timeline->count + 1, sizeof *chapters);
    if (chapters == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < timeline->count; i++) {
        const tts_turn *turn = &script->turns[timeline->turns[i].turn];
        if (turn->kind != TTS_TURN_SPEECH)
            continue;
        const char *speaker = turn->speaker == TTS_NARRATOR ? "Narrator"
                                                            : script->speakers[turn->speaker].name;
        chapters[n].start = timeline->turns[i].start;
        chapter_title(&chapters[n], speaker, turn->text);
        n++;
    }
    /* A chapter lasts until the next one, so players show one at every moment. */
    for (size_t c = 0; c < n; c++)
        chapters[c].end = c + 1 < n ? chapters[c + 1].start : timeline->total_samples;
    *out = chapters;
    *count = n;
    return TTS_OK;
}

static uint64_t milliseconds_of(uint64_t sample, int rate)
{
    return (sample * 1000 + (uint64_t)rate / 2) / (uint64_t)rate;
}

/* FFmpeg metadata escapes '=', ';', '#', '\' and newlines with a backslash. */
static void write_ffmetadata_value(FILE *stream, const char *value)
{
    for (const char *p = value; *p; p++) {
        if (strchr("=;#\\\n", *p))
            fputc('\\', stream);
        fputc(*p, stream);
    }
}

static void write_ffmetadata(FILE *stream, const tts_script *script, const tts_chapter *chapters,
                             size_t count, int rate)
{
    fputs(";FFMETADATA1\n", stream);
    if (script->title != NULL) {
        fputs("title=", stream);
        write_ffmetadata_value(stream, script->title);
        fputc('\n', stream);
    }
    for (size_t c = 0; c < count; c++) {
        fprintf(stream, "\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=%llu\nEND=%llu\ntitle=",
                (unsigned long long)milliseconds_of(chapters[c].start, rate),
                (unsigned long long)milliseconds_of(chapters[c].end, rate));
        write_ffmetadata_value(stream, chapters[c].title);
        fputc('\n', stream);
    }
}

/* CUE sheet strings are double-quoted with no escape: a quote becomes an apostrophe. */
static void write_cue_string(FILE *stream, const char *value)
{
    fputc('"', stream);
    for (const char *p = value; *p; p++)
        fputc(*p == '"' ? '\'' : *p, stream);
    fputc('"', stream);
}

/* CUE sheets count time in minutes, seconds and frames of 1/75 s; at most
 * 99 tracks, so longer scripts keep the first 99 chapters. */
static void write_cue_sheet(FILE *stream, const tts_script *script, const tts_chapter *chapters,
                            size_t count, int rate, const char *audio_path)
{
    if (script->title != NULL) {
        fputs("TITLE ", stream);
        write_cue_string(stream, script->title);
        fputc('\n', stream);
    }
    const char *slash = audio_path ? strrchr(audio_path, '/') : NULL;
    const char *dot = audio_path ? strrchr(audio_path, '.') : NULL;
    fputs("FILE ", stream);
    write_cue_string(stream, audio_path == NULL ? "audio.wav" : slash ? slash + 1 : audio_path);
    fprintf(stream, " %s\n", dot && strcasecmp(dot, ".mp3") == 0 ? "MP3" : "WAVE");
    for (size_t c = 0; c < count && c < 99; c++) {
        uint64_t frames = (chapters[c].start * 75 + (uint64_t)rate / 2) / (uint64_t)rate;
        fprintf(stream, "  TRACK %02zu AUDIO\n    TITLE ", c + 1);
        write_cue_string(stream, chapters[c].title);
        fputs("\n    PERFORMER ", stream);
        write_cue_string(stream, chapters[c].speaker);
        fprintf(stream, "\n    INDEX 01 %02llu:%02llu:%02llu\n",
                (unsigned long long)(frames / (75 * 60)), (unsigned long long)(frames / 75 % 60),
                (unsigned long long)(frames % 75));
    }
}

/* Podcasting 2.0 chapters: the report stage holds the JSON writer and
 * knows no tts_chapter, so it is given seconds and titles. */
static tts_status write_podcast_chapters(FILE *stream, const tts_script *script,
                                         const tts_chapter *chapters, size_t count, int rate,
                                         tts_error *err)
{
    tts_podcast_chapter *list = calloc(count + 1, sizeof *list);
    if (list == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    for (size_t c = 0; c < count; c++)
        list[c] = (tts_podcast_chapter){(double)chapters[c].start / rate,
                                        (double)chapters[c].end / rate, chapters[c].title};
    tts_status status = tts_podcast_chapters_json(stream, script->title, list, count, err);
    free(list);
    return status;
}

int tts_chapters_format_known(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot && (strcasecmp(dot, ".ffmetadata") == 0 || strcasecmp(dot, ".cue") == 0 ||
                   strcasecmp(dot, ".json") == 0);
}

tts_status tts_transcript_write(const char *path, const tts_script *script,
                                const tts_timeline *timeline, tts_error *err)
{
    tts_atomic_file file;
    tts_status status = tts_atomic_open(path, &file, err);
    if (status != TTS_OK)
        return status;
    status = tts_podcast_transcript_json(file.stream, script, timeline, err);
    if (status != TTS_OK) {
        tts_atomic_abort(&file);
        return status;
    }
    return tts_atomic_commit(&file, err);
}

tts_status tts_chapters_write(const char *path, const tts_script *script,
                              const tts_timeline *timeline, const char *audio_path, tts_error *err)
{
    if (!tts_chapters_format_known(path))
        return tts_error_set(err, TTS_ERR_USAGE, "%s: chapters are .ffmetadata, .cue or .json", path);
    tts_chapter *chapters;
    size_t count;
    tts_status status = tts_chapters_from_timeline(script, timeline, &chapters, &count, err);
    tts_atomic_file file;
    if (status == TTS_OK)
        status = tts_atomic_open(path, &file, err);
    if (status == TTS_OK) {
        const char *extension = strrchr(path, '.');
        if (strcasecmp(extension, ".cue") == 0)
            write_cue_sheet(file.stream, script, chapters, count, timeline->sample_rate,
                            audio_path);
        else if (strcasecmp(extension, ".json") == 0)
            status = write_podcast_chapters(file.stream, script, chapters, count,
                                            timeline->sample_rate, err);
        else
            write_ffmetadata(file.stream, script, chapters, count, timeline->sample_rate);
        if (status == TTS_OK)
            status = tts_atomic_commit(&file, err);
        else
            tts_atomic_abort(&file);
    }
    free(chapters);
    return status;
}
