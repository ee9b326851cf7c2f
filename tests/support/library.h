/* library.h: the set-up that every test driving the library end to end
 * shares: the voice palette and eSpeak NG, loaded once per test program. */
#ifndef TTSREAD_TEST_LIBRARY_H
#define TTSREAD_TEST_LIBRARY_H

#include "ttsread/cast.h"

/* Loads the palette from the voices directory and starts eSpeak NG; prints
 * why and returns -1 on failure (a cmocka group set-up can return it). */
int test_library_open(tts_palette *palette, int *sample_rate);
void test_library_close(tts_palette *palette);

/* cmocka group set-up and tear-down around test_library_open, filling these. */
extern tts_palette test_palette;
extern int test_sample_rate;
int test_library_setup(void **state);
int test_library_teardown(void **state);

#endif
