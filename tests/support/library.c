/* library.c: palette and eSpeak NG set-up shared by end-to-end tests. */
#include "library.h"

#include <stdio.h>

#include "ttsread/synth.h"

int test_library_open(tts_palette *palette, int *sample_rate)
{
    tts_error err;
    char directory[4096];
    if (tts_voices_directory(directory, sizeof directory, &err) != TTS_OK ||
        tts_palette_load(directory, palette, &err) != TTS_OK ||
        tts_synth_init(sample_rate, &err) != TTS_OK) {
        fprintf(stderr, "set-up: %s\n", err.message);
        return -1;
    }
    return 0;
}

void test_library_close(tts_palette *palette)
{
    tts_palette_free(palette);
    tts_synth_terminate();
}

tts_palette test_palette;
int test_sample_rate;

int test_library_setup(void **state)
{
    (void)state;
    return test_library_open(&test_palette, &test_sample_rate);
}

int test_library_teardown(void **state)
{
    (void)state;
    test_library_close(&test_palette);
    return 0;
}
