/* calibrate.c: measures each voice profile's loudness on a fixed text (EBU
 * R128, through the mix stage's meter) and writes the gain that brings it to
 * the reference level into the profile's gain_db line. Run by make calibrate. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mix/limiter.h"
#include "ttsread/cast.h"
#include "ttsread/mix.h"
#include "ttsread/synth.h"

typedef struct recording {
    float *samples;
    size_t count;
    size_t capacity;
} recording;

static int record(void *user, const int16_t *samples, size_t count)
{
    recording *take = user;
    if (take->count + count > take->capacity) {
        size_t capacity = (take->count + count) * 2;
        float *grown = realloc(take->samples, capacity * sizeof *grown);
        if (grown == NULL)
            return 1;
        take->samples = grown;
        take->capacity = capacity;
    }
    for (size_t i = 0; i < count; i++)
        take->samples[take->count++] = samples[i] / 32768.0f;
    return 0;
}

/* Loudness of the take with `gain_db` applied and then the mix's limiter,
 * exactly as a normalized render would play it. */
static double loudness_with_gain(const recording *take, int rate, double gain_db)
{
    float gain = (float)pow(10.0, gain_db / 20.0);
    float *scaled = malloc(take->count * sizeof *scaled);
    tts_limiter *limiter = tts_limiter_new(rate, 1, (float)pow(10.0, TTS_LIMITER_CEILING_DBFS / 20.0));
    tts_loudness_meter *meter = NULL;
    tts_error err;
    double loudness = -HUGE_VAL;
    if (scaled != NULL && limiter != NULL && tts_loudness_meter_open(rate, 1, &meter, &err) == TTS_OK) {
        for (size_t i = 0; i < take->count; i++)
            scaled[i] = take->samples[i] * gain;
        size_t written = tts_limiter_process(limiter, scaled, scaled, take->count);
        written += tts_limiter_flush(limiter, scaled + written);
        tts_loudness_meter_add(meter, scaled, written);
        loudness = tts_loudness_meter_integrated(meter);
    }
    tts_loudness_meter_close(meter);
    tts_limiter_free(limiter);
    free(scaled);
    return loudness;
}

/* Rewrites the `gain_db = ...` line of path (appends one if missing). */
static int write_gain(const char *path, double gain_db)
{
    FILE *file = fopen(path, "r");
    if (file == NULL)
        return -1;
    char text[16384];
    size_t length = fread(text, 1, sizeof text - 1, file);
    fclose(file);
    text[length] = '\0';
    file = fopen(path, "w");
    if (file == NULL)
        return -1;
    int written = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "gain_db", 7) == 0) {
            fprintf(file, "gain_db = %.2f\n", gain_db);
            written = 1;
        } else {
            fprintf(file, "%s\n", line);
        }
    }
    if (!written)
        fprintf(file, "gain_db = %.2f\n", gain_db);
    return fclose(file);
}

int main(int argc, char **argv)
{
    const char *directory = argc > 1 ? argv[1] : "voices";
    char text_path[4096];
    snprintf(text_path, sizeof text_path, "%s/calibration.txt", directory);
    FILE *file = fopen(text_path, "r");
    char text[8192];
    size_t length = file ? fread(text, 1, sizeof text - 1, file) : 0;
    if (file)
        fclose(file);
    text[length] = '\0';
    tts_error err;
    tts_palette palette;
    int rate;
    if (length == 0 || tts_palette_load(directory, &palette, &err) != TTS_OK ||
        tts_synth_init(&rate, &err) != TTS_OK) {
        fprintf(stderr, "calibrate: %s\n", length == 0 ? "no calibration text" : err.message);
        return 1;
    }
    int status = 0;
    for (size_t i = 0; i < palette.count && status == 0; i++) {
        const tts_voice *voice = &palette.voices[i];
        recording take = {0};
        tts_synth_output output = {record, NULL, &take};
        if (tts_synth_speak(voice, 1.0, text, &output, &err) != TTS_OK) {
            fprintf(stderr, "calibrate: %s: %s\n", voice->name, err.message);
            status = 1;
        }
        /* The limiter takes some loudness back: find the gain that lands on
         * the reference after it, a few corrections from the plain estimate. */
        double loudness = loudness_with_gain(&take, rate, 0.0), gain = 0;
        for (int round = 0; round < 6; round++)
            gain += TTS_LOUDNESS_REFERENCE_LUFS - loudness_with_gain(&take, rate, gain);
        free(take.samples);
        char path[4200];
        snprintf(path, sizeof path, "%s/%s.ini", directory, voice->name);
        if (status == 0 && write_gain(path, gain) != 0) {
            fprintf(stderr, "calibrate: cannot write %s\n", path);
            status = 1;
        }
        printf("%-10s %6.2f LUFS -> gain_db %+.2f\n", voice->name, loudness, gain);
    }
    tts_palette_free(&palette);
    tts_synth_terminate();
    return status;
}
