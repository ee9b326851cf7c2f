/* script.c: building and freeing a tts_script; the parsers of every input
 * format fill one through these functions, which enforce the hard limits. */
#include "ttsread/script.h"

#include "parse_internal.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/grow.h"

void tts_script_init(tts_script *script)
{
    memset(script, 0, sizeof *script);
}

void tts_script_free(tts_script *script)
{
    for (size_t i = 0; i < script->speaker_count; i++) {
        tts_speaker *speaker = &script->speakers[i];
        free(speaker->id);
        free(speaker->name);
        free(speaker->role);
        for (size_t k = 0; k < speaker->alias_count; k++)
            free(speaker->aliases[k]);
        free(speaker->aliases);
    }
    for (size_t i = 0; i < script->turn_count; i++) {
        free(script->turns[i].text);
        free(script->turns[i].spoken);
        free(script->turns[i].spoken_map);
    }
    for (size_t i = 0; i < script->unspoken_count; i++)
        free(script->unspoken[i].text);
    free(script->unspoken);
    free(script->speakers);
    free(script->turns);
    free(script->title);
    free(script->lang);
    memset(script, 0, sizeof *script);
}

static bool grow(void **items, size_t *capacity, size_t count, size_t item_size)
{
    return tts_grow(items, capacity, count + 1, item_size, 16);
}

static bool id_taken(const tts_script *script, const char *id, int except)
{
    if (strcmp(id, TTS_NARRATOR_ID) == 0)
        return true;
    for (size_t i = 0; i < script->speaker_count; i++)
        if ((int)i != except && strcmp(script->speakers[i].id, id) == 0)
            return true;
    return false;
}

/* One pass finds the highest number given to the slug so far, so that many
 * namesakes cost linear time, not a rescan per number tried. */
char *tts_script_unique_id(const tts_script *script, const char *name, int except)
{
    /* tts_slug lowers ASCII only: "José Álvarez" -> "josé-álvarez", not "josé-Álvarez". */
    char *lowered = tts_parse_lower(name);
    char *base = lowered ? tts_slug(lowered) : NULL;
    free(lowered);
    if (base == NULL || !id_taken(script, base, except))
        return base;
    size_t base_length = strlen(base);
    unsigned long highest = 1;
    for (size_t i = 0; i < script->speaker_count; i++) {
        const char *id = script->speakers[i].id;
        if ((int)i == except || strncmp(id, base, base_length) != 0 || id[base_length] != '-' ||
            !isdigit((unsigned char)id[base_length + 1]))
            continue;
        char *end;
        unsigned long number = strtoul(id + base_length + 1, &end, 10);
        if (*end == '\0' && number > highest && number < ULONG_MAX)
            highest = number;
    }
    for (unsigned long suffix = highest + 1;; suffix++) {
        tts_strbuf unique = TTS_STRBUF_INIT;
        if (!tts_strbuf_printf(&unique, "%s-%lu", base, suffix)) {
            free(base);
            return NULL;
        }
        if (!id_taken(script, unique.data, except)) {
            free(base);
            return tts_strbuf_detach(&unique);
        }
        tts_strbuf_free(&unique);
    }
}

tts_status tts_script_add_speaker(tts_script *script, const char *name, const char *role,
                                  int *index, tts_error *err)
{
    if (script->speaker_count >= TTS_SCRIPT_MAX_SPEAKERS)
        return tts_error_set(err, TTS_ERR_TOO_LARGE, "more than %d speakers",
                             TTS_SCRIPT_MAX_SPEAKERS);
    if (!grow((void **)&script->speakers, &script->speaker_capacity, script->speaker_count,
              sizeof *script->speakers))
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory adding a speaker");
    tts_speaker *speaker = &script->speakers[script->speaker_count];
    memset(speaker, 0, sizeof *speaker);
    speaker->name = tts_strndup(name, strlen(name));
    speaker->id = tts_script_unique_id(script, name, -1);
    speaker->role = role ? tts_strndup(role, strlen(role)) : NULL;
    if (speaker->name == NULL || speaker->id == NULL || (role && speaker->role == NULL)) {
        free(speaker->name);
        free(speaker->id);
        free(speaker->role);
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory adding a speaker");
    }
    *index = (int)script->speaker_count++;
    return TTS_OK;
}

tts_status tts_script_add_alias(tts_script *script, int index, const char *alias, tts_error *err)
{
    tts_speaker *speaker = &script->speakers[index];
    for (size_t i = 0; i < speaker->alias_count; i++)
        if (strcmp(speaker->aliases[i], alias) == 0)
            return TTS_OK;
    if (speaker->alias_count >= TTS_SCRIPT_MAX_ALIASES)
        return TTS_OK; /* enough to show who this is; more would only cost time */
    char **aliases = realloc(speaker->aliases, (speaker->alias_count + 1) * sizeof *aliases);
    if (aliases == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory adding an alias");
    speaker->aliases = aliases;
    aliases[speaker->alias_count] = tts_strndup(alias, strlen(alias));
    if (aliases[speaker->alias_count] == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory adding an alias");
    speaker->alias_count++;
    return TTS_OK;
}

tts_status tts_script_add_turn(tts_script *script, int speaker, tts_turn_kind kind,
                               const char *text, size_t length, size_t source_offset,
                               tts_error *err)
{
    if (script->turn_count >= TTS_SCRIPT_MAX_TURNS)
        return tts_error_set(err, TTS_ERR_TOO_LARGE, "more than %d turns", TTS_SCRIPT_MAX_TURNS);
    if (!grow((void **)&script->turns, &script->turn_capacity, script->turn_count,
              sizeof *script->turns))
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory adding a turn");
    tts_turn *turn = &script->turns[script->turn_count];
    memset(turn, 0, sizeof *turn);
    turn->text = tts_strndup(text, length);
    if (turn->text == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory adding a turn");
    turn->speaker = speaker;
    turn->kind = kind;
    turn->source_offset = source_offset;
    turn->cue_start = turn->cue_end = -1;
    script->turn_count++;
    return TTS_OK;
}

tts_status tts_script_add_unspoken(tts_script *script, size_t offset, const char *text,
                                   size_t length, tts_unspoken_reason reason, tts_error *err)
{
    return tts_script_add_unspoken_span(script, offset, 0, text, length, reason, err);
}

tts_status tts_script_add_unspoken_span(tts_script *script, size_t offset, size_t source_length,
                                        const char *text, size_t length,
                                        tts_unspoken_reason reason, tts_error *err)
{
    while (length > 0 && *text != '\0' && strchr(" \t\r\n", *text) != NULL) {
        text++;
        offset++;
        length--;
    }
    while (length > 0 && text[length - 1] != '\0' && strchr(" \t\r\n", text[length - 1]) != NULL)
        length--;
    if (length == 0 || script->unspoken_count >= TTS_SCRIPT_MAX_TURNS)
        return TTS_OK;
    if (!grow((void **)&script->unspoken, &script->unspoken_capacity, script->unspoken_count,
              sizeof *script->unspoken))
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    size_t kept = length;
    if (kept > TTS_UNSPOKEN_TEXT_MAX) {
        kept = TTS_UNSPOKEN_TEXT_MAX;
        while (kept > 0 && ((unsigned char)text[kept] & 0xC0) == 0x80)
            kept--; /* not inside a character */
    }
    char *copy = tts_strndup(text, kept);
    if (copy == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    script->unspoken[script->unspoken_count++] =
        (tts_unspoken){offset, copy, source_length ? source_length : length, reason};
    return TTS_OK;
}

const char *tts_unspoken_reason_name(tts_unspoken_reason reason)
{
    static const char *const names[TTS_UNSPOKEN_REASON_COUNT] = {
        "label", "timestamp", "cue", "boilerplate", "markup", "note", "duplicate",
    };
    return reason < TTS_UNSPOKEN_REASON_COUNT ? names[reason] : "unknown";
}

const char *tts_lang_source_name(tts_lang_source source)
{
    static const char *const names[] = {"default", "option", "declared", "guessed"};
    return (size_t)source < sizeof names / sizeof names[0] ? names[source] : "unknown";
}

void tts_script_count_turns(tts_script *script)
{
    for (size_t i = 0; i < script->speaker_count; i++)
        script->speakers[i].turn_count = 0;
    /* The narrator's lines (action, stage directions, section headings) and
     * unattributed cues do not interrupt a speaker: the turn goes on after them. */
    int previous = TTS_NARRATOR;
    for (size_t i = 0; i < script->turn_count; i++) {
        const tts_turn *turn = &script->turns[i];
        if (turn->speaker == TTS_NARRATOR)
            continue;
        if (turn->speaker != previous)
            script->speakers[turn->speaker].turn_count++;
        previous = turn->speaker;
    }
}

const char *tts_script_speaker_id(const tts_script *script, int speaker)
{
    return speaker == TTS_NARRATOR ? TTS_NARRATOR_ID : script->speakers[speaker].id;
}

const char *tts_script_speaker_name(const tts_script *script, int speaker)
{
    return speaker == TTS_NARRATOR ? "Narrator" : script->speakers[speaker].name;
}
