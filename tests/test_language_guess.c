/* test_language_guess.c: src/parse/language_guess.c: textcat's names to
 * BCP 47 tags, guesses on texts of several languages, too little text, and
 * the sample taken from a script's speech only; English names of languages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ttsread/input.h"
#include "ttsread/parse.h"

static void textcat_names_become_tags(void **state)
{
    (void)state;
    static const struct {
        const char *name, *tag;
    } cases[] = {
        {"es--utf8", "es"},     {"en--utf8", "en"},         {"[fr--utf8]", "fr"},
        {"[de--utf8][lb--utf8]", "de"}, {"zh-CN-utf8", "zh-CN"}, {"zh-TW-utf8", "zh-TW"},
        {"az-cyrillic-utf8", "az-Cyrl"}, {"uz-Cyrl-utf8", "uz-Cyrl"}, {"haw-utf8", "haw"},
        {"ha-NG-utf8", "ha-NG"}, {"sh--utf8", "sr-Latn"}, {"gug--utf8", "gn"},
        {"pt--utf8", "pt"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char tag[32];
        if (!tts_language_tag_of_textcat(cases[i].name, tag, sizeof tag))
            fail_msg("%s: no tag", cases[i].name);
        if (strcmp(tag, cases[i].tag) != 0)
            fail_msg("%s: %s, expected %s", cases[i].name, tag, cases[i].tag);
    }
}

static void what_is_no_language_has_no_tag(void **state)
{
    (void)state;
    const char *names[] = {"SHORT", "UNKNOWN", "", "e--utf8", "english", "[]", "1a--utf8",
                           "es-ES!-utf8"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char tag[32] = "x";
        if (tts_language_tag_of_textcat(names[i], tag, sizeof tag))
            fail_msg("%s: tag %s", names[i], tag);
        assert_string_equal(tag, "");
    }
    char small[3]; /* "zh-CN" does not fit: no half tag */
    assert_false(tts_language_tag_of_textcat("zh-CN-utf8", small, sizeof small));
    assert_string_equal(small, "");
    assert_false(tts_language_tag_of_textcat(NULL, small, sizeof small));
}

static const char spanish[] =
    "La nueva biblioteca municipal abrió sus puertas el lunes por la mañana en el antiguo "
    "mercado, un edificio de ladrillo que llevaba casi veinte años cerrado. Cientos de vecinos "
    "hicieron cola desde muy temprano para conocer las salas de lectura y el patio interior. "
    "La alcaldesa explicó que el proyecto ha costado menos de lo previsto.";
static const char french[] =
    "Ma grand-mère m'emmenait acheter des légumes et du fromage chez les producteurs de la "
    "vallée. À l'époque, il y avait beaucoup moins de monde, mais l'ambiance était déjà très "
    "chaleureuse. Les gens viennent toujours pour discuter et prendre un café avec leurs voisins.";
static const char german[] =
    "Ich fange jeden Morgen um halb sechs an. Zuerst kommen die Pendler mit ihren Fahrrädern, "
    "dann die Schulkinder, und am Nachmittag fahren vor allem Wanderer und Ausflügler über den "
    "Fluss. Im Sommer ist es manchmal so voll, dass wir zusätzliche Fahrten einlegen müssen.";
static const char english[] =
    "The new public library opened its doors on Monday morning in the old covered market, a "
    "brick building that had been closed for almost twenty years. Hundreds of residents queued "
    "from early in the day to see the reading rooms and the inner courtyard of the building.";

static void texts_are_guessed(void **state)
{
    (void)state;
    static const struct {
        const char *text, *tag;
    } cases[] = {{spanish, "es"}, {french, "fr"}, {german, "de"}, {english, "en"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char tag[32];
        double confidence = -1;
        tts_error err;
        tts_error_clear(&err);
        if (tts_language_guess("text.txt", cases[i].text, strlen(cases[i].text), tag, sizeof tag,
                               &confidence, &err) != TTS_OK)
            fail_msg("%s guess failed: %s", cases[i].tag, err.message);
        if (strcmp(tag, cases[i].tag) != 0)
            fail_msg("guessed %s, expected %s", tag, cases[i].tag);
        assert_true(confidence > 0 && confidence <= 1);
    }
}

/* English function words settle a long English sample without textcat
 * (confidence 1, however alike textcat finds languages); a long Spanish
 * sample with an English quotation in it still goes to textcat. */
static void english_words_settle_english(void **state)
{
    (void)state;
    char text[2048];
    char tag[32];
    double confidence = 0;
    tts_error err;
    snprintf(text, sizeof text, "%s %s %s", english, english, english);
    assert_int_equal(tts_language_guess("long.txt", text, strlen(text), tag, sizeof tag,
                                        &confidence, &err), TTS_OK);
    assert_string_equal(tag, "en");
    assert_true(confidence == 1.0);
    snprintf(text, sizeof text, "%s \"We have what they want, and that is the point.\" %s %s",
             spanish, spanish, spanish);
    assert_int_equal(tts_language_guess("mixed.txt", text, strlen(text), tag, sizeof tag,
                                        &confidence, &err), TTS_OK);
    assert_string_equal(tag, "es");
}

static void too_little_text_is_not_guessed(void **state)
{
    (void)state;
    const char *text = "Hola, buenos días. Buenos días, gracias por invitarme.";
    char tag[32] = "x";
    double confidence = -1;
    tts_error err;
    tts_error_clear(&err);
    assert_int_equal(tts_language_guess("short.txt", text, strlen(text), tag, sizeof tag,
                                        &confidence, &err),
                     TTS_ERR_EMPTY);
    assert_string_equal(tag, "");
    assert_true(confidence == 0);
    /* the message names the file and the count */
    assert_string_equal(err.message, "short.txt: only 43 letters of speech, 200 needed");
    /* letters, not bytes: 200 bytes of digits and punctuation are not enough */
    char numbers[400];
    memset(numbers, '7', sizeof numbers - 1);
    numbers[sizeof numbers - 1] = '\0';
    assert_int_equal(tts_language_guess("numbers.txt", numbers, strlen(numbers), tag, sizeof tag,
                                        &confidence, &err),
                     TTS_ERR_EMPTY);
}

/* Speech turns are the sample: a Spanish transcript whose labels and cue
 * are English conventions is still Spanish. */
static void a_script_is_guessed_from_its_speech(void **state)
{
    (void)state;
    char text[2048];
    snprintf(text, sizeof text,
             "(SOUNDBITE OF MUSIC, APPLAUSE AND CHEERING FROM THE AUDIENCE IN THE STUDIO)\n\n"
             "HOST: %s\n\nGUEST: %s\n", spanish, spanish);
    tts_input input;
    tts_error err;
    tts_error_clear(&err);
    assert_int_equal(tts_input_from_bytes("es.txt", (const unsigned char *)text, strlen(text),
                                          TTS_FORMAT_AUTO, &input, &err),
                     TTS_OK);
    tts_script script;
    assert_int_equal(tts_parse_input(&input, &script, &err), TTS_OK);
    tts_input_free(&input);
    assert_int_equal(script.lang_source, TTS_LANG_DEFAULT);
    assert_string_equal(script.lang, "en");
    char tag[32];
    double confidence;
    if (tts_language_guess_script(&script, "es.txt", tag, sizeof tag, &confidence, &err) != TTS_OK)
        fail_msg("%s", err.message);
    assert_string_equal(tag, "es");
    tts_script_free(&script);
}

static void a_declared_language_is_marked_so(void **state)
{
    (void)state;
    const char *page =
        "<html lang=\"fr\"><body><p>Just a short English paragraph.</p></body></html>";
    tts_input input;
    tts_error err;
    tts_error_clear(&err);
    assert_int_equal(tts_input_from_bytes("fr.html", (const unsigned char *)page, strlen(page),
                                          TTS_FORMAT_AUTO, &input, &err),
                     TTS_OK);
    tts_script script;
    assert_int_equal(tts_parse_input(&input, &script, &err), TTS_OK);
    tts_input_free(&input);
    assert_string_equal(script.lang, "fr");
    assert_int_equal(script.lang_source, TTS_LANG_DECLARED);
    assert_string_equal(tts_lang_source_name(script.lang_source), "declared");
    tts_script_free(&script);
}

/* YouTube's captions say "Language: es" in the WebVTT header; a cue's
 * text that only looks like it is no header. */
static void a_vtt_header_declares_its_language(void **state)
{
    (void)state;
    static const struct {
        const char *text, *lang;
        tts_lang_source source;
    } cases[] = {
        {"WEBVTT\nKind: captions\nLanguage: es \n\n00:00:01.000 --> 00:00:02.000\nHola.\n", "es",
         TTS_LANG_DECLARED},
        {"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nLanguage: de\n", "en", TTS_LANG_DEFAULT},
        {"WEBVTT\nLanguage: two words\n\n00:00:01.000 --> 00:00:02.000\nHi.\n", "en",
         TTS_LANG_DEFAULT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tts_input input;
        tts_error err;
        tts_error_clear(&err);
        assert_int_equal(tts_input_from_bytes("c.vtt", (const unsigned char *)cases[i].text,
                                              strlen(cases[i].text), TTS_FORMAT_AUTO, &input,
                                              &err),
                         TTS_OK);
        tts_script script;
        if (tts_parse_input(&input, &script, &err) != TTS_OK)
            fail_msg("case %zu: %s", i, err.message);
        tts_input_free(&input);
        assert_string_equal(script.lang, cases[i].lang);
        assert_int_equal(script.lang_source, cases[i].source);
        tts_script_free(&script);
    }
}

static void languages_have_english_names(void **state)
{
    (void)state;
    char name[64];
    tts_language_name("es", name, sizeof name);
    assert_string_equal(name, "Spanish");
    tts_language_name("fr", name, sizeof name);
    assert_string_equal(name, "French");
    tts_language_name("zh-CN", name, sizeof name);
    assert_string_equal(name, "Chinese");
    tts_language_name("qqq", name, sizeof name); /* unknown: the tag itself */
    assert_string_equal(name, "qqq");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(textcat_names_become_tags),
        cmocka_unit_test(what_is_no_language_has_no_tag),
        cmocka_unit_test(texts_are_guessed),
        cmocka_unit_test(english_words_settle_english),
        cmocka_unit_test(too_little_text_is_not_guessed),
        cmocka_unit_test(a_script_is_guessed_from_its_speech),
        cmocka_unit_test(a_declared_language_is_marked_so),
        cmocka_unit_test(a_vtt_header_declares_its_language),
        cmocka_unit_test(languages_have_english_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
