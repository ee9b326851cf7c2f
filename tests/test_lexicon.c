/* test_lexicon.c: the user's pronunciation lexicon: which written words it
 * replaces (whole words, case rules, phrases, languages, precedence), that
 * the map still points at the words as written, that bad lines are refused
 * with file:line, and that eSpeak NG then speaks other phonemes, [[ ]]
 * phoneme input included (asked of eSpeak NG through tts_synth_phonemes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ttsread/speak.h"
#include "ttsread/synth.h"

static char directory[] = "/tmp/test_lexicon.XXXXXX";

/* Writes `content` to a file of the test folder; returns its path (static). */
static const char *write_file(const char *name, const char *content)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", directory, name);
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fputs(content, file);
    fclose(file);
    return path;
}

static tts_lexicon *load(const char *content, tts_status expected, tts_error *err)
{
    tts_lexicon *lexicon = NULL;
    assert_int_equal(tts_lexicon_new(&lexicon, err), TTS_OK);
    assert_int_equal(tts_lexicon_load(lexicon, write_file("lexicon.txt", content), false, err),
                     expected);
    return lexicon;
}

static char *say(const tts_lexicon *lexicon, const char *written, const char *lang,
                 tts_spoken_map **map)
{
    tts_speak_options options = {.lexicon = lexicon};
    char *spoken = NULL;
    tts_error err;
    assert_int_equal(tts_speak_text(written, TTS_TURN_SPEECH, lang, &options, &spoken, map, &err),
                     TTS_OK);
    return spoken;
}

static void expect(const tts_lexicon *lexicon, const char *lang, const char *written,
                   const char *spoken_expected)
{
    char *spoken = say(lexicon, written, lang, NULL);
    if (strcmp(spoken, spoken_expected) != 0)
        fail_msg("'%s' (%s): said '%s', expected '%s'", written, lang ? lang : "-", spoken,
                 spoken_expected);
    free(spoken);
}

static void test_words_and_case(void **state)
{
    (void)state;
    tts_error err;
    tts_lexicon *lexicon = load("# a comment\n"
                                "nguyen = win\n"
                                "US = you ess\n"
                                "New York Times = the Times\n"
                                "New York = the big apple\n"
                                "\xc3\xa9lodie = ay low dee\n"
                                "[lexicon.fr]\n"
                                "cousin = coo zan\n"
                                "[lexicon]\n"
                                "Sen. = the senator\n",
                                TTS_OK, &err);
    assert_int_equal(tts_lexicon_count(lexicon), 7);
    /* lower case entries match any case; whole words only, a suffix after an apostrophe stays */
    expect(lexicon, "en", "Nguyen, NGUYEN and nguyen.", "win, win and win.");
    expect(lexicon, "en", "Nguyen's cousin", "win's cousin");
    expect(lexicon, "en", "Nguyen\xe2\x80\x99s cousin", "win\xe2\x80\x99s cousin");
    expect(lexicon, "en", "Nguyens and XNguyen", "Nguyens and XNguyen");
    /* an entry with capitals matches that spelling alone */
    expect(lexicon, "en", "The US and us.", "The you ess and us.");
    /* phrases across any spaces; the longer phrase wins */
    expect(lexicon, "en", "the New  York\nTimes and New York", "the the Times and the big apple");
    /* Latin-1 capitals fold too */
    expect(lexicon, "en", "\xc3\x89lodie", "ay low dee");
    /* [lexicon.fr] is for French pages alone, fr-CA included; the lexicon wins over the rules */
    expect(lexicon, "en", "my cousin", "my cousin");
    expect(lexicon, "fr-CA", "my cousin", "my coo zan");
    expect(lexicon, "en", "Sen. Smith", "the senator Smith");
    tts_lexicon_free(lexicon);

    /* a later entry wins over an earlier one; a later file over an earlier one */
    lexicon = load("nguyen = win\nnguyen = nu yen\n", TTS_OK, &err);
    expect(lexicon, "en", "Nguyen", "nu yen");
    assert_int_equal(tts_lexicon_load(lexicon, write_file("two.txt", "nguyen = when\n"), false,
                                      &err),
                     TTS_OK);
    expect(lexicon, "en", "Nguyen", "when");
    tts_lexicon_free(lexicon);
}

/* An announced name: the lexicon alone, no other rule ("Sen." stays). */
static void test_lexicon_alone(void **state)
{
    (void)state;
    tts_error err;
    tts_lexicon *lexicon = load("nguyen = win\n", TTS_OK, &err);
    char *said = NULL;
    assert_int_equal(tts_lexicon_say(lexicon, "Sen. Anh Nguyen.", "en", &said, &err), TTS_OK);
    assert_string_equal(said, "Sen. Anh win.");
    free(said);
    tts_lexicon_free(lexicon);
}

/* Word events point into the spoken text; through the map, a replaced word
 * is the word as written, and the words around it are where they were. */
static void test_map_keeps_written_words(void **state)
{
    (void)state;
    tts_error err;
    tts_lexicon *lexicon = load("nguyen = [[w'In]]\n", TTS_OK, &err);
    const char *written = "I met Nguyen today.";
    tts_spoken_map *map = NULL;
    char *spoken = say(lexicon, written, "en", &map);
    assert_string_equal(spoken, "I met [[w'In]] today.");
    size_t offset, length;
    size_t name_at = strcspn(spoken, "w"), today_at = strcspn(spoken, "y") - 4;
    tts_speak_text_span(map, strlen(written), name_at, 4, &offset, &length);
    assert_int_equal(offset, 6);
    assert_int_equal(length, 6); /* "Nguyen" */
    tts_speak_text_span(map, strlen(written), today_at, 5, &offset, &length);
    assert_int_equal(offset, 13);
    assert_int_equal(length, 5);
    free(spoken);
    free(map);
    tts_lexicon_free(lexicon);
}

static void expect_refused(const char *content, const char *message)
{
    tts_error err;
    tts_lexicon *lexicon = NULL;
    assert_int_equal(tts_lexicon_new(&lexicon, &err), TTS_OK);
    const char *path = write_file("bad.txt", content);
    assert_int_equal(tts_lexicon_load(lexicon, path, false, &err), TTS_ERR_USAGE);
    char expected[600];
    snprintf(expected, sizeof expected, "%s:%s", path, message);
    if (strncmp(err.message, expected, strlen(expected)) != 0)
        fail_msg("'%s': got '%s', expected it to start '%s'", content, err.message, expected);
    tts_lexicon_free(lexicon);
}

static void test_bad_lines(void **state)
{
    (void)state;
    expect_refused("nguyen = win\njust words\n", "2: malformed line");
    expect_refused("nguyen = win\n\nnguyen =\n", "3: no pronunciation for 'nguyen'");
    expect_refused("nguyen = [[w'In\n", "1: bad pronunciation");
    expect_refused("nguyen = [[w'In]] junior\n", "1: bad pronunciation");
    expect_refused("nguyen = [[]]\n", "1: bad pronunciation");
    expect_refused("[voices]\nnguyen = win\n", "2: unknown section [voices]");
    expect_refused("[lexicon.f r]\nnguyen = win\n", "2: unknown section [lexicon.f r]");

    /* a cast file: speakers' sections are left to the cast stage */
    tts_error err;
    tts_lexicon *lexicon = NULL;
    assert_int_equal(tts_lexicon_new(&lexicon, &err), TTS_OK);
    const char *cast = write_file("cast.ini", "[Anh Nguyen]\nvoice = colin\n\n[lexicon]\n"
                                              "Nguyen = win\n");
    assert_int_equal(tts_lexicon_load(lexicon, cast, true, &err), TTS_OK);
    assert_int_equal(tts_lexicon_count(lexicon), 1);
    expect(lexicon, "en", "Anh Nguyen", "Anh win");
    cast = write_file("cast.ini", "[lexicon]\nNguyen = [[w'In\n");
    assert_int_equal(tts_lexicon_load(lexicon, cast, true, &err), TTS_ERR_CAST);
    tts_lexicon_free(lexicon);
}

/* What eSpeak NG says: the respelling's phonemes, or the phonemes given. */
static void test_espeak_speaks_the_lexicon(void **state)
{
    (void)state;
    tts_voice voice = {.name = "test", .espeak = "en-us", .pitch = 50, .range = 50, .rate = 175,
                       .volume = 100};
    tts_error err;
    const char *written = "I met Nguyen today.";
    char *phonemes[3];
    const char *lexicons[3] = {NULL, "nguyen = win\n", "nguyen = [[d'Ibr@]]\n"};
    for (int i = 0; i < 3; i++) {
        tts_lexicon *lexicon = lexicons[i] ? load(lexicons[i], TTS_OK, &err) : NULL;
        char *spoken = say(lexicon, written, "en", NULL);
        assert_int_equal(tts_synth_phonemes(&voice, spoken, &phonemes[i], &err), TTS_OK);
        free(spoken);
        tts_lexicon_free(lexicon);
    }
    /* eSpeak NG's own reading of "Nguyen" has no w'In; the respelling has */
    assert_null(strstr(phonemes[0], "w'In"));
    assert_non_null(strstr(phonemes[1], "w'In"));
    assert_null(strstr(phonemes[1], "d'Ibr@"));
    /* phoneme input, which without espeakPHONEMES would be read as letters */
    assert_non_null(strstr(phonemes[2], "d'Ibr@"));
    assert_non_null(strstr(phonemes[2], "t@d'eI")); /* and the words around it as before */
    for (int i = 0; i < 3; i++)
        free(phonemes[i]);
}

static int setup(void **state)
{
    (void)state;
    int rate;
    tts_error err;
    if (mkdtemp(directory) == NULL)
        return -1;
    if (tts_synth_init(&rate, &err) != TTS_OK) {
        fprintf(stderr, "%s\n", err.message);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tts_synth_terminate();
    char command[600];
    snprintf(command, sizeof command, "rm -rf '%s'", directory);
    return system(command) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_and_case),
        cmocka_unit_test(test_lexicon_alone),
        cmocka_unit_test(test_map_keeps_written_words),
        cmocka_unit_test(test_bad_lines),
        cmocka_unit_test(test_espeak_speaks_the_lexicon),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
