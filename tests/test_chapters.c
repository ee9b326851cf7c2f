/* test_chapters.c: chapters and --trim, end to end through the library: WAV
 * cue points read back with libsndfile, .ffmetadata, .cue and Podcasting
 * 2.0 .json lists parsed, all at the captions' turn starts, and the JSON
 * transcript's segments; trimmed turns start with sound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cJSON.h>
#include <sndfile.h>
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
#include "ttsread/sink.h"
#include "ttsread/speak.h"

#define FIXTURE "tests/fixtures/render/interview.txt"

typedef struct rendered {
    tts_script script;
    tts_cast cast;
    tts_render_result result;
} rendered;

static void render(const tts_render_options *extra, rendered *out)
{
    tts_error err;
    tts_input input;
    tts_script_init(&out->script);
    if (tts_input_read(FIXTURE, TTS_INPUT_DEFAULT_MAX_BYTES, TTS_FORMAT_AUTO, &input, &err) ||
        tts_parse_input(&input, &out->script, &err))
        fail_msg("%s", err.message);
    tts_input_free(&input);
    tts_speak_options speak = {.cues = TTS_CUES_PAUSE};
    tts_cast_options cast_options = {NULL, 0, NULL};
    if (tts_speak_script(&out->script, &speak, &err) ||
        tts_cast_assign(&test_palette, &out->script, &cast_options, &out->cast, &err))
        fail_msg("%s", err.message);
    tts_render_options options = *extra;
    tts_render_options defaults;
    tts_render_options_default(&defaults);
    options.speed = defaults.speed;
    options.keep_timeline = 1;
    options.mix = defaults.mix;
    options.mix.input_rate = test_sample_rate;
    options.mix.normalize = 0;
    options.mix.trim = extra->mix.trim;
    if (tts_render(&out->script, &test_palette, &out->cast, &options, &out->result, &err))
        fail_msg("render: %s", err.message);
}

static void rendered_free(rendered *r)
{
    tts_timeline_free(&r->result.timeline);
    tts_cast_free(&r->cast);
    tts_script_free(&r->script);
}

/* The timeline's speech turns, as chapters are made of them. */
static size_t speech_starts(const rendered *r, uint64_t *starts, size_t capacity)
{
    size_t n = 0;
    for (size_t i = 0; i < r->result.timeline.count && n < capacity; i++)
        if (r->script.turns[r->result.timeline.turns[i].turn].kind == TTS_TURN_SPEECH)
            starts[n++] = r->result.timeline.turns[i].start;
    return n;
}

static void temporary_path(char *path, int suffix)
{
    int fd = mkstemps(path, suffix);
    assert_true(fd >= 0);
    close(fd);
}

static void wav_cue_points_mark_each_speech_turn(void **state)
{
    (void)state;
    char wav[] = "/tmp/test_chapters_XXXXXX.wav";
    temporary_path(wav, 4);
    rendered r;
    render(&(tts_render_options){.jobs = 2, .output_path = wav, .chapters_in_audio = 1}, &r);
    uint64_t starts[64];
    size_t count = speech_starts(&r, starts, 64);
    assert_true(count >= 5);

    SF_INFO info = {0};
    SNDFILE *file = sf_open(wav, SFM_READ, &info);
    assert_non_null(file);
    assert_int_equal(info.frames, r.result.samples); /* the chunks after the audio are not audio */
    static SF_CUES cues;
    assert_true(sf_command(file, SFC_GET_CUE, &cues, sizeof cues));
    sf_close(file);
    assert_int_equal(cues.cue_count, count);
    for (size_t c = 0; c < count; c++) {
        assert_int_equal(cues.cue_points[c].sample_offset, starts[c]);
        assert_int_equal(cues.cue_points[c].position, starts[c]);
        assert_non_null(strchr(cues.cue_points[c].name, ':')); /* "Speaker: first words" */
    }
    assert_string_equal(cues.cue_points[1].name, "Maria Lopez: Welcome to the program. You have");
    unlink(wav);
    rendered_free(&r);
}

static void chapter_lists_match_turn_starts(void **state)
{
    (void)state;
    char ffmetadata[] = "/tmp/test_chapters_XXXXXX.ffmetadata", cue[] = "/tmp/test_chapters_XXXXXX.cue";
    temporary_path(ffmetadata, 11);
    temporary_path(cue, 4);
    rendered r;
    render(&(tts_render_options){.jobs = 1, .chapters_path = ffmetadata}, &r);
    tts_error err;
    if (tts_chapters_write(cue, &r.script, &r.result.timeline, "talk.mp3", &err))
        fail_msg("%s", err.message);
    uint64_t starts[64];
    size_t count = speech_starts(&r, starts, 64);

    FILE *stream = fopen(ffmetadata, "r");
    assert_non_null(stream);
    char line[512];
    assert_non_null(fgets(line, sizeof line, stream));
    assert_string_equal(line, ";FFMETADATA1\n");
    size_t chapters = 0;
    unsigned long long start, end, previous_end = 0;
    while (fgets(line, sizeof line, stream))
        if (sscanf(line, "START=%llu", &start) == 1) {
            assert_true(chapters < count);
            uint64_t expected = (starts[chapters] * 1000 + (uint64_t)test_sample_rate / 2) / (uint64_t)test_sample_rate;
            assert_int_equal(start, expected);
            if (chapters > 0)
                assert_int_equal(start, previous_end); /* chapters touch */
            chapters++;
        } else if (sscanf(line, "END=%llu", &end) == 1) {
            assert_true(end > start);
            previous_end = end;
        }
    fclose(stream);
    assert_int_equal(chapters, count);

    stream = fopen(cue, "r");
    assert_non_null(stream);
    size_t tracks = 0;
    unsigned minutes, seconds, frames;
    int named = 0;
    while (fgets(line, sizeof line, stream)) {
        named |= strcmp(line, "FILE \"talk.mp3\" MP3\n") == 0;
        if (sscanf(line, " INDEX 01 %u:%u:%u", &minutes, &seconds, &frames) == 3) {
            double at = minutes * 60 + seconds + frames / 75.0;
            double expected = (double)starts[tracks] / test_sample_rate;
            if (at < expected - 0.5 / 75 - 1e-9 || at > expected + 0.5 / 75 + 1e-9)
                fail_msg("track %zu at %.3f s, turn at %.3f s", tracks + 1, at, expected);
            tracks++;
        }
    }
    fclose(stream);
    assert_true(named);
    assert_int_equal(tracks, count);
    unlink(ffmetadata);
    unlink(cue);
    rendered_free(&r);
}

static char *slurp(const char *path)
{
    FILE *stream = fopen(path, "r");
    assert_non_null(stream);
    static char text[1 << 16];
    size_t length = fread(text, 1, sizeof text - 1, stream);
    text[length] = '\0';
    fclose(stream);
    return text;
}

/* Podcasting 2.0 chapters start at the speech turns' starts (to the
 * millisecond) and the transcript has a segment per turn heard, in time
 * order; a transcript that cannot be written leaves no file. */
static void podcast_json_matches_turns(void **state)
{
    (void)state;
    char chapters_path[] = "/tmp/test_chapters_XXXXXX.json", transcript[] = "/tmp/test_chapters_XXXXXX.json";
    temporary_path(chapters_path, 5);
    temporary_path(transcript, 5);
    rendered r;
    render(&(tts_render_options){.jobs = 2, .chapters_path = chapters_path,
                                 .transcript_path = transcript},
           &r);
    uint64_t starts[64];
    size_t count = speech_starts(&r, starts, 64);
    assert_true(count >= 5);

    cJSON *doc = cJSON_Parse(slurp(chapters_path));
    assert_non_null(doc);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "version")), "1.2.0");
    cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "chapters");
    assert_int_equal(cJSON_GetArraySize(list), count);
    for (size_t c = 0; c < count; c++) {
        cJSON *chapter = cJSON_GetArrayItem(list, (int)c);
        double start = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(chapter, "startTime"));
        double expected = (double)starts[c] / test_sample_rate;
        if (start < expected - 0.0005 || start > expected + 0.0005)
            fail_msg("chapter %zu at %.4f s, turn at %.4f s", c + 1, start, expected);
        assert_non_null(strstr(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(chapter, "title")), ": "));
    }
    cJSON_Delete(doc);

    doc = cJSON_Parse(slurp(transcript));
    assert_non_null(doc);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "version")), "1.0.0");
    cJSON *segments = cJSON_GetObjectItemCaseSensitive(doc, "segments");
    size_t heard = 0;
    for (size_t i = 0; i < r.result.timeline.count; i++)
        heard += r.script.turns[r.result.timeline.turns[i].turn].kind != TTS_TURN_CUE ||
                 r.result.timeline.turns[i].word_count > 0;
    assert_int_equal(cJSON_GetArraySize(segments), heard);
    double previous_end = 0;
    cJSON *segment;
    cJSON_ArrayForEach(segment, segments) {
        double start = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(segment, "startTime"));
        double end = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(segment, "endTime"));
        assert_true(previous_end <= start && start < end);
        assert_true(end <= (double)r.result.samples / test_sample_rate + 0.001);
        assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(segment, "speaker")));
        assert_true(strlen(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(segment, "body"))) > 0);
        previous_end = end;
    }
    cJSON_Delete(doc);

    tts_error err;
    assert_int_equal(tts_transcript_write("/nonexistent-folder/t.json", &r.script,
                                          &r.result.timeline, &err) != TTS_OK, 1);
    assert_int_equal(access("/nonexistent-folder", F_OK), -1);
    unlink(chapters_path);
    unlink(transcript);
    rendered_free(&r);
}

/* -60 dBFS, as the mix trims. */
#define AUDIBLE (TTS_TRIM_LEVEL / 32768.0f)

static void trim_starts_each_turn_with_sound(void **state)
{
    (void)state;
    char untrimmed[] = "/tmp/test_chapters_XXXXXX.wav", one[] = "/tmp/test_chapters_XXXXXX.wav",
         two[] = "/tmp/test_chapters_XXXXXX.wav";
    temporary_path(untrimmed, 4);
    temporary_path(one, 4);
    temporary_path(two, 4);
    rendered plain, trimmed, trimmed_two;
    render(&(tts_render_options){.jobs = 2, .output_path = untrimmed}, &plain);
    tts_render_options options = {.jobs = 1, .output_path = one};
    options.mix.trim = 1;
    render(&options, &trimmed);
    options.jobs = 2;
    options.output_path = two;
    render(&options, &trimmed_two);
    assert_true(trimmed.result.samples < plain.result.samples);
    print_message("trim: %llu -> %llu samples\n", plain.result.samples, trimmed.result.samples);

    test_audio audio, audio_two;
    assert_int_equal(test_audio_read(one, &audio), 0);
    assert_int_equal(test_audio_read(two, &audio_two), 0);
    assert_int_equal(audio.count, audio_two.count);
    assert_memory_equal(audio.samples, audio_two.samples, audio.count * sizeof *audio.samples);

    uint64_t starts[64];
    size_t count = speech_starts(&trimmed, starts, 64);
    size_t within = (size_t)test_sample_rate * 3 / 1000; /* 3 ms: the limiter may soften the first */
    for (size_t c = 0; c < count; c++) {
        size_t first = (size_t)starts[c];
        while (first < audio.count && audio.samples[first] < AUDIBLE && audio.samples[first] > -AUDIBLE)
            first++;
        if (first - starts[c] > within)
            fail_msg("turn %zu: sound %.1f ms after its start", c + 1,
                     (first - starts[c]) * 1000.0 / test_sample_rate);
    }
    test_audio_free(&audio);
    test_audio_free(&audio_two);
    unlink(untrimmed);
    unlink(one);
    unlink(two);
    rendered_free(&plain);
    rendered_free(&trimmed);
    rendered_free(&trimmed_two);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wav_cue_points_mark_each_speech_turn),
        cmocka_unit_test(chapter_lists_match_turn_starts),
        cmocka_unit_test(podcast_json_matches_turns),
        cmocka_unit_test(trim_starts_each_turn_with_sound),
    };
    return cmocka_run_group_tests(tests, test_library_setup, test_library_teardown);
}
