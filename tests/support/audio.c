/* audio.c: reading audio and measuring level and pitch, for tests. */
#include "audio.h"

#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int read_audio(const char *path, int channel, test_audio *out)
{
    memset(out, 0, sizeof *out);
    SF_INFO info = {0};
    SNDFILE *file = sf_open(path, SFM_READ, &info);
    if (file == NULL)
        return -1;
    float *frames = malloc((size_t)info.frames * (size_t)info.channels * sizeof *frames + 1);
    out->samples = malloc((size_t)info.frames * sizeof *out->samples + 1);
    if (frames == NULL || out->samples == NULL) {
        free(frames);
        sf_close(file);
        return -1;
    }
    sf_count_t got = sf_readf_float(file, frames, info.frames);
    sf_close(file);
    for (sf_count_t i = 0; i < got; i++) {
        float sum = 0;
        for (int c = 0; c < info.channels; c++)
            sum += frames[i * info.channels + c];
        out->samples[i] = channel >= 0 && channel < info.channels ? frames[i * info.channels + channel]
                                                                  : sum / (float)info.channels;
    }
    free(frames);
    out->count = (size_t)got;
    out->sample_rate = info.samplerate;
    out->channels = info.channels;
    return 0;
}

int test_audio_read(const char *path, test_audio *out)
{
    return read_audio(path, -1, out);
}

int test_audio_read_channel(const char *path, int channel, test_audio *out)
{
    return read_audio(path, channel, out);
}

size_t test_read_vtt_cues(const char *path, double *starts, double *ends, size_t capacity)
{
    FILE *file = fopen(path, "r");
    if (file == NULL)
        return 0;
    char line[8192];
    size_t count = 0;
    unsigned h1, m1, s1, ms1, h2, m2, s2, ms2;
    while (fgets(line, sizeof line, file) && count < capacity)
        if (sscanf(line, "%u:%u:%u.%u --> %u:%u:%u.%u", &h1, &m1, &s1, &ms1, &h2, &m2, &s2,
                   &ms2) == 8) {
            starts[count] = h1 * 3600.0 + m1 * 60 + s1 + ms1 / 1000.0;
            ends[count++] = h2 * 3600.0 + m2 * 60 + s2 + ms2 / 1000.0;
        }
    fclose(file);
    return count;
}

void test_audio_free(test_audio *audio)
{
    free(audio->samples);
    memset(audio, 0, sizeof *audio);
}

double test_audio_rms(const test_audio *audio, size_t start, size_t end)
{
    if (end > audio->count)
        end = audio->count;
    if (start >= end)
        return 0;
    double sum = 0;
    for (size_t i = start; i < end; i++)
        sum += (double)audio->samples[i] * audio->samples[i];
    return sqrt(sum / (double)(end - start));
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double test_audio_median_pitch(const test_audio *audio, size_t start, size_t end)
{
    if (end > audio->count)
        end = audio->count;
    size_t frame = (size_t)audio->sample_rate * 40 / 1000;
    size_t min_lag = (size_t)audio->sample_rate / 400, max_lag = (size_t)audio->sample_rate / 60;
    size_t capacity = (end > start ? end - start : 0) / (frame / 2) + 1, found = 0;
    double *pitches = malloc(capacity * sizeof *pitches);
    if (pitches == NULL)
        return 0;
    for (size_t at = start; at + frame + max_lag < end && found < capacity; at += frame / 2) {
        const float *x = audio->samples + at;
        double energy = 0;
        for (size_t i = 0; i < frame; i++)
            energy += (double)x[i] * x[i];
        if (energy / frame < 1e-4) /* below -40 dBFS: silence or breath */
            continue;
        double best = 0;
        size_t best_lag = 0;
        for (size_t lag = min_lag; lag <= max_lag; lag++) {
            double correlation = 0, norm = 0;
            for (size_t i = 0; i < frame; i++) {
                correlation += (double)x[i] * x[i + lag];
                norm += (double)x[i + lag] * x[i + lag];
            }
            double score = correlation / sqrt(energy * norm + 1e-12);
            if (score > best) {
                best = score;
                best_lag = lag;
            }
        }
        if (best > 0.6 && best_lag > 0)
            pitches[found++] = (double)audio->sample_rate / (double)best_lag;
    }
    double median = 0;
    if (found > 0) {
        qsort(pitches, found, sizeof *pitches, compare_doubles);
        median = pitches[found / 2];
    }
    free(pitches);
    return median;
}

static const char *existing(const char *path)
{
    struct stat info;
    return path != NULL && stat(path, &info) == 0 ? path : NULL;
}

const char *test_corpus_directory(void)
{
    const char *path = getenv("TTS_CORPUS");
    return existing(path ? path : "../shared/corpus");
}

const char *test_seed_path(void)
{
    const char *path = getenv("TTS_SEED");
    return existing(path ? path : "../shared/seeds/npr-cyberattack-transcript.txt");
}
