/* test_play.c: the live player's pieces: keys, navigation between turns and
 * speakers, --start-at, the status line, and the audio device itself, which
 * plays into an ALSA file capture that must hold what libsndfile would write. */
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

#include "play/play_internal.h"
#include "ttsread/play.h"
#include "ttsread/sink.h"

#define CAPTURE_CONFIG "tests/fixtures/play/capture.conf"
#define NO_DEVICE_CONFIG "tests/fixtures/play/no-device.conf"

static play_command decode(const char *bytes, bool more_may_follow, size_t *used)
{
    return tts_play_decode_key((const unsigned char *)bytes, strlen(bytes), more_may_follow, used);
}

static void keys_decode_to_commands(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        play_command command;
    } keys[] = {
        {" ", PLAY_PAUSE},       {"n", PLAY_NEXT},         {"p", PLAY_PREVIOUS},
        {"N", PLAY_NEXT_SPEAKER}, {"P", PLAY_PREVIOUS_SPEAKER}, {"r", PLAY_REPEAT},
        {"+", PLAY_FASTER},      {"-", PLAY_SLOWER},       {"s", PLAY_SAY_SPEAKER},
        {"?", PLAY_HELP},        {"q", PLAY_QUIT},         {"\033[C", PLAY_NEXT},
        {"\033[D", PLAY_PREVIOUS}, {"\033[B", PLAY_NEXT_SPEAKER}, {"\033[A", PLAY_PREVIOUS_SPEAKER},
        {"\033OC", PLAY_NEXT},    {"z", PLAY_NONE},         {".", PLAY_NEXT_SENTENCE},
        {",", PLAY_PREVIOUS_SENTENCE}, {"R", PLAY_REPEAT_SENTENCE},
        {"\033[1;5C", PLAY_NEXT_SENTENCE}, {"\033[1;5D", PLAY_PREVIOUS_SENTENCE},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        size_t used;
        assert_int_equal(decode(keys[i].bytes, true, &used), keys[i].command);
        assert_int_equal(used, strlen(keys[i].bytes));
    }
}

static void sentences_start_after_their_ends(void **state)
{
    (void)state;
    /* 0: "It is late." 12: "\"Really?\" she said..." 34: "Yes!" 39: "Go." */
    const char *text = "It is late. \"Really?\" she said\xe2\x80\xa6 Yes! Go.";
    assert_int_equal(tts_play_sentence_start(text, 0, 0), 0);
    assert_int_equal(tts_play_sentence_start(text, 5, 1), 12);
    assert_int_equal(tts_play_sentence_start(text, 14, 0), 12);
    assert_int_equal(tts_play_sentence_start(text, 14, 1), 34);
    assert_int_equal(tts_play_sentence_start(text, 14, -1), 0);
    assert_int_equal(tts_play_sentence_start(text, 37, 1), 39);
    assert_int_equal(tts_play_sentence_start(text, 41, 1), SIZE_MAX);
    assert_int_equal(tts_play_sentence_start(text, 3, -1), SIZE_MAX);
    assert_int_equal(tts_play_sentence_start(text, SIZE_MAX - 1, 0), 39); /* the last one */
    /* decimals and a stop inside a word end no sentence */
    assert_int_equal(tts_play_sentence_start("Pay 3.5 now.Then go. Done", 0, 1), 21);
    assert_int_equal(tts_play_sentence_start("", 0, 0), 0);
}

static void escape_alone_quits_only_when_nothing_follows(void **state)
{
    (void)state;
    size_t used;
    assert_int_equal(decode("\033", true, &used), PLAY_NONE);
    assert_int_equal(used, 0); /* wait: an arrow key may be on its way */
    assert_int_equal(decode("\033", false, &used), PLAY_QUIT);
    assert_int_equal(used, 1);
    assert_int_equal(decode("\033[", true, &used), PLAY_NONE);
    assert_int_equal(used, 0);
    assert_int_equal(decode("\033x", true, &used), PLAY_QUIT);
    assert_int_equal(used, 1);
    /* Ctrl+Right is swallowed whole, what follows is the next key. */
    assert_int_equal(decode("\033[1;5Cn", true, &used), PLAY_NEXT_SENTENCE);
    assert_int_equal(used, 6);
    assert_int_equal(decode("\033[1;2Cn", true, &used), PLAY_NONE);
    assert_int_equal(used, 6);
}

static void start_at_takes_turns_and_times(void **state)
{
    (void)state;
    tts_play_start start;
    assert_true(tts_play_parse_start("12", &start));
    assert_int_equal(start.turn, 12);
    assert_true(tts_play_parse_start("95s", &start));
    assert_int_equal(start.turn, 0);
    assert_true(fabs(start.seconds - 95) < 1e-9);
    assert_true(tts_play_parse_start("2.5s", &start));
    assert_true(fabs(start.seconds - 2.5) < 1e-9);
    assert_true(tts_play_parse_start("1:35", &start));
    assert_true(fabs(start.seconds - 95) < 1e-9);
    assert_true(tts_play_parse_start("1:02:03.5", &start));
    assert_true(fabs(start.seconds - 3723.5) < 1e-9);
    static const char *const invalid[] = {"", "0", "-3", "12x", "1:60", "1:2:3:4", "abc",
                                          ":30", "1:", "s", "1.5"};
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++)
        assert_false(tts_play_parse_start(invalid[i], &start));
}

/* Title, A, A, a silent cue, B, B, A. */
static void build_script(tts_script *script)
{
    tts_error err;
    int a, b;
    tts_script_init(script);
    assert_int_equal(tts_script_add_speaker(script, "Anna Reyes", "host", &a, &err), TTS_OK);
    assert_int_equal(tts_script_add_speaker(script, "Ben Okafor", NULL, &b, &err), TTS_OK);
    static const struct {
        int speaker_is_b;   /* -1 narrator */
        tts_turn_kind kind;
        const char *text;
    } turns[] = {
        {-1, TTS_TURN_TITLE, "Night Ferry"}, {0, TTS_TURN_SPEECH, "One."},
        {0, TTS_TURN_SPEECH, "Two."},        {-1, TTS_TURN_CUE, "(MUSIC)"},
        {1, TTS_TURN_SPEECH, "Three."},      {1, TTS_TURN_SPEECH, "Four."},
        {0, TTS_TURN_SPEECH, "Five."},
    };
    for (size_t t = 0; t < sizeof turns / sizeof turns[0]; t++) {
        int speaker = turns[t].speaker_is_b < 0 ? TTS_NARRATOR : turns[t].speaker_is_b ? b : a;
        assert_int_equal(tts_script_add_turn(script, speaker, turns[t].kind, turns[t].text,
                                             strlen(turns[t].text), 0, &err),
                         TTS_OK);
    }
    script->turns[3].spoken = strdup(""); /* --cues pause: nothing said */
}

static void moves_step_over_silence_and_follow_speakers(void **state)
{
    (void)state;
    tts_script script;
    build_script(&script);
    size_t end = script.turn_count;
    assert_int_equal(tts_play_target_turn(&script, 2, PLAY_NEXT), 4);
    assert_int_equal(tts_play_target_turn(&script, 4, PLAY_PREVIOUS), 2);
    assert_int_equal(tts_play_target_turn(&script, 0, PLAY_PREVIOUS), 0);
    assert_int_equal(tts_play_target_turn(&script, 6, PLAY_NEXT), end);
    assert_int_equal(tts_play_target_turn(&script, 5, PLAY_REPEAT), 5);
    assert_int_equal(tts_play_target_turn(&script, 1, PLAY_NEXT_SPEAKER), 4);
    assert_int_equal(tts_play_target_turn(&script, 4, PLAY_NEXT_SPEAKER), 6);
    assert_int_equal(tts_play_target_turn(&script, 6, PLAY_NEXT_SPEAKER), end);
    assert_int_equal(tts_play_target_turn(&script, 5, PLAY_PREVIOUS_SPEAKER), 1);
    assert_int_equal(tts_play_target_turn(&script, 4, PLAY_PREVIOUS_SPEAKER), 1);
    assert_int_equal(tts_play_target_turn(&script, 6, PLAY_PREVIOUS_SPEAKER), 4);
    assert_int_equal(tts_play_target_turn(&script, 2, PLAY_PREVIOUS_SPEAKER), 0);
    tts_script_free(&script);
}

static void status_line_fits_its_width(void **state)
{
    (void)state;
    char time[32];
    tts_play_format_time(time, sizeof time, 65.9);
    assert_string_equal(time, "1:05");
    tts_play_format_time(time, sizeof time, 3723);
    assert_string_equal(time, "1:02:03");
    char line[256];
    tts_play_format_status(line, sizeof line, 200, "Anna Reyes", 3, 7, 14, 38, false, 1.0, false);
    assert_string_equal(line, "Anna Reyes  turn 3 of 7  0:14 / 0:38");
    tts_play_format_status(line, sizeof line, 200, "Anna Reyes", 3, 7, 14, 38, true, 1.2, true);
    assert_string_equal(line, "Anna Reyes  turn 3 of 7  0:14 / ~0:38  speed 1.2  (paused)");
    /* Cut short, never in the middle of a character. */
    tts_play_format_status(line, sizeof line, 3, "\xc3\x89lise", 1, 1, 0, 0, false, 1.0, false);
    assert_string_equal(line, "\xc3\x89l");
    tts_play_format_status(line, sizeof line, 1, "\xc3\x89lise", 1, 1, 0, 0, false, 1.0, false);
    assert_string_equal(line, "");
}

static void estimate_follows_the_speaking_rate(void **state)
{
    (void)state;
    tts_voice voice = {.rate = 150};
    assert_true(fabs(tts_play_estimate_seconds("one two  three\nfour five", &voice) - 2.0) < 1e-9);
    voice.rate = 300;
    assert_true(fabs(tts_play_estimate_seconds(" one two three four five ", &voice) - 1.0) < 1e-9);
}

/* Floats that exercise rounding, clipping and the smallest negative values. */
static void test_signal(float *frames, size_t count)
{
    srand(7);
    for (size_t i = 0; i < count; i++)
        frames[i] = ((float)rand() / (float)RAND_MAX * 2.4f - 1.2f) *
                    (i % 3 == 0 ? 1.0f : i % 3 == 1 ? 0.01f : 1e-6f);
}

static long read_file(const char *path, unsigned char **out)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        return -1;
    unsigned char *data = malloc(1 << 20);
    long length = (long)fread(data, 1, 1 << 20, file);
    fclose(file);
    *out = data;
    return length;
}

static void device_plays_what_libsndfile_writes(void **state)
{
    (void)state;
    char directory[] = "/tmp/test_play_XXXXXX";
    assert_non_null(mkdtemp(directory));
    char capture[256], raw[256];
    snprintf(capture, sizeof capture, "%s/capture.raw", directory);
    snprintf(raw, sizeof raw, "%s/expected.raw", directory);
    setenv("ALSA_CONFIG_PATH", CAPTURE_CONFIG, 1);
    setenv("TTSREAD_CAPTURE", capture, 1);

    enum { FRAMES = 30000, SKIPPED = 1000 };
    float *frames = malloc(FRAMES * sizeof *frames);
    test_signal(frames, FRAMES);
    tts_error err;
    tts_audio_format format = {.sample_rate = 22050, .channels = 1};
    tts_sink *file = NULL;
    assert_int_equal(tts_sink_open(raw, "raw", &format, &file, &err), TTS_OK);
    assert_int_equal(tts_sink_write(file, frames + SKIPPED, FRAMES - SKIPPED, &err), TTS_OK);
    assert_int_equal(tts_sink_commit(file, &err), TTS_OK);

    tts_device_options options = {NULL, 22050, 1};
    tts_device *device = NULL;
    assert_int_equal(tts_device_open(&options, &device, &err), TTS_OK);
    assert_int_equal(tts_device_sample_rate(device), 22050);
    tts_sink *sink = NULL;
    assert_int_equal(tts_device_sink_open(device, &sink, &err), TTS_OK);
    tts_device_discard(device, SKIPPED);
    for (size_t done = 0; done < FRAMES; done += 777) {
        size_t count = FRAMES - done < 777 ? FRAMES - done : 777;
        assert_int_equal(tts_sink_write(sink, frames + done, count, &err), TTS_OK);
    }
    assert_int_equal(tts_device_drain(device, &err), TTS_OK);
    tts_sink_abort(sink);
    tts_device_close(device);

    unsigned char *heard = NULL, *expected = NULL;
    long heard_length = read_file(capture, &heard);
    long expected_length = read_file(raw, &expected);
    assert_int_equal(expected_length, (FRAMES - SKIPPED) * 2);
    assert_int_equal(heard_length, expected_length);
    assert_memory_equal(heard, expected, (size_t)expected_length);
    free(heard);
    free(expected);
    free(frames);
    unlink(capture);
    unlink(raw);
    rmdir(directory);
}

static void no_device_is_one_clear_error(void **state)
{
    (void)state;
    setenv("ALSA_CONFIG_PATH", NO_DEVICE_CONFIG, 1);
    tts_device_options options = {NULL, 22050, 1};
    tts_device *device = NULL;
    tts_error err;
    tts_error_clear(&err);
    assert_int_equal(tts_device_open(&options, &device, &err), TTS_ERR_DEVICE);
    assert_null(device);
    assert_string_equal(err.message, TTS_NO_DEVICE_MESSAGE);

    setenv("ALSA_CONFIG_PATH", CAPTURE_CONFIG, 1);
    options.name = "no such card";
    assert_int_equal(tts_device_open(&options, &device, &err), TTS_ERR_DEVICE);
    assert_non_null(strstr(err.message, "no audio output device matches 'no such card'"));
    options.name = "defa"; /* a part of the one name */
    setenv("TTSREAD_CAPTURE", "/dev/null", 1);
    assert_int_equal(tts_device_open(&options, &device, &err), TTS_OK);
    assert_string_equal(tts_device_name(device), "default");
    tts_device_close(device);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keys_decode_to_commands),
        cmocka_unit_test(sentences_start_after_their_ends),
        cmocka_unit_test(escape_alone_quits_only_when_nothing_follows),
        cmocka_unit_test(start_at_takes_turns_and_times),
        cmocka_unit_test(moves_step_over_silence_and_follow_speakers),
        cmocka_unit_test(status_line_fits_its_width),
        cmocka_unit_test(estimate_follows_the_speaking_rate),
        cmocka_unit_test(device_plays_what_libsndfile_writes),
        cmocka_unit_test(no_device_is_one_clear_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
