/* pipeline.c: one input through every stage, shared by the single-file
 * command line and the batch workers so both behave the same. */
#include "ttsread/pipeline.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ttsread/parse.h"
#include "util/strbuf.h"

void tts_pipeline_options_default(tts_pipeline_options *options)
{
    memset(options, 0, sizeof *options);
    options->max_input = TTS_INPUT_DEFAULT_MAX_BYTES;
    options->timeout_seconds = TTS_INPUT_DEFAULT_TIMEOUT;
    tts_render_options_default(&options->render);
}

static tts_status replace_language(tts_script *script, const char *tag, tts_lang_source source,
                                   tts_error *err)
{
    char *lang = tts_strndup(tag, strlen(tag));
    if (lang == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    free(script->lang);
    script->lang = lang;
    script->lang_source = source;
    return TTS_OK;
}

/* The language of a script whose input does not say, taken only when eSpeak
 * NG reads it (English, or a language of the palette's table): the guess then
 * does everything --lang would. Failing to guess is no error: the script stays
 * English by default and lang_note says why. */
static tts_status guess_language(const char *name, const tts_palette *palette,
                                 tts_script *script, tts_error *err)
{
    char tag[32], language[64];
    double confidence;
    tts_error why;
    tts_error_clear(&why);
    tts_status status = tts_language_guess_script(script, name, tag, sizeof tag, &confidence, &why);
    if (status == TTS_ERR_NOMEM)
        return tts_error_set(err, status, "%s", why.message);
    /* the note is for a line that names the file already */
    size_t name_length = strlen(name);
    const char *reason = why.message;
    if (strncmp(reason, name, name_length) == 0 && strncmp(reason + name_length, ": ", 2) == 0)
        reason += name_length + 2;
    if (status != TTS_OK) {
        snprintf(script->lang_note, sizeof script->lang_note,
                 "not guessed (%.100s), reading as %.16s", reason, script->lang);
        return TTS_OK;
    }
    tts_language_name(tag, language, sizeof language);
    bool english = strncmp(tag, "en", 2) == 0 && (tag[2] == '\0' || tag[2] == '-');
    if (!english && (palette == NULL || tts_palette_language_voice(palette, tag) == NULL)) {
        snprintf(script->lang_note, sizeof script->lang_note,
                 "guessed as %.16s (%.40s), which eSpeak NG has no voice for, reading as %.16s",
                 tag, language, script->lang);
        return TTS_OK;
    }
    snprintf(script->lang_note, sizeof script->lang_note, "guessed as %.31s (%.63s)", tag,
             language);
    return replace_language(script, tag, TTS_LANG_GUESSED, err);
}

tts_status tts_pipeline_run(const char *path, const tts_palette *palette,
                            const tts_pipeline_options *options, tts_pipeline_result *out,
                            tts_error *err)
{
    memset(out, 0, sizeof *out);
    tts_script_init(&out->script);
    tts_input input;
    tts_status status = tts_input_open(path, options->max_input, options->timeout_seconds,
                                        options->from, &input, err);
    if (status != TTS_OK)
        return status;
    status = tts_parse_input(&input, &out->script, err);
    out->script.charset = input.charset;
    out->script.charset_guessed = input.charset_guessed;
    if (status == TTS_OK && options->lang != NULL) {
        status = replace_language(&out->script, options->lang, TTS_LANG_OPTION, err);
    } else if (status == TTS_OK && out->script.lang_source == TTS_LANG_DEFAULT) {
        /* only now: the guess costs time that --lang or a lang tag make needless */
        status = guess_language(input.name, palette, &out->script, err);
    }
    tts_input_free(&input);
    if (status == TTS_OK)
        status = tts_speak_script(&out->script, &options->speak, err);
    if (status == TTS_OK)
        status = tts_cast_assign(palette, &out->script, &options->cast, &out->cast, err);
    /* the audio's tags name the input it was read from */
    tts_render_options render = options->render;
    if (render.source == NULL)
        render.source = path;
    if (status == TTS_OK &&
        (render.output_path != NULL || render.captions_path != NULL ||
         render.readalong_path != NULL || render.chapters_path != NULL ||
         render.transcript_path != NULL))
        status = tts_render(&out->script, palette, &out->cast, &render, &out->render, err);
    return status;
}

const char *tts_pipeline_warnings(const tts_pipeline_result *result, char *buffer, size_t size)
{
    const char *charset = result->script.charset_guessed ? result->script.charset : NULL;
    const char *loudness = result->render.loudness_note;
    snprintf(buffer, size, "%s%s%s%s", charset ? "not UTF-8 and no charset named; read as " : "",
             charset ? charset : "", charset && loudness[0] ? "; " : "", loudness);
    return buffer;
}

void tts_pipeline_result_free(tts_pipeline_result *result)
{
    tts_cast_free(&result->cast);
    tts_script_free(&result->script);
}
