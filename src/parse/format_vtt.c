/* format_vtt.c: WebVTT -> cues. <v Name> voice spans name the speaker (one
 * cue may hold several), other tags and NOTE/STYLE/REGION blocks are
 * dropped; subtitles.c makes the turns. */
#include "parse_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/strbuf.h"

/* One cue's text being split into voice spans. */
typedef struct span_builder {
    subtitle_track *track;
    tts_script *script;  /* where tags are recorded as not spoken */
    size_t line_offset;  /* of the payload line in the input */
    tts_strbuf text;
    char voice[256];     /* the open <v> span's name, or "" */
    bool plain_text;     /* some of the span's words are not in italics */
    int italic;
} span_builder;

static bool flush_span(span_builder *spans)
{
    bool ok = true;
    if (spans->text.length > 0)
        ok = tts_subtitle_add_line(spans->track, spans->text.data, spans->text.length,
                               spans->voice[0] ? spans->voice : NULL, !spans->plain_text);
    spans->text.length = 0;
    spans->plain_text = false;
    return ok;
}

/* "<v.loud Roger Bingham>" -> "Roger Bingham" */
static void read_voice(const char *tag, size_t length, char *voice, size_t size)
{
    size_t i = 2;
    while (i < length && tag[i] != ' ' && tag[i] != '\t' && tag[i] != '>')
        i++; /* classes: ".loud" */
    while (i < length && (tag[i] == ' ' || tag[i] == '\t'))
        i++;
    size_t end = length - 1; /* the '>' */
    size_t n = end > i ? end - i : 0;
    if (n >= size)
        n = size - 1;
    memcpy(voice, tag + i, n);
    voice[n] = '\0';
    /* Diarizers name voices "SPEAKER_1": the same speaker as a "Speaker 1:" label. */
    for (char *p = voice; *p; p++)
        if (*p == '_')
            *p = ' ';
    tts_collapse_whitespace(voice);
    /* "<v Juanita Gomez:>" (Talk Python): the colon of a label, not the name. */
    n = strlen(voice);
    while (n > 0 && voice[n - 1] == ':')
        voice[--n] = '\0';
}

static size_t decode_entity(const char *text, char *out)
{
    static const struct {
        const char *name, *value;
    } entities[] = {{"&amp;", "&"},  {"&lt;", "<"},   {"&gt;", ">"}, {"&nbsp;", " "},
                    {"&lrm;", ""},   {"&rlm;", ""},   {"&quot;", "\""}, {"&apos;", "'"}};
    for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++)
        if (strncmp(text, entities[i].name, strlen(entities[i].name)) == 0) {
            strcpy(out, entities[i].value);
            return strlen(entities[i].name);
        }
    return 0;
}

/* Splits one payload line into spans at <v> and </v>. */
static bool read_payload_line(span_builder *spans, const char *line)
{
    for (size_t i = 0; line[i];) {
        if (line[i] == '<') {
            const char *close = memchr(line + i, '>', strnlen(line + i, 300));
            if (close != NULL) {
                size_t length = (size_t)(close - (line + i)) + 1;
                bool voice = line[i + 1] == 'v' && (line[i + 2] == ' ' || line[i + 2] == '.');
                if (tts_script_add_unspoken(spans->script, spans->line_offset + i, line + i, length,
                                            voice ? TTS_UNSPOKEN_LABEL : TTS_UNSPOKEN_MARKUP,
                                            NULL) != TTS_OK)
                    return false;
                if (voice) {
                    if (!flush_span(spans))
                        return false;
                    read_voice(line + i, length, spans->voice, sizeof spans->voice);
                } else if (strncmp(line + i, "</v>", 4) == 0) {
                    if (!flush_span(spans))
                        return false;
                    spans->voice[0] = '\0';
                } else if (strncmp(line + i, "<i>", 3) == 0 || strncmp(line + i, "<i.", 3) == 0) {
                    spans->italic++;
                } else if (strncmp(line + i, "</i>", 4) == 0 && spans->italic > 0) {
                    spans->italic--;
                }
                i += length;
                continue;
            }
        }
        char decoded[8] = {line[i], '\0'};
        size_t used = line[i] == '&' ? decode_entity(line + i, decoded) : 0;
        if (used == 0)
            used = 1;
        spans->plain_text |= spans->italic == 0 && !isspace((unsigned char)line[i]);
        if (spans->text.length > 0 || !isspace((unsigned char)decoded[0]))
            if (!tts_strbuf_append_string(&spans->text, decoded))
                return false;
        i += used;
    }
    /* A line break inside a span is a space; a new line without a tag goes on with the voice. */
    return flush_span(spans);
}

static bool starts_block(const char *line, const char *keyword)
{
    size_t length = strlen(keyword);
    return strncmp(line, keyword, length) == 0 &&
           (line[length] == '\0' || line[length] == ' ' || line[length] == '\t');
}

/* The tag of a header line "Language: pt-BR" (its length in *length), or
 * NULL for any other line. */
static const char *header_language(const char *line, size_t *length_out)
{
    static const char key[] = "Language:";
    if (strncasecmp(line, key, sizeof key - 1) != 0)
        return NULL;
    const char *tag = line + sizeof key - 1;
    tag += strspn(tag, " \t");
    size_t length = strcspn(tag, " \t");
    if (length < 2 || length > 35 || tag[length + strspn(tag + length, " \t")] != '\0' ||
        !isalpha((unsigned char)tag[0]))
        return NULL;
    for (size_t i = 0; i < length; i++)
        if (!isalnum((unsigned char)tag[i]) && tag[i] != '-' && tag[i] != '_')
            return NULL;
    *length_out = length;
    return tag;
}

tts_status tts_parse_vtt(const tts_input *input, tts_script *out, tts_error *err)
{
    subtitle_track track = {0};
    span_builder spans = {.track = &track, .script = out};
    line_reader reader;
    tts_line_reader_init(&reader, input->text, input->length);
    enum { HEADER, BETWEEN, SKIPPED_BLOCK, CUE } state = HEADER;
    bool ok = true;
    char *title = NULL;
    tts_unspoken_reason skipped_as = TTS_UNSPOKEN_NOTE;
    while (ok && tts_line_reader_next(&reader)) {
        char *line = reader.line.data;
        double start, end;
        /* Everything but cue text is left unspoken; say why. */
        tts_unspoken_reason reason = TTS_UNSPOKEN_REASON_COUNT;
        if (tts_line_is_blank(line)) {
            state = BETWEEN;
            spans.voice[0] = '\0';
            spans.italic = 0;
        } else if (state == SKIPPED_BLOCK) {
            reason = skipped_as;
        } else if (tts_subtitle_read_timing(line, &start, &end)) {
            ok = tts_subtitle_add_cue(&track, start, end, reader.offset);
            state = CUE;
            spans.voice[0] = '\0';
            reason = TTS_UNSPOKEN_TIMESTAMP;
        } else if (state == HEADER) {
            reason = TTS_UNSPOKEN_MARKUP;
            /* "WEBVTT - Title of the talk" */
            if (title == NULL && starts_block(line, "WEBVTT") && line[6] != '\0') {
                const char *text = line + 6 + strspn(line + 6, " \t-");
                title = tts_strndup(text, strlen(text));
                ok = title != NULL;
            }
            /* "Language: es", as YouTube's captions declare theirs */
            size_t tag_length;
            const char *tag = header_language(line, &tag_length);
            if (tag != NULL && out->lang == NULL) {
                out->lang = tts_strndup(tag, tag_length);
                ok = out->lang != NULL;
            }
        } else if (state == BETWEEN &&
                   (starts_block(line, "NOTE") || starts_block(line, "STYLE") ||
                    starts_block(line, "REGION"))) {
            state = SKIPPED_BLOCK;
            skipped_as = line[0] == 'N' ? TTS_UNSPOKEN_NOTE : TTS_UNSPOKEN_MARKUP;
            reason = skipped_as;
        } else if (state == CUE) {
            spans.line_offset = reader.offset;
            ok = read_payload_line(&spans, line);
        } else {
            reason = TTS_UNSPOKEN_CUE; /* a cue identifier before its timing line */
        }
        if (ok && reason != TTS_UNSPOKEN_REASON_COUNT)
            ok = tts_script_add_unspoken(out, reader.offset, line, strlen(line), reason, NULL) ==
                 TTS_OK;
    }
    ok = ok && !reader.failed;
    tts_line_reader_free(&reader);
    tts_strbuf_free(&spans.text);
    tts_status status = ok ? TTS_OK
                           : tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", input->name);
    if (status == TTS_OK && title != NULL && title[0] != '\0') {
        status = tts_script_add_turn(out, TTS_NARRATOR, TTS_TURN_TITLE, title, strlen(title), 0,
                                     err);
        out->title = title;
        title = NULL;
    }
    if (status == TTS_OK)
        status = tts_subtitle_track_to_script(input->name, &track, out, err);
    free(title);
    tts_subtitle_track_free(&track);
    return status;
}
