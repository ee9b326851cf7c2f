/* test_config.c: the user's config.ini read into long options (and the INI
 * reader under it): what each setting becomes, where the file is, and errors
 * that name the file, the line and the reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ttsread/config.h"
#include "ttsread/options.h"
#include "ttsread/ini.h"

#define FIXTURES "tests/fixtures/config/"

/* Writes text to a new temporary file and returns its path (static buffer). */
static const char *temporary_file(const char *text)
{
    static char path[] = "/tmp/ttsread-config-XXXXXX";
    strcpy(path, "/tmp/ttsread-config-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void assert_arguments(const tts_config *config, const char *const *expected,
                             const int *lines, size_t count)
{
    assert_int_equal(config->count, count);
    for (size_t i = 0; i < count; i++) {
        assert_string_equal(config->arguments[i], expected[i]);
        assert_int_equal(config->lines[i], lines[i]);
    }
}

static void test_path_follows_xdg_config_home(void **state)
{
    (void)state;
    char path[4096];
    setenv("HOME", "/home/reader", 1);
    setenv("XDG_CONFIG_HOME", "/tmp/xdg", 1);
    assert_true(tts_config_path(path, sizeof path));
    assert_string_equal(path, "/tmp/xdg/ttsread/config.ini");
    /* the XDG spec: a relative XDG_CONFIG_HOME is ignored */
    setenv("XDG_CONFIG_HOME", "relative", 1);
    assert_true(tts_config_path(path, sizeof path));
    assert_string_equal(path, "/home/reader/.config/ttsread/config.ini");
    unsetenv("XDG_CONFIG_HOME");
    assert_true(tts_config_path(path, sizeof path));
    assert_string_equal(path, "/home/reader/.config/ttsread/config.ini");
    unsetenv("HOME");
    assert_false(tts_config_path(path, sizeof path));
}

static void test_settings_become_long_options(void **state)
{
    (void)state;
    tts_config config;
    tts_error err;
    assert_int_equal(tts_config_load(FIXTURES "full.ini", &config, &err), TTS_OK);
    static const char *const expected[] = {
        "--speed=1.25", "--loudness=-18", "--announce=always", "--stereo", "--ext=mp3",
        /* relative to config.ini's folder, not to where ttsread runs */
        "--cast=" FIXTURES "casts/news.ini",
        "--voice=Anthony Kuhn=colin", "--voice=narrator=alex",
    };
    static const int lines[] = {3, 4, 5, 6, 7, 8, 11, 12};
    assert_arguments(&config, expected, lines, 8);
    assert_string_equal(config.path, FIXTURES "full.ini");
    tts_config_free(&config);
}

static void test_switch_off_adds_nothing_and_order_is_kept(void **state)
{
    (void)state;
    tts_config config;
    tts_error err;
    assert_int_equal(tts_config_load(FIXTURES "switch-off.ini", &config, &err), TTS_OK);
    /* the later speed comes later, so it is the one getopt keeps */
    static const char *const expected[] = {"--speed=1.5", "--speed=0.8"};
    static const int lines[] = {3, 4};
    assert_arguments(&config, expected, lines, 2);
    tts_config_free(&config);
}

static void test_cast_path_from_home(void **state)
{
    (void)state;
    setenv("HOME", "/home/reader", 1);
    const char *path = temporary_file("cast = ~/casts/news.ini\ncast = /srv/cast.ini\n");
    tts_config config;
    tts_error err;
    assert_int_equal(tts_config_load(path, &config, &err), TTS_OK);
    static const char *const expected[] = {"--cast=/home/reader/casts/news.ini",
                                           "--cast=/srv/cast.ini"};
    static const int lines[] = {1, 2};
    assert_arguments(&config, expected, lines, 2);
    tts_config_free(&config);
    unlink(path);
}

static void test_missing_file_is_an_empty_config(void **state)
{
    (void)state;
    tts_config config;
    tts_error err;
    assert_int_equal(tts_config_load(FIXTURES "no-such-file.ini", &config, &err), TTS_OK);
    assert_int_equal(config.count, 0);
    assert_int_equal(err.code, TTS_OK);
    tts_config_free(&config);
}

static void test_errors_name_file_line_and_reason(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        const char *message;
    } cases[] = {
        {"unknown-setting.ini",
         FIXTURES "unknown-setting.ini:3: unknown setting 'sped'; did you mean 'speed'?"},
        {"unknown-section.ini", FIXTURES "unknown-section.ini:4: unknown section [ttsread]"},
        {"malformed.ini", FIXTURES "malformed.ini:2: malformed line"},
        {"bad-switch.ini", FIXTURES "bad-switch.ini:1: stereo takes yes or no, not 'maybe'"},
        {"empty-voice.ini", FIXTURES "empty-voice.ini:2: no voice profile for 'Anthony Kuhn'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, FIXTURES "%s", cases[i].file);
        tts_config config;
        tts_error err;
        tts_status status = tts_config_load(path, &config, &err);
        tts_config_free(&config);
        assert_int_not_equal(status, TTS_OK);
        if (strncmp(err.message, cases[i].message, strlen(cases[i].message)) != 0)
            fail_msg("%s: got \"%s\", want \"%s...\"", cases[i].file, err.message,
                     cases[i].message);
    }
}

static void test_unreadable_and_overlong(void **state)
{
    (void)state;
    tts_config config;
    tts_error err;
    assert_int_equal(tts_config_load(FIXTURES, &config, &err), TTS_ERR_IO); /* a folder */
    assert_non_null(strstr(err.message, "Is a directory"));
    tts_config_free(&config);

    char text[600] = "speed = 1.0\nlang = ";
    memset(text + strlen(text), 'x', 400);
    const char *path = temporary_file(text);
    assert_int_equal(tts_config_load(path, &config, &err), TTS_ERR_PARSE);
    assert_non_null(strstr(err.message, ":2: line too long"));
    tts_config_free(&config);
    unlink(path);
}

typedef struct seen_entries {
    char text[512];
    int refuse_at;   /* refuse the entry on this line */
} seen_entries;

static bool note_entry(void *user, const tts_ini_entry *entry, tts_error *err)
{
    seen_entries *seen = user;
    size_t used = strlen(seen->text);
    snprintf(seen->text + used, sizeof seen->text - used, "%d[%s]%s=%s;", entry->line,
             entry->section, entry->key, entry->value);
    if (entry->line == seen->refuse_at) {
        tts_error_set(err, TTS_ERR_CAST, "no %s here", entry->key);
        return false;
    }
    return true;
}

static void test_ini_reader_lines_and_refusals(void **state)
{
    (void)state;
    const char *path = temporary_file("\xEF\xBB\xBF"
                                      "# comment\n"
                                      "a = 1 ; inline comment\n"
                                      "[Speaker One]\n"
                                      "b = two\n"
                                      "  words\n"
                                      "c = 3\n"
                                      "d = 4\n");
    seen_entries seen = {"", 0};
    tts_error err;
    assert_int_equal(tts_ini_read(path, note_entry, &seen, &err), TTS_OK);
    assert_string_equal(seen.text, "2[]a=1;4[Speaker One]b=two;5[Speaker One]b=words;"
                                   "6[Speaker One]c=3;7[Speaker One]d=4;");

    /* after a refusal the handler hears nothing more, and the error is the
     * handler's code with its reason */
    seen = (seen_entries){"", 6};
    assert_int_equal(tts_ini_read(path, note_entry, &seen, &err), TTS_ERR_CAST);
    assert_string_equal(seen.text, "2[]a=1;4[Speaker One]b=two;5[Speaker One]b=words;"
                                   "6[Speaker One]c=3;");
    char expected[256];
    snprintf(expected, sizeof expected, "%s:6: no c here", path);
    assert_string_equal(err.message, expected);
    unlink(path);

    assert_int_equal(tts_ini_read("/nonexistent/x.ini", note_entry, &seen, &err),
                     TTS_ERR_NOT_FOUND);
}

/* "Did you mean": one or two slips find the option, another word does not. */
static void test_closest_option_to_a_typo(void **state)
{
    (void)state;
    assert_string_equal(tts_option_closest("speeed")->name, "speed");   /* a letter added */
    assert_string_equal(tts_option_closest("stero")->name, "stereo");   /* one dropped */
    assert_string_equal(tts_option_closest("manfiest")->name, "manifest"); /* two swapped */
    assert_string_equal(tts_option_closest("loudnass")->name, "loudness"); /* one changed */
    assert_string_equal(tts_option_closest("no-mpirs")->name, "no-mpris");
    assert_null(tts_option_closest("xyz"));
    assert_null(tts_option_closest("gain"));    /* two edits from "gap": another word */
    assert_null(tts_option_closest("completion-helpr")); /* hidden options are not offered */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_path_follows_xdg_config_home),
        cmocka_unit_test(test_settings_become_long_options),
        cmocka_unit_test(test_switch_off_adds_nothing_and_order_is_kept),
        cmocka_unit_test(test_cast_path_from_home),
        cmocka_unit_test(test_missing_file_is_an_empty_config),
        cmocka_unit_test(test_errors_name_file_line_and_reason),
        cmocka_unit_test(test_unreadable_and_overlong),
        cmocka_unit_test(test_ini_reader_lines_and_refusals),
        cmocka_unit_test(test_closest_option_to_a_typo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
