/* test_readalong.c: word timings checked on the audio itself (each word's
 * span is loud where the gaps between turns are silent, at eSpeak's rate and
 * resampled), and the captions and read-along page written from a timeline. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/audio.h"
#include "support/library.h"
#include "ttsread/pipeline.h"
#include "ttsread/sink.h"
#include "ttsread/synth.h"

#define FIXTURE "tests/fixtures/readalong/panel.txt"

/* Renders the fixture at output_rate (0 = eSpeak's), the narrator naming
 * each speaker first, keeping the timeline. */
static void render_fixture(int output_rate, const char *wav, tts_pipeline_result *result)
{
    tts_pipeline_options options;
    tts_pipeline_options_default(&options);
    options.render.jobs = 2;
    options.render.announce = TTS_ANNOUNCE_FIRST;
    options.render.mix.input_rate = test_sample_rate;
    options.render.mix.output_rate = output_rate;
    options.render.output_path = wav;
    options.render.keep_timeline = 1;
    tts_error err;
    if (tts_pipeline_run(FIXTURE, &test_palette, &options, result, &err) != TTS_OK)
        fail_msg("%s", err.message);
}

static size_t sample_at(const test_audio *audio, uint64_t sample)
{
    return sample < audio->count ? (size_t)sample : audio->count;
}

/* True when some word of turn starts between `early` samples before
 * `sample` and `late` samples after it. */
static int word_starts_near(const tts_timeline_turn *turn, size_t sample, size_t early, size_t late)
{
    for (size_t w = 0; w < turn->word_count; w++)
        if (turn->words[w].start + early >= sample && turn->words[w].start <= sample + late)
            return 1;
    return 0;
}

/* Where speech resumes after each pause inside the turn (150 ms or more of
 * 5 ms frames under -50 dBFS RMS), a word must start: words found by the
 * audio, not by the timeline. A word may start up to 100 ms early: a
 * plosive ("Tides") starts with its silent closure. Returns the pauses found. */
static size_t check_pauses(const test_audio *audio, const tts_timeline_turn *turn, size_t index)
{
    size_t frame = (size_t)audio->sample_rate / 200, shortest = (size_t)audio->sample_rate * 15 / 100;
    size_t end = sample_at(audio, turn->end), quiet_since = SIZE_MAX, pauses = 0;
    for (size_t at = sample_at(audio, turn->start); at + frame <= end; at += frame) {
        int quiet = test_audio_rms(audio, at, at + frame) < 0.003;
        if (quiet && quiet_since == SIZE_MAX)
            quiet_since = at;
        if (quiet || quiet_since == SIZE_MAX)
            continue;
        if (at - quiet_since >= shortest && quiet_since > sample_at(audio, turn->start)) {
            pauses++;
            if (!word_starts_near(turn, at, (size_t)audio->sample_rate / 10,
                                  (size_t)audio->sample_rate / 50))
                fail_msg("turn %zu: speech resumes at %.3f s, but no word starts there", index + 1,
                         (double)at / audio->sample_rate);
        }
        quiet_since = SIZE_MAX;
    }
    return pauses;
}

static void check_words_against_audio(int output_rate)
{
    char wav[] = "/tmp/test_readalong_XXXXXX.wav";
    close(mkstemps(wav, 4));
    tts_pipeline_result result;
    render_fixture(output_rate, wav, &result);
    const tts_timeline *timeline = &result.render.timeline;
    test_audio audio;
    assert_int_equal(test_audio_read(wav, &audio), 0);
    assert_int_equal(timeline->sample_rate, audio.sample_rate);
    assert_int_equal(timeline->count, result.script.turn_count);

    /* Silence: the start of each gap after a turn, before any announcement. */
    double loudest_silence = 0;
    size_t settle = (size_t)audio.sample_rate / 100, window = (size_t)audio.sample_rate * 3 / 10;
    for (size_t i = 0; i + 1 < timeline->count; i++) {
        size_t start = sample_at(&audio, timeline->turns[i].end + settle);
        size_t end = sample_at(&audio, timeline->turns[i].end + window);
        assert_true(end <= timeline->turns[i + 1].start);
        loudest_silence = fmax(loudest_silence, test_audio_rms(&audio, start, end));
    }

    double quietest_word = INFINITY, latest_onset = 0;
    size_t words = 0, rewritten = 0, pauses = 0;
    for (size_t i = 0; i < timeline->count; i++) {
        const tts_timeline_turn *turn = &timeline->turns[i];
        const char *text = result.script.turns[turn->turn].text;
        uint64_t previous_start = turn->start;
        for (size_t w = 0; w < turn->word_count; w++) {
            const tts_timeline_word *word = &turn->words[w];
            if (word->start < previous_start || word->end <= word->start || word->end > turn->end)
                fail_msg("turn %zu word %zu: %llu-%llu in turn %llu-%llu after %llu", i + 1, w,
                         (unsigned long long)word->start, (unsigned long long)word->end,
                         (unsigned long long)turn->start, (unsigned long long)turn->end,
                         (unsigned long long)previous_start);
            previous_start = word->start;
            /* The written word, without the spaces around it. */
            assert_true(word->length > 0 && word->offset + word->length <= strlen(text));
            assert_true(text[word->offset] != ' ' && text[word->offset + word->length - 1] != ' ');
            if (word->length == 6 && strncmp(text + word->offset, "(R-TX)", 6) == 0)
                rewritten++;
            double rms = test_audio_rms(&audio, sample_at(&audio, word->start),
                                        sample_at(&audio, word->end));
            quietest_word = fmin(quietest_word, rms);
            words++;
        }
        if (turn->word_count == 0)
            continue;
        pauses += check_pauses(&audio, turn, i);
        /* The first word starts where the turn's sound does. */
        size_t onset = sample_at(&audio, turn->start);
        while (onset < audio.count && fabsf(audio.samples[onset]) < 0.01f)
            onset++;
        double late = ((double)onset - (double)turn->words[0].start) / audio.sample_rate;
        latest_onset = fmax(latest_onset, fabs(late));
    }
    print_message("%d Hz: %zu words; quietest word %.1f dBFS RMS, loudest gap %.1f dBFS RMS, "
                  "first word within %.1f ms of its turn's sound; a word starts after each of "
                  "%zu pauses\n",
                  audio.sample_rate, words, 20 * log10(quietest_word),
                  20 * log10(loudest_silence + 1e-12), latest_onset * 1000, pauses);
    assert_true(words >= 40);
    /* "Senator Ted Cruz, Republican of Texas" points at the "(R-TX)" that was written, once. */
    assert_int_equal(rewritten, 1);
    assert_true(quietest_word > 0.01);
    assert_true(quietest_word > 30 * loudest_silence);
    assert_true(latest_onset < 0.03);
    assert_true(pauses >= 3);
    test_audio_free(&audio);
    tts_timeline_free(&result.render.timeline);
    tts_pipeline_result_free(&result);
    unlink(wav);
}

static void word_timings_follow_the_audio(void **state)
{
    (void)state;
    check_words_against_audio(0);
}

static void word_timings_follow_resampled_audio(void **state)
{
    (void)state;
    check_words_against_audio(48000);
}

/* A script of two turns, timed by hand at 1000 samples a second. */
typedef struct hand_timed {
    tts_script script;
    tts_timeline timeline;
} hand_timed;

static void hand_timed_make(hand_timed *out)
{
    tts_error err;
    tts_script_init(&out->script);
    out->script.title = strdup("Tides <& \"Harbors\">");
    int anna;
    assert_int_equal(tts_script_add_speaker(&out->script, "Anna <Reyes>", NULL, &anna, &err), TTS_OK);
    const char *first = "Hi <b>there</b> & welcome.", *second = "Thanks --> bye.";
    assert_int_equal(tts_script_add_turn(&out->script, anna, TTS_TURN_SPEECH, first, strlen(first), 0, &err), TTS_OK);
    assert_int_equal(tts_script_add_turn(&out->script, TTS_NARRATOR, TTS_TURN_SPEECH, second, strlen(second), 0, &err), TTS_OK);
    static tts_timeline_word first_words[] = {
        {1000, 1400, 0, 2}, {1500, 2000, 6, 5}, {2100, 2150, 16, 1}, {2200, 3000, 18, 7}};
    static tts_timeline_word second_words[] = {{4000, 4400, 0, 6}, {4800, 4900, 11, 3}};
    tts_timeline_turn *turns = calloc(2, sizeof *turns);
    turns[0] = (tts_timeline_turn){0, 1000, 3000, NULL, 4};
    turns[1] = (tts_timeline_turn){1, 4000, 5000, NULL, 2};
    turns[0].words = malloc(sizeof first_words);
    memcpy(turns[0].words, first_words, sizeof first_words);
    turns[1].words = malloc(sizeof second_words);
    memcpy(turns[1].words, second_words, sizeof second_words);
    out->timeline = (tts_timeline){1000, turns, 2, 2, 6000};
}

static void hand_timed_free(hand_timed *timed)
{
    tts_timeline_free(&timed->timeline);
    tts_script_free(&timed->script);
}

static char *read_text(const char *path)
{
    FILE *file = fopen(path, "rb");
    assert_non_null(file);
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    rewind(file);
    char *text = calloc((size_t)size + 1, 1);
    assert_int_equal(fread(text, 1, (size_t)size, file), (size_t)size);
    fclose(file);
    return text;
}

static void captions_carry_word_timing(void **state)
{
    (void)state;
    hand_timed timed;
    hand_timed_make(&timed);
    char vtt[] = "/tmp/test_readalong_XXXXXX.vtt", json[] = "/tmp/test_readalong_XXXXXX.json";
    close(mkstemps(vtt, 4));
    close(mkstemps(json, 5));
    tts_error err;
    assert_int_equal(tts_captions_write(vtt, &timed.script, &timed.timeline, 1, &err), TTS_OK);
    assert_int_equal(tts_captions_write(json, &timed.script, &timed.timeline, 0, &err), TTS_OK);
    char *text = read_text(vtt);
    /* The first word starts with the cue: no tag; "-->" may not appear in a cue. */
    assert_non_null(strstr(text, "00:00:01.000 --> 00:00:03.000\n<v Anna &lt;Reyes&gt;>"
                                 "Hi &lt;b&gt;<00:00:01.500>there&lt;/b&gt; <00:00:02.100>&amp; "
                                 "<00:00:02.200>welcome.\n"));
    assert_non_null(strstr(text, "00:00:04.000 --> 00:00:05.000\n<v Narrator>Thanks --&gt; "
                                 "<00:00:04.800>bye.\n"));
    free(text);
    text = read_text(json);
    assert_non_null(strstr(text, "\"text\":\t\"welcome\",\n\t\t\t\t\t\"start\":\t2.2,\n\t\t\t\t\t"
                                 "\"end\":\t3,\n\t\t\t\t\t\"offset\":\t18,\n\t\t\t\t\t\"length\":\t7"));
    free(text);
    unlink(vtt);
    unlink(json);
    hand_timed_free(&timed);
}

static void page_escapes_text_and_embeds_audio(void **state)
{
    (void)state;
    hand_timed timed;
    hand_timed_make(&timed);
    char folder[] = "/tmp/test_readalong_XXXXXX";
    assert_non_null(mkdtemp(folder));
    char audio[4200], page[4200], linked_page[4200], pages[4200];
    snprintf(audio, sizeof audio, "%s/take one.wav", folder);
    snprintf(page, sizeof page, "%s/page.html", folder);
    snprintf(pages, sizeof pages, "%s/pages", folder);
    snprintf(linked_page, sizeof linked_page, "%s/pages/linked.html", folder);
    assert_int_equal(mkdir(pages, 0700), 0);
    FILE *file = fopen(audio, "wb");
    fwrite("RIFF\x06\0\0\0WAVEab", 1, 14, file);
    fclose(file);

    tts_error err;
    assert_int_equal(tts_readalong_write(page, &timed.script, &timed.timeline, audio, 0, &err), TTS_OK);
    char *html = read_text(page);
    assert_non_null(strstr(html, "<title>Tides &lt;&amp; &quot;Harbors&quot;&gt;</title>"));
    assert_non_null(strstr(html, "src=\"data:audio/wav;base64,UklGRgYAAABXQVZFYWI=\""));
    assert_non_null(strstr(html, "<p><span class=\"w\" data-start=\"1.000\" data-end=\"1.400\">Hi"
                                 "</span> &lt;b&gt;<span class=\"w\" data-start=\"1.500\" "
                                 "data-end=\"2.000\">there</span>&lt;/b&gt; "));
    assert_non_null(strstr(html, "data-speaker=\"Anna &lt;Reyes&gt;\""));
    assert_non_null(strstr(html, ">Thanks</span> --&gt; <span"));
    assert_null(strstr(html, "<b>"));
    assert_null(strstr(html, "{{"));
    /* One bar segment per turn, placed by time: the second at 4/6 of the audio. */
    assert_non_null(strstr(html, "style=\"left:66.667%;width:16.667%\""));
    free(html);

    assert_int_equal(tts_readalong_write(linked_page, &timed.script, &timed.timeline, audio, 1, &err),
                     TTS_OK);
    html = read_text(linked_page);
    assert_non_null(strstr(html, "src=\"../take%20one.wav\""));
    assert_null(strstr(html, "data:"));
    free(html);

    assert_int_equal(tts_readalong_write(page, &timed.script, &timed.timeline, page, 0, &err),
                     TTS_ERR_AUDIO);
    unlink(linked_page);
    rmdir(pages);
    unlink(page);
    unlink(audio);
    rmdir(folder);
    hand_timed_free(&timed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(word_timings_follow_the_audio),
        cmocka_unit_test(word_timings_follow_resampled_audio),
        cmocka_unit_test(captions_carry_word_timing),
        cmocka_unit_test(page_escapes_text_and_embeds_audio),
    };
    return cmocka_run_group_tests(tests, test_library_setup, test_library_teardown);
}
