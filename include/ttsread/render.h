/* render.h: runs the back half of the pipeline for one script: synthesis
 * workers -> mix -> sinks, then captions; nothing is left half-written. */
#ifndef TTSREAD_RENDER_H
#define TTSREAD_RENDER_H

#include <stddef.h>

#include "ttsread/cast.h"
#include "ttsread/error.h"
#include "ttsread/mix.h"
#include "ttsread/script.h"

/* When the narrator names the speaker before a turn. */
typedef enum tts_announce {
    TTS_ANNOUNCE_OFF = 0,
    TTS_ANNOUNCE_FIRST,   /* at each speaker's first turn */
    TTS_ANNOUNCE_CHANGE,  /* at every change of speaker */
    TTS_ANNOUNCE_ALWAYS,  /* before every turn of speech */
} tts_announce;

/* Where a partial render starts or ends: a 1-based turn number, or a time
 * in seconds of the whole piece when turn is 0 (both 0: the very start or end). */
typedef struct tts_render_at {
    size_t turn;
    double seconds;
} tts_render_at;

typedef struct tts_render_options {
    size_t jobs;                 /* synthesis worker processes */
    double speed;                /* scales every voice's rate */
    tts_announce announce;
    double announce_max_speed;   /* above this speed, no announcements; 0: at any speed */
    const struct tts_lexicon *lexicon; /* (speak.h) says the announced names as it says them in turns, or NULL */
    int skip_cues;               /* cue turns ("(SOUNDBITE OF MUSIC)") leave no pause */
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
    const char *chapters_path;   /* chapter list: .ffmetadata, .cue or .json, or NULL */
    const char *transcript_path; /* Podcasting 2.0 JSON transcript, or NULL */
    const char *epub_path;       /* EPUB 3 read-along book, or NULL; an output_path
                                  * ending in .epub is one too (then no audio file) */
    int epub_word_overlay;       /* its media overlay times words, not sentences */
    const char *source;          /* the input's path or URL, tagged in the audio, or NULL */
    int chapters_in_audio;       /* cue points in the -o WAV file, one per speech turn */
    int keep_timeline;           /* hand the timeline back in the result */
    /* Called after each job is mixed (done of total), so a front end can
     * show progress; may be NULL. The library itself prints nothing. */
    void (*progress)(void *user, size_t done, size_t total);
    void *progress_user;
    tts_render_at start;         /* --start-at: the files begin there, their times from 0 */
    tts_render_at end;           /* --end-at: they end after that turn, or at that time */
} tts_render_options;

typedef struct tts_render_result {
    double seconds;              /* duration of the audio written */
    unsigned long long samples;
    char loudness_note[160];     /* when the loudness target could not be reached, why */
    tts_timeline timeline;       /* turns and words, when options->keep_timeline (owned:
                                  * tts_timeline_free; zeroed otherwise) */
} tts_render_result;

/* The defaults every front end starts from (--help shows them): gaps of
 * 350 ms between turns and 700 ms at a change of speaker, -16 LUFS, eSpeak
 * NG's own rate (22050 Hz) out, mono, one worker per CPU, speed 1. */
#define TTS_DEFAULT_TURN_GAP_MS 350
#define TTS_DEFAULT_SPEAKER_GAP_MS 700
#define TTS_DEFAULT_CUE_GAP_MS 600
#define TTS_DEFAULT_SAMPLE_RATE 22050
void tts_render_options_default(tts_render_options *options);

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
