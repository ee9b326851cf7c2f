/* limiter.h: a streaming look-ahead peak limiter, the safety net behind the
 * calibrated per-voice gains: it keeps peaks under a ceiling without
 * delaying the timeline (its look-ahead is trimmed at the start, flushed at the end). */
#ifndef TTSREAD_LIMITER_H
#define TTSREAD_LIMITER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct tts_limiter tts_limiter;

/* ceiling: the largest sample magnitude let through (linear, e.g. 0.79 for -2 dBFS). */
tts_limiter *tts_limiter_new(int sample_rate, int channels, float ceiling);
void tts_limiter_free(tts_limiter *limiter);

/* Limits `count` interleaved frames from `input` into `output` (may be the
 * same buffer); returns how many frames were written, which is fewer than
 * `count` only while the look-ahead fills at the very start. */
size_t tts_limiter_process(tts_limiter *limiter, const float *input, float *output, size_t count);
/* Writes the frames still held to `output` (room for tts_limiter_latency
 * frames); returns how many. */
size_t tts_limiter_flush(tts_limiter *limiter, float *output);
size_t tts_limiter_latency(const tts_limiter *limiter);
/* Tests: turns off the pass-through of frames that need no reduction,
 * whose output must equal this. */
void tts_limiter_exact_steps_only(tts_limiter *limiter);

#endif
