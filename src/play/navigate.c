/* navigate.c: the player's pure logic: what a key means, which turn a move
 * leads to, where --start-at begins, and what the status line says. */
#include "play_internal.h"
#include "util/grow.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char tts_play_help_text[] =
    "keys: space pause/resume   n or Right  next turn       p or Left  previous turn\n"
    "      N or Down  next speaker          P or Up  previous speaker  r  repeat turn\n"
    "      . next sentence   , previous sentence   R  repeat sentence (or Ctrl+arrows)\n"
    "      + faster  - slower   s  who is speaking   c  continue where you last quit\n"
    "      ?  these keys      q or Esc  quit (the place is kept for next time)";

static play_command arrow(unsigned char final)
{
    switch (final) {
    case 'A': return PLAY_PREVIOUS_SPEAKER;
    case 'B': return PLAY_NEXT_SPEAKER;
    case 'C': return PLAY_NEXT;
    case 'D': return PLAY_PREVIOUS;
    default: return PLAY_NONE;
    }
}

play_command tts_play_decode_key(const unsigned char *bytes, size_t length, bool more_may_follow,
                             size_t *used)
{
    *used = 0;
    if (length == 0)
        return PLAY_NONE;
    if (bytes[0] == 0x1b) {
        if (length == 1) {
            if (more_may_follow)
                return PLAY_NONE;
            *used = 1;
            return PLAY_QUIT;
        }
        if (bytes[1] != '[' && bytes[1] != 'O') {
            *used = 1; /* Esc, then another key */
            return PLAY_QUIT;
        }
        /* CSI or SS3: parameters, then one final byte in 0x40..0x7e.
         * Ctrl+Right/Left arrive as ESC [ 1 ; 5 C / D: sentences. */
        for (size_t i = 2; i < length; i++) {
            if (bytes[i] >= 0x40 && bytes[i] <= 0x7e) {
                *used = i + 1;
                if (i == 5 && memcmp(bytes + 2, "1;5", 3) == 0)
                    return bytes[i] == 'C'   ? PLAY_NEXT_SENTENCE
                           : bytes[i] == 'D' ? PLAY_PREVIOUS_SENTENCE
                                             : PLAY_NONE;
                return i == 2 ? arrow(bytes[i]) : PLAY_NONE;
            }
        }
        if (more_may_follow)
            return PLAY_NONE;
        *used = length; /* a broken sequence: drop it */
        return PLAY_NONE;
    }
    *used = 1;
    switch (bytes[0]) {
    case ' ': return PLAY_PAUSE;
    case 'n': return PLAY_NEXT;
    case 'p': return PLAY_PREVIOUS;
    case 'N': return PLAY_NEXT_SPEAKER;
    case 'P': return PLAY_PREVIOUS_SPEAKER;
    case 'r': return PLAY_REPEAT;
    case '.': return PLAY_NEXT_SENTENCE;
    case ',': return PLAY_PREVIOUS_SENTENCE;
    case 'R': return PLAY_REPEAT_SENTENCE;
    case '+': case '=': return PLAY_FASTER;
    case '-': case '_': return PLAY_SLOWER;
    case 's': return PLAY_SAY_SPEAKER;
    case '?': case 'h': return PLAY_HELP;
    case 'q': case 'Q': return PLAY_QUIT;
    case 'c': return PLAY_CONTINUE;
    default: return PLAY_NONE;
    }
}

static bool has_words(const tts_turn *turn)
{
    const char *spoken = turn->spoken ? turn->spoken : turn->text;
    return spoken != NULL && spoken[0] != '\0';
}

/* Turns that carry a speaker's run: said aloud, and not a production cue. */
static bool in_run(const tts_turn *turn)
{
    return has_words(turn) && turn->kind != TTS_TURN_CUE;
}

/* First turn of the run of `speaker` that ends at or after `turn`, going back. */
static size_t run_start(const tts_script *script, size_t turn, int speaker)
{
    size_t start = turn;
    for (size_t t = turn; t-- > 0;) {
        if (!in_run(&script->turns[t]))
            continue;
        if (script->turns[t].speaker != speaker)
            break;
        start = t;
    }
    return start;
}

size_t tts_play_target_turn(const tts_script *script, size_t turn, play_command command)
{
    size_t count = script->turn_count;
    int speaker = turn < count ? script->turns[turn].speaker : TTS_NARRATOR;
    switch (command) {
    case PLAY_NEXT:
        for (size_t t = turn + 1; t < count; t++)
            if (has_words(&script->turns[t]))
                return t;
        return count;
    case PLAY_PREVIOUS:
        for (size_t t = turn; t-- > 0;)
            if (has_words(&script->turns[t]))
                return t;
        return turn;
    case PLAY_NEXT_SPEAKER:
        for (size_t t = turn + 1; t < count; t++)
            if (in_run(&script->turns[t]) && script->turns[t].speaker != speaker)
                return t;
        return count;
    case PLAY_PREVIOUS_SPEAKER: {
        size_t start = run_start(script, turn, speaker);
        for (size_t t = start; t-- > 0;)
            if (in_run(&script->turns[t]))
                return run_start(script, t, script->turns[t].speaker);
        return start;
    }
    case PLAY_REPEAT:
        return turn;
    default:
        return turn;
    }
}

/* When a sentence ends at text[at] (. ! ? or an ellipsis, then any closing
 * quotes or brackets, then white space), the offset after its closers; else
 * 0. "3.5" and "now.Then" end none. */
static size_t sentence_ends_at(const char *text, size_t at)
{
    if (text[at] == '\0' || (strchr(".!?", text[at]) == NULL && strncmp(text + at, "\u2026", 3) != 0))
        return 0;
    size_t after = at + (text[at] == '\xe2' ? 3 : 1);
    while (text[after] != '\0' && strchr(".!?\"')]", text[after]) != NULL)
        after++;
    while (strncmp(text + after, "\u201d", 3) == 0 || strncmp(text + after, "\u2019", 3) == 0)
        after += 3;
    return text[after] == '\0' || isspace((unsigned char)text[after]) ? after : 0;
}

size_t tts_play_sentence_start(const char *text, size_t offset, int step)
{
    /* starts[] is every sentence start, in order; a turn rarely has many */
    size_t length = strlen(text), count = 0, capacity = 16;
    size_t *starts = malloc(capacity * sizeof *starts);
    if (starts == NULL)
        return step == 0 ? 0 : SIZE_MAX;
    bool at_start = true;
    for (size_t at = 0; at < length; at++) {
        /* "Really?" she said: a lower-case word goes on with the sentence */
        if (at_start && count > 0 && islower((unsigned char)text[at]))
            at_start = false;
        if (at_start && !isspace((unsigned char)text[at])) {
            if (!TTS_GROW(starts, capacity, count + 1, capacity))
                break;
            starts[count++] = at;
            at_start = false;
        }
        size_t after = at_start ? 0 : sentence_ends_at(text, at);
        if (after > 0) {
            at_start = true;
            at = after - 1;
        }
    }
    size_t current = 0;
    while (current + 1 < count && starts[current + 1] <= offset)
        current++;
    long target = (long)current + step;
    size_t result = count > 0 && target >= 0 && (size_t)target < count ? starts[target] : SIZE_MAX;
    if (count == 0 && step == 0)
        result = 0;
    free(starts);
    return result;
}

/* "1:35" or "1:02:03", the last field may have a fraction. */
static int parse_clock(const char *text, double *seconds)
{
    double total = 0;
    int fields = 0;
    for (const char *cursor = text;;) {
        if (!isdigit((unsigned char)*cursor))
            return 0;
        bool last = strchr(cursor, ':') == NULL;
        char *end;
        errno = 0;
        double value = last ? strtod(cursor, &end) : (double)strtoul(cursor, &end, 10);
        if (errno || (fields > 0 && value >= 60))
            return 0;
        total = total * 60 + value;
        if (++fields > 3 || (last && *end != '\0') || (!last && *end != ':'))
            return 0;
        if (last)
            break;
        cursor = end + 1;
    }
    *seconds = total;
    return 1;
}

int tts_play_parse_start(const char *text, tts_play_start *out)
{
    memset(out, 0, sizeof *out);
    size_t length = text ? strlen(text) : 0;
    if (length == 0 || !isdigit((unsigned char)text[0]))
        return 0;
    char *end;
    errno = 0;
    if (text[length - 1] == 's') {
        out->seconds = strtod(text, &end);
        return !errno && end == text + length - 1;
    }
    if (strchr(text, ':') != NULL)
        return parse_clock(text, &out->seconds);
    unsigned long long turn = strtoull(text, &end, 10);
    if (errno || *end != '\0' || turn == 0)
        return 0;
    out->turn = (size_t)turn;
    return 1;
}

double tts_play_estimate_seconds(const char *text, const tts_voice *voice)
{
    size_t words = 0;
    bool in_word = false;
    for (const char *c = text; *c; c++) {
        bool space = isspace((unsigned char)*c);
        words += !space && !in_word;
        in_word = !space;
    }
    int rate = voice->rate > 0 ? voice->rate : 175;
    return words * 60.0 / rate;
}

void tts_play_format_time(char *buffer, size_t size, double seconds)
{
    long total = seconds > 0 ? lround(floor(seconds)) : 0;
    if (total >= 3600)
        snprintf(buffer, size, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
    else
        snprintf(buffer, size, "%ld:%02ld", total / 60, total % 60);
}

void tts_play_format_status(char *buffer, size_t size, size_t width, const char *speaker,
                        size_t turn, size_t turn_count, double elapsed, double total,
                        bool total_estimated, double speed, bool paused)
{
    char elapsed_text[32], total_text[32], speed_text[32] = "";
    tts_play_format_time(elapsed_text, sizeof elapsed_text, elapsed);
    tts_play_format_time(total_text, sizeof total_text, total);
    if (fabs(speed - 1.0) > 0.001)
        snprintf(speed_text, sizeof speed_text, "  speed %.1f", speed);
    snprintf(buffer, size, "%s  turn %zu of %zu  %s / %s%s%s%s", speaker, turn, turn_count,
             elapsed_text, total_estimated ? "~" : "", total_text, speed_text,
             paused ? "  (paused)" : "");
    /* Cut at a character boundary so the line never wraps. */
    size_t length = strlen(buffer);
    if (width > 0 && length > width) {
        length = width;
        while (length > 0 && ((unsigned char)buffer[length] & 0xC0) == 0x80)
            length--;
        buffer[length] = '\0';
    }
}
