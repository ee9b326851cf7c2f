/* batch.h: many inputs to an output folder, one worker process per file
 * running in parallel; bad inputs are reported and never stop the batch. */
#ifndef TTSREAD_BATCH_H
#define TTSREAD_BATCH_H

#include <stddef.h>

#include "ttsread/cast.h"
#include "ttsread/error.h"
#include "ttsread/pipeline.h"

typedef struct tts_batch_options {
    const char *output_directory;
    const char *extension;      /* of the audio files: "wav" unless given */
    size_t jobs;                /* files rendered at once */
    int skip_existing;          /* keep outputs that already exist */
    const char *manifest_path;  /* one JSON line per input, or NULL */
    const char *captions_kind;  /* "vtt", "srt" or "json": captions beside each audio file, or NULL */
    int readalong;              /* a read-along page beside each audio file */
    int verbose;
    int quiet;
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

/* Renders every input to the output folder. Per-input failures are printed
 * (one line each) and counted in *summary, not returned; the return value
 * reports what stopped the whole batch (bad folder, manifest, signal). */
tts_status tts_batch_run(const char *const *inputs, size_t count, const tts_palette *palette,
                         const tts_pipeline_options *pipeline, const tts_batch_options *options,
                         tts_batch_summary *summary, tts_error *err);

#endif
