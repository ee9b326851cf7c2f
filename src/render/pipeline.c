/* pipeline.c: one input through every stage, shared by the single-file
 * command line and the batch workers so both behave the same. */
#include "ttsread/pipeline.h"

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
    tts_input_free(&input);
    if (status == TTS_OK && options->lang != NULL) {
        char *lang = tts_strndup(options->lang, strlen(options->lang));
        if (lang == NULL)
            status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
        free(out->script.lang);
        out->script.lang = lang;
    }
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

void tts_pipeline_result_free(tts_pipeline_result *result)
{
    tts_cast_free(&result->cast);
    tts_script_free(&result->script);
}
