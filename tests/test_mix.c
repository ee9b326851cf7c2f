/* test_mix.c: the limiter keeps peaks under its ceiling without moving
 * audio in time; a normalized render meets the loudness targets (EBU R128
 * integrated loudness within 0.1 LU, true peak, and every speaker within
 * 1 LU); words end at their last heard sample. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mix/gauge.h"
#include "mix/limiter.h"
#include "support/audio.h"
#include "ttsread/mix.h"
#include "ttsread/pipeline.h"
#include "ttsread/sink.h"
#include "ttsread/synth.h"

static void limiter_holds_the_ceiling_and_keeps_time(void **state)
{
    (void)state;
    enum { FRAMES = 22050 };
    float *input = malloc(FRAMES * sizeof *input), *output = malloc(FRAMES * sizeof *output);
    /* A quiet tone with a loud burst in the middle. */
    for (int i = 0; i < FRAMES; i++)
        input[i] = (float)sin(i * 0.05) * (i > 10000 && i < 10500 ? 1.6f : 0.3f);
    tts_limiter *limiter = tts_limiter_new(22050, 1, 0.5f);
    assert_non_null(limiter);
    size_t written = 0;
    for (int at = 0; at < FRAMES; at += 1000) {
        size_t count = FRAMES - at < 1000 ? (size_t)(FRAMES - at) : 1000;
        written += tts_limiter_process(limiter, input + at, output + written, count);
    }
    written += tts_limiter_flush(limiter, output + written);
    assert_int_equal(written, FRAMES);
    float peak = 0;
    for (int i = 0; i < FRAMES; i++)
        peak = fmaxf(peak, fabsf(output[i]));
    assert_true(peak <= 0.5f + 1e-4f);
    /* Away from the burst the audio is untouched and in the same place. */
    for (int i = 0; i < FRAMES; i++)
        if ((i < 9000 || i >= 21500) && fabsf(output[i] - input[i]) > 1e-6f)
            fail_msg("frame %d: %f in, %f out", i, input[i], output[i]);
    tts_limiter_free(limiter);
    free(input);
    free(output);
}

/* Runs `frames` frames of `input` through a limiter in uneven chunks, in place. */
static void limit_in_chunks(tts_limiter *limiter, float *audio, size_t frames, int channels)
{
    size_t written = 0, at = 0, chunk = 1;
    while (at < frames) {
        size_t count = frames - at < chunk ? frames - at : chunk;
        written += tts_limiter_process(limiter, audio + at * channels, audio + written * channels,
                                       count);
        at += count;
        chunk = chunk * 7 % 4093 + 1;
    }
    written += tts_limiter_flush(limiter, audio + written * channels);
    assert_int_equal(written, frames);
}

/* Frames that need no reduction skip the limiter's per-frame work; the
 * result must be the same, bit for bit, as stepping through every frame:
 * speech-like bursts, loud enough to be limited, then loud but under the
 * ceiling, quiet, and silent. */
static void limiter_pass_through_equals_every_step(void **state)
{
    (void)state;
    enum { FRAMES = 3 * 22050 };
    for (int channels = 1; channels <= 3; channels++) {
        size_t samples = (size_t)FRAMES * channels;
        float *fast = malloc(samples * sizeof *fast), *exact = malloc(samples * sizeof *exact);
        assert_non_null(fast);
        assert_non_null(exact);
        uint32_t noise = 12345;
        for (size_t i = 0; i < samples; i++) {
            size_t frame = i / channels;
            double level = frame % 12000 < 3000   ? 1.3  /* limited */
                           : frame % 12000 < 6000 ? 0.6  /* under the ceiling, filter running */
                           : frame % 12000 < 9000 ? 0.2  /* too quiet to run the filter */
                                                  : 0.0;
            noise = noise * 1664525u + 1013904223u;
            fast[i] = exact[i] = (float)(level * sin((double)frame * (0.03 + 0.01 * (i % channels))) +
                                         level * 0.1 * ((double)(noise >> 8) / (1 << 24) - 0.5));
        }
        tts_limiter *quick = tts_limiter_new(22050, channels, 0.79f);
        tts_limiter *stepped = tts_limiter_new(22050, channels, 0.79f);
        assert_non_null(quick);
        assert_non_null(stepped);
        tts_limiter_exact_steps_only(stepped);
        limit_in_chunks(quick, fast, FRAMES, channels);
        limit_in_chunks(stepped, exact, FRAMES, channels);
        size_t reduced = 0;
        for (size_t i = 0; i < samples; i++) {
            if (memcmp(&fast[i], &exact[i], sizeof fast[i]) != 0)
                fail_msg("%d channels, sample %zu: %.9g with the pass-through, %.9g without",
                         channels, i, fast[i], exact[i]);
            reduced += fabsf(exact[i]) > 0.75f;
        }
        assert_true(reduced > 0); /* the limiter had work to do */
        tts_limiter_free(quick);
        tts_limiter_free(stepped);
        free(fast);
        free(exact);
    }
}

static double span_loudness(const test_audio *audio, const double *starts, const double *ends,
                            const int *speakers, size_t cues, int speaker)
{
    tts_loudness_meter *meter;
    tts_error err;
    assert_int_equal(tts_loudness_meter_open(audio->sample_rate, 1, &meter, &err), TTS_OK);
    for (size_t c = 0; c < cues; c++) {
        if (speakers[c] != speaker)
            continue;
        size_t start = (size_t)(starts[c] * audio->sample_rate);
        size_t end = (size_t)(ends[c] * audio->sample_rate);
        if (end > audio->count)
            end = audio->count;
        tts_loudness_meter_add(meter, audio->samples + start, end - start);
    }
    double loudness = tts_loudness_meter_integrated(meter);
    tts_loudness_meter_close(meter);
    return loudness;
}

/* The loudness passes' own meter reads what libebur128 reads: speech-like
 * bursts at many levels (some under the relative gate, some under the
 * absolute one) and silence, mono and stereo, at two rates, fed in uneven
 * chunks; silence alone has no loudness. */
static void gauge_reads_as_libebur128(void **state)
{
    (void)state;
    const int rates[] = {22050, 44100};
    for (int r = 0; r < 2; r++)
        for (int channels = 1; channels <= 2; channels++) {
            int rate = rates[r];
            size_t frames = (size_t)rate * 30;
            float *audio = malloc(frames * (size_t)channels * sizeof *audio);
            assert_non_null(audio);
            unsigned seed = 7;
            for (size_t i = 0; i < frames; i++) {
                size_t second = i / (size_t)rate;
                /* levels from about -6 to -86 dBFS, one second each, every fifth silent */
                float level = second % 5 == 4 ? 0.0f : (float)pow(10.0, -(double)(second * 7 % 41 + 3) / 20.0);
                seed = seed * 1103515245u + 12345u;
                float noise = (float)((seed >> 16) & 0x7fff) / 16384.0f - 1.0f;
                for (int c = 0; c < channels; c++)
                    audio[i * (size_t)channels + (size_t)c] =
                        level * (0.6f * (float)sin((double)i * (0.03 + 0.02 * c) * (1 + second % 3)) + 0.4f * noise);
            }
            tts_loudness_gauge *gauge = tts_loudness_gauge_new(rate, channels);
            assert_non_null(gauge);
            size_t at = 0, chunk = 1;
            while (at < frames) {
                size_t count = frames - at < chunk ? frames - at : chunk;
                tts_loudness_gauge_add(gauge, audio + at * (size_t)channels, count);
                at += count;
                chunk = chunk * 7 % 8191 + 1;
            }
            tts_loudness_meter *meter;
            tts_error err;
            assert_int_equal(tts_loudness_meter_open_integrated(rate, channels, &meter, &err), TTS_OK);
            tts_loudness_meter_add(meter, audio, frames);
            double ours = tts_loudness_gauge_integrated(gauge), theirs = tts_loudness_meter_integrated(meter);
            print_message("%d Hz, %d channels: %.4f LUFS, libebur128 %.4f\n", rate, channels, ours, theirs);
            assert_true(isfinite(theirs));
            assert_true(fabs(ours - theirs) < 0.01);
            tts_loudness_meter_close(meter);
            tts_loudness_gauge_free(gauge);
            free(audio);
        }
    tts_loudness_gauge *silent = tts_loudness_gauge_new(22050, 1);
    float zeros[4410] = {0};
    for (int i = 0; i < 10; i++)
        tts_loudness_gauge_add(silent, zeros, 4410);
    assert_true(isinf(tts_loudness_gauge_integrated(silent)));
    tts_loudness_gauge_free(silent);
}

static void normalized_render_meets_loudness_targets(void **state)
{
    (void)state;
    const char *input = test_seed_path() ? test_seed_path() : "tests/fixtures/render/interview.txt";
    tts_error err;
    tts_palette palette;
    char directory[4096];
    int rate;
    assert_int_equal(tts_voices_directory(directory, sizeof directory, &err), TTS_OK);
    assert_int_equal(tts_palette_load(directory, &palette, &err), TTS_OK);
    assert_int_equal(tts_synth_init(&rate, &err), TTS_OK);
    char wav[] = "/tmp/test_mix_XXXXXX.wav", vtt[] = "/tmp/test_mix_XXXXXX.vtt";
    close(mkstemps(wav, 4));
    close(mkstemps(vtt, 4));
    tts_pipeline_options options;
    tts_pipeline_options_default(&options);
    options.render.jobs = 2;
    options.render.mix.input_rate = rate;
    options.render.output_path = wav;
    options.render.captions_path = vtt;
    options.render.captions_turns = 1; /* a cue per turn: loudness is measured per speaker */
    tts_pipeline_result result;
    if (tts_pipeline_run(input, &palette, &options, &result, &err) != TTS_OK)
        fail_msg("%s", err.message);

    test_audio audio;
    assert_int_equal(test_audio_read(wav, &audio), 0);
    tts_loudness_meter *meter;
    assert_int_equal(tts_loudness_meter_open(audio.sample_rate, 1, &meter, &err), TTS_OK);
    tts_loudness_meter_add(meter, audio.samples, audio.count);
    double integrated = tts_loudness_meter_integrated(meter);
    double true_peak = tts_loudness_meter_true_peak(meter);
    tts_loudness_meter_close(meter);
    float sample_peak = 0;
    for (size_t i = 0; i < audio.count; i++)
        sample_peak = fmaxf(sample_peak, fabsf(audio.samples[i]));
    print_message("%s: %.2f LUFS, true peak %.2f dBTP, sample peak %.2f dBFS\n", input, integrated,
                  true_peak, 20 * log10(sample_peak));
    assert_true(fabs(integrated - -16.0) <= 0.1);
    assert_true(true_peak <= -1.0);

    double starts[512], ends[512];
    int speakers[512];
    size_t cues = test_read_vtt_cues(vtt, starts, ends, 512);
    assert_int_equal(cues, result.script.turn_count);
    for (size_t c = 0; c < cues; c++)
        speakers[c] = result.script.turns[c].kind == TTS_TURN_SPEECH ? result.script.turns[c].speaker : -2;
    double lowest = 0, highest = -100;
    for (int s = -1; s < (int)result.script.speaker_count; s++) {
        double loudness = span_loudness(&audio, starts, ends, speakers, cues, s);
        if (!isfinite(loudness))
            continue;
        print_message("  %s: %.2f LUFS\n", tts_script_speaker_name(&result.script, s), loudness);
        lowest = fmin(lowest, loudness);
        highest = fmax(highest, loudness);
    }
    assert_true(highest - lowest <= 1.0);
    test_audio_free(&audio);
    tts_pipeline_result_free(&result);
    tts_palette_free(&palette);
    tts_synth_terminate();
    unlink(wav);
    unlink(vtt);
}

/* Mixes `seconds` of a 300 Hz tone at `level` (of full scale) with a click
 * at full scale every 100 ms (peaks far over a quiet body, as in speech)
 * into a normalized 16-bit WAV file at -16 LUFS, and reads it back. */
static void normalize_tone(double level, double seconds, test_audio *out)
{
    enum { RATE = 22050 };
    size_t samples = (size_t)(seconds * RATE);
    int16_t *tone = malloc(samples * sizeof *tone);
    assert_non_null(tone);
    for (size_t i = 0; i < samples; i++)
        tone[i] = i % (RATE / 10) == 0 ? 32767
                                        : (int16_t)lrint(32767 * level *
                                                         sin(2 * M_PI * 300 * (double)i / RATE));
    char wav[] = "/tmp/test_mix_XXXXXX.wav";
    close(mkstemps(wav, 4));
    tts_error err;
    tts_error_clear(&err);
    tts_audio_format format = {.sample_rate = RATE, .channels = 1};
    tts_sink *sink;
    assert_int_equal(tts_sink_open(wav, "wav", &format, &sink, &err), TTS_OK);
    tts_mix_options options = {.input_rate = RATE, .channels = 1, .normalize = 1,
                               .loudness_lufs = -16.0, .measure_first = 1, .threads = 1};
    tts_mix *mix;
    assert_int_equal(tts_mix_open(&options, &sink, 1, &mix, &err), TTS_OK);
    tts_voice voice = {0};
    assert_int_equal(tts_mix_silence(mix, 200, &err), TTS_OK);
    assert_int_equal(tts_mix_turn_begin(mix, 0, &voice, &err), TTS_OK);
    for (size_t at = 0, chunk = 1000; at < samples; at += chunk, chunk = chunk * 7 % 5003 + 1)
        assert_int_equal(tts_mix_audio(mix, tone + at, at + chunk < samples ? chunk : samples - at, &err),
                         TTS_OK);
    assert_int_equal(tts_mix_turn_end(mix, &err), TTS_OK);
    assert_int_equal(tts_mix_finish(mix, &err), TTS_OK);
    tts_mix_close(mix);
    assert_int_equal(tts_sink_commit(sink, &err), TTS_OK);
    assert_int_equal(test_audio_read(wav, out), 0);
    unlink(wav);
    free(tone);
}

/* A file reaches its loudness target (within 0.05 LU: the trial passes
 * stop that close), and no sample passes the ceiling, whichever way it gets
 * there: a body at -12 dBFS is limited as it is made and scaled (by +1.2
 * dB, within the aimed limiter's margin of 2, so peaks end 0.8 dB under
 * the ceiling); one at -22 dBFS needs +5 dB, and one at -36 dBFS, with
 * clicks 36 dB over it, +18: those go through the trial passes, which raise
 * and limit the mix again. */
static void normalized_mix_lands_on_target(void **state)
{
    (void)state;
    static const double levels[] = {0.25, 0.08, 0.016};
    for (size_t l = 0; l < sizeof levels / sizeof *levels; l++) {
        test_audio audio;
        normalize_tone(levels[l], 20.0, &audio);
        tts_error err;
        tts_loudness_meter *meter;
        assert_int_equal(tts_loudness_meter_open(audio.sample_rate, 1, &meter, &err), TTS_OK);
        tts_loudness_meter_add(meter, audio.samples, audio.count);
        double integrated = tts_loudness_meter_integrated(meter);
        tts_loudness_meter_close(meter);
        float peak = 0;
        for (size_t i = 0; i < audio.count; i++)
            peak = fmaxf(peak, fabsf(audio.samples[i]));
        print_message("body at %.0f dBFS: %.3f LUFS, sample peak %.3f dBFS\n", 20 * log10(levels[l]),
                      integrated, 20 * log10(peak));
        assert_true(fabs(integrated - -16.0) <= 0.05);
        /* the ceiling, and half a step of 16-bit rounding */
        assert_true(peak <= pow(10.0, TTS_LIMITER_CEILING_DBFS / 20.0) + 0.5 / 32768);
        test_audio_free(&audio);
    }
}

/* A word ends at its last heard sample (|s| >= 128) before the next word
 * starts; a word with none keeps end 0 until the turn closes. Checked
 * against that rule sample by sample, for audio fed in chunks that put many
 * word starts in one block, with and without resampling. */
static void words_end_at_their_last_heard_sample(void **state)
{
    (void)state;
    enum { SAMPLES = 30000, WORDS = 40, SILENCE_MS = 100 };
    static const int output_rates[] = {22050, 44100, 16000};
    int16_t *audio = malloc(SAMPLES * sizeof *audio);
    uint64_t word_at[WORDS];
    srand(7);
    for (size_t i = 0; i < SAMPLES; i++) /* bursts, quiet noise and silence */
        audio[i] = (i / 300) % 3 == 0 ? (int16_t)(rand() % 2000 - 1000)
                   : (i / 300) % 3 == 1 ? (int16_t)(rand() % 250 - 125) : 0;
    for (size_t w = 0; w < WORDS; w++) /* uneven gaps, some words never heard */
        word_at[w] = w * 700 + (w % 4) * 90;
    tts_voice voice = {0};
    tts_error err;
    tts_error_clear(&err);
    for (size_t r = 0; r < sizeof output_rates / sizeof *output_rates; r++) {
        tts_mix_options options = {.input_rate = 22050, .output_rate = output_rates[r], .channels = 1};
        tts_mix *mix;
        assert_int_equal(tts_mix_open(&options, NULL, 0, &mix, &err), TTS_OK);
        assert_int_equal(tts_mix_silence(mix, SILENCE_MS, &err), TTS_OK);
        uint64_t turn_input = (uint64_t)SILENCE_MS * 22050 / 1000;
        assert_int_equal(tts_mix_turn_begin(mix, 0, &voice, &err), TTS_OK);
        for (size_t w = 0; w < WORDS; w++)
            assert_int_equal(tts_mix_word(mix, word_at[w], w, 1, &err), TTS_OK);
        for (size_t at = 0, chunk = 777; at < SAMPLES; at += chunk, chunk = chunk * 3 % 9001 + 1)
            assert_int_equal(tts_mix_audio(mix, audio + at, at + chunk < SAMPLES ? chunk : SAMPLES - at, &err),
                             TTS_OK);
        const tts_timeline_turn *turn = &tts_mix_timeline(mix)->turns[0];
        assert_int_equal(turn->word_count, WORDS);
        /* The rule, sample by sample, in output frames. */
        uint64_t expected[WORDS] = {0};
        size_t owner = 0;
        for (size_t i = 0; i < SAMPLES; i++) {
            if (audio[i] < 128 && audio[i] > -128)
                continue;
            uint64_t heard_until = (turn_input + i + 1) * (uint64_t)output_rates[r] / 22050;
            while (owner + 1 < WORDS && turn->words[owner + 1].start < heard_until)
                owner++;
            if (turn->words[owner].start < heard_until)
                expected[owner] = heard_until;
        }
        for (size_t w = 0; w < WORDS; w++)
            if (turn->words[w].end != expected[w])
                fail_msg("%d Hz, word %zu: ends at %llu, expected %llu", output_rates[r], w,
                         (unsigned long long)turn->words[w].end, (unsigned long long)expected[w]);
        tts_mix_close(mix);
    }
    free(audio);
}

/* samples[0, count) through a 4-term Blackman-Harris window (sidelobes
 * under -92 dB, so a tone's leakage cannot pass for aliasing 60 Hz away);
 * *weight gets the window's sum. The caller frees. */
static double *windowed_copy(const float *samples, size_t count, double *weight)
{
    double *windowed = malloc(count * sizeof *windowed);
    assert_non_null(windowed);
    *weight = 0;
    for (size_t i = 0; i < count; i++) {
        double x = 2 * M_PI * (double)i / (double)(count - 1);
        double w = 0.35875 - 0.48829 * cos(x) + 0.14128 * cos(2 * x) - 0.01168 * cos(3 * x);
        windowed[i] = w * samples[i];
        *weight += w;
    }
    return windowed;
}

/* Level in dB (re full scale) of frequency `hz` in windowed samples at
 * `rate`, by Goertzel's recurrence: a multiply-add per sample, so a whole
 * spectrum stays fast. */
static double tone_level_db(const double *windowed, size_t count, double weight, int rate,
                            double hz)
{
    double coefficient = 2 * cos(2 * M_PI * hz / rate), s1 = 0, s2 = 0;
    for (size_t i = 0; i < count; i++) {
        double next = windowed[i] + coefficient * s1 - s2;
        s2 = s1;
        s1 = next;
    }
    double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    return 20 * log10(2 * sqrt(fmax(power, 0)) / weight + 1e-12);
}

/* Renders `seconds` of a `hz` tone at 22050 Hz, after 100 ms of silence,
 * through a mix at `output_rate` into a 16-bit WAV and reads it back. */
static void resample_tone(double hz, double seconds, int output_rate, test_audio *out)
{
    enum { INPUT_RATE = 22050, SILENCE_MS = 100 };
    size_t samples = (size_t)(seconds * INPUT_RATE);
    int16_t *tone = malloc(samples * sizeof *tone);
    assert_non_null(tone);
    for (size_t i = 0; i < samples; i++)
        tone[i] = (int16_t)lrint(16384 * sin(2 * M_PI * hz * (double)i / INPUT_RATE));
    char wav[] = "/tmp/test_mix_XXXXXX.wav";
    close(mkstemps(wav, 4));
    tts_error err;
    tts_error_clear(&err);
    tts_audio_format format = {.sample_rate = output_rate, .channels = 1};
    tts_sink *sink;
    assert_int_equal(tts_sink_open(wav, "wav", &format, &sink, &err), TTS_OK);
    tts_mix_options options = {.input_rate = INPUT_RATE, .output_rate = output_rate, .channels = 1};
    tts_mix *mix;
    assert_int_equal(tts_mix_open(&options, &sink, 1, &mix, &err), TTS_OK);
    tts_voice voice = {0};
    assert_int_equal(tts_mix_silence(mix, SILENCE_MS, &err), TTS_OK);
    assert_int_equal(tts_mix_turn_begin(mix, 0, &voice, &err), TTS_OK);
    for (size_t at = 0, chunk = 333; at < samples; at += chunk, chunk = chunk * 5 % 7919 + 1)
        assert_int_equal(tts_mix_audio(mix, tone + at, at + chunk < samples ? chunk : samples - at, &err),
                         TTS_OK);
    assert_int_equal(tts_mix_turn_end(mix, &err), TTS_OK);
    assert_int_equal(tts_mix_finish(mix, &err), TTS_OK);
    uint64_t made = tts_mix_timeline(mix)->total_samples;
    tts_mix_close(mix);
    assert_int_equal(tts_sink_commit(sink, &err), TTS_OK);
    assert_int_equal(test_audio_read(wav, out), 0);
    unlink(wav);
    free(tone);
    /* Exact length: the input's duration at the output rate, to the nearest frame. */
    uint64_t input = (uint64_t)SILENCE_MS * INPUT_RATE / 1000 + samples;
    uint64_t expected = (input * (uint64_t)output_rate + INPUT_RATE / 2) / INPUT_RATE;
    if (out->count != expected || made != expected)
        fail_msg("%d Hz: %zu frames in the file, %llu in the timeline, expected %llu", output_rate,
                 out->count, (unsigned long long)made, (unsigned long long)expected);
    assert_int_equal(out->sample_rate, output_rate);
}

/* Resampling keeps a tone's pitch, level and place in time, and adds no
 * image or alias above -60 dB: a 1 kHz tone, over the whole spectrum, at
 * each output rate; and a 9 kHz tone, above 16 kHz's Nyquist frequency,
 * must not fold back to 7 kHz. */
static void resampled_tone_keeps_pitch_and_time(void **state)
{
    (void)state;
    static const int output_rates[] = {48000, 44100, 16000, 24000};
    for (size_t r = 0; r < sizeof output_rates / sizeof *output_rates; r++) {
        int rate = output_rates[r];
        test_audio audio;
        resample_tone(1000, 1.0, rate, &audio);
        /* Half a second from the middle: away from the tone's edges. */
        size_t from = (size_t)(0.35 * rate), count = (size_t)(0.5 * rate);
        double weight;
        double *middle = windowed_copy(audio.samples + from, count, &weight);
        double level = tone_level_db(middle, count, weight, rate, 1000);
        double worst = -200, worst_hz = 0;
        for (double hz = 20; hz < rate / 2.0; hz += 5) {
            if (fabs(hz - 1000) < 60)
                continue;
            double other = tone_level_db(middle, count, weight, rate, hz);
            if (other > worst)
                worst = other, worst_hz = hz;
        }
        /* In time: the output equals the tone sampled at the output's own
         * instants (1 kHz shifted by a tenth of a 48 kHz frame is -36 dB off). */
        double error = 0, power = 0;
        for (size_t i = from; i < from + count; i++) {
            double t = (double)i / rate - 0.1;
            double ideal = 0.5 * sin(2 * M_PI * 1000 * t);
            error += (audio.samples[i] - ideal) * (audio.samples[i] - ideal);
            power += ideal * ideal;
        }
        double error_db = 10 * log10(error / power);
        free(middle);
        print_message("%d Hz: 1 kHz at %.2f dBFS, worst other %.1f dB at %.0f Hz, error %.1f dB\n",
                      rate, level, worst - level, worst_hz, error_db);
        assert_true(fabs(level - 20 * log10(0.5)) < 0.1);
        if (worst - level > -60)
            fail_msg("%d Hz: %.0f Hz at %.1f dB under the tone", rate, worst_hz, level - worst);
        assert_true(error_db < -50);
        test_audio_free(&audio);
    }
    test_audio audio;
    resample_tone(9000, 1.0, 16000, &audio);
    size_t from = (size_t)(0.35 * 16000), count = 8000;
    double weight;
    double *middle = windowed_copy(audio.samples + from, count, &weight);
    double folded = tone_level_db(middle, count, weight, 16000, 7000);
    free(middle);
    print_message("9 kHz to 16 kHz: 7 kHz alias at %.1f dBFS\n", folded);
    assert_true(folded < 20 * log10(0.5) - 60);
    test_audio_free(&audio);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(limiter_holds_the_ceiling_and_keeps_time),
        cmocka_unit_test(limiter_pass_through_equals_every_step),
        cmocka_unit_test(gauge_reads_as_libebur128),
        cmocka_unit_test(normalized_render_meets_loudness_targets),
        cmocka_unit_test(normalized_mix_lands_on_target),
        cmocka_unit_test(words_end_at_their_last_heard_sample),
        cmocka_unit_test(resampled_tone_keeps_pitch_and_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
