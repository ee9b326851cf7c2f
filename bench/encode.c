/* encode.c: how fast each audio file format is written, apart from
 * synthesis: 16-bit mono speech (raw, from ttsread --format raw) goes
 * through the sink as the mix hands it over, and the CPU time is measured.
 * Usage: encode SPEECH.raw RATE OUTPUT  (prints "seconds-of-audio cpu-seconds") */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ttsread/sink.h"

/* The mix hands the sink blocks of this many frames. */
#define BLOCK 4096

static double cpu_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: encode SPEECH.raw RATE OUTPUT\n");
        return 2;
    }
    FILE *input = fopen(argv[1], "rb");
    if (input == NULL) {
        perror(argv[1]);
        return 1;
    }
    fseek(input, 0, SEEK_END);
    size_t count = (size_t)ftell(input) / 2;
    rewind(input);
    int16_t *samples = malloc(count * sizeof *samples);
    float *frames = malloc(count * sizeof *frames);
    if (samples == NULL || frames == NULL || fread(samples, 2, count, input) != count) {
        fprintf(stderr, "%s: cannot read\n", argv[1]);
        return 1;
    }
    fclose(input);
    for (size_t i = 0; i < count; i++)
        frames[i] = samples[i] / 32768.0f;
    tts_audio_format format = {.sample_rate = atoi(argv[2]), .channels = 1, .tags = {.title = "bench"}};
    tts_sink *sink;
    tts_error err;
    double start = cpu_seconds();
    tts_status status = tts_sink_open(argv[3], NULL, &format, &sink, &err);
    for (size_t at = 0; status == TTS_OK && at < count; at += BLOCK)
        status = tts_sink_write(sink, frames + at, count - at < BLOCK ? count - at : BLOCK, &err);
    if (status == TTS_OK)
        status = tts_sink_commit(sink, &err);
    else
        tts_sink_abort(sink);
    double cpu = cpu_seconds() - start;
    if (status != TTS_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    printf("%.3f %.4f\n", (double)count / format.sample_rate, cpu);
    free(samples);
    free(frames);
    return 0;
}
