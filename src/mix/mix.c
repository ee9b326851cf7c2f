/* mix.c: turns in order on one timeline, with gaps, per-voice gain and pan,
 * and a real resampler (libsamplerate) when the output rate differs. */
#include "ttsread/mix.h"

#include "limiter.h"

#include <math.h>
#include <samplerate.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_FRAMES 4096

struct tts_mix {
    tts_mix_options options;
    tts_sink *sinks[TTS_MIX_MAX_SINKS];
    size_t sink_count;
    SRC_STATE *resampler;    /* NULL when no resampling is needed */
    tts_limiter *limiter;    /* NULL when not normalizing */
    double ratio;
    float gain;
    float left, right;       /* per-channel gains for stereo */
    bool in_turn;
    uint64_t position;       /* output frames written */
    tts_timeline timeline;
    float input[BLOCK_FRAMES];
    float resampled[BLOCK_FRAMES * 8];
    float frames[BLOCK_FRAMES * 8 * 2];
};

tts_status tts_mix_open(const tts_mix_options *options, tts_sink *const *sinks, size_t sink_count,
                        tts_mix **out, tts_error *err)
{
    if (sink_count > TTS_MIX_MAX_SINKS)
        return tts_error_set(err, TTS_ERR_USAGE, "too many outputs");
    tts_mix *mix = calloc(1, sizeof *mix);
    if (mix == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    mix->options = *options;
    if (mix->options.output_rate <= 0)
        mix->options.output_rate = options->input_rate;
    if (mix->options.channels != 2)
        mix->options.channels = 1;
    memcpy(mix->sinks, sinks, sink_count * sizeof *sinks);
    mix->sink_count = sink_count;
    mix->gain = 1.0f;
    mix->left = mix->right = 1.0f;
    mix->timeline.sample_rate = mix->options.output_rate;
    if (options->normalize) {
        mix->limiter = tts_limiter_new(mix->options.output_rate, mix->options.channels,
                                       (float)pow(10.0, TTS_LIMITER_CEILING_DBFS / 20.0));
        if (mix->limiter == NULL) {
            free(mix);
            return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
        }
    }
    if (mix->options.output_rate != options->input_rate) {
        int error = 0;
        mix->resampler = src_new(SRC_SINC_MEDIUM_QUALITY, 1, &error);
        if (mix->resampler == NULL) {
            tts_limiter_free(mix->limiter);
            free(mix);
            return tts_error_set(err, TTS_ERR_AUDIO, "resampler: %s", src_strerror(error));
        }
        mix->ratio = (double)mix->options.output_rate / options->input_rate;
        if (mix->ratio > 8.0 || mix->ratio < 1.0 / 8.0) {
            src_delete(mix->resampler);
            tts_limiter_free(mix->limiter);
            free(mix);
            return tts_error_set(err, TTS_ERR_USAGE, "--rate %d is too far from %d Hz",
                                 options->output_rate, options->input_rate);
        }
    }
    *out = mix;
    return TTS_OK;
}

static tts_status write_sinks(tts_mix *mix, const float *frames, size_t count, tts_error *err)
{
    for (size_t s = 0; s < mix->sink_count && count > 0; s++) {
        tts_status status = tts_sink_write(mix->sinks[s], frames, count, err);
        if (status != TTS_OK)
            return status;
    }
    return TTS_OK;
}

/* Writes mono frames to every sink, spread to stereo when asked, through
 * the limiter when normalizing. The timeline counts frames in; the limiter
 * hands them out later but aligned, so positions stay exact. */
static tts_status emit(tts_mix *mix, const float *mono, size_t count, tts_error *err)
{
    float *frames = mix->frames;
    if (mix->options.channels == 2) {
        for (size_t i = 0; i < count; i++) {
            frames[2 * i] = mono[i] * mix->left;
            frames[2 * i + 1] = mono[i] * mix->right;
        }
    } else {
        memcpy(frames, mono, count * sizeof *frames);
    }
    size_t out = mix->limiter ? tts_limiter_process(mix->limiter, frames, frames, count) : count;
    mix->position += count;
    return write_sinks(mix, frames, out, err);
}

/* Resamples (or passes through) `count` input samples; end flushes. */
static tts_status push(tts_mix *mix, const float *input, size_t count, bool end, tts_error *err)
{
    if (mix->resampler == NULL)
        return count ? emit(mix, input, count, err) : TTS_OK;
    SRC_DATA data = {0};
    data.data_in = input;
    data.input_frames = (long)count;
    data.src_ratio = mix->ratio;
    data.end_of_input = end;
    do {
        data.data_out = mix->resampled;
        data.output_frames = (long)(sizeof mix->resampled / sizeof mix->resampled[0]);
        int error = src_process(mix->resampler, &data);
        if (error)
            return tts_error_set(err, TTS_ERR_AUDIO, "resampler: %s", src_strerror(error));
        tts_status status = emit(mix, mix->resampled, (size_t)data.output_frames_gen, err);
        if (status != TTS_OK)
            return status;
        data.data_in += data.input_frames_used;
        data.input_frames -= data.input_frames_used;
    } while (data.input_frames > 0 || (end && data.output_frames_gen > 0));
    return TTS_OK;
}

tts_status tts_mix_silence(tts_mix *mix, int milliseconds, tts_error *err)
{
    /* Silence is counted in input samples so that it passes the resampler too. */
    size_t remaining = (size_t)milliseconds * (size_t)mix->options.input_rate / 1000;
    memset(mix->input, 0, sizeof mix->input);
    while (remaining > 0) {
        size_t count = remaining < BLOCK_FRAMES ? remaining : BLOCK_FRAMES;
        tts_status status = push(mix, mix->input, count, false, err);
        if (status != TTS_OK)
            return status;
        remaining -= count;
    }
    return TTS_OK;
}

tts_status tts_mix_turn_begin(tts_mix *mix, size_t turn, const tts_voice *voice, tts_error *err)
{
    tts_timeline *timeline = &mix->timeline;
    if (timeline->count == timeline->capacity) {
        size_t capacity = timeline->capacity ? timeline->capacity * 2 : 64;
        tts_timeline_turn *grown = realloc(timeline->turns, capacity * sizeof *grown);
        if (grown == NULL)
            return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
        timeline->turns = grown;
        timeline->capacity = capacity;
    }
    timeline->turns[timeline->count].turn = turn;
    timeline->turns[timeline->count].start = mix->position;
    timeline->turns[timeline->count].end = mix->position;
    timeline->count++;
    mix->in_turn = true;
    double gain_db = mix->options.normalize ? voice->gain_db + mix->options.loudness_lufs -
                                                  TTS_LOUDNESS_REFERENCE_LUFS
                                            : 0.0;
    mix->gain = (float)pow(10.0, gain_db / 20.0);
    /* Constant-power pan law: the voice is as loud wherever it stands. */
    double angle = (voice->pan + 1.0) * M_PI / 4.0;
    mix->left = (float)(cos(angle) * M_SQRT2);
    mix->right = (float)(sin(angle) * M_SQRT2);
    if (mix->left > 1.0f)
        mix->left = 1.0f;
    if (mix->right > 1.0f)
        mix->right = 1.0f;
    return TTS_OK;
}

tts_status tts_mix_audio(tts_mix *mix, const int16_t *samples, size_t count, tts_error *err)
{
    while (count > 0) {
        size_t block = count < BLOCK_FRAMES ? count : BLOCK_FRAMES;
        for (size_t i = 0; i < block; i++)
            mix->input[i] = samples[i] * (mix->gain / 32768.0f);
        tts_status status = push(mix, mix->input, block, false, err);
        if (status != TTS_OK)
            return status;
        samples += block;
        count -= block;
    }
    return TTS_OK;
}

tts_status tts_mix_turn_end(tts_mix *mix, tts_error *err)
{
    (void)err;
    if (mix->in_turn && mix->timeline.count > 0)
        mix->timeline.turns[mix->timeline.count - 1].end = mix->position;
    mix->in_turn = false;
    return TTS_OK;
}

tts_status tts_mix_finish(tts_mix *mix, tts_error *err)
{
    tts_status status = push(mix, mix->input, 0, true, err);
    if (status == TTS_OK && mix->limiter != NULL)
        status = write_sinks(mix, mix->frames, tts_limiter_flush(mix->limiter, mix->frames), err);
    mix->timeline.total_samples = mix->position;
    return status;
}

const tts_timeline *tts_mix_timeline(const tts_mix *mix)
{
    return &mix->timeline;
}

void tts_mix_close(tts_mix *mix)
{
    if (mix == NULL)
        return;
    if (mix->resampler)
        src_delete(mix->resampler);
    tts_limiter_free(mix->limiter);
    tts_timeline_free(&mix->timeline);
    free(mix);
}
