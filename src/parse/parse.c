/* parse.c: the table of input-format parsers and the entry point that picks
 * one; text, Markdown and HTML all end in the transcript parser. */
#include "parse_internal.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "util/strbuf.h"

typedef tts_status (*format_parser)(const tts_input *input, tts_script *out, tts_error *err);

static tts_status parse_text(const tts_input *input, tts_script *out, tts_error *err)
{
    tts_document document;
    tts_status status = tts_parse_text_blocks(input->name, input->text, input->length,
                                              &document, err);
    transcript_hints hints = {.lines = true};
    if (status == TTS_OK)
        status = tts_parse_drop_page_furniture(input->name, &document, out, err);
    if (status == TTS_OK)
        status = tts_transcript_parse(input->name, &document, &hints, out, err);
    tts_document_free(&document);
    return status;
}

static tts_status parse_html(const tts_input *input, tts_script *out, tts_error *err)
{
    tts_document document;
    tts_status status = tts_extract_html(input->name, input->text, input->length, &document, err);
    /* The page's furniture, and the headline the title turn says. */
    for (size_t d = 0; status == TTS_OK && d < document.dropped_count; d++) {
        const tts_dropped_block *block = &document.dropped[d];
        tts_unspoken_reason reason = block->is_title  ? TTS_UNSPOKEN_DUPLICATE
                                     : block->is_head ? TTS_UNSPOKEN_MARKUP
                                                      : TTS_UNSPOKEN_BOILERPLATE;
        if (block->source_length > 0) {
            status = tts_script_add_unspoken_span(out, block->source_offset, block->source_length,
                                                  block->text, strlen(block->text), reason, err);
            continue;
        }
        /* A block of collapsed text has no span of the page to point to for
         * what a cut span leaves out: it is listed whole, in pieces that
         * fit, each at the block's start plus its place. */
        const char *text = block->text;
        size_t left = strlen(text), place = 0;
        while (status == TTS_OK && left > 0) {
            size_t piece = left;
            if (piece > TTS_UNSPOKEN_TEXT_MAX) {
                piece = TTS_UNSPOKEN_TEXT_MAX;
                while (piece > 0 && text[place + piece] != ' ')
                    piece--;
                if (piece == 0) /* one word longer than a span: cut inside it */
                    for (piece = TTS_UNSPOKEN_TEXT_MAX;
                         piece > 0 && ((unsigned char)text[place + piece] & 0xC0) == 0x80;)
                        piece--;
            }
            status = tts_script_add_unspoken(out, block->source_offset + place, text + place,
                                             piece, reason, err);
            place += piece;
            left -= piece;
        }
    }
    if (status == TTS_OK)
        status = tts_parse_transcript(input->name, &document, out, err);
    tts_document_free(&document);
    return status;
}

static const struct {
    tts_format format;
    format_parser parse;
} parsers[] = {
    {TTS_FORMAT_TEXT, parse_text},         {TTS_FORMAT_HTML, parse_html},
    {TTS_FORMAT_MARKDOWN, tts_parse_markdown}, {TTS_FORMAT_VTT, tts_parse_vtt},
    {TTS_FORMAT_SRT, tts_parse_srt},           {TTS_FORMAT_FOUNTAIN, tts_parse_fountain},
    {TTS_FORMAT_PLAY, tts_parse_play},
};

/* The input is UTF-8, but a parser that cuts a name to fit a buffer can end
 * it inside a character: every string is made valid again, and an id made
 * from such a name is made afresh from the mended name. */
static tts_status repair_utf8(tts_script *script, const char *name, tts_error *err)
{
    if (script->title)
        tts_utf8_repair(script->title);
    if (script->lang)
        tts_utf8_repair(script->lang);
    for (size_t t = 0; t < script->turn_count; t++)
        tts_utf8_repair(script->turns[t].text);
    for (size_t u = 0; u < script->unspoken_count; u++)
        tts_utf8_repair(script->unspoken[u].text);
    for (size_t s = 0; s < script->speaker_count; s++) {
        tts_speaker *speaker = &script->speakers[s];
        tts_utf8_repair(speaker->name);
        if (speaker->role)
            tts_utf8_repair(speaker->role);
        for (size_t a = 0; a < speaker->alias_count; a++)
            tts_utf8_repair(speaker->aliases[a]);
        if (tts_utf8_valid(speaker->id, strlen(speaker->id)))
            continue;
        char *id = tts_script_unique_id(script, speaker->name, (int)s);
        if (id == NULL)
            return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", name);
        free(speaker->id);
        speaker->id = id;
    }
    return TTS_OK;
}

/* A label with nothing said after it ("Ben Cole:" above a sound effect, a
 * cast list's name) makes no speaker: only people heard are listed and cast.
 * Their cues, if any, become the narrator's. */
static void drop_silent_speakers(tts_script *script)
{
    size_t kept = 0;
    int *new_index = malloc((script->speaker_count + 1) * sizeof *new_index);
    if (new_index == NULL)
        return; /* keeping them is harmless */
    for (size_t s = 0; s < script->speaker_count; s++) {
        bool speaks = false;
        for (size_t t = 0; t < script->turn_count && !speaks; t++)
            speaks = script->turns[t].speaker == (int)s && script->turns[t].kind == TTS_TURN_SPEECH;
        if (!speaks) {
            tts_speaker *silent = &script->speakers[s];
            free(silent->id);
            free(silent->name);
            free(silent->role);
            for (size_t a = 0; a < silent->alias_count; a++)
                free(silent->aliases[a]);
            free(silent->aliases);
            new_index[s] = TTS_NARRATOR;
            continue;
        }
        new_index[s] = (int)kept;
        script->speakers[kept++] = script->speakers[s];
    }
    if (kept < script->speaker_count)
        for (size_t t = 0; t < script->turn_count; t++)
            if (script->turns[t].speaker >= 0)
                script->turns[t].speaker = new_index[script->turns[t].speaker];
    script->speaker_count = kept;
    free(new_index);
}

static int by_offset(const void *a, const void *b)
{
    const tts_unspoken *x = a, *y = b;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* Parsers meet left-out text out of order (a footer is cut before the
 * label in front of it is read): the list reads in input order. */
static void sort_unspoken(tts_script *script)
{
    if (script->unspoken_count > 1)
        qsort(script->unspoken, script->unspoken_count, sizeof *script->unspoken, by_offset);
}

tts_status tts_parse_input(const tts_input *input, tts_script *out, tts_error *err)
{
    tts_script_init(out);
    format_parser parse = parse_text;
    for (size_t i = 0; i < sizeof parsers / sizeof parsers[0]; i++)
        if (parsers[i].format == input->format)
            parse = parsers[i].parse;
    out->format = tts_format_name(input->format);
    tts_status status = parse(input, out, err);
    if (status == TTS_OK) {
        drop_silent_speakers(out);
        sort_unspoken(out);
        status = repair_utf8(out, input->name, err);
    }
    if (status == TTS_OK && out->lang != NULL)
        out->lang_source = TTS_LANG_DECLARED;
    if (status == TTS_OK && out->lang == NULL) {
        out->lang_source = TTS_LANG_DEFAULT;
        out->lang = tts_strndup("en", 2);
        if (out->lang == NULL)
            status = tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", input->name);
    }
    if (status == TTS_OK && out->turn_count == 0)
        status = tts_error_set(err, TTS_ERR_EMPTY, "%s: nothing to read aloud was found",
                               input->name);
    /* Errors of the script's limits ("more than 4096 speakers") name no file. */
    size_t name_length = strlen(input->name);
    if (status != TTS_OK && err != NULL &&
        (strncmp(err->message, input->name, name_length) != 0 || err->message[name_length] != ':')) {
        char reason[sizeof err->message];
        snprintf(reason, sizeof reason, "%s", err->message);
        tts_error_set(err, status, "%s: %s", input->name, reason);
    }
    if (status == TTS_OK)
        tts_script_count_turns(out);
    return status;
}

tts_status tts_parse_text_blocks(const char *name, const char *text, size_t length,
                                 tts_document *out, tts_error *err)
{
    memset(out, 0, sizeof *out);
    size_t capacity = 0;
    size_t start = 0;
    while (start < length) {
        const char *newline = memchr(text + start, '\n', length - start);
        size_t end = newline ? (size_t)(newline - text) : length;
        if (!TTS_GROW(out->blocks, capacity, out->block_count + 1, 64)) {
            tts_document_free(out);
            return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", name);
        }
        tts_block *block = &out->blocks[out->block_count];
        block->kind = TTS_BLOCK_PARAGRAPH;
        /* The text starts after the indent collapsing removes. */
        size_t indent = 0;
        while (start + indent < end && (text[start + indent] == ' ' || text[start + indent] == '\t'))
            indent++;
        block->source_offset = start + indent;
        block->text = tts_strndup(text + start, end - start);
        if (block->text == NULL) {
            tts_document_free(out);
            return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", name);
        }
        tts_collapse_whitespace(block->text);
        out->block_count++;
        start = end + 1;
    }
    return TTS_OK;
}
