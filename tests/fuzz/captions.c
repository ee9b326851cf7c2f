/* captions.c: fuzzes caption writing (tts_captions_write) from parsed
 * scripts and a synthetic timeline: no synthesis, only the writers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ttsread/sink.h"

/* A caption file is a header, then per cue a blank line (VTT, and SRT after
 * the first), the number, "start --> end" and the text on one or more lines
 * up to the next blank line (a pause's cue has one empty line): a line break
 * in a name or a text would end the cue early. Every turn has a cue or more. */
static void check_subtitles(const char *text, size_t count, bool vtt)
{
    fuzz_require(strchr(text, '\r') == NULL, "captions hold no carriage return");
    const char *line = text;
    if (vtt) {
        fuzz_require(strncmp(line, "WEBVTT\n", 7) == 0, "VTT starts with WEBVTT");
        line += 7;
    }
    size_t cues = 0;
    while (*line != '\0') {
        if (vtt || cues > 0) {
            fuzz_require(*line == '\n', "a blank line before each cue");
            line++;
        }
        char *end;
        fuzz_require(strtoul(line, &end, 10) == cues + 1 && *end == '\n', "cues are numbered");
        line = end + 1;
        unsigned h, m, s, ms, h2, m2, s2, ms2;
        char sep1, sep2;
        int used = 0;
        fuzz_require(sscanf(line, "%2u:%2u:%2u%c%3u --> %2u:%2u:%2u%c%3u%n", &h, &m, &s, &sep1,
                            &ms, &h2, &m2, &s2, &sep2, &ms2, &used) == 10 && line[used] == '\n',
                     "a timing line follows the number");
        fuzz_require(sep1 == (vtt ? '.' : ',') && sep2 == sep1, "times use the format's separator");
        line += used + 1;
        bool first = true, empty = false;
        while (first || (!empty && *line != '\0' && *line != '\n')) {
            const char *newline = strchr(line, '\n');
            fuzz_require(newline != NULL, "the cue text ends its line");
            fuzz_require(strstr(line, "-->") == NULL || strstr(line, "-->") > newline,
                         "cue text holds no -->");
            empty = first && newline == line;
            first = false;
            line = newline + 1;
        }
        cues++;
    }
    fuzz_require(cues >= count, "every turn has a cue");
}

/* cJSON prints valid JSON; what can go wrong is a turn left out. A quote in
 * a text is escaped, so "index": appears once per turn object and nowhere else. */
static void check_json(const char *text, size_t count)
{
    size_t turns = 0;
    for (const char *p = strstr(text, "\"index\":"); p; p = strstr(p + 1, "\"index\":"))
        turns++;
    fuzz_require(strncmp(text, "{", 1) == 0 && turns == count, "JSON captions hold every turn");
}

/* One word per run of non-spaces, each given an even share of the turn's span. */
static void add_words(tts_timeline_turn *entry, const char *text)
{
    size_t count = 0;
    for (const char *p = text; *p; p++)
        count += *p != ' ' && (p == text || p[-1] == ' ');
    if (count == 0)
        return;
    entry->words = calloc(count, sizeof *entry->words);
    fuzz_require(entry->words != NULL, "memory for the words");
    uint64_t share = (entry->end - entry->start) / count;
    for (const char *p = text; *p; p++) {
        if (*p == ' ' || (p > text && p[-1] != ' '))
            continue;
        uint64_t start = entry->start + share * entry->word_count;
        entry->words[entry->word_count++] = (tts_timeline_word){
            .start = start, .end = start + share, .offset = (size_t)(p - text),
            .length = strcspn(p, " ")};
    }
}

int fuzz_captions(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    static const int rates[] = {8000, 16000, 22050, 44100, 48000, 96000, 11025, 24000};
    tts_script script;
    if (!fuzz_parse_script(data + 2, size - 2, fuzz_format_of(data[0]), &script))
        return 0;
    /* Every turn gets a span in proportion to its text; byte 1 picks word
     * tags, the rate and which turns are left out (as skipped cues are). */
    tts_timeline timeline = {.sample_rate = rates[(data[1] >> 1) % 8]};
    timeline.turns = calloc(script.turn_count, sizeof *timeline.turns);
    fuzz_require(timeline.turns != NULL, "memory for the timeline");
    uint64_t at = 0;
    for (size_t t = 0; t < script.turn_count; t++) {
        if ((data[1] >> 4) != 0 && t % ((data[1] >> 4) + 1) == 0)
            continue;
        uint64_t length = (uint64_t)strlen(script.turns[t].text) * (uint64_t)timeline.sample_rate / 14;
        tts_timeline_turn *entry = &timeline.turns[timeline.count++];
        *entry = (tts_timeline_turn){.turn = t, .start = at, .end = at + length};
        add_words(entry, script.turns[t].text);
        at += length + (uint64_t)timeline.sample_rate / 3;
    }
    timeline.total_samples = at;
    static const char *const extensions[] = {"vtt", "srt", "json"};
    for (size_t e = 0; e < 3; e++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/captions.%s", fuzz_temporary_directory(), extensions[e]);
        tts_error err;
        fuzz_require(tts_captions_write(path, &script, &timeline, data[1] & 1, &err) == TTS_OK,
                     "captions are written");
        size_t length;
        char *text = fuzz_read_file(path, &length);
        fuzz_require(text != NULL && strlen(text) == length, "captions are text");
        fuzz_require(fuzz_valid_utf8(text, length), "captions are UTF-8");
        if (e < 2)
            check_subtitles(text, timeline.count, e == 0);
        else
            check_json(text, timeline.count);
        free(text);
    }
    tts_timeline_free(&timeline);
    tts_script_free(&script);
    return 0;
}
