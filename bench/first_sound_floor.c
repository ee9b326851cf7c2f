/* first_sound_floor.c: the least a reader built on eSpeak NG and PortAudio
 * does before its first sound, for bench/latency.sh to time beside ttsread
 * and espeak-ng. PortAudio is loaded, started and opened on a thread (as
 * ttsread does) while eSpeak NG starts and speaks the start of the text;
 * once voiced audio exists it is written. No parsing, casting or mixing.
 * Usage: first_sound_floor FILE */
#include <dlfcn.h>
#include <espeak-ng/speak_lib.h>
#include <portaudio.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define LATENCY_SECONDS 0.035 /* as ttsread opens the device */
#define AFTER_VOICED 2048     /* samples past the first voiced one: more than the device buffer */

static PaStream *stream;
static int audio_ready;

static void *open_audio(void *unused)
{
    (void)unused;
    void *library = dlopen("libportaudio.so.2", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL)
        return NULL;
    PaError (*initialize)(void) = (PaError(*)(void))dlsym(library, "Pa_Initialize");
    PaDeviceIndex (*default_output)(void) =
        (PaDeviceIndex(*)(void))dlsym(library, "Pa_GetDefaultOutputDevice");
    __typeof__(Pa_OpenStream) *open_stream =
        (__typeof__(Pa_OpenStream) *)dlsym(library, "Pa_OpenStream");
    if (initialize == NULL || default_output == NULL || open_stream == NULL ||
        initialize() != paNoError)
        return NULL;
    PaStreamParameters output = {default_output(), 1, paInt16, LATENCY_SECONDS, NULL};
    audio_ready = open_stream(&stream, NULL, &output, 22050, paFramesPerBufferUnspecified,
                              paNoFlag, NULL, NULL) == paNoError;
    return library;
}

static short samples[22050 * 4];
static int sample_count, first_voiced = -1;

static int keep_samples(short *wave, int count, espeak_EVENT *events)
{
    (void)events;
    int room = (int)(sizeof samples / sizeof *samples) - sample_count;
    if (wave != NULL && count > 0 && count <= room) {
        for (int i = 0; i < count && first_voiced < 0; i++)
            if (wave[i] != 0)
                first_voiced = sample_count + i;
        memcpy(samples + sample_count, wave, (size_t)count * sizeof *wave);
        sample_count += count;
    }
    return first_voiced >= 0 && sample_count >= first_voiced + AFTER_VOICED; /* enough: stop */
}

int main(int argc, char **argv)
{
    char text[512];
    FILE *file = argc > 1 ? fopen(argv[1], "r") : NULL;
    if (file == NULL) {
        fprintf(stderr, "usage: first_sound_floor FILE\n");
        return 2;
    }
    size_t length = fread(text, 1, sizeof text - 1, file);
    text[length] = '\0';
    fclose(file);

    pthread_t thread;
    void *library = NULL;
    pthread_create(&thread, NULL, open_audio, NULL);
    if (espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_DONT_EXIT) <= 0)
        return 1;
    espeak_SetVoiceByName("en");
    espeak_SetSynthCallback(keep_samples);
    espeak_Synth(text, length + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
    pthread_join(thread, &library);
    if (!audio_ready)
        return 1;
    __typeof__(Pa_StartStream) *start =
        (__typeof__(Pa_StartStream) *)dlsym(library, "Pa_StartStream");
    __typeof__(Pa_WriteStream) *write_stream =
        (__typeof__(Pa_WriteStream) *)dlsym(library, "Pa_WriteStream");
    start(stream);
    write_stream(stream, samples, (unsigned long)sample_count);
    nanosleep(&(struct timespec){0, 50000000}, NULL); /* heard, then gone */
    return 0;
}
