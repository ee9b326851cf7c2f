/* render.h: runs the back half of the pipeline for one script: synthesis
 * workers -> mix -> sinks, then captions; nothing is left half-written. */
#ifndef TTSREAD_RENDER_H
#define TTSREAD_RENDER_H

#include <stddef.h>

#include "ttsread/cast.h"
#include "ttsread/error.h"
#include "ttsread/mix.h"
#include "ttsread/script.h"

typedef struct tts_render_options {
    size_t jobs;                 /* synthesis worker processes */
    double speed;                /* scales every voice's rate */
    int announce;                /* 1: narrator names a speaker at their first turn; 2: every change */
    tts_mix_options mix;
    const char *output_path;     /* audio file, "-" for stdout, or NULL */
    const char *format_name;     /* forces the audio format, or NULL */
    const char *captions_path;   /* or NULL */
    int captions_words;          /* WebVTT captions get a timestamp tag before each word */
    int captions_turns;          /* one caption cue per turn (--captions-turns); 0: cues
                                  * split at sentence and clause ends, 2 lines of 42
                                  * characters and about 7 s at most */
    const char *readalong_path;  /* read-along HTML page, or NULL */
    int readalong_external;      /* the page links the audio file instead of embedding it */
    const char *chapters_path;   /* chapter list: .ffmetadata or .cue, or NULL */
    int chapters_in_audio;       /* cue points in the -o WAV file, one per speech turn */
    int keep_timeline;           /* hand the timeline back in the result */
} tts_render_options;

typedef struct tts_render_result {
    double seconds;              /* duration of the audio written */
    unsigned long long samples;
    tts_timeline timeline;       /* turns and words, when options->keep_timeline (owned:
                                  * tts_timeline_free; zeroed otherwise) */
} tts_render_result;

/* Renders script with cast. The spoken text must be filled (tts_speak_script). */
tts_status tts_render(const tts_script *script, const tts_palette *palette, const tts_cast *cast,
                      const tts_render_options *options, tts_render_result *result, tts_error *err);

/* One unit of synthesis in reading order: a turn, or the narrator naming
 * the speaker before it. The live player walks the same plan as
 * tts_render, so what it plays is what -o writes. */
typedef struct tts_render_job {
    size_t turn;          /* index into script->turns */
    int voice;            /* palette index */
    char *text;           /* what to say (owned; empty for a cue that is a pause) */
    int is_announcement;
    int gap_ms;           /* silence before it, in milliseconds (0 for the first) */
} tts_render_job;

/* The jobs tts_render would synthesize for script. Free with tts_render_plan_free. */
tts_status tts_render_plan(const tts_script *script, const tts_cast *cast,
                           const tts_render_options *options, tts_render_job **jobs,
                           size_t *count, tts_error *err);
void tts_render_plan_free(tts_render_job *jobs, size_t count);
/* The voice a job is synthesized and mixed with. */
const tts_voice *tts_render_job_voice(const tts_script *script, const tts_palette *palette,
                                     const tts_cast *cast, const tts_render_job *job);

#endif
