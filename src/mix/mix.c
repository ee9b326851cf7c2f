/* mix.c: turns in order on one timeline, with gaps, per-voice gain and pan,
 * and a real resampler (libsoxr) when the output rate differs: last, after
 * the limiter, so that loudness is measured and limited at the voices' rate. */
#include "ttsread/mix.h"

#include "gauge.h"
#include "limiter.h"
#include "util/grow.h"
#include "util/unshared.h"

#include <math.h>
#include <soxr.h>
#if defined(__SSE2__) && !defined(TTS_PORTABLE)
#include <emmintrin.h>
#endif
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_FRAMES 4096
#ifndef TTS_SOXR_QUALITY /* -DTTS_SOXR_QUALITY=SOXR_MQ to compare */
#define TTS_SOXR_QUALITY SOXR_HQ
#endif
/* A sample louder than this (of 32768) is heard: a word's audio ends at its
 * last such sample, not at the pause after it. */
#define VOICED_LEVEL 128

struct tts_mix {
    tts_mix_options options;
    tts_sink *sinks[TTS_MIX_MAX_SINKS];
    size_t sink_count;
    soxr_t resampler;        /* NULL when no resampling is needed */
    tts_limiter *limiter;    /* NULL when not normalizing */
    float gain;
    float left, right;       /* per-channel gains for stereo */
    bool in_turn;
    uint64_t position;       /* output frames made, those outside the window too */
    uint64_t resampled_count; /* output frames out of the resampler so far */
    uint64_t heard_from, heard_until; /* resampling: input frames kept whole (the window
                                       * and a margin for the filter); until 0: none */
    uint64_t window_start, window_end; /* in output frames; end 0: none */
    FILE *limited;           /* measure_first: the mix as aimed (see aimed), as floats;
                              * in trial passes, the spool at the gain last tried, limited */
    FILE *spool;             /* trial passes: what they bring to the target (the mix
                              * as aimed) */
    uint64_t spool_frames;
    tts_limiter *aimed;      /* measure_first: limits the mix at the voices' calibrated
                              * gains as it is made, aim_db under the ceiling */
    double aim_db;
    tts_loudness_gauge *aimed_gauge; /* measures what aimed lets out */
    FILE *released[2];       /* the temporary files, as release_spools closes them */
    pthread_t releaser;
    bool releasing;          /* it runs: join it before spool_buffers go */
    char *spool_buffers;     /* stdio's buffers for limited and spool (SPOOL_BUFFER
                              * bytes each, unshared); freed after them */
    double sampled_unlimited; /* loudness of the sampled stretches at gain 1, or NAN */
    uint64_t sample_every;   /* sampled passes read one stretch in this many */
    char loudness_note[160];
    uint64_t input_position; /* input samples pushed, silence included */
    uint64_t turn_input_start;
    size_t word_capacity;    /* of the current turn's words */
    size_t voiced_word;      /* the current turn's word that audio now belongs to */
    bool trimming_start;     /* --trim: the turn's audio has all been quiet so far */
    uint64_t trimmed_start;  /* quiet input samples dropped at the turn's start */
    int16_t *held;           /* --trim: quiet samples since the last heard one, kept
                              * until more sound comes or dropped at the turn's end */
    size_t held_count, held_capacity;
    tts_timeline timeline;
    float input[BLOCK_FRAMES];
    float resampled[BLOCK_FRAMES * 8 * 2];
    float frames[BLOCK_FRAMES * 8 * 2];
    float aimed_frames[BLOCK_FRAMES * 2]; /* aimed's output for one block */
};

/* The voices' calibration aims the limited mix at the target (live
 * playback relies on it), so a file's mix is limited as it is made,
 * measured on the way and kept, and then only scaled by what the target
 * still asks. The limiter works aim_db under the ceiling, so that a
 * post-gain up to aim_db takes no true peak over it; one beyond (a quiet
 * mix, a calibration far off) sends the kept mix through the trial passes,
 * which raise and limit it again. The calibration leaves the seed 1.35 dB
 * short with the limiter 2 dB down, the corpus's renders 1.1 to 1.85 dB:
 * their peaks end 0.15 to 0.9 dB under the ceiling, with the loudness on
 * the target to the hundredth. A target 1 LU higher raises the mix by 1 dB
 * but what comes out of the limiter by only a third of that, and lowering
 * its ceiling by 1 dB takes two thirds of a LU: so aim_db moves by
 * AIM_PER_LU dB per LU of target (measured on the seed from -24 to -13 LUFS
 * and on two corpus pages), which keeps most targets in range and the
 * peaks of those too loud within a dB or two of the ceiling. One limiter
 * and one loudness pass in all, made while synthesis runs, replace the
 * passes made after it (on the seed: 3 sampled passes, a full one and a
 * copy), and the mix before the limiter is no longer kept: a third of the
 * temporary files' bytes, whose writing was most of the parent's time in
 * the kernel. */
#define AIM_REFERENCE_DB 2.0
#define AIM_PER_LU 2.0
/* Voices panned apart add up louder than the mono mix they are calibrated
 * in: -3 dB put the post-gain 0.6 to 0.8 dB under aim_db on the seed and
 * the fixture with --stereo (2.6 on a page of many voices spread wide). */
#define AIM_STEREO_DB (-3.0)
#define AIM_LOWEST_DB (-10.0)
#define AIM_HIGHEST_DB 10.0
/* The aimed mix is written block by block as it is made: with stdio's 4 KiB
 * buffers that was a write(2) each 4 KiB (96,000 for the seed x20 when the
 * unlimited mix was kept too, 7,400 with these). */
#define SPOOL_BUFFER (128 * 1024)

tts_status tts_mix_open(const tts_mix_options *options, tts_sink *const *sinks, size_t sink_count,
                        tts_mix **out, tts_error *err)
{
    if (sink_count > TTS_MIX_MAX_SINKS)
        return tts_error_set(err, TTS_ERR_USAGE, "too many outputs");
    tts_mix *mix = tts_unshared_alloc(sizeof *mix); /* written all through the render */
    if (mix == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    mix->options = *options;
    if (mix->options.output_rate <= 0)
        mix->options.output_rate = options->input_rate;
    if (mix->options.channels != 2)
        mix->options.channels = 1;
    if (sink_count > 0)
        memcpy(mix->sinks, sinks, sink_count * sizeof *sinks);
    mix->sink_count = sink_count;
    mix->gain = 1.0f;
    mix->left = mix->right = 1.0f;
    mix->sampled_unlimited = NAN;
    mix->timeline.sample_rate = mix->options.output_rate;
    if (options->window_start > 0)
        mix->window_start = (uint64_t)(options->window_start * mix->options.output_rate + 0.5);
    if (options->window_end > 0)
        mix->window_end = (uint64_t)(options->window_end * mix->options.output_rate + 0.5);
    if (options->normalize && options->measure_first) {
        tts_status status = TTS_OK;
        double aim = AIM_REFERENCE_DB +
                     AIM_PER_LU * (options->loudness_lufs - TTS_LOUDNESS_REFERENCE_LUFS) +
                     (mix->options.channels == 2 ? AIM_STEREO_DB : 0.0);
        mix->aim_db = fmin(fmax(aim, AIM_LOWEST_DB), AIM_HIGHEST_DB);
        mix->limited = tmpfile();
        if (mix->limited == NULL)
            status = tts_error_set(err, TTS_ERR_IO, "cannot make a temporary file: %s",
                                   strerror(errno));
        else if ((mix->spool_buffers = tts_unshared_alloc(2 * SPOOL_BUFFER)) == NULL ||
                 setvbuf(mix->limited, mix->spool_buffers, _IOFBF, SPOOL_BUFFER) != 0)
            status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
        else if ((mix->aimed_gauge = tts_loudness_gauge_new(mix->options.input_rate,
                                                            mix->options.channels)) == NULL ||
                 (mix->aimed = tts_limiter_new(
                      mix->options.input_rate, mix->options.channels,
                      (float)pow(10.0, (TTS_LIMITER_CEILING_DBFS - mix->aim_db) / 20.0))) ==
                     NULL)
            status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
        if (status != TTS_OK) {
            tts_mix_close(mix);
            return status;
        }
    } else if (options->normalize) {
        mix->limiter = tts_limiter_new(mix->options.input_rate, mix->options.channels,
                                       (float)pow(10.0, TTS_LIMITER_CEILING_DBFS / 20.0));
        if (mix->limiter == NULL) {
            tts_unshared_free(mix, sizeof *mix);
            return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
        }
    }
    if (mix->options.output_rate != options->input_rate) {
        double ratio = (double)mix->options.output_rate / options->input_rate;
        if (ratio > 8.0 || ratio < 1.0 / 8.0) {
            tts_mix_close(mix);
            return tts_error_set(err, TTS_ERR_USAGE, "--rate %d is too far from %d Hz",
                                 options->output_rate, options->input_rate);
        }
        /* SOXR_HQ: on the seed x10 at --rate 48000 it cost the same CPU
         * as SOXR_MQ (both ~10 % over the 22.05 kHz render; libsamplerate's
         * medium sinc, before the limiter, cost +400 %), and
         * test_mix's tone stays clean either way. One thread: the render
         * forks synthesis workers, and the other core is theirs. */
        soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
        soxr_quality_spec_t quality = soxr_quality_spec(TTS_SOXR_QUALITY, 0);
        soxr_runtime_spec_t runtime = soxr_runtime_spec(1);
        soxr_error_t error = NULL;
        mix->resampler = soxr_create(options->input_rate, mix->options.output_rate,
                                     (unsigned)mix->options.channels, &error, &io, &quality,
                                     &runtime);
        if (mix->resampler == NULL) {
            tts_mix_close(mix);
            return tts_error_set(err, TTS_ERR_AUDIO, "resampler: %s", error ? error : "failed");
        }
        /* 50 ms either side of the window reach the resampler as they are,
         * so that its edges are cut from the same sound as without a window. */
        uint64_t in_rate = (uint64_t)options->input_rate;
        uint64_t out_rate = (uint64_t)mix->options.output_rate, margin = in_rate / 20;
        uint64_t start = mix->window_start * in_rate / out_rate;
        mix->heard_from = start > margin ? start - margin : 0;
        if (mix->window_end > 0)
            mix->heard_until = (mix->window_end * in_rate + out_rate - 1) / out_rate + margin;
    }
    *out = mix;
    return TTS_OK;
}

/* Where input sample `input` lies in the output. The resampler hands out
 * frames a little after it reads their input (its filter's delay) but in
 * their place, so times come from input counts, exactly. */
static uint64_t output_of(const tts_mix *mix, uint64_t input)
{
    if (mix->options.output_rate == mix->options.input_rate)
        return input; /* no division per voiced sample in the usual case */
    return input * (uint64_t)mix->options.output_rate / (uint64_t)mix->options.input_rate;
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

/* Keeps the frames of the window: the part of frames [first, first + count)
 * in it, moved to the start of `frames`; returns how many. */
static size_t keep_window(const tts_mix *mix, float *frames, uint64_t first, size_t count)
{
    uint64_t last = first + count;
    uint64_t from = first > mix->window_start ? first : mix->window_start;
    uint64_t to = mix->window_end > 0 && mix->window_end < last ? mix->window_end : last;
    if (to <= from)
        return 0;
    size_t channels = (size_t)mix->options.channels;
    memmove(frames, frames + (size_t)(from - first) * channels,
            (size_t)(to - from) * channels * sizeof *frames);
    return (size_t)(to - from);
}

/* Writes frames at the input rate to the sinks, resampled when the output
 * rate differs (then the window is cut here, in output frames). */
static tts_status deliver(tts_mix *mix, const float *frames, size_t count, bool end,
                          tts_error *err)
{
    if (mix->resampler == NULL)
        return write_sinks(mix, frames, count, err);
    size_t channels = (size_t)mix->options.channels;
    const size_t capacity = sizeof mix->resampled / sizeof mix->resampled[0] / channels;
    size_t made;
    /* Input first; then, at the end, a NULL input drains the filter's delay. */
    do {
        size_t used = 0;
        soxr_error_t error = soxr_process(mix->resampler, count ? frames : NULL, count, &used,
                                          mix->resampled, capacity, &made);
        if (error)
            return tts_error_set(err, TTS_ERR_AUDIO, "resampler: %s", error);
        uint64_t first = mix->resampled_count;
        mix->resampled_count += made;
        size_t kept = mix->window_start > 0 || mix->window_end > 0
                          ? keep_window(mix, mix->resampled, first, made)
                          : made;
        tts_status status = write_sinks(mix, mix->resampled, kept, err);
        if (status != TTS_OK)
            return status;
        frames += used * channels;
        count -= used;
    } while (count > 0 || (end && made > 0));
    return TTS_OK;
}

/* Writes mono frames at the input rate, spread to stereo when asked,
 * through the limiter when normalizing, then resampled. The timeline counts
 * frames in; the limiter and the resampler hand them out later but aligned,
 * so positions stay exact. */
static tts_status emit(tts_mix *mix, const float *mono, size_t count, tts_error *err)
{
    const float *source = mono; /* mono goes to the limiter as it is */
    if (mix->options.channels == 2) {
        for (size_t i = 0; i < count; i++) {
            mix->frames[2 * i] = mono[i] * mix->left;
            mix->frames[2 * i + 1] = mono[i] * mix->right;
        }
        source = mix->frames;
    }
    uint64_t first = mix->position;
    mix->position += count;
    if (mix->resampler != NULL) {
        mix->position = output_of(mix, mix->input_position);
        /* Outside the window (and its margin) the resampler hears silence:
         * it keeps the output's length and place, and the loudness meter's
         * gate leaves silence out, as it would the frames cut. */
        uint64_t in_first = mix->input_position - count;
        size_t channels = (size_t)mix->options.channels;
        if (in_first < mix->heard_from ||
            (mix->heard_until > 0 && in_first + count > mix->heard_until)) {
            if (source == mono) {
                memcpy(mix->frames, mono, count * sizeof *mono);
                source = mix->frames;
            }
            for (size_t i = 0; i < count; i++) {
                uint64_t at = in_first + i;
                if (at < mix->heard_from || (mix->heard_until > 0 && at >= mix->heard_until))
                    memset(mix->frames + i * channels, 0, channels * sizeof *mix->frames);
            }
        }
    } else if (mix->window_start > 0 || mix->window_end > 0) { /* only the window is heard */
        uint64_t from = first > mix->window_start ? first : mix->window_start;
        uint64_t to = mix->window_end > 0 && mix->window_end < mix->position ? mix->window_end
                                                                               : mix->position;
        if (to <= from)
            return TTS_OK;
        source += (size_t)(from - first) * (size_t)mix->options.channels;
        count = (size_t)(to - from);
    }
    if (mix->aimed != NULL) { /* limited as aimed, measured and kept */
        size_t frame_bytes = sizeof *source * (size_t)mix->options.channels;
        mix->spool_frames += count;
        size_t out = tts_limiter_process(mix->aimed, source, mix->aimed_frames, count);
        tts_loudness_gauge_add(mix->aimed_gauge, mix->aimed_frames, out);
        if (fwrite(mix->aimed_frames, frame_bytes, out, mix->limited) != out)
            return tts_error_set(err, TTS_ERR_IO, "cannot write a temporary file: %s",
                                 strerror(errno));
        return TTS_OK;
    }
    if (mix->limiter == NULL)
        return deliver(mix, source, count, false, err);
    size_t out = tts_limiter_process(mix->limiter, source, mix->frames, count);
    return deliver(mix, mix->frames, out, false, err);
}

static tts_status push(tts_mix *mix, const float *input, size_t count, tts_error *err)
{
    mix->input_position += count;
    return count ? emit(mix, input, count, err) : TTS_OK;
}

tts_status tts_mix_silence(tts_mix *mix, int milliseconds, tts_error *err)
{
    /* Silence is counted in input samples so that it passes the resampler too. */
    size_t remaining = (size_t)milliseconds * (size_t)mix->options.input_rate / 1000;
    memset(mix->input, 0, sizeof mix->input);
    while (remaining > 0) {
        size_t count = remaining < BLOCK_FRAMES ? remaining : BLOCK_FRAMES;
        tts_status status = push(mix, mix->input, count, err);
        if (status != TTS_OK)
            return status;
        remaining -= count;
    }
    return TTS_OK;
}

tts_status tts_mix_turn_begin(tts_mix *mix, size_t turn, const tts_voice *voice, tts_error *err)
{
    tts_timeline *timeline = &mix->timeline;
    if (!TTS_GROW(timeline->turns, timeline->capacity, timeline->count + 1, 64))
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    uint64_t start = output_of(mix, mix->input_position);
    timeline->turns[timeline->count] = (tts_timeline_turn){.turn = turn, .start = start, .end = start};
    timeline->count++;
    mix->turn_input_start = mix->input_position;
    mix->word_capacity = 0;
    mix->voiced_word = 0;
    mix->in_turn = true;
    mix->trimming_start = mix->options.trim != 0;
    mix->trimmed_start = 0;
    mix->held_count = 0;
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

static tts_timeline_turn *current_turn(tts_mix *mix)
{
    return mix->in_turn && mix->timeline.count > 0 ? &mix->timeline.turns[mix->timeline.count - 1]
                                                   : NULL;
}

static bool heard(int16_t sample)
{
    return sample >= VOICED_LEVEL || sample <= -VOICED_LEVEL;
}

/* One past the last heard sample of samples[from .. to), or `from` if none. */
static size_t after_last_heard(const int16_t *samples, size_t from, size_t to)
{
    while (to > from && !heard(samples[to - 1]))
        to--;
    return to;
}

/* The first sample of the block that is heard after output frame `frame`:
 * the smallest i with output_of(input_position + i + 1) > frame. */
static size_t first_sample_after(const tts_mix *mix, uint64_t frame)
{
    uint64_t input = frame + 1; /* input samples up to and including the one sought */
    if (mix->options.output_rate != mix->options.input_rate) {
        uint64_t in = (uint64_t)mix->options.input_rate, out = (uint64_t)mix->options.output_rate;
        input = ((frame + 1) * in + out - 1) / out;
    }
    return input > mix->input_position + 1 ? (size_t)(input - mix->input_position - 1) : 0;
}

/* Moves the end of the words these samples belong to past their last heard
 * sample; samples come after the events of the words they carry. A heard
 * sample belongs to the last word that starts at or before it, so each
 * word's share of the block is scanned from its end for its last heard
 * sample, and the quiet rest is never looked at. */
static void note_voiced(tts_mix *mix, const int16_t *samples, size_t count)
{
    tts_timeline_turn *turn = current_turn(mix);
    if (turn == NULL || turn->word_count == 0)
        return;
    size_t last = after_last_heard(samples, 0, count);
    if (last == 0)
        return;
    uint64_t last_heard = output_of(mix, mix->input_position + last);
    size_t from = 0;
    while (mix->voiced_word + 1 < turn->word_count &&
           turn->words[mix->voiced_word + 1].start < last_heard) {
        size_t boundary = first_sample_after(mix, turn->words[mix->voiced_word + 1].start);
        size_t end = after_last_heard(samples, from, boundary);
        tts_timeline_word *word = &turn->words[mix->voiced_word];
        if (end > from && word->start < output_of(mix, mix->input_position + end))
            word->end = output_of(mix, mix->input_position + end);
        mix->voiced_word++;
        if (boundary > from)
            from = boundary;
    }
    tts_timeline_word *word = &turn->words[mix->voiced_word];
    if (word->start < last_heard)
        word->end = last_heard;
}

/* Where a word starting `sample` input samples into the turn is heard. */
static uint64_t word_start(const tts_mix *mix, uint64_t sample)
{
    uint64_t dropped = mix->trimmed_start;
    return output_of(mix, mix->turn_input_start + (sample > dropped ? sample - dropped : 0));
}

/* The turn's start is trimmed: words noted until now move to where they are heard. */
static void place_trimmed_words(tts_mix *mix)
{
    tts_timeline_turn *turn = current_turn(mix);
    mix->trimming_start = false;
    for (size_t w = 0; turn != NULL && w < turn->word_count; w++)
        turn->words[w].start = word_start(mix, turn->words[w].start);
}

tts_status tts_mix_word(tts_mix *mix, uint64_t sample, size_t offset, size_t length,
                        tts_error *err)
{
    tts_timeline_turn *turn = current_turn(mix);
    if (turn == NULL || length == 0)
        return TTS_OK;
    /* While the turn's start is trimmed, words keep their input sample
     * until place_trimmed_words knows how much was dropped. */
    uint64_t start = mix->trimming_start ? sample : word_start(mix, sample);
    if (turn->word_count > 0) {
        const tts_timeline_word *last = &turn->words[turn->word_count - 1];
        if (last->offset == offset && last->length == length)
            return TTS_OK;
        if (start < last->start)
            start = last->start;
    }
    if (!TTS_GROW(turn->words, mix->word_capacity, turn->word_count + 1, 32))
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    /* end stays 0 until audio is heard in the word */
    turn->words[turn->word_count++] = (tts_timeline_word){start, 0, offset, length};
    return TTS_OK;
}

static tts_status feed(tts_mix *mix, const int16_t *samples, size_t count, tts_error *err)
{
    while (count > 0) {
        size_t block = count < BLOCK_FRAMES ? count : BLOCK_FRAMES;
        note_voiced(mix, samples, block);
        /* Locals: stores to mix->input could alias mix->gain or samples. */
        float scale = mix->gain / 32768.0f;
        float *restrict input = mix->input;
        const int16_t *restrict from = samples;
        size_t i = 0;
#if defined(__SSE2__) && !defined(TTS_PORTABLE)
        /* Eight at a time: -O2 leaves this loop scalar. */
        const __m128 factor = _mm_set1_ps(scale);
        for (; i + 8 <= block; i += 8) {
            __m128i eight = _mm_loadu_si128((const __m128i *)(from + i));
            /* Each sample into the top half of a 32-bit lane, then shifted down with its sign. */
            __m128i low = _mm_srai_epi32(_mm_unpacklo_epi16(eight, eight), 16);
            __m128i high = _mm_srai_epi32(_mm_unpackhi_epi16(eight, eight), 16);
            _mm_storeu_ps(input + i, _mm_mul_ps(_mm_cvtepi32_ps(low), factor));
            _mm_storeu_ps(input + i + 4, _mm_mul_ps(_mm_cvtepi32_ps(high), factor));
        }
#endif
        for (; i < block; i++)
            input[i] = from[i] * scale;
        tts_status status = push(mix, mix->input, block, err);
        if (status != TTS_OK)
            return status;
        samples += block;
        count -= block;
    }
    return TTS_OK;
}

static bool quiet(int16_t sample)
{
    return sample < TTS_TRIM_LEVEL && sample > -TTS_TRIM_LEVEL;
}

static tts_status hold(tts_mix *mix, const int16_t *samples, size_t count, tts_error *err)
{
    if (count == 0)
        return TTS_OK;
    if (!TTS_GROW(mix->held, mix->held_capacity, mix->held_count + count, BLOCK_FRAMES))
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    memcpy(mix->held + mix->held_count, samples, count * sizeof *samples);
    mix->held_count += count;
    return TTS_OK;
}

/* With --trim, a turn's quiet start is dropped and quiet stretches are
 * held back: written when sound follows, dropped when the turn ends. */
tts_status tts_mix_audio(tts_mix *mix, const int16_t *samples, size_t count, tts_error *err)
{
    if (!mix->options.trim || !mix->in_turn)
        return feed(mix, samples, count, err);
    size_t first = 0;
    if (mix->trimming_start) {
        while (first < count && quiet(samples[first]))
            first++;
        mix->trimmed_start += first;
        if (first == count)
            return TTS_OK;
        place_trimmed_words(mix);
    }
    size_t heard_end = count;
    while (heard_end > first && quiet(samples[heard_end - 1]))
        heard_end--;
    tts_status status = TTS_OK;
    if (heard_end > first) {
        status = feed(mix, mix->held, mix->held_count, err);
        mix->held_count = 0;
        if (status == TTS_OK)
            status = feed(mix, samples + first, heard_end - first, err);
    }
    if (status == TTS_OK)
        status = hold(mix, samples + heard_end, count - heard_end, err);
    return status;
}

/* A word ends where its audio does, or at the next word or the turn's end
 * when it was never heard (or sounds on into them). */
static void close_words(tts_timeline_turn *turn)
{
    for (size_t w = 0; w < turn->word_count; w++) {
        tts_timeline_word *word = &turn->words[w];
        uint64_t next = w + 1 < turn->word_count ? turn->words[w + 1].start : turn->end;
        if (next > turn->end)
            next = turn->end;
        if (word->start > next)
            word->start = next;
        if (word->end <= word->start || word->end > next)
            word->end = next;
    }
}

tts_status tts_mix_turn_end(tts_mix *mix, tts_error *err)
{
    (void)err;
    tts_timeline_turn *turn = current_turn(mix);
    if (mix->trimming_start)
        place_trimmed_words(mix); /* a turn that was all quiet */
    mix->held_count = 0;          /* the turn's quiet end */
    if (turn != NULL) {
        turn->end = output_of(mix, mix->input_position);
        close_words(turn);
    }
    mix->in_turn = false;
    return TTS_OK;
}

int tts_mix_past_window(const tts_mix *mix)
{
    return mix->window_end > 0 && mix->position >= mix->window_end;
}

static uint64_t clip(uint64_t position, uint64_t start, uint64_t end)
{
    position = position < end ? position : end;
    return position > start ? position - start : 0;
}

/* Keeps the part of the timeline inside the window, counted from its start:
 * turns wholly outside go, those across an edge are cut, and so are their words. */
static void clip_timeline(tts_timeline *timeline, uint64_t start, uint64_t end)
{
    size_t kept = 0;
    for (size_t t = 0; t < timeline->count; t++) {
        tts_timeline_turn turn = timeline->turns[t];
        if (turn.end <= start || turn.start >= end) {
            free(turn.words);
            continue;
        }
        size_t words = 0;
        for (size_t w = 0; w < turn.word_count; w++) {
            tts_timeline_word word = turn.words[w];
            if (word.end <= start || word.start >= end)
                continue;
            word.start = clip(word.start, start, end);
            word.end = clip(word.end, start, end);
            turn.words[words++] = word;
        }
        turn.word_count = words;
        turn.start = clip(turn.start, start, end);
        turn.end = clip(turn.end, start, end);
        timeline->turns[kept++] = turn;
    }
    timeline->count = kept;
}

/* What a pass over the spooled mix does with the limited audio. */
typedef enum spool_pass {
    PASS_WRITE,   /* to the sinks */
    PASS_KEEP,    /* measured, and kept in the limited spool for PASS_COPY */
    PASS_SAMPLE,  /* measured on every sample_every-th stretch only */
} spool_pass;

/* Sampled passes read stretches of 2 s spread evenly, one in four or
 * fewer, and compare the loudness of those stretches limited with their
 * loudness unlimited: the limiter's loss on them estimates its loss on the
 * whole mix, at a quarter of a pass's cost or less. Only mixes long enough
 * to hold many stretches use them; long ones read about SAMPLE_STRETCHES. */
#define SAMPLE_SECONDS 2
#define SAMPLE_EVERY_LEAST 4
#define SAMPLE_MIN_STRETCHES 24
#define SAMPLE_STRETCHES 64

/* Multiplies count samples by gain, four at a time: -O2 leaves the plain
 * loop scalar, and the copy of the aimed mix does little else. */
static void scale_samples(float *samples, size_t count, float gain)
{
    typedef float four_samples __attribute__((vector_size(16)));
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        four_samples four;
        memcpy(&four, samples + i, sizeof four);
        four *= gain;
        memcpy(samples + i, &four, sizeof four);
    }
    for (; i < count; i++)
        samples[i] *= gain;
}

/* Reads the spool's frames from `at` on into mix->frames, at most `limit`. */
static size_t spool_read(tts_mix *mix, FILE *file, size_t limit)
{
    size_t block = BLOCK_FRAMES * 8 * 2 / (size_t)mix->options.channels;
    return fread(mix->frames, sizeof(float) * (size_t)mix->options.channels,
                 limit < block ? limit : block, file);
}

/* With threads, a PASS_KEEP hands each limited block to a second thread,
 * which measures it and writes it to the limited spool while the next block
 * is limited: the blocks are the same and measured in the same order, so
 * the result is too. Two blocks take turns. */
typedef struct keeper {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    float *blocks[2];
    size_t counts[2];
    bool full[2];
    bool finished;          /* no block will come after those full */
    bool failed;            /* a write failed */
    tts_loudness_gauge *gauge;
    FILE *file;
    size_t frame_bytes;
} keeper;

static void *keeper_run(void *user)
{
    keeper *k = user;
    for (int slot = 0;; slot ^= 1) {
        pthread_mutex_lock(&k->lock);
        while (!k->full[slot] && !k->finished)
            pthread_cond_wait(&k->changed, &k->lock);
        bool have = k->full[slot];
        pthread_mutex_unlock(&k->lock);
        if (!have)
            return NULL;
        tts_loudness_gauge_add(k->gauge, k->blocks[slot], k->counts[slot]);
        if (!k->failed &&
            fwrite(k->blocks[slot], k->frame_bytes, k->counts[slot], k->file) != k->counts[slot])
            k->failed = true;
        pthread_mutex_lock(&k->lock);
        k->full[slot] = false;
        pthread_cond_broadcast(&k->changed);
        pthread_mutex_unlock(&k->lock);
    }
}

/* The block of slot `slot`, once the second thread is done with it. */
static float *keeper_block(keeper *k, int slot)
{
    pthread_mutex_lock(&k->lock);
    while (k->full[slot])
        pthread_cond_wait(&k->changed, &k->lock);
    pthread_mutex_unlock(&k->lock);
    return k->blocks[slot];
}

static void keeper_hand(keeper *k, int slot, size_t count)
{
    pthread_mutex_lock(&k->lock);
    k->counts[slot] = count;
    k->full[slot] = true;
    pthread_cond_broadcast(&k->changed);
    pthread_mutex_unlock(&k->lock);
}

/* Waits for the blocks handed over; true when all were written. */
static bool keeper_finish(keeper *k)
{
    pthread_mutex_lock(&k->lock);
    k->finished = true;
    pthread_cond_broadcast(&k->changed);
    pthread_mutex_unlock(&k->lock);
    pthread_join(k->thread, NULL);
    pthread_mutex_destroy(&k->lock);
    pthread_cond_destroy(&k->changed);
    return !k->failed;
}

static bool keeper_start(keeper *k, tts_loudness_gauge *gauge, FILE *file, size_t frame_bytes,
                         size_t block_floats)
{
    memset(k, 0, sizeof *k);
    k->gauge = gauge;
    k->file = file;
    k->frame_bytes = frame_bytes;
    k->blocks[0] = malloc(block_floats * sizeof(float));
    k->blocks[1] = malloc(block_floats * sizeof(float));
    if (k->blocks[0] == NULL || k->blocks[1] == NULL) {
        free(k->blocks[0]);
        free(k->blocks[1]);
        return false;
    }
    pthread_mutex_init(&k->lock, NULL);
    pthread_cond_init(&k->changed, NULL);
    if (pthread_create(&k->thread, NULL, keeper_run, k) != 0) {
        pthread_mutex_destroy(&k->lock);
        pthread_cond_destroy(&k->changed);
        free(k->blocks[0]);
        free(k->blocks[1]);
        return false;
    }
    return true;
}

/* One PASS_KEEP on two threads (see keeper): the loudness reached into *loudness. */
static tts_status keep_threaded(tts_mix *mix, float gain, tts_loudness_gauge *gauge,
                                tts_limiter *limiter, double *loudness, tts_error *err, bool *ran)
{
    int channels = mix->options.channels;
    size_t frame_bytes = sizeof(float) * (size_t)channels;
    size_t block = BLOCK_FRAMES * 8 * 2 / (size_t)channels;
    keeper k;
    *ran = keeper_start(&k, gauge, mix->limited, frame_bytes, block * (size_t)channels);
    if (!*ran)
        return TTS_OK; /* one thread, then */
    tts_status status = TTS_OK;
    int slot = 0;
    size_t count;
    for (;;) {
        float *frames = keeper_block(&k, slot);
        count = fread(frames, frame_bytes, block, mix->spool);
        if (count == 0)
            break;
        scale_samples(frames, count * (size_t)channels, gain);
        keeper_hand(&k, slot, tts_limiter_process(limiter, frames, frames, count));
        slot ^= 1;
    }
    if (ferror(mix->spool))
        status = tts_error_set(err, TTS_ERR_IO, "cannot read a temporary file");
    if (status == TTS_OK) {
        float *frames = keeper_block(&k, slot);
        keeper_hand(&k, slot, tts_limiter_flush(limiter, frames));
    }
    bool written = keeper_finish(&k);
    free(k.blocks[0]);
    free(k.blocks[1]);
    if (status == TTS_OK && (!written || fflush(mix->limited) != 0))
        status = tts_error_set(err, TTS_ERR_IO, "cannot write a temporary file: %s",
                               strerror(errno));
    if (status == TTS_OK)
        *loudness = tts_loudness_gauge_integrated(gauge);
    return status;
}

/* One pass over the spooled mix, scaled by gain and limited (see
 * spool_pass). A measured pass puts the loudness reached (LUFS) in
 * *loudness; a sampled one, how much the limiter lowered the loudness of
 * the stretches it read (LU, negative). */
static tts_status replay_spool(tts_mix *mix, float gain, spool_pass pass, double *loudness,
                               tts_error *err)
{
    int channels = mix->options.channels, rate = mix->options.input_rate;
    tts_limiter *limiter = tts_limiter_new(rate, channels,
                                           (float)pow(10.0, TTS_LIMITER_CEILING_DBFS / 20.0));
    tts_loudness_gauge *gauge = pass == PASS_WRITE ? NULL : tts_loudness_gauge_new(rate, channels);
    /* the stretches' own loudness is that at gain 1, plus the gain: measured once */
    tts_loudness_gauge *unlimited = pass == PASS_SAMPLE && isnan(mix->sampled_unlimited)
                                        ? tts_loudness_gauge_new(rate, channels)
                                        : NULL;
    tts_status status = limiter == NULL || (pass != PASS_WRITE && gauge == NULL) ||
                                (pass == PASS_SAMPLE && isnan(mix->sampled_unlimited) &&
                                 unlimited == NULL)
                            ? tts_error_set(err, TTS_ERR_NOMEM, "out of memory")
                            : TTS_OK;
    if (status == TTS_OK && fseek(mix->spool, 0, SEEK_SET) != 0)
        status = tts_error_set(err, TTS_ERR_IO, "cannot read a temporary file: %s",
                               strerror(errno));
    if (status == TTS_OK && pass == PASS_KEEP && fseek(mix->limited, 0, SEEK_SET) != 0)
        status = tts_error_set(err, TTS_ERR_IO, "cannot write a temporary file: %s",
                               strerror(errno));
    size_t frame_bytes = sizeof(float) * (size_t)channels;
    size_t stretch = (size_t)rate * SAMPLE_SECONDS, left = pass == PASS_SAMPLE ? stretch : SIZE_MAX;
    size_t count;
    bool threaded = false;
    if (status == TTS_OK && pass == PASS_KEEP && mix->options.threads >= 2)
        status = keep_threaded(mix, gain, gauge, limiter, loudness, err, &threaded);
    if (threaded) {
        tts_loudness_gauge_free(gauge);
        tts_limiter_free(limiter);
        return status;
    }
    while (status == TTS_OK && (count = spool_read(mix, mix->spool, left)) > 0) {
        scale_samples(mix->frames, count * (size_t)channels, gain);
        if (unlimited != NULL)
            tts_loudness_gauge_add(unlimited, mix->frames, count);
        size_t out = tts_limiter_process(limiter, mix->frames, mix->frames, count);
        if (pass == PASS_WRITE)
            status = deliver(mix, mix->frames, out, false, err);
        else
            tts_loudness_gauge_add(gauge, mix->frames, out);
        if (pass == PASS_KEEP && fwrite(mix->frames, frame_bytes, out, mix->limited) != out)
            status = tts_error_set(err, TTS_ERR_IO, "cannot write a temporary file: %s",
                                   strerror(errno));
        if (pass == PASS_SAMPLE && (left -= count) == 0) {
            /* on to the next stretch read; the limiter carries across the seam */
            long skip = (long)(stretch * (mix->sample_every - 1) * frame_bytes);
            if (fseek(mix->spool, skip, SEEK_CUR) != 0)
                status = tts_error_set(err, TTS_ERR_IO, "cannot read a temporary file: %s",
                                       strerror(errno));
            left = stretch;
        }
    }
    if (status == TTS_OK && ferror(mix->spool))
        status = tts_error_set(err, TTS_ERR_IO, "cannot read a temporary file");
    if (status == TTS_OK) {
        size_t out = tts_limiter_flush(limiter, mix->frames);
        if (pass == PASS_WRITE)
            status = deliver(mix, mix->frames, out, false, err);
        else
            tts_loudness_gauge_add(gauge, mix->frames, out);
        if (pass == PASS_KEEP && (fwrite(mix->frames, frame_bytes, out, mix->limited) != out ||
                                  fflush(mix->limited) != 0))
            status = tts_error_set(err, TTS_ERR_IO, "cannot write a temporary file: %s",
                                   strerror(errno));
        if (pass == PASS_KEEP)
            *loudness = tts_loudness_gauge_integrated(gauge);
        double gain_db = 20 * log10(gain);
        if (unlimited != NULL)
            mix->sampled_unlimited = tts_loudness_gauge_integrated(unlimited) - gain_db;
        if (pass == PASS_SAMPLE)
            *loudness = tts_loudness_gauge_integrated(gauge) - (mix->sampled_unlimited + gain_db);
    }
    tts_loudness_gauge_free(unlimited);
    tts_loudness_gauge_free(gauge);
    tts_limiter_free(limiter);
    return status;
}

/* Writes the limited spool, as aimed or as the last PASS_KEEP left it, to
 * the sinks, scaled by gain. */
static tts_status copy_limited(tts_mix *mix, float gain, tts_error *err)
{
    if (fseek(mix->limited, 0, SEEK_SET) != 0)
        return tts_error_set(err, TTS_ERR_IO, "cannot read a temporary file: %s", strerror(errno));
    tts_status status = TTS_OK;
    size_t count;
    while (status == TTS_OK && (count = spool_read(mix, mix->limited, SIZE_MAX)) > 0) {
        if (gain != 1.0f)
            scale_samples(mix->frames, count * (size_t)mix->options.channels, gain);
        status = deliver(mix, mix->frames, count, false, err);
    }
    if (status == TTS_OK && ferror(mix->limited))
        status = tts_error_set(err, TTS_ERR_IO, "cannot read a temporary file");
    return status;
}

/* The next gain to try, by the slope of the last two tries (the first try
 * has only the unlimited mix behind it, whose slope says nothing: the
 * limiter halves what a gain adds, about, once it works hard enough to
 * matter). */
static double next_gain(double gain_db, double reached, double previous_gain,
                        double previous_reached, double target, bool first)
{
    double slope = (reached - previous_reached) / (gain_db - previous_gain);
    if (first || !(slope > 0.2 && slope <= 1.0))
        slope = first ? 0.5 : 1.0;
    return gain_db + (target - reached) / slope;
}

/* The spool's largest sample magnitude (its loudness was measured as it
 * was made). */
static tts_status spool_peak(tts_mix *mix, float *peak, tts_error *err)
{
    if (fseek(mix->spool, 0, SEEK_SET) != 0)
        return tts_error_set(err, TTS_ERR_IO, "cannot read a temporary file: %s",
                             strerror(errno));
    float largest = 0;
    size_t count;
    while ((count = spool_read(mix, mix->spool, SIZE_MAX)) > 0)
        for (size_t i = 0; i < count * (size_t)mix->options.channels; i++)
            largest = fabsf(mix->frames[i]) > largest ? fabsf(mix->frames[i]) : largest;
    if (ferror(mix->spool))
        return tts_error_set(err, TTS_ERR_IO, "cannot read a temporary file");
    *peak = largest;
    return TTS_OK;
}

/* Brings the spooled mix, measured at `measured` LUFS, to the target: a
 * gain from its loudness, then as many dry passes through the limiter as it
 * takes for what the limiter removes to be made up (peaks are limited, so
 * raising the gain raises the loudness less and less). Long mixes first aim
 * with sampled passes. Each full pass keeps its limited audio, so the one
 * that reaches the target is copied to the sinks rather than limited again. */
static tts_status normalize_spool(tts_mix *mix, double measured, tts_error *err)
{
    double target = mix->options.loudness_lufs;
    float peak = 0;
    tts_status status = spool_peak(mix, &peak, err);
    if (status != TTS_OK)
        return status;
    double reached = measured;
    if (!isfinite(measured)) /* silence: nothing to scale */
        return replay_spool(mix, 1.0f, PASS_WRITE, &reached, err);
    /* Peaks that stay 1.5 dB under the ceiling once scaled (room for the
     * overs between samples) are not limited, and loudness follows the gain
     * exactly. Otherwise the loudness reached grows more slowly than the
     * gain: dry passes measure it, each aiming by the slope of the last two. */
    double gain_db = target - measured, previous_gain = 0, previous_reached = measured;
    bool unlimited = 20 * log10(peak > 0 ? peak : 1e-9) + gain_db <= TTS_LIMITER_CEILING_DBFS - 1.5;
    if (unlimited)
        return replay_spool(mix, (float)pow(10.0, gain_db / 20.0), PASS_WRITE, &reached, err);
    uint64_t stretches = mix->spool_frames / ((uint64_t)mix->options.input_rate * SAMPLE_SECONDS);
    bool sampled = stretches >= (uint64_t)SAMPLE_MIN_STRETCHES * SAMPLE_EVERY_LEAST;
    mix->sample_every = stretches / SAMPLE_STRETCHES > SAMPLE_EVERY_LEAST ? stretches / SAMPLE_STRETCHES
                                                                          : SAMPLE_EVERY_LEAST;
    for (int pass = 0; pass < 6 && sampled && status == TTS_OK; pass++) {
        double loss = 0;
        status = replay_spool(mix, (float)pow(10.0, gain_db / 20.0), PASS_SAMPLE, &loss, err);
        double estimate = measured + gain_db + loss;
        if (fabs(target - estimate) < 0.1 || gain_db > 60)
            break;
        double next = next_gain(gain_db, estimate, previous_gain, previous_reached, target,
                                pass == 0);
        previous_gain = gain_db;
        previous_reached = estimate;
        gain_db = next;
    }
    bool kept = false;
    for (int pass = 0; pass < 6 && status == TTS_OK; pass++) {
        status = replay_spool(mix, (float)pow(10.0, gain_db / 20.0), PASS_KEEP, &reached, err);
        kept = status == TTS_OK;
        /* a little loud is exact once scaled down (peaks only go lower): aimed at */
        if ((reached > target - 0.05 && reached < target + 0.5) || gain_db > 60)
            break;
        double next = next_gain(gain_db, reached, previous_gain, previous_reached, target + 0.2,
                                pass == 0 && !sampled);
        previous_gain = gain_db;
        previous_reached = reached;
        gain_db = next;
        kept = false; /* the gain moved on from what the limited spool holds */
    }
    if (status == TTS_OK && reached < target - 0.5)
        snprintf(mix->loudness_note, sizeof mix->loudness_note,
                 "--loudness %g: reached %.1f LUFS; more would need peaks over %g dBTP", target,
                 reached, TTS_LIMITER_CEILING_DBFS);
    if (status == TTS_OK && kept)
        return copy_limited(
            mix, reached > target ? (float)pow(10.0, (target - reached) / 20.0) : 1.0f, err);
    if (status == TTS_OK)
        status = replay_spool(mix, (float)pow(10.0, gain_db / 20.0), PASS_WRITE, &reached, err);
    return status;
}

/* The mix as aimed, complete: copied to the sinks at the post-gain that
 * brings it to the target, unless that would take peaks over the ceiling
 * (or the mix is silent): then it goes through the trial passes, which
 * keep what they limit in a second temporary file. */
static tts_status finish_aimed(tts_mix *mix, tts_error *err)
{
    size_t frame_bytes = sizeof(float) * (size_t)mix->options.channels;
    size_t out = tts_limiter_flush(mix->aimed, mix->aimed_frames);
    tts_loudness_gauge_add(mix->aimed_gauge, mix->aimed_frames, out);
    if (fwrite(mix->aimed_frames, frame_bytes, out, mix->limited) != out ||
        fflush(mix->limited) != 0)
        return tts_error_set(err, TTS_ERR_IO, "cannot write a temporary file: %s",
                             strerror(errno));
    double reached = tts_loudness_gauge_integrated(mix->aimed_gauge);
    double post_db = mix->options.loudness_lufs - reached;
    if (isfinite(reached) && post_db <= mix->aim_db)
        return copy_limited(mix, (float)pow(10.0, post_db / 20.0), err);
    mix->spool = mix->limited;
    mix->limited = tmpfile();
    if (mix->limited == NULL)
        return tts_error_set(err, TTS_ERR_IO, "cannot make a temporary file: %s",
                             strerror(errno));
    if (setvbuf(mix->limited, mix->spool_buffers + SPOOL_BUFFER, _IOFBF, SPOOL_BUFFER) != 0)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    return normalize_spool(mix, reached, err);
}

static void *release_run(void *user)
{
    FILE **files = user;
    for (int i = 0; i < 2; i++)
        if (files[i] != NULL)
            fclose(files[i]);
    return NULL;
}

/* Closes the temporary files once the mix is out of them, on a thread of
 * its own: freeing the pages of a long mix's file (22 ms on the seed x20)
 * overlaps the output's fsync, which waits on the disk. */
static void release_spools(tts_mix *mix)
{
    mix->released[0] = mix->spool;
    mix->released[1] = mix->limited;
    mix->spool = mix->limited = NULL;
    mix->releasing = pthread_create(&mix->releaser, NULL, release_run, mix->released) == 0;
    if (!mix->releasing)
        release_run(mix->released);
}

const char *tts_mix_loudness_note(const tts_mix *mix)
{
    return mix->loudness_note;
}

tts_status tts_mix_finish(tts_mix *mix, tts_error *err)
{
    tts_status status = TTS_OK;
    if (mix->aimed != NULL)
        status = finish_aimed(mix, err);
    if (status == TTS_OK && (mix->spool != NULL || mix->limited != NULL))
        release_spools(mix);
    if (status == TTS_OK && mix->limiter != NULL)
        status = deliver(mix, mix->frames, tts_limiter_flush(mix->limiter, mix->frames), false,
                         err);
    if (status == TTS_OK && mix->resampler != NULL) {
        status = deliver(mix, NULL, 0, true, err);
        mix->position = mix->resampled_count; /* the input's length, to the nearest frame */
    }
    mix->timeline.total_samples = mix->position;
    if (mix->window_start > 0 || mix->window_end > 0) {
        uint64_t end = mix->window_end > 0 && mix->window_end < mix->position ? mix->window_end
                                                                               : mix->position;
        clip_timeline(&mix->timeline, mix->window_start, end);
        mix->timeline.total_samples = end > mix->window_start ? end - mix->window_start : 0;
    }
    return status;
}

const tts_timeline *tts_mix_timeline(const tts_mix *mix)
{
    return &mix->timeline;
}

void tts_mix_take_timeline(tts_mix *mix, tts_timeline *out)
{
    *out = mix->timeline;
    memset(&mix->timeline, 0, sizeof mix->timeline);
    mix->timeline.sample_rate = out->sample_rate;
    mix->in_turn = false;
}

void tts_mix_close(tts_mix *mix)
{
    if (mix == NULL)
        return;
    if (mix->resampler)
        soxr_delete(mix->resampler);
    tts_limiter_free(mix->limiter);
    if (mix->releasing)
        pthread_join(mix->releaser, NULL);
    if (mix->spool != NULL)
        fclose(mix->spool);
    if (mix->limited != NULL)
        fclose(mix->limited);
    tts_unshared_free(mix->spool_buffers, 2 * SPOOL_BUFFER);
    tts_limiter_free(mix->aimed);
    tts_loudness_gauge_free(mix->aimed_gauge);
    tts_timeline_free(&mix->timeline);
    free(mix->held);
    tts_unshared_free(mix, sizeof *mix);
}
