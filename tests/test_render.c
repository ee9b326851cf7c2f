/* test_render.c: end to end through the library: a transcript in, a WAV and
 * captions out, checked on the audio itself (length, level, who spoke when),
 * and -j 1 against -j 2 sample for sample. */
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

#include "support/audio.h"
#include "support/library.h"
#include "ttsread/cast.h"
#include "ttsread/input.h"
#include "ttsread/parse.h"
#include "ttsread/render.h"
#include "ttsread/speak.h"
#include "ttsread/synth.h"

typedef struct rendered {
    tts_script script;
    tts_cast cast;
    tts_render_result result;
} rendered;

/* Renders input_path to wav_path (and captions_path) with `jobs` workers. */
static void render(const char *input_path, size_t jobs, const char *wav_path,
                   const char *captions_path, const char *const *overrides, size_t override_count,
                   rendered *out)
{
    tts_error err;
    tts_input input;
    tts_script_init(&out->script);
    if (tts_input_read(input_path, TTS_INPUT_DEFAULT_MAX_BYTES, TTS_FORMAT_AUTO, &input, &err) ||
        tts_parse_input(&input, &out->script, &err))
        fail_msg("%s", err.message);
    tts_input_free(&input);
    tts_speak_options speak = {.cues = TTS_CUES_PAUSE};
    tts_cast_options cast_options = {overrides, override_count, NULL};
    if (tts_speak_script(&out->script, &speak, &err) ||
        tts_cast_assign(&test_palette, &out->script, &cast_options, &out->cast, &err))
        fail_msg("%s", err.message);
    tts_render_options options = {0};
    options.jobs = jobs;
    options.speed = 1.0;
    options.mix = (tts_mix_options){.input_rate = test_sample_rate, .channels = 1, .turn_gap_ms = 350,
                                    .speaker_gap_ms = 700, .cue_gap_ms = 600};
    options.output_path = wav_path;
    options.captions_path = captions_path;
    options.captions_turns = 1; /* a cue per turn: the spans checked are turns */
    if (tts_render(&out->script, &test_palette, &out->cast, &options, &out->result, &err))
        fail_msg("render: %s", err.message);
}

static void rendered_free(rendered *r)
{
    tts_cast_free(&r->cast);
    tts_script_free(&r->script);
}

static size_t count_words(const tts_script *script)
{
    size_t words = 0;
    for (size_t t = 0; t < script->turn_count; t++) {
        int in_word = 0;
        for (const char *p = script->turns[t].spoken; p && *p; p++) {
            int space = *p == ' ';
            words += !space && !in_word;
            in_word = !space;
        }
    }
    return words;
}

/* Median pitch of all of one speaker's turns, from the caption timings. */
static double speaker_pitch(const test_audio *audio, const tts_script *script, int speaker,
                            const double *starts, const double *ends, size_t cues)
{
    double total = 0;
    size_t measured = 0;
    size_t cue = 0;
    for (size_t t = 0; t < script->turn_count && cue < cues; t++, cue++) {
        if (script->turns[t].speaker != speaker || script->turns[t].kind != TTS_TURN_SPEECH)
            continue;
        double pitch = test_audio_median_pitch(audio, (size_t)(starts[cue] * audio->sample_rate),
                                               (size_t)(ends[cue] * audio->sample_rate));
        if (pitch > 0) {
            total += pitch;
            measured++;
        }
    }
    return measured ? total / measured : 0;
}

static void check_render(const char *input_path, const char *const *overrides, size_t override_count,
                         size_t expected_speakers)
{
    char wav[] = "/tmp/test_render_XXXXXX.wav", vtt[] = "/tmp/test_render_XXXXXX.vtt";
    int fd = mkstemps(wav, 4);
    close(fd);
    fd = mkstemps(vtt, 4);
    close(fd);
    rendered r;
    render(input_path, 2, wav, vtt, overrides, override_count, &r);
    assert_int_equal(r.script.speaker_count, expected_speakers);

    test_audio audio;
    assert_int_equal(test_audio_read(wav, &audio), 0);
    assert_int_equal(audio.sample_rate, 22050);
    assert_int_equal(audio.channels, 1);
    assert_int_equal(audio.count, r.result.samples);
    double seconds = (double)audio.count / audio.sample_rate;
    /* At 160-180 words a minute plus pauses: between 100 and 260 words a minute overall. */
    double words = (double)count_words(&r.script);
    if (seconds < words / 260 * 60 || seconds > words / 100 * 60)
        fail_msg("%.1f s for %.0f words", seconds, words);
    assert_true(test_audio_rms(&audio, 0, audio.count) > 0.02);

    double starts[512], ends[512];
    size_t cues = test_read_vtt_cues(vtt, starts, ends, 512);
    assert_int_equal(cues, r.script.turn_count);
    /* Cues in order, each audible, the last one ending where the audio ends. */
    for (size_t c = 0; c < cues; c++) {
        assert_true(ends[c] >= starts[c]);
        if (c > 0)
            assert_true(starts[c] >= ends[c - 1]);
        if (r.script.turns[c].kind == TTS_TURN_SPEECH) {
            double level = test_audio_rms(&audio, (size_t)(starts[c] * 22050), (size_t)(ends[c] * 22050));
            if (level < 0.02)
                fail_msg("turn %zu is silent (rms %.4f)", c + 1, level);
        }
    }
    assert_true(fabs(ends[cues - 1] - seconds) < 0.001);
    /* The gaps between cues are silence. */
    for (size_t c = 1; c < cues; c++)
        assert_true(test_audio_rms(&audio, (size_t)(ends[c - 1] * 22050) + 1,
                                   (size_t)(starts[c] * 22050)) < 0.001);

    /* Every speaker sounds different from every other: median pitch apart. */
    double pitches[16];
    for (size_t s = 0; s < r.script.speaker_count && s < 16; s++) {
        pitches[s] = speaker_pitch(&audio, &r.script, (int)s, starts, ends, cues);
        assert_true(pitches[s] > 60);
        print_message("%s: %.0f Hz (%s)\n", r.script.speakers[s].name, pitches[s],
                      test_palette.voices[r.cast.voices[s]].name);
    }
    for (size_t a = 0; a < r.script.speaker_count && a < 16; a++)
        for (size_t b = a + 1; b < r.script.speaker_count && b < 16; b++)
            if (fabs(pitches[a] - pitches[b]) < 20)
                fail_msg("%s and %s are %.0f Hz apart", r.script.speakers[a].name,
                         r.script.speakers[b].name, fabs(pitches[a] - pitches[b]));
    test_audio_free(&audio);
    rendered_free(&r);
    unlink(wav);
    unlink(vtt);
}

static void fixture_renders_two_distinct_voices(void **state)
{
    (void)state;
    static const char *const overrides[] = {"Maria Lopez=beth", "John Parker=alex"};
    check_render("tests/fixtures/render/interview.txt", overrides, 2, 2);
}

static void seed_renders_two_distinct_voices(void **state)
{
    (void)state;
    const char *seed = test_seed_path();
    if (seed == NULL) {
        print_message("skipped: ../shared/seeds is absent\n");
        skip();
    }
    check_render(seed, NULL, 0, 2);
}

static int files_equal(const char *a, const char *b)
{
    FILE *x = fopen(a, "rb"), *y = fopen(b, "rb");
    int equal = x && y;
    while (equal) {
        int c = fgetc(x), d = fgetc(y);
        equal = c == d;
        if (c == EOF || d == EOF)
            break;
    }
    if (x)
        fclose(x);
    if (y)
        fclose(y);
    return equal;
}

static void one_and_two_workers_write_identical_audio(void **state)
{
    (void)state;
    const char *input = test_seed_path() ? test_seed_path() : "tests/fixtures/render/interview.txt";
    char one[] = "/tmp/test_render_j1_XXXXXX.wav", two[] = "/tmp/test_render_j2_XXXXXX.wav";
    close(mkstemps(one, 4));
    close(mkstemps(two, 4));
    rendered a, b;
    render(input, 1, one, NULL, NULL, 0, &a);
    render(input, 2, two, NULL, NULL, 0, &b);
    assert_int_equal(a.result.samples, b.result.samples);
    assert_true(files_equal(one, two));
    rendered_free(&a);
    rendered_free(&b);
    unlink(one);
    unlink(two);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixture_renders_two_distinct_voices),
        cmocka_unit_test(seed_renders_two_distinct_voices),
        cmocka_unit_test(one_and_two_workers_write_identical_audio),
    };
    return cmocka_run_group_tests(tests, test_library_setup, test_library_teardown);
}
