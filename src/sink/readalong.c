/* readalong.c: the read-along page: fills the compiled-in template
 * assets/readalong.html from the timeline, with the audio embedded or linked. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sink_internal.h"

/* The template, compiled in so that the program needs no data file to
 * write a page. The assembler's .incbin does it without a generator step;
 * the Makefile rebuilds this file when the template changes. */
__asm__(".pushsection .rodata\n"
        ".balign 16\n"
        "readalong_template:\n"
        ".incbin \"assets/readalong.html\"\n"
        ".byte 0\n"
        ".popsection\n");
extern const char readalong_template[] __attribute__((visibility("hidden")));

#define SPEAKER_COLOURS 8  /* .s0 to .s7 in the template; the narrator has .sn */

typedef struct page {
    FILE *stream;
    const tts_script *script;
    const tts_timeline *timeline;
    const char *audio_path;
    int external;
    const char *page_path;
} page_parts;

static void write_escaped(FILE *stream, const char *text, size_t length)
{
    for (size_t i = 0; i < length && text[i]; i++) {
        switch (text[i]) {
        case '&': fputs("&amp;", stream); break;
        case '<': fputs("&lt;", stream); break;
        case '>': fputs("&gt;", stream); break;
        case '"': fputs("&quot;", stream); break;
        case '\'': fputs("&#39;", stream); break;
        case '\n': fputs("<br>", stream); break;
        default: fputc(text[i], stream);
        }
    }
}

static void write_text(FILE *stream, const char *text)
{
    write_escaped(stream, text, strlen(text));
}

static double seconds_of(const tts_timeline *timeline, uint64_t sample)
{
    return (double)sample / timeline->sample_rate;
}

/* "1:05" or "1:02:03", as the heading of a turn shows when it starts. */
static void write_clock(FILE *stream, double seconds)
{
    unsigned long whole = (unsigned long)seconds;
    if (whole >= 3600)
        fprintf(stream, "%lu:%02lu:%02lu", whole / 3600, whole / 60 % 60, whole % 60);
    else
        fprintf(stream, "%lu:%02lu", whole / 60, whole % 60);
}

static void write_speaker_class(FILE *stream, int speaker)
{
    if (speaker == TTS_NARRATOR)
        fputs("sn", stream);
    else
        fprintf(stream, "s%d", speaker % SPEAKER_COLOURS);
}

static void write_speakers(const page_parts *page)
{
    const tts_script *script = page->script;
    for (int s = TTS_NARRATOR; s < (int)script->speaker_count; s++) {
        fputs("<li class=\"", page->stream);
        write_speaker_class(page->stream, s);
        fputs("\"><span class=\"swatch\"></span>", page->stream);
        write_text(page->stream, tts_script_speaker_name(script, s));
        if (s != TTS_NARRATOR && script->speakers[s].role != NULL) {
            fputs(" (", page->stream);
            write_text(page->stream, script->speakers[s].role);
            fputc(')', page->stream);
        }
        fputs("</li>\n", page->stream);
    }
}

/* One button per turn on the bar, as wide as the turn lasts. */
static void write_timeline(const page_parts *page)
{
    const tts_timeline *timeline = page->timeline;
    double total = timeline->total_samples ? (double)timeline->total_samples : 1.0;
    for (size_t i = 0; i < timeline->count; i++) {
        const tts_timeline_turn *entry = &timeline->turns[i];
        int speaker = page->script->turns[entry->turn].speaker;
        const char *name = tts_script_speaker_name(page->script, speaker);
        fputs("<button type=\"button\" class=\"segment ", page->stream);
        write_speaker_class(page->stream, speaker);
        fprintf(page->stream, "\" style=\"left:%.3f%%;width:%.3f%%\" aria-label=\"",
                100.0 * entry->start / total, 100.0 * (entry->end - entry->start) / total);
        write_text(page->stream, name);
        fprintf(page->stream, ", turn %zu, at ", i + 1);
        write_clock(page->stream, seconds_of(timeline, entry->start));
        fputs("\">", page->stream);
        write_text(page->stream, name);
        fputs("</button>\n", page->stream);
    }
}

/* The turn's text as written, each timed word in a span the script
 * highlights; words that overlap one already written stay plain text. */
static void write_words(const page_parts *page, const tts_turn *turn, const tts_timeline_turn *entry)
{
    FILE *stream = page->stream;
    size_t written = 0, length = strlen(turn->text);
    for (size_t w = 0; w < entry->word_count; w++) {
        const tts_timeline_word *word = &entry->words[w];
        if (word->offset < written || word->offset + word->length > length)
            continue;
        write_escaped(stream, turn->text + written, word->offset - written);
        fprintf(stream, "<span class=\"w\" data-start=\"%.3f\" data-end=\"%.3f\">",
                seconds_of(page->timeline, word->start), seconds_of(page->timeline, word->end));
        write_escaped(stream, turn->text + word->offset, word->length);
        fputs("</span>", stream);
        written = word->offset + word->length;
    }
    write_escaped(stream, turn->text + written, length - written);
}

static void write_transcript(const page_parts *page)
{
    FILE *stream = page->stream;
    for (size_t i = 0; i < page->timeline->count; i++) {
        const tts_timeline_turn *entry = &page->timeline->turns[i];
        const tts_turn *turn = &page->script->turns[entry->turn];
        const char *name = tts_script_speaker_name(page->script, turn->speaker);
        fprintf(stream, "<article class=\"turn%s ", turn->kind == TTS_TURN_CUE ? " cue" : "");
        write_speaker_class(stream, turn->speaker);
        fprintf(stream, "\" id=\"turn-%zu\" data-start=\"%.3f\" data-end=\"%.3f\" data-speaker=\"",
                i + 1, seconds_of(page->timeline, entry->start),
                seconds_of(page->timeline, entry->end));
        write_text(stream, name);
        fputs("\">\n<h3>", stream);
        write_text(stream, name);
        fputs(" <span class=\"time\">", stream);
        write_clock(stream, seconds_of(page->timeline, entry->start));
        fputs("</span></h3>\n<p>", stream);
        write_words(page, turn, entry);
        fputs("</p>\n</article>\n", stream);
    }
}

/* The MIME type of an audio file, from its first bytes. */
static const char *audio_type(const unsigned char *head, size_t length)
{
    if (length >= 12 && memcmp(head, "RIFF", 4) == 0 && memcmp(head + 8, "WAVE", 4) == 0)
        return "audio/wav";
    if (length >= 4 && memcmp(head, "fLaC", 4) == 0)
        return "audio/flac";
    if (length >= 4 && memcmp(head, "OggS", 4) == 0)
        return "audio/ogg";
    if (length >= 3 && (memcmp(head, "ID3", 3) == 0 || (head[0] == 0xFF && (head[1] & 0xE0) == 0xE0)))
        return "audio/mpeg";
    return NULL;
}

/* The audio file as a data: URI, base64 written as the file is read. */
static tts_status write_embedded_audio(const page_parts *page, tts_error *err)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    FILE *audio = fopen(page->audio_path, "rb");
    if (audio == NULL)
        return tts_error_set(err, TTS_ERR_IO, "%s: %s", page->audio_path, strerror(errno));
    unsigned char block[3 * 4096];
    size_t got = fread(block, 1, sizeof block, audio);
    const char *type = audio_type(block, got);
    if (type == NULL) {
        fclose(audio);
        return tts_error_set(err, TTS_ERR_AUDIO, "%s: not audio a browser plays",
                             page->audio_path);
    }
    fprintf(page->stream, "data:%s;base64,", type);
    while (got > 0) {
        char encoded[4 * 4096];
        size_t out = 0;
        for (size_t i = 0; i < got; i += 3) {
            unsigned long group = (unsigned long)block[i] << 16;
            if (i + 1 < got)
                group |= (unsigned long)block[i + 1] << 8;
            if (i + 2 < got)
                group |= block[i + 2];
            encoded[out++] = digits[group >> 18 & 63];
            encoded[out++] = digits[group >> 12 & 63];
            encoded[out++] = i + 1 < got ? digits[group >> 6 & 63] : '=';
            encoded[out++] = i + 2 < got ? digits[group & 63] : '=';
        }
        fwrite(encoded, 1, out, page->stream);
        /* Only the file's last block may be short: fread fills whole blocks before. */
        got = got == sizeof block ? fread(block, 1, sizeof block, audio) : 0;
    }
    int failed = ferror(audio);
    fclose(audio);
    if (failed)
        return tts_error_set(err, TTS_ERR_IO, "%s: read error", page->audio_path);
    return TTS_OK;
}

/* Writes text as a URL path: unreserved bytes as they are, others %XX. */
static void write_url_path(FILE *stream, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p) != NULL)
            fputc(*p, stream);
        else
            fprintf(stream, "%%%02X", *p);
    }
}

#define MAX_FOLDER_DEPTH 256

/* The resolved folder of path, split into its names ("/a/b" -> a, b), in
 * storage (PATH_MAX bytes); returns how many, or -1 if it cannot be resolved. */
static int folder_names(const char *path, char *storage, char **names)
{
    char copy[PATH_MAX];
    if (snprintf(copy, sizeof copy, "%s", path) >= (int)sizeof copy ||
        realpath(dirname(copy), storage) == NULL)
        return -1;
    int count = 0;
    char *save = NULL;
    for (char *name = strtok_r(storage, "/", &save); name != NULL && count < MAX_FOLDER_DEPTH;
         name = strtok_r(NULL, "/", &save))
        names[count++] = name;
    return count < MAX_FOLDER_DEPTH ? count : -1;
}

/* The audio file's address relative to the page ("../audio/story.wav"), so
 * that the page and its audio can move together. */
static void write_linked_audio(const page_parts *page)
{
    char page_storage[PATH_MAX], audio_storage[PATH_MAX], audio_copy[PATH_MAX];
    char *page_names[MAX_FOLDER_DEPTH], *audio_names[MAX_FOLDER_DEPTH];
    int page_depth = folder_names(page->page_path, page_storage, page_names);
    int audio_depth = folder_names(page->audio_path, audio_storage, audio_names);
    if (page_depth < 0 || audio_depth < 0) {
        write_url_path(page->stream, page->audio_path);
        return;
    }
    int common = 0;
    while (common < page_depth && common < audio_depth &&
           strcmp(page_names[common], audio_names[common]) == 0)
        common++;
    for (int i = common; i < page_depth; i++)
        fputs("../", page->stream);
    for (int i = common; i < audio_depth; i++) {
        write_url_path(page->stream, audio_names[i]);
        fputc('/', page->stream);
    }
    snprintf(audio_copy, sizeof audio_copy, "%s", page->audio_path);
    write_url_path(page->stream, basename(audio_copy));
}

/* Copies the template, replacing each {{name}} with its part of the page. */
static tts_status fill_template(const page_parts *page, tts_error *err)
{
    const char *at = readalong_template;
    tts_status status = TTS_OK;
    while (status == TTS_OK) {
        const char *open = strstr(at, "{{");
        const char *close = open ? strstr(open, "}}") : NULL;
        if (close == NULL) {
            fputs(at, page->stream);
            break;
        }
        fwrite(at, 1, (size_t)(open - at), page->stream);
        size_t length = (size_t)(close - open - 2);
        const char *name = open + 2;
        const tts_script *script = page->script;
        if (length == 5 && strncmp(name, "title", 5) == 0)
            write_text(page->stream, script->title && script->title[0] ? script->title : "Read-along");
        else if (length == 4 && strncmp(name, "lang", 4) == 0)
            write_text(page->stream, script->lang ? script->lang : "en");
        else if (length == 8 && strncmp(name, "duration", 8) == 0)
            fprintf(page->stream, "%.3f", seconds_of(page->timeline, page->timeline->total_samples));
        else if (length == 5 && strncmp(name, "audio", 5) == 0 && page->external)
            write_linked_audio(page);
        else if (length == 5 && strncmp(name, "audio", 5) == 0)
            status = write_embedded_audio(page, err);
        else if (length == 8 && strncmp(name, "speakers", 8) == 0)
            write_speakers(page);
        else if (length == 8 && strncmp(name, "timeline", 8) == 0)
            write_timeline(page);
        else if (length == 10 && strncmp(name, "transcript", 10) == 0)
            write_transcript(page);
        else
            fwrite(open, 1, length + 4, page->stream);
        at = close + 2;
    }
    return status;
}

tts_status tts_readalong_write(const char *path, const tts_script *script,
                               const tts_timeline *timeline, const char *audio_path,
                               int external, tts_error *err)
{
    tts_atomic_file file;
    tts_status status = tts_atomic_open(path, &file, err);
    if (status != TTS_OK)
        return status;
    page_parts page = {file.stream, script, timeline, audio_path, external, path};
    status = fill_template(&page, err);
    if (status == TTS_OK && ferror(file.stream))
        status = tts_error_set(err, TTS_ERR_IO, "%s: write error", path);
    if (status == TTS_OK)
        return tts_atomic_commit(&file, err);
    tts_atomic_abort(&file);
    return status;
}
