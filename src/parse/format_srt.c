/* format_srt.c: SubRip (.srt) -> cues: a number, "00:00:01,000 --> 00:00:02,000",
 * then text lines with styling tags dropped; subtitles.c makes the turns. */
#include "parse_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Reads "01:02:03,456" (or with '.', or without hours); returns the bytes
 * used, 0 when text is not a time. */
/* "3.480", "125.5": seconds alone, as diarizers and speech recognizers
 * write WebVTT timings ("0.000 --> 3.480"); returns the bytes read or 0. */
static size_t read_plain_seconds(const char *text, double *seconds)
{
    size_t whole = strspn(text, "0123456789");
    if (whole == 0 || whole > 6 || text[whole] != '.')
        return 0;
    size_t fraction = strspn(text + whole + 1, "0123456789");
    if (fraction == 0 || fraction > 3)
        return 0;
    *seconds = strtod(text, NULL);
    return whole + 1 + fraction;
}

size_t tts_subtitle_read_time(const char *text, double *seconds)
{
    size_t length = tts_label_timestamp_length(text);
    if (length == 0)
        return read_plain_seconds(text, seconds);
    double parts[3] = {0, 0, 0};
    size_t count = 0;
    double fraction = 0, scale = 0.1;
    bool in_fraction = false;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (c == ':') {
            count++;
        } else if (c == ',' || c == '.') {
            in_fraction = true;
        } else if (in_fraction) {
            fraction += (c - '0') * scale;
            scale /= 10;
        } else {
            parts[count] = parts[count] * 10 + (c - '0');
        }
    }
    *seconds = (count == 2 ? parts[0] * 3600 + parts[1] * 60 + parts[2]
                           : parts[0] * 60 + parts[1]) + fraction;
    return length;
}

bool tts_subtitle_read_timing(const char *line, double *start, double *end)
{
    while (*line == ' ' || *line == '\t')
        line++;
    size_t used = tts_subtitle_read_time(line, start);
    if (used == 0)
        return false;
    line += used;
    while (*line == ' ' || *line == '\t')
        line++;
    if (strncmp(line, "-->", 3) != 0)
        return false;
    line += 3;
    while (*line == ' ' || *line == '\t')
        line++;
    return tts_subtitle_read_time(line, end) > 0;
}

/* Drops <i>, <font ...> and {\an8} styling in place, recording each tag
 * as markup at offset + its place (reading runs ahead of writing, so read
 * still points at the line as written); true when the whole line was
 * italic (in SubRip, a sound or a song: "<i>music</i>"). *ok turns false
 * when recording runs out of memory. */
static bool strip_styling(char *text, tts_script *out, size_t offset, bool *ok)
{
    char *write = text;
    bool italic = false, plain_text = false;
    for (const char *read = text; *read;) {
        char close = *read == '<' ? '>' : (*read == '{' && read[1] == '\\') ? '}' : 0;
        const char *end = close ? memchr(read, close, strnlen(read, 200)) : NULL;
        if (end != NULL) {
            *ok = *ok && tts_script_add_unspoken(out, offset + (size_t)(read - text), read,
                                                 (size_t)(end - read) + 1, TTS_UNSPOKEN_MARKUP,
                                                 NULL) == TTS_OK;
            if (strncasecmp(read, "<i>", 3) == 0)
                italic = true;
            else if (strncasecmp(read, "</i>", 4) == 0)
                italic = false;
            read = end + 1;
            continue;
        }
        plain_text |= !italic && !isspace((unsigned char)*read);
        *write++ = *read++;
    }
    *write = '\0';
    return !plain_text && write != text;
}

tts_status tts_parse_srt(const tts_input *input, tts_script *out, tts_error *err)
{
    subtitle_track track = {0};
    line_reader reader;
    tts_line_reader_init(&reader, input->text, input->length);
    bool ok = true, in_cue = false;
    while (ok && tts_line_reader_next(&reader)) {
        char *line = reader.line.data;
        double start, end;
        if (tts_line_is_blank(line)) {
            in_cue = false;
        } else if (tts_subtitle_read_timing(line, &start, &end)) {
            ok = tts_subtitle_add_cue(&track, start, end, reader.offset) &&
                 tts_script_add_unspoken(out, reader.offset, line, strlen(line),
                                         TTS_UNSPOKEN_TIMESTAMP, err) == TTS_OK;
            in_cue = true;
        } else if (in_cue || strspn(line, "0123456789") != strlen(line)) {
            /* Text, also after a stray blank line inside a cue; cue numbers are skipped. */
            bool italic = strip_styling(line, out, reader.offset, &ok);
            ok = ok && tts_subtitle_add_line(&track, line, strlen(line), NULL, italic);
        } else {
            ok = tts_script_add_unspoken(out, reader.offset, line, strlen(line),
                                         TTS_UNSPOKEN_CUE, err) == TTS_OK;
        }
    }
    ok = ok && !reader.failed;
    tts_line_reader_free(&reader);
    tts_status status = ok ? tts_subtitle_track_to_script(input->name, &track, out, err)
                           : tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", input->name);
    tts_subtitle_track_free(&track);
    return status;
}
