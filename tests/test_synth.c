/* test_synth.c: the synthesis stage's start in the background: eSpeak NG
 * starts and the palette's voices are checked while the caller goes on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "ttsread/synth.h"

static tts_voice voice_named(const char *name, const char *espeak)
{
    tts_voice voice = {0};
    snprintf(voice.name, sizeof voice.name, "%s", name);
    snprintf(voice.espeak, sizeof voice.espeak, "%s", espeak);
    voice.rate = 175;
    voice.volume = 100;
    return voice;
}

/* A voice eSpeak NG lacks (the palette's own checks are bypassed here) is
 * reported by the wait, naming the profile; asked again, the same answer. */
static void test_start_reports_the_first_missing_voice(void **state)
{
    (void)state;
    tts_voice voices[3] = {voice_named("good", "en-us"), voice_named("odd", "zz-nowhere"),
                           voice_named("later", "qq-nowhere")};
    tts_palette palette = {.voices = voices, .count = 3};
    tts_error err;
    tts_error_clear(&err);
    assert_int_equal(tts_synth_start(&palette, &err), TTS_OK);
    /* Set before the thread runs, so nothing the caller reads changes under it. */
    const char *ctype = setlocale(LC_CTYPE, NULL);
    assert_non_null(ctype);
    assert_string_equal(ctype, "C.UTF-8");

    int rate = -1;
    assert_int_equal(tts_synth_started(&rate, &err), TTS_ERR_VOICE);
    assert_non_null(strstr(err.message, "'odd'"));
    assert_non_null(strstr(err.message, "zz-nowhere"));
    assert_int_equal(rate, -1);

    tts_error again;
    tts_error_clear(&again);
    assert_int_equal(tts_synth_started(&rate, &again), TTS_ERR_VOICE);
    assert_string_equal(again.message, err.message);
    tts_synth_stop();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_start_reports_the_first_missing_voice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
