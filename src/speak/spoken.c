/* spoken.c: builds the spoken text of a turn together with the map back to
 * the written text, collapsing spaces and pauses so eSpeak reads no stray marks. */
#include <stdlib.h>
#include <string.h>

#include "speak_internal.h"
#include "util/grow.h"

void tts_builder_init(spoken_builder *builder, const char *text)
{
    memset(builder, 0, sizeof *builder);
    builder->text = text;
}

void tts_builder_free(spoken_builder *builder)
{
    tts_strbuf_free(&builder->spoken);
    free(builder->pieces);
    builder->pieces = NULL;
}

char tts_builder_last(const spoken_builder *builder)
{
    return builder->spoken.length ? builder->spoken.data[builder->spoken.length - 1] : '\0';
}

/* Records that the bytes about to be appended at spoken_start came from
 * text[text_offset, +text_length), joining the previous piece when it continues it. */
static void add_piece(spoken_builder *builder, size_t spoken_start, size_t text_offset,
                      size_t text_length, bool verbatim)
{
    if (builder->piece_count > 0) {
        tts_spoken_piece *last = &builder->pieces[builder->piece_count - 1];
        if (verbatim && last->verbatim && last->text_offset + last->text_length == text_offset &&
            last->spoken_offset + last->text_length == spoken_start) {
            last->text_length += text_length;
            return;
        }
        if (!verbatim && !last->verbatim && last->text_offset == text_offset &&
            last->text_length == text_length)
            return;
    }
    if (!TTS_GROW(builder->pieces, builder->piece_capacity, builder->piece_count + 1, 16)) {
        builder->failed = true;
        return;
    }
    builder->pieces[builder->piece_count++] =
        (tts_spoken_piece){spoken_start, text_offset, text_length, verbatim};
}

static void append(spoken_builder *builder, const char *bytes, size_t count, size_t text_offset,
                   size_t text_length, bool verbatim)
{
    if (count == 0 || builder->failed)
        return;
    size_t start = builder->spoken.length;
    if (!tts_strbuf_append(&builder->spoken, bytes, count)) {
        builder->failed = true;
        return;
    }
    add_piece(builder, start, text_offset, text_length, verbatim);
}

static bool is_clause_mark(char c)
{
    return c != '\0' && strchr(",.;:!?", c) != NULL;
}

/* An opening quote just written: a pause after it would read as ", word". */
static bool after_opening_quote(const spoken_builder *builder)
{
    const char *data = builder->spoken.data;
    size_t length = builder->spoken.length;
    if (length >= 3 && memcmp(data + length - 3, "\xe2\x80\x9c", 3) == 0)
        return true;
    return length >= 1 && data[length - 1] == '"' && (length == 1 || data[length - 2] == ' ');
}

/* "... Exactly" starts a sentence, "... I mean" need not. */
static bool starts_sentence(const char *content)
{
    if (content[0] < 'A' || content[0] > 'Z')
        return false;
    return content[0] != 'I' || (content[1] >= 'a' && content[1] <= 'z');
}

/* Writes the separator waiting before `content`. */
static void flush_separators(spoken_builder *builder, const char *content)
{
    bool at_start = builder->spoken.length == 0;
    bool mark_next = is_clause_mark(content[0]) && !(content[0] == '.' && content[1] >= '0' &&
                                                     content[1] <= '9');
    if (builder->pause_pending != PAUSE_NONE && !at_start && !mark_next &&
        !after_opening_quote(builder)) {
        bool stop = builder->pause_pending == PAUSE_STOP ||
                    (builder->pause_pending == PAUSE_HESITATION && starts_sentence(content));
        if (!is_clause_mark(tts_builder_last(builder)))
            append(builder, stop ? "." : ",", 1, builder->pause_offset, builder->pause_length,
                   false);
        append(builder, " ", 1, builder->pause_offset, builder->pause_length, false);
    } else if (builder->space_pending && !at_start && !mark_next) {
        bool plain = builder->space_length == 1 && builder->text[builder->space_offset] == ' ';
        append(builder, " ", 1, builder->space_offset, builder->space_length, plain);
    }
    builder->pause_pending = PAUSE_NONE;
    builder->space_pending = false;
}

void tts_builder_space(spoken_builder *builder, size_t offset, size_t length)
{
    if (builder->space_pending || builder->pause_pending != PAUSE_NONE)
        return;
    builder->space_pending = true;
    builder->space_offset = offset;
    builder->space_length = length;
}

void tts_builder_pause(spoken_builder *builder, pause_strength strength, size_t offset, size_t length)
{
    if (builder->pause_pending == PAUSE_NONE) {
        builder->pause_offset = offset;
        builder->pause_length = length;
    }
    if (strength > builder->pause_pending)
        builder->pause_pending = strength;
    builder->space_pending = false;
}

void tts_builder_copy(spoken_builder *builder, size_t offset, size_t length)
{
    /* What a dropped note leaves at the start, "(Laughter). Yes", is not said. */
    if (length == 0 || (builder->spoken.length == 0 && is_clause_mark(builder->text[offset])))
        return;
    flush_separators(builder, builder->text + offset);
    append(builder, builder->text + offset, length, offset, length, true);
}

void tts_builder_say(spoken_builder *builder, size_t offset, size_t length, const char *words)
{
    if (words[0] == '\0')
        return;
    flush_separators(builder, words);
    append(builder, words, strlen(words), offset, length, false);
}

bool tts_builder_finish(spoken_builder *builder, char **spoken, tts_spoken_map **map)
{
    *spoken = NULL;
    if (map != NULL)
        *map = NULL;
    if (builder->failed)
        return false;
    if (map != NULL) {
        tts_spoken_map *result =
            malloc(sizeof *result + builder->piece_count * sizeof result->pieces[0]);
        if (result == NULL)
            return false;
        result->count = builder->piece_count;
        if (builder->piece_count > 0)
            memcpy(result->pieces, builder->pieces, builder->piece_count * sizeof result->pieces[0]);
        *map = result;
    }
    *spoken = tts_strbuf_detach(&builder->spoken);
    if (*spoken == NULL && map != NULL) {
        free(*map);
        *map = NULL;
    }
    return *spoken != NULL;
}
