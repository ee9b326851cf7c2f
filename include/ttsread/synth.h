/* synth.h: one turn of text + one voice profile -> 16-bit mono PCM and word
 * events, through eSpeak NG (the only module that touches it), and the pool
 * of worker processes that synthesizes turns in parallel. */
#ifndef TTSREAD_SYNTH_H
#define TTSREAD_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#include "ttsread/cast.h"
#include "ttsread/error.h"

/* Where synthesized audio and events go. Return non-zero to stop early. */
typedef struct tts_synth_output {
    int (*audio)(void *user, const int16_t *samples, size_t count);
    /* A word starts at `sample` (from the turn's start); `offset`/`length` are
     * byte positions in the text that was synthesized. May be NULL. */
    int (*word)(void *user, uint64_t sample, size_t offset, size_t length);
    void *user;
} tts_synth_output;

/* Loads eSpeak NG once per process (data path, phonemes) and returns its
 * sample rate. Turn synthesis then happens in forked children, so every turn
 * starts from this same state whatever the number of workers. */
tts_status tts_synth_init(int *sample_rate, tts_error *err);
void tts_synth_terminate(void);

/* Starts eSpeak NG (tts_synth_init) and checks every voice of `palette`
 * (borrowed until tts_synth_started; NULL checks none) on a thread of its own, so that
 * reading and casting the input overlap it; nothing may call eSpeak NG
 * meanwhile. Sets LC_CTYPE to C.UTF-8, as eSpeak NG does. */
tts_status tts_synth_start(const tts_palette *palette, tts_error *err);
/* Waits for that start: eSpeak's sample rate, or the error of its start or
 * of the first voice that failed its check. Again later: the same answer. */
tts_status tts_synth_started(int *sample_rate, tts_error *err);
/* Waits for the start, then stops eSpeak NG if it started. */
void tts_synth_stop(void);

/* Checks that a profile's language voice and variant exist in eSpeak NG's data. */
tts_status tts_synth_check_voice(const tts_voice *voice, tts_error *err);

/* The speaking rates eSpeak NG honours, in words a minute: below 80 it
 * speaks at 80; above 450 its libsonic speed-up takes over, which stays
 * intelligible to about 1000 (screen-reader listeners ask for such rates). */
#define TTS_SYNTH_RATE_MINIMUM 80
#define TTS_SYNTH_RATE_MAXIMUM 1000

/* Synthesizes `text` (UTF-8) with `voice`, its rate scaled by `speed`, in
 * this process. Sets every parameter, since eSpeak keeps the previous ones. */
tts_status tts_synth_speak(const tts_voice *voice, double speed, const char *text,
                           const tts_synth_output *output, tts_error *err);

/* The phonemes eSpeak NG says for `text` with `voice` (its mnemonics, as
 * `espeak-ng -x` prints them, clauses joined by spaces), reading [[ ]] as
 * phoneme input just as tts_synth_speak does. The caller frees *phonemes. */
tts_status tts_synth_phonemes(const tts_voice *voice, const char *text, char **phonemes,
                              tts_error *err);

/* Versions of eSpeak NG, for --version. */
const char *tts_synth_version(void);

/* A pool of worker processes: each job (one turn) runs in a child forked
 * from the initialized parent, streaming its PCM back over a pipe. Up to
 * `workers` children run at once; submitted jobs wait for one in order. */
typedef struct tts_pool tts_pool;

/* workers >= 1; max_buffered_bytes bounds the audio held for turns that are
 * ahead of the one being read (no job ahead starts while it is reached).
 * Free with tts_pool_close. */
tts_status tts_pool_open(size_t workers, size_t max_buffered_bytes, tts_pool **out,
                         tts_error *err);
/* True when another job can be submitted now (a few per worker wait). */
int tts_pool_has_room(const tts_pool *pool);
/* Submits job `id` (ids rise by one, from 0), started as soon as a worker
 * is free. `text` and `voice` are copied; they need not outlive the call. */
tts_status tts_pool_submit(tts_pool *pool, size_t id, const tts_voice *voice, double speed,
                           const char *text, tts_error *err);
/* Delivers job `id`'s audio and events to output, waiting for them, while
 * buffering what other jobs produce. Returns when the job has finished. */
tts_status tts_pool_collect(tts_pool *pool, size_t id, const tts_synth_output *output,
                            tts_error *err);
/* Stops every child and frees the pool. */
void tts_pool_close(tts_pool *pool);

#endif
