/* audio.h: helpers for tests that check the sound itself: read an audio
 * file, measure level, and estimate the pitch of a span. */
#ifndef TTSREAD_TEST_AUDIO_H
#define TTSREAD_TEST_AUDIO_H

#include <stddef.h>

typedef struct test_audio {
    float *samples;     /* mono (channels averaged), owned */
    size_t count;
    int sample_rate;
    int channels;
} test_audio;

/* Reads any file libsndfile reads; returns 0 on success. */
int test_audio_read(const char *path, test_audio *out);
/* Reads one channel (0 = left) instead of the average of all. */
int test_audio_read_channel(const char *path, int channel, test_audio *out);

/* Reads the "start --> end" times of a WebVTT file, in seconds; returns the count. */
size_t test_read_vtt_cues(const char *path, double *starts, double *ends, size_t capacity);
void test_audio_free(test_audio *audio);

/* Root-mean-square level of samples [start, end). */
double test_audio_rms(const test_audio *audio, size_t start, size_t end);

/* Median fundamental frequency (Hz) of the voiced 40 ms frames in
 * [start, end), by autocorrelation between 60 and 400 Hz; 0 if unvoiced. */
double test_audio_median_pitch(const test_audio *audio, size_t start, size_t end);

/* Corpus and seed paths from the environment (set by tests/run-tests.sh);
 * NULL when ../shared is absent. */
const char *test_corpus_directory(void);
const char *test_seed_path(void);

#endif
