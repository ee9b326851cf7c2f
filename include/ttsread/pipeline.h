/* pipeline.h: the whole pipeline for one input file, as the single-file
 * command line and every batch worker run it: read, parse, speak, cast, render. */
#ifndef TTSREAD_PIPELINE_H
#define TTSREAD_PIPELINE_H

#include <stddef.h>

#include "ttsread/cast.h"
#include "ttsread/error.h"
#include "ttsread/input.h"
#include "ttsread/render.h"
#include "ttsread/script.h"
#include "ttsread/speak.h"

typedef struct tts_pipeline_options {
    size_t max_input;
    double timeout_seconds;     /* a URL's whole download (--timeout) */
    tts_format from;
    tts_speak_options speak;
    tts_cast_options cast;
    const char *lang;           /* replaces the input's language (--lang), or NULL */
    tts_render_options render;  /* rendering happens when output_path, captions_path,
                                 * readalong_path, chapters_path or transcript_path is
                                 * set; render.source is the input's path unless set */
} tts_pipeline_options;

typedef struct tts_pipeline_result {
    tts_script script;          /* parsed, with spoken text (owned) */
    tts_cast cast;              /* (owned) */
    tts_render_result render;   /* filled when audio was rendered */
} tts_pipeline_result;

/* The defaults: 64 MiB inputs, 30 s downloads, automatic format, tts_render_options_default. */
void tts_pipeline_options_default(tts_pipeline_options *options);

/* Runs the pipeline on `path` ("-" = stdin, or an http(s):// URL). *out is always initialized and
 * must be freed with tts_pipeline_result_free, also after a failure. */
tts_status tts_pipeline_run(const char *path, const tts_palette *palette,
                            const tts_pipeline_options *options, tts_pipeline_result *out,
                            tts_error *err);
void tts_pipeline_result_free(tts_pipeline_result *result);

/* The warnings about a run that went through (a guessed charset, a loudness
 * target not reached), joined by "; " into buffer; "" when there are none. */
const char *tts_pipeline_warnings(const tts_pipeline_result *result, char *buffer, size_t size);

#endif
