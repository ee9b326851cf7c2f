/* json.c: the JSON documents ttsread prints (--dump json, captions .json,
 * Podcasting 2.0 chapters and transcripts, manifest lines), built with
 * cJSON, so escaping is never done by hand; the only file that includes cJSON. */
#include "ttsread/report.h"

#include <cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

static const char *const turn_kind_names[] = {"title", "speech", "cue"};
static const char *const gender_names[] = {"unknown", "male", "female"};

static cJSON *voice_object(const tts_voice *voice)
{
    cJSON *object = cJSON_CreateObject();
    cJSON_AddStringToObject(object, "name", voice->name);
    cJSON_AddStringToObject(object, "espeak", voice->espeak);
    cJSON_AddStringToObject(object, "variant", voice->variant);
    cJSON_AddStringToObject(object, "gender", gender_names[voice->gender]);
    cJSON_AddNumberToObject(object, "pitch", voice->pitch);
    cJSON_AddNumberToObject(object, "rate", voice->rate);
    return object;
}

static tts_status print_and_free(FILE *stream, cJSON *root, tts_error *err)
{
    char *text = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (text == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory writing JSON");
    fputs(text, stream);
    fputc('\n', stream);
    free(text);
    return TTS_OK;
}

tts_status tts_dump_json(FILE *stream, const tts_script *script, const tts_palette *palette,
                         const tts_cast *cast, tts_error *err)
{
    cJSON *root = cJSON_CreateObject();
    if (script->title)
        cJSON_AddStringToObject(root, "title", script->title);
    else
        cJSON_AddNullToObject(root, "title");
    cJSON_AddStringToObject(root, "format", script->format ? script->format : "text");
    cJSON_AddStringToObject(root, "lang", script->lang ? script->lang : "en");
    /* --dump script (no palette) is the parser's result: the language's
     * source is decided after the parser, with --lang and the guess */
    if (palette != NULL) {
        cJSON_AddStringToObject(root, "lang_source", tts_lang_source_name(script->lang_source));
        if (script->lang_note[0] != '\0')
            cJSON_AddStringToObject(root, "lang_note", script->lang_note);
        if (script->charset != NULL)
            cJSON_AddStringToObject(root, "charset", script->charset);
        cJSON_AddBoolToObject(root, "charset_guessed", script->charset_guessed);
    }
    if (palette != NULL && cast != NULL)
        cJSON_AddItemToObject(root, "narrator",
                              voice_object(tts_cast_voice(palette, cast, TTS_NARRATOR)));
    cJSON *speakers = cJSON_AddArrayToObject(root, "speakers");
    for (size_t s = 0; s < script->speaker_count; s++) {
        const tts_speaker *speaker = &script->speakers[s];
        cJSON *object = cJSON_CreateObject();
        cJSON_AddStringToObject(object, "id", speaker->id);
        cJSON_AddStringToObject(object, "name", speaker->name);
        cJSON *aliases = cJSON_AddArrayToObject(object, "aliases");
        for (size_t a = 0; a < speaker->alias_count; a++)
            cJSON_AddItemToArray(aliases, cJSON_CreateString(speaker->aliases[a]));
        if (speaker->role)
            cJSON_AddStringToObject(object, "role", speaker->role);
        else
            cJSON_AddNullToObject(object, "role");
        cJSON_AddNumberToObject(object, "turns", (double)speaker->turn_count);
        /* The cast's guess and why (after casting only: a parse has none). */
        if (speaker->gender_basis != NULL) {
            cJSON *guess = cJSON_AddObjectToObject(object, "gender");
            cJSON_AddStringToObject(guess, "guess", gender_names[speaker->gender]);
            cJSON_AddStringToObject(guess, "basis", speaker->gender_basis);
            if (speaker->female_share >= 0)
                cJSON_AddNumberToObject(guess, "p_female", speaker->female_share);
            else
                cJSON_AddNullToObject(guess, "p_female");
        }
        if (palette != NULL && cast != NULL)
            cJSON_AddItemToObject(object, "voice", voice_object(tts_cast_voice(palette, cast, (int)s)));
        cJSON_AddItemToArray(speakers, object);
    }
    cJSON *turns = cJSON_AddArrayToObject(root, "turns");
    for (size_t t = 0; t < script->turn_count; t++) {
        const tts_turn *turn = &script->turns[t];
        cJSON *object = cJSON_CreateObject();
        cJSON_AddStringToObject(object, "speaker", tts_script_speaker_id(script, turn->speaker));
        cJSON_AddStringToObject(object, "kind", turn_kind_names[turn->kind]);
        cJSON_AddStringToObject(object, "text", turn->text);
        if (turn->spoken)
            cJSON_AddStringToObject(object, "spoken", turn->spoken);
        if (turn->cue_start >= 0) {
            cJSON_AddNumberToObject(object, "start", turn->cue_start);
            cJSON_AddNumberToObject(object, "end", turn->cue_end);
        }
        cJSON_AddItemToArray(turns, object);
    }
    /* What the parser left out of the turns, and why. */
    cJSON *unspoken = cJSON_AddArrayToObject(root, "unspoken");
    for (size_t u = 0; u < script->unspoken_count; u++) {
        const tts_unspoken *span = &script->unspoken[u];
        cJSON *object = cJSON_CreateObject();
        cJSON_AddNumberToObject(object, "offset", (double)span->offset);
        cJSON_AddNumberToObject(object, "length", (double)span->length);
        cJSON_AddStringToObject(object, "reason", tts_unspoken_reason_name(span->reason));
        cJSON_AddStringToObject(object, "text", span->text);
        cJSON_AddItemToArray(unspoken, object);
    }
    return print_and_free(stream, root, err);
}

/* A turn's words: what was written, when it was heard, where it is in the text. */
static cJSON *words_array(const tts_turn *turn, const tts_timeline_turn *entry, double rate)
{
    cJSON *words = cJSON_CreateArray();
    size_t text_length = strlen(turn->text);
    for (size_t w = 0; w < entry->word_count; w++) {
        const tts_timeline_word *word = &entry->words[w];
        if (word->offset + word->length > text_length)
            continue;
        char *text = tts_strndup(turn->text + word->offset, word->length);
        cJSON *object = cJSON_CreateObject();
        cJSON_AddStringToObject(object, "text", text ? text : "");
        free(text);
        cJSON_AddNumberToObject(object, "start", word->start / rate);
        cJSON_AddNumberToObject(object, "end", word->end / rate);
        cJSON_AddNumberToObject(object, "offset", (double)word->offset);
        cJSON_AddNumberToObject(object, "length", (double)word->length);
        cJSON_AddItemToArray(words, object);
    }
    return words;
}

tts_status tts_captions_json(FILE *stream, const tts_script *script, const tts_timeline *timeline,
                             tts_error *err)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "sample_rate", timeline->sample_rate);
    cJSON_AddNumberToObject(root, "samples", (double)timeline->total_samples);
    cJSON *turns = cJSON_AddArrayToObject(root, "turns");
    double rate = timeline->sample_rate;
    for (size_t i = 0; i < timeline->count; i++) {
        const tts_timeline_turn *entry = &timeline->turns[i];
        const tts_turn *turn = &script->turns[entry->turn];
        cJSON *object = cJSON_CreateObject();
        cJSON_AddNumberToObject(object, "index", (double)(i + 1));
        cJSON_AddStringToObject(object, "speaker", tts_script_speaker_id(script, turn->speaker));
        cJSON_AddStringToObject(object, "name", tts_script_speaker_name(script, turn->speaker));
        cJSON_AddStringToObject(object, "kind", turn_kind_names[turn->kind]);
        cJSON_AddNumberToObject(object, "start", entry->start / rate);
        cJSON_AddNumberToObject(object, "end", entry->end / rate);
        cJSON_AddNumberToObject(object, "start_sample", (double)entry->start);
        cJSON_AddNumberToObject(object, "end_sample", (double)entry->end);
        cJSON_AddStringToObject(object, "text", turn->text);
        cJSON_AddItemToObject(object, "words", words_array(turn, entry, rate));
        cJSON_AddItemToArray(turns, object);
    }
    return print_and_free(stream, root, err);
}

/* Seconds to the millisecond: what players seek to, and samples at any
 * rate would print 17 digits of noise. */
static double milliseconds(double seconds)
{
    return round(seconds * 1000) / 1000;
}

tts_status tts_podcast_chapters_json(FILE *stream, const char *title,
                                     const tts_podcast_chapter *chapters, size_t count,
                                     tts_error *err)
{
    cJSON *root = cJSON_CreateObject();
    /* The version of the Podcasting 2.0 chapters format this document follows. */
    cJSON_AddStringToObject(root, "version", "1.2.0");
    if (title != NULL)
        cJSON_AddStringToObject(root, "title", title);
    cJSON *list = cJSON_AddArrayToObject(root, "chapters");
    for (size_t c = 0; c < count; c++) {
        cJSON *object = cJSON_CreateObject();
        cJSON_AddNumberToObject(object, "startTime", milliseconds(chapters[c].start));
        cJSON_AddNumberToObject(object, "endTime", milliseconds(chapters[c].end));
        cJSON_AddStringToObject(object, "title", chapters[c].title);
        cJSON_AddItemToArray(list, object);
    }
    return print_and_free(stream, root, err);
}

tts_status tts_podcast_transcript_json(FILE *stream, const tts_script *script,
                                       const tts_timeline *timeline, tts_error *err)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "version", "1.0.0");
    cJSON *segments = cJSON_AddArrayToObject(root, "segments");
    double rate = timeline->sample_rate;
    for (size_t i = 0; i < timeline->count; i++) {
        const tts_timeline_turn *entry = &timeline->turns[i];
        const tts_turn *turn = &script->turns[entry->turn];
        double start = milliseconds(entry->start / rate), end = milliseconds(entry->end / rate);
        /* A cue that was a pause says nothing; the format wants each segment
         * to last (startTime before endTime) and to hold text. */
        if ((turn->kind == TTS_TURN_CUE && entry->word_count == 0) || !(start < end) ||
            turn->text[0] == '\0')
            continue;
        cJSON *object = cJSON_CreateObject();
        cJSON_AddStringToObject(object, "speaker", tts_script_speaker_name(script, turn->speaker));
        cJSON_AddNumberToObject(object, "startTime", start);
        cJSON_AddNumberToObject(object, "endTime", end);
        cJSON_AddStringToObject(object, "body", turn->text);
        cJSON_AddItemToArray(segments, object);
    }
    return print_and_free(stream, root, err);
}

char *tts_manifest_line(const char *input, const char *output, const char *status,
                        const char *error, double seconds, long long bytes,
                        const tts_script *script, const tts_palette *palette, const tts_cast *cast)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "input", input);
    if (output)
        cJSON_AddStringToObject(root, "output", output);
    else
        cJSON_AddNullToObject(root, "output");
    cJSON_AddStringToObject(root, "status", status);
    if (error)
        cJSON_AddStringToObject(root, "error", error);
    else
        cJSON_AddNullToObject(root, "error");
    cJSON_AddNumberToObject(root, "duration", seconds);
    cJSON_AddNumberToObject(root, "bytes", (double)bytes);
    if (script != NULL && script->charset_guessed)
        cJSON_AddStringToObject(root, "charset_guessed", script->charset);
    cJSON *speakers = cJSON_AddArrayToObject(root, "speakers");
    for (size_t s = 0; script != NULL && cast != NULL && s < script->speaker_count; s++) {
        cJSON *object = cJSON_CreateObject();
        cJSON_AddStringToObject(object, "id", script->speakers[s].id);
        cJSON_AddStringToObject(object, "name", script->speakers[s].name);
        cJSON_AddStringToObject(object, "voice", palette->voices[cast->voices[s]].name);
        cJSON_AddItemToArray(speakers, object);
    }
    char *line = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return line;
}
