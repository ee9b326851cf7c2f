/* captions.c: timed captions from the finished timeline: WebVTT with
 * <v Speaker> voice tags, SubRip, or JSON (through json.c); cues cut at
 * sentence and clause ends from the word timings, sized for reading. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <stdlib.h>
#include <strings.h>

#include "sink_internal.h"
#include "ttsread/report.h"

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
        if (*p == '\n' || *p == '\r' || *p == '\t' || *p == ' ') {
            /* a run of white space is one space on screen, as lines are measured */
            if (p == text || !strchr(" \t\r\n", p[-1]))
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

/* text[from, to) with a WebVTT timestamp tag before each word heard after
 * the cue starts (tags must rise and stay inside the cue). */
static void write_timed_words(FILE *stream, const char *text, size_t from, size_t to,
                              const tts_timeline_turn *entry, uint64_t cue_start,
                              uint64_t cue_end, int rate)
{
    size_t written = from;
    uint64_t last_tag = milliseconds_of(cue_start, rate), end = milliseconds_of(cue_end, rate);
    for (size_t w = 0; w < entry->word_count; w++) {
        const tts_timeline_word *word = &entry->words[w];
        uint64_t start = milliseconds_of(word->start, rate);
        if (word->offset < written || word->offset >= to || start <= last_tag || start >= end)
            continue;
        write_caption_span(stream, text + written, word->offset - written, 1);
        char stamp[32];
        format_time(stamp, sizeof stamp, word->start, rate, '.');
        fprintf(stream, "<%s>", stamp);
        written = word->offset;
        last_tag = start;
    }
    write_caption_span(stream, text + written, to - written, 1);
}

/* ---- cutting a turn into cues ---- */

static bool is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* Characters (not bytes) of UTF-8 text[from, to), a run of white space
 * counting one, as the cue shows it: what a line's width counts. */
static size_t characters(const char *text, size_t from, size_t to)
{
    size_t count = 0;
    for (size_t i = from; i < to; i++)
        count += ((unsigned char)text[i] & 0xC0) != 0x80 &&
                 !(is_space(text[i]) && i > from && is_space(text[i - 1]));
    return count;
}

/* Where a cue may end after a word, judged by the text up to the next word. */
enum { CUT_NONE, CUT_CLAUSE, CUT_SENTENCE };

/* Titles whose period ends no sentence: "Mr. Kuhn". */
static const char *const abbreviations[] = {"Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Sen.", "Rep.",
                                            "Gov.", "Gen.", "Jr.", "Sr.", "Prof.", "Lt.", "Col.",
                                            "Sgt.", "Capt.", "Rev.", "No.", "vs.", NULL};

static int cut_after(const char *text, size_t from, size_t to)
{
    for (const char *const *abbreviation = abbreviations; *abbreviation; abbreviation++) {
        size_t length = strlen(*abbreviation);
        if (to - from >= length && strncmp(text + from, *abbreviation, length) == 0 &&
            (from + length == to || is_space(text[from + length])))
            return CUT_NONE;
    }
    int cut = CUT_NONE;
    for (size_t i = from; i < to; i++) {
        /* An initial ("U.S.", "J.") ends no sentence either. */
        bool initial = text[i] == '.' && i > from && text[i - 1] >= 'A' && text[i - 1] <= 'Z' &&
                       (i - 1 == from || text[i - 2] == '.');
        if (strchr(".?!", text[i]) != NULL && !initial &&
            (i + 1 == to || is_space(text[i + 1]) || strchr("\"')", text[i + 1]) != NULL))
            return CUT_SENTENCE;
        if (strchr(",;:", text[i]) != NULL || strncmp(text + i, "--", 2) == 0 ||
            strncmp(text + i, "\xE2\x80\x94", 3) == 0 || strncmp(text + i, "\xE2\x80\x93", 3) == 0)
            cut = CUT_CLAUSE;
    }
    return cut;
}

/* The cue's text, trimmed, fits TTS_CAPTION_LINES lines when wrapped at spaces. */
static bool fits_lines(const char *text, size_t from, size_t to)
{
    while (from < to && is_space(text[from]))
        from++;
    while (to > from && is_space(text[to - 1]))
        to--;
    size_t lines = 1, width = 0, word_start = from;
    for (size_t i = from; i <= to; i++) {
        if (i < to && !is_space(text[i]))
            continue;
        size_t word = characters(text, word_start, i);
        if (width > 0 && width + 1 + word > TTS_CAPTION_LINE_CHARS) {
            lines++;
            width = word;
        } else {
            width += (width > 0) + word;
        }
        if (width > TTS_CAPTION_LINE_CHARS)
            return false;
        word_start = i + 1;
    }
    return lines <= TTS_CAPTION_LINES;
}

/* Writes text[from, to) trimmed and wrapped into lines of at most
 * TTS_CAPTION_LINE_CHARS characters where it can. */
static void write_wrapped(FILE *stream, const char *text, size_t from, size_t to, int vtt,
                          int word_tags, const tts_timeline_turn *entry, uint64_t cue_start,
                          uint64_t cue_end, int rate)
{
    while (from < to && is_space(text[from]))
        from++;
    while (to > from && is_space(text[to - 1]))
        to--;
    size_t line_start = from;
    while (line_start < to) {
        size_t line_end = to;
        if (characters(text, line_start, to) > TTS_CAPTION_LINE_CHARS) {
            /* The space that makes this line and the rest most alike among
             * those that leave both short enough; when no space does, the
             * last that keeps this line short (greedy), so that a cue that
             * fits two lines when filled greedily is never cut into three. */
            size_t space = 0, best = SIZE_MAX, greedy = 0, first = 0;
            size_t total = characters(text, line_start, to);
            for (size_t i = line_start + 1; i < to; i++) {
                if (!is_space(text[i]))
                    continue;
                first = first ? first : i;
                size_t left = characters(text, line_start, i);
                size_t right = total - left - 1;
                if (left <= TTS_CAPTION_LINE_CHARS)
                    greedy = i;
                if (left > TTS_CAPTION_LINE_CHARS || right > TTS_CAPTION_LINE_CHARS)
                    continue;
                size_t score = 2 * left > total ? 2 * left - total : total - 2 * left;
                if (score < best) {
                    space = i;
                    best = score;
                }
            }
            if (space == 0)
                space = greedy ? greedy : first; /* a word longer than a line stands alone */
            if (space > 0)
                line_end = space;
        }
        if (vtt && word_tags)
            write_timed_words(stream, text, line_start, line_end, entry, cue_start, cue_end, rate);
        else
            write_caption_span(stream, text + line_start, line_end - line_start, vtt);
        line_start = line_end;
        while (line_start < to && is_space(text[line_start]))
            line_start++;
        if (line_start < to)
            fputc('\n', stream);
    }
}

/* A cue: the words [first, last] of a turn (indexes into its timeline words). */
typedef struct cue_span {
    size_t first, last;
} cue_span;

/* The words of the turn where a cue may start, in order: several words
 * said for one written ("1,200") count once, and a word that eSpeak NG
 * places inside another ("so much" heard as "so", "o ") is no place to cut. */
static size_t usable_words(const char *text, const tts_timeline_turn *entry, size_t length,
                           size_t *out)
{
    size_t count = 0;
    for (size_t w = 0; w < entry->word_count; w++) {
        const tts_timeline_word *word = &entry->words[w];
        if (word->offset >= length || (count > 0 && word->offset <= entry->words[out[count - 1]].offset) ||
            (word->offset > 0 && !is_space(text[word->offset - 1])))
            continue;
        out[count++] = w;
    }
    return count;
}

/* The text and the time of words [first, last] as one cue. */
static bool cue_fits(const char *text, const tts_timeline_turn *entry, const size_t *words,
                     size_t count, size_t first, size_t last, uint64_t longest)
{
    size_t end = last + 1 < count ? entry->words[words[last + 1]].offset : strlen(text);
    /* the first cue shows the turn from its start, opening quote and all */
    size_t start = first == 0 ? 0 : entry->words[words[first]].offset;
    return fits_lines(text, start, end) &&
           entry->words[words[last]].end - entry->words[words[first]].start <= longest;
}

/* A sentence [first, end] too long for one cue but not for two: the cut
 * that leaves the two most alike in length, at a clause end if one works
 * (no "developments." left alone); SIZE_MAX when no cut makes two cues. */
static size_t cut_in_two(const char *text, const tts_timeline_turn *entry, const size_t *words,
                         size_t count, size_t first, size_t end, uint64_t longest)
{
    size_t length = strlen(text), best = SIZE_MAX, best_score = SIZE_MAX;
    size_t start = first == 0 ? 0 : entry->words[words[first]].offset;
    size_t stop = end + 1 < count ? entry->words[words[end + 1]].offset : length;
    for (size_t k = first; k < end; k++) {
        if (!cue_fits(text, entry, words, count, first, k, longest) ||
            !cue_fits(text, entry, words, count, k + 1, end, longest))
            continue;
        size_t middle = entry->words[words[k + 1]].offset;
        size_t left = characters(text, start, middle), right = characters(text, middle, stop);
        size_t score = (left > right ? left - right : right - left) +
                       (cut_after(text, entry->words[words[k]].offset, middle) == CUT_NONE
                            ? TTS_CAPTION_LINE_CHARS : 0);
        if (score < best_score) {
            best = k;
            best_score = score;
        }
    }
    return best;
}

/* Cuts the words (indexes into entry->words) into cues: each sentence its
 * own cue when it fits, a longer one in two alike halves when they fit,
 * else at its last clause end that fits, else before the word that would not. */
static size_t cut_cues(const char *text, const tts_timeline_turn *entry, const size_t *words,
                       size_t count, int rate, cue_span *cues)
{
    size_t length = strlen(text), cue_count = 0, first = 0;
    uint64_t longest = (uint64_t)(TTS_CAPTION_SECONDS * rate);
    while (first < count) {
        size_t end = first;
        while (end + 1 < count &&
               cut_after(text, entry->words[words[end]].offset,
                         entry->words[words[end + 1]].offset) != CUT_SENTENCE)
            end++;
        size_t last = end;
        if (!cue_fits(text, entry, words, count, first, end, longest)) {
            last = cut_in_two(text, entry, words, count, first, end, longest);
            if (last == SIZE_MAX) {
                size_t clause = SIZE_MAX;
                for (last = first; last < end; last++) {
                    if (!cue_fits(text, entry, words, count, first, last + 1, longest))
                        break;
                    size_t next = entry->words[words[last + 1]].offset;
                    if (cut_after(text, entry->words[words[last]].offset, next) == CUT_CLAUSE)
                        clause = last;
                }
                if (last < end && clause != SIZE_MAX)
                    last = clause;
            }
        }
        (void)length;
        cues[cue_count++] = (cue_span){first, last};
        first = last + 1;
    }
    return cue_count;
}

size_t tts_sink_sentences(const char *text, const tts_timeline_turn *entry, size_t *words,
                          tts_sink_sentence *out)
{
    size_t length = strlen(text), count = usable_words(text, entry, length, words), n = 0;
    for (size_t first = 0; first < count; n++) {
        size_t end = first;
        while (end + 1 < count &&
               cut_after(text, entry->words[words[end]].offset,
                         entry->words[words[end + 1]].offset) != CUT_SENTENCE)
            end++;
        size_t from = first == 0 ? 0 : entry->words[words[first]].offset;
        size_t to = end + 1 < count ? entry->words[words[end + 1]].offset : length;
        while (from < to && is_space(text[from]))
            from++;
        while (to > from && is_space(text[to - 1]))
            to--;
        /* timed as the captions time cues: the first from the turn's start,
         * the others from their first word, each to the next, the last to
         * the turn's end, so that nothing heard falls between two */
        out[n] = (tts_sink_sentence){from, to,
                                     first == 0 ? entry->start : entry->words[words[first]].start,
                                     entry->end};
        if (n > 0)
            out[n - 1].end = out[n].start;
        first = end + 1;
    }
    return n;
}

static void write_cue_header(FILE *stream, int vtt, size_t number, uint64_t start, uint64_t end,
                             int rate)
{
    char from[32], to[32];
    format_time(from, sizeof from, start, rate, vtt ? '.' : ',');
    format_time(to, sizeof to, end, rate, vtt ? '.' : ',');
    fprintf(stream, "%s%zu\n%s --> %s\n", vtt || number > 1 ? "\n" : "", number, from, to);
}

static void write_speaker(FILE *stream, const tts_script *script, const tts_turn *turn, int vtt)
{
    const char *name = tts_script_speaker_name(script, turn->speaker);
    if (turn->kind == TTS_TURN_SPEECH && vtt) {
        fputs("<v ", stream);
        write_caption_text(stream, name, 1);
        /* "<v A-->" would read as a timing line; the space is trimmed. */
        fputs(*name && name[strlen(name) - 1] == '-' ? " >" : ">", stream);
    } else if (turn->kind == TTS_TURN_SPEECH && turn->speaker != TTS_NARRATOR) {
        write_caption_text(stream, name, 0);
        fputs(": ", stream);
    }
}

/* One turn's cues; returns the next cue number. */
static size_t write_turn(FILE *stream, const tts_script *script, const tts_timeline *timeline,
                         const tts_timeline_turn *entry, size_t number, int vtt, int flags,
                         size_t *words, cue_span *cues)
{
    const tts_turn *turn = &script->turns[entry->turn];
    const char *text = turn->text;
    size_t length = strlen(text), count = 0;
    int rate = timeline->sample_rate, word_tags = vtt && (flags & TTS_CAPTIONS_WORD_TAGS);
    /* Titles and cues read aloud are cut like speech: every cue must fit. */
    if (!(flags & TTS_CAPTIONS_WHOLE_TURNS))
        count = cut_cues(text, entry, words, usable_words(text, entry, length, words), rate, cues);
    if (count <= 1) {
        write_cue_header(stream, vtt, number, entry->start, entry->end, rate);
        write_speaker(stream, script, turn, vtt);
        if (flags & TTS_CAPTIONS_WHOLE_TURNS)
            word_tags ? write_timed_words(stream, text, 0, length, entry, entry->start,
                                          entry->end, rate)
                      : write_caption_text(stream, text, vtt);
        else
            write_wrapped(stream, text, 0, length, vtt, word_tags, entry, entry->start, entry->end,
                          rate);
        fputc('\n', stream);
        return number + 1;
    }
    /* A cue runs from its first word to the next cue's, the first from the
     * turn's start and the last to its end: no gaps inside a turn. */
    for (size_t c = 0; c < count; c++) {
        uint64_t start = c == 0 ? entry->start : entry->words[words[cues[c].first]].start;
        uint64_t end = c + 1 == count ? entry->end : entry->words[words[cues[c + 1].first]].start;
        size_t from = c == 0 ? 0 : entry->words[words[cues[c].first]].offset;
        size_t to = c + 1 == count ? length : entry->words[words[cues[c + 1].first]].offset;
        write_cue_header(stream, vtt, number++, start, end, rate);
        write_speaker(stream, script, turn, vtt);
        write_wrapped(stream, text, from, to, vtt, word_tags, entry, start, end, rate);
        fputc('\n', stream);
    }
    return number;
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
                              const tts_timeline *timeline, int flags, tts_error *err)
{
    int kind = tts_captions_kind_of(path);
    int vtt = kind == TTS_CAPTIONS_VTT;
    int json = kind == TTS_CAPTIONS_JSON;
    if (kind < 0 || strchr(path, '.') == NULL)
        return tts_error_set(err, TTS_ERR_USAGE, "%s: captions must end in .vtt, .srt or .json",
                             path);
    size_t most_words = 1;
    for (size_t i = 0; i < timeline->count; i++)
        if (timeline->turns[i].word_count > most_words)
            most_words = timeline->turns[i].word_count;
    size_t *words = malloc(most_words * sizeof *words);     /* reused per turn */
    cue_span *cues = malloc(most_words * sizeof *cues);
    if (words == NULL || cues == NULL) {
        free(words);
        free(cues);
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory writing %s", path);
    }
    tts_atomic_file file;
    tts_status status = tts_atomic_open(path, &file, err);
    if (status != TTS_OK) {
        free(words);
        free(cues);
        return status;
    }
    if (json) {
        status = tts_captions_json(file.stream, script, timeline, err);
    } else {
        if (vtt)
            fputs("WEBVTT\n", file.stream);
        size_t number = 1;
        for (size_t i = 0; i < timeline->count; i++)
            number = write_turn(file.stream, script, timeline, &timeline->turns[i], number, vtt,
                                flags, words, cues);
    }
    free(words);
    free(cues);
    if (status == TTS_OK)
        return tts_atomic_commit(&file, err);
    tts_atomic_abort(&file);
    return status;
}
