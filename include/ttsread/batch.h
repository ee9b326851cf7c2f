/* batch.h: many inputs to an output folder, one worker process per file
 * running in parallel; bad inputs are reported and never stop the batch. */
#ifndef TTSREAD_BATCH_H
#define TTSREAD_BATCH_H

#include <stddef.h>

#include "ttsread/cast.h"
#include "ttsread/error.h"
#include "ttsread/pipeline.h"

/* What happens in a batch, for the front end to tell (the library prints
 * nothing): each is reported once, as it happens. */
typedef enum tts_batch_event_kind {
    TTS_BATCH_RENAMED,   /* input's name was taken by an earlier input: writing output */
    TTS_BATCH_FAILED,    /* message says why */
    TTS_BATCH_SKIPPED,   /* output exists (--skip-existing) */
    TTS_BATCH_RENDERED,  /* output holds `seconds` of audio */
    TTS_BATCH_WARNING,   /* rendered, but message says what to know (a charset guessed...) */
    TTS_BATCH_PROGRESS,  /* done of count files, `seconds` of audio, `elapsed` wall seconds */
} tts_batch_event_kind;

typedef struct tts_batch_event {
    tts_batch_event_kind kind;
    const char *input;
    const char *output;
    const char *message;        /* FAILED: the error line, naming the input */
    double seconds;
    size_t done, count;         /* PROGRESS */
    double elapsed;             /* PROGRESS */
} tts_batch_event;

typedef struct tts_batch_options {
    const char *output_directory;
    const char *extension;      /* of the audio files: "wav" unless given */
    size_t jobs;                /* files rendered at once */
    int skip_existing;          /* keep outputs that already exist */
    const char *manifest_path;  /* one JSON line per input, or NULL */
    const char *captions_kind;  /* "vtt", "srt" or "json": captions beside each audio file, or NULL */
    int readalong;              /* a read-along page beside each audio file */
    int transcript;             /* a Podcasting 2.0 transcript beside each audio file,
                                 * STEM.transcript.json (not STEM.json: JSON captions') */
    void (*report)(void *user, const tts_batch_event *event); /* or NULL */
    void *report_user;
    /* --shard K/N: render only the K-th (from 0) of N runs of the input list
     * by position; outputs are still named over the whole list. 0/0 = all. */
    size_t shard_index;
    size_t shard_count;
} tts_batch_options;

typedef struct tts_batch_summary {
    size_t rendered;
    size_t failed;
    size_t skipped;
    int signal;                 /* the signal that stopped the batch, or 0 */
} tts_batch_summary;

/* Renders every input to the output folder. Per-input failures are
 * reported (options->report) and counted in *summary, not returned; the
 * return value says what stopped the whole batch (bad folder, manifest). */
tts_status tts_batch_run(const char *const *inputs, size_t count, const tts_palette *palette,
                         const tts_pipeline_options *pipeline, const tts_batch_options *options,
                         tts_batch_summary *summary, tts_error *err);

#endif
