/* test_linear.c: no input takes more than linear time in any stage before
 * synthesis (decoding, HTML extraction, every format parser, speak), and a
 * batch's output names and checks grow linearly with its inputs. Each
 * pathological input is timed at 100 KB and at 1 MB (a third of that under
 * sanitizers): the large one may take at most 20 times as long (linear is 10). Times are CPU times, the smaller
 * of a few tries, so a loaded machine does not fail the test; each run is a
 * child process, so one that never ends fails instead of hanging. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ttsread/batch.h"
#include "ttsread/input.h"
#include "ttsread/parse.h"
#include "ttsread/speak.h"

#ifdef __SANITIZE_ADDRESS__
/* The same ratio on a third of the bytes: sanitizers make every run ~5 times slower. */
#define SMALL (32 * 1024)
#define LARGE (320 * 1024)
#else
#define SMALL (100 * 1024)
#define LARGE (1024 * 1024)
#endif
#define MAX_RATIO 20.0
/* A large input parsed this fast cannot hide anything quadratic. */
#define FAST_ENOUGH 0.05
/* Quadratic work on a megabyte takes minutes: stop waiting. */
#define GIVE_UP_SECONDS 60

/* A pathological input: `unit` repeated to `size` bytes, between a prefix and a suffix. */
typedef struct pathology {
    tts_format format;
    const char *name;
    const char *prefix;
    const char *unit;
    const char *suffix;
    int numbered;  /* 1: each unit's "%d" gets its repetition number (distinct labels);
                    * 2: its "%s" gets the number in '-' and '.' (names that slug alike) */
} pathology;

static const pathology cases[] = {
    /* plain text and the transcript parser */
    {TTS_FORMAT_TEXT, "colons", "", ":", "", 0},
    {TTS_FORMAT_TEXT, "one line of words", "", "word ", "", 0},
    {TTS_FORMAT_TEXT, "labels of two speakers", "", "HOST: Hi.\nGUEST: Hello.\n", "", 0},
    {TTS_FORMAT_TEXT, "distinct labels", "", "SPEAKER %d: Hi.\n", "", 1},
    {TTS_FORMAT_TEXT, "names that slug alike", "", "ANN%sLEE: Hi.\n\n", "", 2},
    {TTS_FORMAT_TEXT, "open parentheses", "HOST: ", "(", "", 0},
    {TTS_FORMAT_TEXT, "open brackets", "HOST: ", "[", "", 0},
    {TTS_FORMAT_TEXT, "timestamps", "", "(00:01): ", "", 0},
    {TTS_FORMAT_TEXT, "Q and A", "", "Q: A: ", "", 0},
    {TTS_FORMAT_TEXT, "blank lines", "HOST: Hi.", "\n", "GUEST: Bye.", 0},
    {TTS_FORMAT_TEXT, "one long word", "HOST: ", "a", ".", 0},
    /* HTML */
    {TTS_FORMAT_HTML, "<b>", "<p>", "<b>", "", 0},
    {TTS_FORMAT_HTML, "<p>", "", "<p>Hi", "", 0},
    {TTS_FORMAT_HTML, "<td>", "<table>", "<td>Hi", "", 0},
    {TTS_FORMAT_HTML, "<li>", "<ul>", "<li>x", "", 0},
    {TTS_FORMAT_HTML, "<a>", "", "<a href=x>a", "", 0},
    {TTS_FORMAT_HTML, "<br>", "<p>", "x<br>", "", 0},
    {TTS_FORMAT_HTML, "</div>", "<p>x", "</div>", "", 0},
    {TTS_FORMAT_HTML, "<b><p>", "", "<b><p>x", "", 0},
    {TTS_FORMAT_HTML, "<div><span>", "", "<div>HOST: x<span>", "", 0},
    {TTS_FORMAT_HTML, "entities", "<p>", "&amp;", "", 0},
    {TTS_FORMAT_HTML, "attributes", "<p ", "a=1 ", ">x", 0},
    {TTS_FORMAT_HTML, "distinct attributes", "<p ", "a%d=1 ", ">x", 1},
    {TTS_FORMAT_HTML, "unclosed comment", "<p>x</p><!--", "-", "", 0},
    {TTS_FORMAT_HTML, "less-than signs", "<p>", "<", "", 0},
    /* Markdown */
    {TTS_FORMAT_MARKDOWN, "asterisks", "", "*", "", 0},
    {TTS_FORMAT_MARKDOWN, "emphasis openers", "", "*a ", "", 0},
    {TTS_FORMAT_MARKDOWN, "underscores", "", "_", "", 0},
    {TTS_FORMAT_MARKDOWN, "backticks", "", "`", "", 0},
    {TTS_FORMAT_MARKDOWN, "link openers", "", "[a](", "", 0},
    {TTS_FORMAT_MARKDOWN, "brackets", "", "[", "", 0},
    {TTS_FORMAT_MARKDOWN, "quote markers", "", "> ", "x", 0},
    {TTS_FORMAT_MARKDOWN, "list markers", "", "- ", "x", 0},
    {TTS_FORMAT_MARKDOWN, "backslashes", "", "\\", "", 0},
    {TTS_FORMAT_MARKDOWN, "tags", "", "<a ", "", 0},
    {TTS_FORMAT_MARKDOWN, "bold labels", "", "**HOST:** Hi.\n\n", "", 0},
    /* WebVTT and SubRip */
    {TTS_FORMAT_VTT, "cues", "WEBVTT\n\n", "00:00:01.000 --> 00:00:02.000\n<v Ann>Hi.\n\n", "", 0},
    {TTS_FORMAT_VTT, "tags in a cue", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n", "<", "", 0},
    {TTS_FORMAT_VTT, "voice tags", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n", "<v A>", "", 0},
    {TTS_FORMAT_VTT, "arrows", "WEBVTT\n\n", "-->", "", 0},
    {TTS_FORMAT_SRT, "cues", "", "1\n00:00:01,000 --> 00:00:02,000\nAnn: Hi.\n\n", "", 0},
    {TTS_FORMAT_SRT, "italics", "1\n00:00:01,000 --> 00:00:02,000\n", "<i>", "", 0},
    {TTS_FORMAT_SRT, "braces", "1\n00:00:01,000 --> 00:00:02,000\n", "{", "", 0},
    /* Fountain and plays */
    {TTS_FORMAT_FOUNTAIN, "character cues", "", "\nBOB\nHi.\n\nALICE\nHello.\n", "", 0},
    {TTS_FORMAT_FOUNTAIN, "notes", "", "[[", "", 0},
    {TTS_FORMAT_FOUNTAIN, "boneyard", "", "/*", "", 0},
    {TTS_FORMAT_FOUNTAIN, "asterisks", "\nBOB\n", "*", "", 0},
    {TTS_FORMAT_FOUNTAIN, "parentheticals", "\nBOB\n", "(", "", 0},
    {TTS_FORMAT_PLAY, "labels", "", "ROMEO.\nHi.\n\nJULIET.\nHello.\n\n", "", 0},
    {TTS_FORMAT_PLAY, "stage directions", "ROMEO.\n", "[", "", 0},
    {TTS_FORMAT_PLAY, "distinct labels", "", "PERSON %d.\nHi.\n\n", "", 1},
};

/* Texts for the speak stage: one speech turn each, said as a reader would. */
static const pathology spoken_cases[] = {
    {TTS_FORMAT_TEXT, "digits", "HOST: ", "1", "", 0},
    {TTS_FORMAT_TEXT, "grouped numbers", "HOST: ", "1,000,", "", 0},
    {TTS_FORMAT_TEXT, "amounts", "HOST: ", "$1.5 ", "", 0},
    {TTS_FORMAT_TEXT, "web addresses", "HOST: ", "http://a.b/", "", 0},
    {TTS_FORMAT_TEXT, "parentheses", "HOST: ", "(R-TX) ", "", 0},
    {TTS_FORMAT_TEXT, "initials", "HOST: ", "a.b.", "", 0},
    {TTS_FORMAT_TEXT, "open brackets", "HOST: ", "[", "", 0},
    {TTS_FORMAT_TEXT, "dashes", "HOST: ", "-", "", 0},
    {TTS_FORMAT_TEXT, "emoji", "HOST: ", "\xF0\x9F\x98\x80", "", 0},
    {TTS_FORMAT_TEXT, "capitals", "HOST: ", "NPR ", "", 0},
};

static char *build(const pathology *p, size_t size, size_t *length)
{
    char *text = malloc(size + 256);
    assert_non_null(text);
    size_t at = (size_t)snprintf(text, 256, "%s", p->prefix);
    for (int n = 1; at < size; n++) {
        char unit[128], dashes[40];
        size_t d = 0;
        for (int bits = n; bits > 0 && d + 1 < sizeof dashes; bits >>= 1)
            dashes[d++] = bits & 1 ? '-' : '.';
        dashes[d] = '\0';
        int written = p->numbered == 1   ? snprintf(unit, sizeof unit, p->unit, n)
                      : p->numbered == 2 ? snprintf(unit, sizeof unit, p->unit, dashes)
                                         : snprintf(unit, sizeof unit, "%s", p->unit);
        if (at + (size_t)written > size)
            break;
        memcpy(text + at, unit, (size_t)written);
        at += (size_t)written;
    }
    at += (size_t)snprintf(text + at, 256, "%s", p->suffix);
    *length = at;
    return text;
}

static double cpu_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* Decodes and parses (and, with speak, says) the text once; returns CPU seconds. */
static double run_once(const pathology *p, const char *text, size_t length, bool speak)
{
    double start = cpu_seconds();
    tts_input input;
    tts_error err;
    if (tts_input_from_bytes("pathology", (const unsigned char *)text, length, p->format, &input,
                             &err) == TTS_OK) {
        tts_script script;
        tts_status status = tts_parse_input(&input, &script, &err);
        if (status == TTS_OK && speak) {
            tts_speak_options options = {0};
            tts_speak_script(&script, &options, &err);
        }
        tts_script_free(&script);
        tts_input_free(&input);
    }
    return cpu_seconds() - start;
}

/* The seconds a measuring child reports on channel, or -1 when it says
 * nothing within GIVE_UP_SECONDS (it is killed then); reaps it. */
static double child_seconds(int channel[2], pid_t child)
{
    close(channel[1]);
    struct pollfd ready = {channel[0], POLLIN, 0};
    double seconds = -1;
    if (poll(&ready, 1, GIVE_UP_SECONDS * 1000) != 1 ||
        read(channel[0], &seconds, sizeof seconds) != sizeof seconds)
        seconds = -1;
    close(channel[0]);
    if (seconds == -1)
        kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    return seconds;
}

/* run_once in a child process, so that a run that never ends fails the test
 * after GIVE_UP_SECONDS instead of hanging it. */
static double run_in_child(const pathology *p, const char *text, size_t length, bool speak)
{
    int channel[2];
    assert_int_equal(pipe(channel), 0);
    fflush(stdout);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        close(channel[0]);
        double seconds = run_once(p, text, length, speak);
        _exit(write(channel[1], &seconds, sizeof seconds) == sizeof seconds ? 0 : 1);
    }
    double seconds = child_seconds(channel, child);
    if (seconds < 0)
        fail_msg("%s, %s: %zu bytes took over %d s", tts_format_name(p->format), p->name, length,
                 GIVE_UP_SECONDS);
    return seconds;
}

/* The ratio of the large input's time to the small one's: the smallest of
 * up to three tries, stopping as soon as one is within bounds. */
static void check_linear(const pathology *p, bool speak)
{
    size_t small_length, large_length;
    char *small = build(p, SMALL, &small_length);
    char *large = build(p, LARGE, &large_length);
    double small_time = 1e9, large_time = 1e9;
    for (int attempt = 0; attempt < 3; attempt++) {
        double s = run_in_child(p, small, small_length, speak);
        double l = run_in_child(p, large, large_length, speak);
        small_time = s < small_time ? s : small_time;
        large_time = l < large_time ? l : large_time;
        if (large_time <= FAST_ENOUGH || large_time <= MAX_RATIO * small_time)
            break;
    }
    printf("%-10s %-24s %8.4f s at %zu KB %8.4f s at %zu KB  x%.1f\n",
           tts_format_name(p->format), p->name, small_time, (size_t)SMALL / 1024, large_time,
           (size_t)LARGE / 1024, large_time / small_time);
    fflush(stdout);
    if (large_time > FAST_ENOUGH && large_time > MAX_RATIO * small_time)
        fail_msg("%s, %s: %zu KB took %.3f s, %.1f times the %zu KB input's %.4f s (limit %.0f)",
                 tts_format_name(p->format), p->name, (size_t)LARGE / 1024, large_time,
                 large_time / small_time, (size_t)SMALL / 1024, small_time, MAX_RATIO);
    free(small);
    free(large);
}

static void every_parser_is_linear(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_linear(&cases[i], false);
}

static void speaking_is_linear(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof spoken_cases / sizeof spoken_cases[0]; i++)
        check_linear(&spoken_cases[i], true);
}

/* A batch resumed with --skip-existing: naming the outputs, checking that
 * none overwrites an input and finding the kept ones must not compare every
 * output with every input. Half the inputs share one file name (index.txt in
 * folders of their own), so the names also run to index-2000.wav. */
#define BATCH_SMALL 1000
#define BATCH_LARGE 4000
/* Linear is 4 times as long; quadratic (what this guards against) is 16. */
#define BATCH_MAX_RATIO 8.0

static void write_small_file(const char *path, const char *text)
{
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fputs(text, file);
    assert_int_equal(fclose(file), 0);
}

/* The batch over the first `count` inputs, in a child; returns its CPU
 * seconds (user and system: the quadratic version's cost was stat calls). */
static double time_batch(char **inputs, size_t count, const char *out, const char *manifest)
{
    int channel[2];
    assert_int_equal(pipe(channel), 0);
    fflush(stdout);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        close(channel[0]);
        tts_palette palette = {0};
        tts_pipeline_options pipeline;
        tts_pipeline_options_default(&pipeline);
        tts_batch_options options = {.output_directory = out, .extension = "wav", .jobs = 1,
                                     .skip_existing = 1, .manifest_path = manifest};
        tts_batch_summary summary;
        tts_error err;
        double start = cpu_seconds();
        tts_status status = tts_batch_run((const char *const *)inputs, count, &palette, &pipeline,
                                          &options, &summary, &err);
        double seconds = cpu_seconds() - start;
        if (status != TTS_OK || summary.skipped != count)
            seconds = -2;
        _exit(write(channel[1], &seconds, sizeof seconds) == sizeof seconds ? 0 : 1);
    }
    double seconds = child_seconds(channel, child);
    if (seconds == -1)
        fail_msg("batch: %zu inputs took over %d s", count, GIVE_UP_SECONDS);
    if (seconds == -2)
        fail_msg("batch: %zu inputs were not all skipped", count);
    return seconds;
}

static void batch_checks_are_linear(void **state)
{
    (void)state;
    char root[] = "/tmp/test_linear_batch.XXXXXX";
    assert_non_null(mkdtemp(root));
    char path[512], out[64], manifest[64];
    snprintf(out, sizeof out, "%s/out", root);
    snprintf(manifest, sizeof manifest, "%s/manifest.jsonl", root);
    snprintf(path, sizeof path, "%s/in", root);
    assert_int_equal(mkdir(path, 0777), 0);
    assert_int_equal(mkdir(out, 0777), 0);
    char **inputs = calloc(BATCH_LARGE, sizeof *inputs);
    assert_non_null(inputs);
    /* inputs alternate: in/pN.txt -> out/pN.wav, in/N/index.txt -> out/index[-K].wav */
    for (size_t i = 0, shared = 0; i < BATCH_LARGE; i++) {
        if (i % 2 == 0) {
            snprintf(path, sizeof path, "%s/in/p%zu.txt", root, i);
            write_small_file(path, "HOST: Hi.\n");
            inputs[i] = strdup(path);
            snprintf(path, sizeof path, "%s/out/p%zu.wav", root, i);
        } else {
            snprintf(path, sizeof path, "%s/in/%zu", root, i);
            assert_int_equal(mkdir(path, 0777), 0);
            snprintf(path, sizeof path, "%s/in/%zu/index.txt", root, i);
            write_small_file(path, "HOST: Hi.\n");
            inputs[i] = strdup(path);
            if (++shared == 1)
                snprintf(path, sizeof path, "%s/out/index.wav", root);
            else
                snprintf(path, sizeof path, "%s/out/index-%zu.wav", root, shared);
        }
        assert_non_null(inputs[i]);
        write_small_file(path, "kept"); /* not audio: its duration reads as 0 */
    }
    double small_time = 1e9, large_time = 1e9;
    for (int attempt = 0; attempt < 3; attempt++) {
        double s = time_batch(inputs, BATCH_SMALL, out, manifest);
        double l = time_batch(inputs, BATCH_LARGE, out, manifest);
        small_time = s < small_time ? s : small_time;
        large_time = l < large_time ? l : large_time;
        if (large_time <= FAST_ENOUGH || large_time <= BATCH_MAX_RATIO * small_time)
            break;
    }
    printf("%-35s %8.4f s at %d %8.4f s at %d  x%.1f\n", "batch --skip-existing", small_time,
           BATCH_SMALL, large_time, BATCH_LARGE, large_time / small_time);
    fflush(stdout);
    char command[600];
    snprintf(command, sizeof command, "rm -rf '%s'", root);
    int removed = system(command);
    for (size_t i = 0; i < BATCH_LARGE; i++)
        free(inputs[i]);
    free(inputs);
    assert_int_equal(removed, 0);
    if (large_time > FAST_ENOUGH && large_time > BATCH_MAX_RATIO * small_time)
        fail_msg("batch: %d inputs took %.3f s, %.1f times the %d inputs' %.4f s (limit %.0f)",
                 BATCH_LARGE, large_time, large_time / small_time, BATCH_SMALL, small_time,
                 BATCH_MAX_RATIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_parser_is_linear),
        cmocka_unit_test(speaking_is_linear),
        cmocka_unit_test(batch_checks_are_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
