/* portaudio.c: the live audio output, the only file that includes PortAudio:
 * finds and opens the device, writes 16-bit frames, and plays a mix as a sink.
 * The library is opened with dlopen when a device is asked for, not linked. */
#include "sink_internal.h"
#include "ttsread/device.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <portaudio.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "util/library.h"

/* Audio queued on the device, at least (the device's own safe latency when
 * longer): enough to ride out a busy moment of the player, whose workers
 * keep the next seconds ready, and short enough that pause and skip feel
 * immediate and the first sound is not held back filling a long buffer. */
#define DEVICE_LATENCY_SECONDS 0.035
#define CHUNK_FRAMES 2048
/* A running device that takes nothing for this long has gone away (a USB
 * headset unplugged can leave ALSA waiting instead of failing). */
#define STALL_SECONDS 3.0

/* PortAudio and the libraries behind it (JACK, Berkeley DB) were 1.1 MB of
 * a file render's resident memory and four libraries to load: it is opened
 * here when a device is used (--play, --list-devices, --version), on
 * the warm-up thread when there is one (the Makefile takes its compiler
 * flags only). */
#define PORTAUDIO_LIBRARY "libportaudio.so.2"

/* The functions used here, opened by name as "Pa_" NAME. */
#define PORTAUDIO_FUNCTIONS(X)                                                                 \
    X(Initialize) X(Terminate) X(GetErrorText) X(GetVersionText) X(GetDeviceCount)             \
    X(GetDefaultOutputDevice) X(GetDeviceInfo) X(GetHostApiInfo)                              \
    X(OpenStream) X(CloseStream) X(StartStream) X(StopStream) X(AbortStream) X(WriteStream)    \
    X(GetStreamWriteAvailable) X(GetStreamInfo)

typedef struct portaudio_functions {
#define DECLARE_FUNCTION(name) __typeof__(Pa_##name) *name;
    PORTAUDIO_FUNCTIONS(DECLARE_FUNCTION)
#undef DECLARE_FUNCTION
} portaudio_functions;

/* Filled once, by load_library; the handle stays open until exit. Only one
 * thread at a time loads: the warm-up thread, or the main thread after it
 * was joined. */
static portaudio_functions pa;
static bool pa_loaded;

/* Opens PortAudio once per process; its error is one line naming the library. */
static tts_status load_library(tts_error *err)
{
    if (pa_loaded)
        return TTS_OK;
#define NAME_OF(name) #name,
    static const char *const names[] = {PORTAUDIO_FUNCTIONS(NAME_OF)};
#undef NAME_OF
    void *symbols[sizeof names / sizeof names[0]];
    char why[256];
    if (tts_library_open(PORTAUDIO_LIBRARY, "Pa_", names, sizeof names / sizeof names[0], symbols,
                         why, sizeof why) == NULL)
        return tts_error_set(err, TTS_ERR_DEVICE, "cannot start audio output: %s", why);
    size_t next = 0;
#define TAKE_FUNCTION(name) pa.name = (__typeof__(pa.name))symbols[next++];
    PORTAUDIO_FUNCTIONS(TAKE_FUNCTION)
#undef TAKE_FUNCTION
    pa_loaded = true;
    return TTS_OK;
}

struct tts_device {
    PaStream *stream;
    char name[256];
    int sample_rate;
    int channels;            /* as the caller writes them */
    int device_channels;     /* as opened: 2 when the device refused mono */
    double latency;
    long buffer_frames;      /* room in an empty device buffer */
    bool running;
    bool stalled;            /* the device was full at the last look */
    struct timespec stalled_since;
    bool underflow;
    uint64_t discard;
    tts_device_wait wait;
    void *wait_user;
    /* TTSREAD_TEST_REALTIME=1 paces writes to the wall clock, for outputs
     * that swallow audio as fast as it comes (ALSA's null plugin, which the
     * tests capture through): keys then land at a known place in the audio. */
    bool paced;
    struct timespec started;
    uint64_t written_since_start;
    int16_t widened[CHUNK_FRAMES * 2];
};

/* Audio libraries print to stderr while they probe (ALSA, JACK): point fd 2
 * at /dev/null around those calls. Returns the saved descriptor, or -1. */
static int silence_stderr(void)
{
    fflush(stderr);
    int saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved >= 0 && null >= 0)
        dup2(null, STDERR_FILENO);
    if (null >= 0)
        close(null);
    return saved;
}

static void restore_stderr(int saved)
{
    if (saved < 0)
        return;
    dup2(saved, STDERR_FILENO);
    close(saved);
}

static tts_status open_device(const tts_device_options *options, tts_device **out,
                              tts_error *err);
static void close_device(tts_device *device);

/* The library started ahead by tts_device_warm_up, and the device opened
 * with it (opening probes the device again: about as long as starting). */
static struct {
    bool running;            /* the thread is started and not joined */
    bool ready;              /* it finished and nobody took its Pa_Initialize yet */
    pthread_t thread;
    tts_status loaded;       /* load_library's status, with its error */
    tts_error error;
    PaError result;          /* Pa_Initialize's, when the library loaded */
    tts_device_options options; /* as asked for, the name copied into `name` */
    char name[256];
    tts_device *device;      /* opened with `options`, or NULL */
    int saved_stderr;
} warm_up = {.saved_stderr = -1};

static void *warm_up_thread(void *unused)
{
    (void)unused;
    warm_up.loaded = load_library(&warm_up.error);
    if (warm_up.loaded == TTS_OK)
        warm_up.result = pa.Initialize();
    tts_error ignored; /* tts_device_open tries again, and reports */
    if (warm_up.loaded == TTS_OK && warm_up.result == paNoError &&
        open_device(&warm_up.options, &warm_up.device, &ignored) != TTS_OK)
        warm_up.device = NULL;
    return NULL;
}

void tts_device_warm_up(const tts_device_options *options)
{
    if (warm_up.running || warm_up.ready)
        return;
    warm_up.options = *options;
    if (options->name != NULL) {
        snprintf(warm_up.name, sizeof warm_up.name, "%s", options->name);
        warm_up.options.name = warm_up.name;
    }
    /* Probing must not launch a JACK server as a side effect; set here, since
     * setenv may not run beside the other thread's getenv. */
    setenv("JACK_NO_START_SERVER", "1", 0);
    /* Signals go to the main thread, whose waits they are meant to end. */
    sigset_t all, before;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &before);
    warm_up.saved_stderr = silence_stderr();
    warm_up.running = pthread_create(&warm_up.thread, NULL, warm_up_thread, NULL) == 0;
    pthread_sigmask(SIG_SETMASK, &before, NULL);
    if (!warm_up.running) {
        restore_stderr(warm_up.saved_stderr);
        warm_up.saved_stderr = -1;
    }
}

void tts_device_warm_up_wait(void)
{
    if (!warm_up.running)
        return;
    pthread_join(warm_up.thread, NULL);
    warm_up.running = false;
    warm_up.ready = true;
    restore_stderr(warm_up.saved_stderr);
    warm_up.saved_stderr = -1;
}

static void stop_library(void);

void tts_device_warm_up_release(void)
{
    tts_device_warm_up_wait();
    if (warm_up.device != NULL)
        close_device(warm_up.device);
    warm_up.device = NULL;
    if (warm_up.ready && warm_up.loaded == TTS_OK && warm_up.result == paNoError)
        stop_library();
    warm_up.ready = false;
}

static bool same_options(const tts_device_options *a, const tts_device_options *b)
{
    bool same_name = a->name == NULL ? b->name == NULL
                                     : b->name != NULL && strcmp(a->name, b->name) == 0;
    return same_name && a->sample_rate == b->sample_rate && a->channels == b->channels;
}

static tts_status start_library(tts_error *err)
{
    PaError error;
    tts_device_warm_up_wait();
    if (warm_up.ready) { /* started ahead: this caller's to use, and to stop */
        warm_up.ready = false;
        if (warm_up.loaded != TTS_OK) {
            *err = warm_up.error;
            return warm_up.loaded;
        }
        error = warm_up.result;
    } else {
        tts_status status = load_library(err);
        if (status != TTS_OK)
            return status;
        setenv("JACK_NO_START_SERVER", "1", 0);
        int saved = silence_stderr();
        error = pa.Initialize();
        restore_stderr(saved);
    }
    if (error != paNoError)
        return tts_error_set(err, TTS_ERR_DEVICE, "cannot start audio output: %s",
                             pa.GetErrorText(error));
    return TTS_OK;
}

static void stop_library(void)
{
    int saved = silence_stderr();
    pa.Terminate();
    restore_stderr(saved);
}

static bool is_output(PaDeviceIndex index)
{
    const PaDeviceInfo *info = pa.GetDeviceInfo(index);
    return info != NULL && info->maxOutputChannels > 0;
}

/* --device: an index, an exact name, or a part of one name. */
static tts_status find_device(const char *wanted, PaDeviceIndex *out, tts_error *err)
{
    PaDeviceIndex count = pa.GetDeviceCount();
    if (wanted == NULL) {
        *out = pa.GetDefaultOutputDevice();
        if (*out == paNoDevice || !is_output(*out))
            return tts_error_set(err, TTS_ERR_DEVICE, "%s", TTS_NO_DEVICE_MESSAGE);
        return TTS_OK;
    }
    char *end;
    long index = strtol(wanted, &end, 10);
    if (*wanted != '\0' && *end == '\0') {
        if (index < 0 || index >= count || !is_output((PaDeviceIndex)index))
            return tts_error_set(err, TTS_ERR_DEVICE,
                                 "no audio output device number %s (see --list-devices)", wanted);
        *out = (PaDeviceIndex)index;
        return TTS_OK;
    }
    PaDeviceIndex partial = paNoDevice;
    int partial_count = 0;
    for (PaDeviceIndex i = 0; i < count; i++) {
        if (!is_output(i))
            continue;
        const char *name = pa.GetDeviceInfo(i)->name;
        if (strcasecmp(name, wanted) == 0) {
            *out = i;
            return TTS_OK;
        }
        if (strcasestr(name, wanted) != NULL) {
            partial = i;
            partial_count++;
        }
    }
    if (partial_count == 1) {
        *out = partial;
        return TTS_OK;
    }
    return tts_error_set(err, TTS_ERR_DEVICE, "%s audio output device matches '%s' (see --list-devices)",
                         partial_count ? "more than one" : "no", wanted);
}

/* Opens at the wanted rate and channels, else the device's own rate, else stereo. */
static tts_status open_stream(tts_device *device, PaDeviceIndex index, int wanted_rate,
                              tts_error *err)
{
    const PaDeviceInfo *info = pa.GetDeviceInfo(index);
    double latency = info->defaultHighOutputLatency > DEVICE_LATENCY_SECONDS
                         ? info->defaultHighOutputLatency
                         : DEVICE_LATENCY_SECONDS;
    int rates[2] = {wanted_rate, (int)info->defaultSampleRate};
    int channel_choices[2] = {device->channels, 2};
    PaError error = paInvalidSampleRate;
    for (int r = 0; r < 2; r++) {
        for (int c = 0; c < 2; c++) {
            PaStreamParameters parameters = {index, channel_choices[c], paInt16, latency, NULL};
            if (channel_choices[c] > info->maxOutputChannels || rates[r] <= 0)
                continue;
            /* Opening checks the format as IsFormatSupported would, which
             * probes the device once more (milliseconds before the first sound). */
            error = pa.OpenStream(&device->stream, NULL, &parameters, rates[r],
                                  paFramesPerBufferUnspecified, paNoFlag, NULL, NULL);
            if (error == paNoError) {
                device->sample_rate = rates[r];
                device->device_channels = channel_choices[c];
                return TTS_OK;
            }
        }
    }
    return tts_error_set(err, TTS_ERR_DEVICE, "audio device %s cannot play 16-bit audio: %s",
                         info->name, pa.GetErrorText(error));
}

/* Opens the output on the started library; the caller silences stderr. */
static tts_status open_device(const tts_device_options *options, tts_device **out,
                              tts_error *err)
{
    tts_device *device = calloc(1, sizeof *device);
    if (device == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    device->channels = options->channels == 2 ? 2 : 1;
    const char *pace = getenv("TTSREAD_TEST_REALTIME");
    device->paced = pace != NULL && strcmp(pace, "1") == 0;
    PaDeviceIndex index = paNoDevice;
    tts_status status = find_device(options->name, &index, err);
    if (status == TTS_OK)
        status = open_stream(device, index, options->sample_rate, err);
    if (status != TTS_OK) {
        free(device);
        return status;
    }
    snprintf(device->name, sizeof device->name, "%s", pa.GetDeviceInfo(index)->name);
    device->latency = pa.GetStreamInfo(device->stream)->outputLatency;
    device->buffer_frames = pa.GetStreamWriteAvailable(device->stream);
    if (device->buffer_frames <= 0)
        device->buffer_frames = (long)(device->latency * device->sample_rate);
    *out = device;
    return TTS_OK;
}

/* Closes the stream, not the library. */
static void close_device(tts_device *device)
{
    int saved = silence_stderr();
    if (device->running)
        pa.AbortStream(device->stream);
    pa.CloseStream(device->stream);
    restore_stderr(saved);
    free(device);
}

tts_status tts_device_open(const tts_device_options *options, tts_device **out, tts_error *err)
{
    tts_device_warm_up_wait();
    tts_device *ready = warm_up.device;
    warm_up.device = NULL;
    if (ready != NULL && !same_options(&warm_up.options, options)) {
        close_device(ready);
        ready = NULL;
    }
    tts_status status = start_library(err);
    if (status != TTS_OK || ready != NULL) {
        *out = ready;
        return status;
    }
    int saved = silence_stderr();
    status = open_device(options, out, err);
    restore_stderr(saved);
    if (status != TTS_OK)
        stop_library();
    return status;
}

void tts_device_close(tts_device *device)
{
    if (device == NULL)
        return;
    close_device(device);
    stop_library();
}

int tts_device_sample_rate(const tts_device *device)
{
    return device->sample_rate;
}

const char *tts_device_name(const tts_device *device)
{
    return device->name;
}

double tts_device_latency(const tts_device *device)
{
    return device->latency;
}

void tts_device_set_wait(tts_device *device, tts_device_wait wait, void *user)
{
    device->wait = wait;
    device->wait_user = user;
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (now.tv_nsec - start->tv_nsec) / 1e9;
}

static tts_status device_lost(tts_device *device, PaError error, tts_error *err)
{
    return tts_error_set(err, TTS_ERR_DEVICE, "audio device %s stopped working (%s); playback ended",
                         device->name, pa.GetErrorText(error));
}

static tts_status start_stream(tts_device *device, tts_error *err)
{
    PaError error = pa.StartStream(device->stream);
    if (error != paNoError)
        return device_lost(device, error, err);
    device->running = true;
    device->stalled = false;
    device->written_since_start = 0;
    clock_gettime(CLOCK_MONOTONIC, &device->started);
    return TTS_OK;
}

/* Frames that can be written now without blocking; negative on a device error. */
static long writable_frames(tts_device *device)
{
    long room = pa.GetStreamWriteAvailable(device->stream);
    if (room < 0 || !device->paced)
        return room;
    double heard = seconds_since(&device->started) * device->sample_rate;
    double allowed = device->buffer_frames + heard - (double)device->written_since_start;
    return allowed < room ? (allowed > 0 ? (long)allowed : 0) : room;
}

static tts_status stopped_by_caller(tts_error *err)
{
    return tts_error_set(err, TTS_ERR_INTERRUPTED, "playback stopped");
}

tts_status tts_device_write(tts_device *device, const int16_t *frames, size_t count,
                            tts_error *err)
{
    size_t dropped = device->discard < count ? (size_t)device->discard : count;
    device->discard -= dropped;
    frames += dropped * (size_t)device->channels;
    count -= dropped;
    if (device->wait != NULL && device->wait(device->wait_user, 0))
        return stopped_by_caller(err);
    /* Poll a few times per buffer while it is full. */
    int wait_ms = (int)(device->buffer_frames * 1000L / device->sample_rate / 4);
    wait_ms = wait_ms < 2 ? 2 : wait_ms > 20 ? 20 : wait_ms;
    while (count > 0) {
        if (!device->running) {
            tts_status status = start_stream(device, err);
            if (status != TTS_OK)
                return status;
        }
        long room = writable_frames(device);
        if (room < 0)
            return device_lost(device, (PaError)room, err);
        if (room == 0) {
            if (!device->stalled) {
                device->stalled = true;
                clock_gettime(CLOCK_MONOTONIC, &device->stalled_since);
            } else if (seconds_since(&device->stalled_since) > STALL_SECONDS) {
                return device_lost(device, paTimedOut, err);
            }
            if (device->wait != NULL ? device->wait(device->wait_user, wait_ms)
                                     : nanosleep(&(struct timespec){0, wait_ms * 1000000L}, NULL) < 0)
                return stopped_by_caller(err);
            continue;
        }
        device->stalled = false;
        size_t chunk = count < (size_t)room ? count : (size_t)room;
        if (chunk > CHUNK_FRAMES)
            chunk = CHUNK_FRAMES;
        const int16_t *data = frames;
        if (device->device_channels != device->channels) {
            for (size_t i = 0; i < chunk; i++)
                device->widened[2 * i] = device->widened[2 * i + 1] = frames[i];
            data = device->widened;
        }
            PaError error = pa.WriteStream(device->stream, data, (unsigned long)chunk);
        /* PortAudio reports an underrun on the write after it, with the data written. */
        if (error == paOutputUnderflowed && device->written_since_start > 0)
            device->underflow = true;
        else if (error != paNoError && error != paOutputUnderflowed)
            return device_lost(device, error, err);
        device->written_since_start += chunk;
        frames += chunk * (size_t)device->channels;
        count -= chunk;
    }
    return TTS_OK;
}

size_t tts_device_queued(tts_device *device)
{
    if (!device->running)
        return 0;
    double queued;
    if (device->paced)
        queued = (double)device->written_since_start -
                 seconds_since(&device->started) * device->sample_rate;
    else
        queued = (double)(device->buffer_frames - pa.GetStreamWriteAvailable(device->stream));
    if (queued > (double)device->written_since_start)
        queued = (double)device->written_since_start;
    return queued > 0 ? (size_t)queued : 0;
}

void tts_device_discard(tts_device *device, uint64_t frames)
{
    device->discard = frames;
}

uint64_t tts_device_discarding(const tts_device *device)
{
    return device->discard;
}

static tts_status stop_stream(tts_device *device, bool drop, tts_error *err)
{
    if (!device->running)
        return TTS_OK;
    device->running = false;
    PaError error = drop ? pa.AbortStream(device->stream) : pa.StopStream(device->stream);
    if (error != paNoError)
        return device_lost(device, error, err);
    return TTS_OK;
}

tts_status tts_device_pause(tts_device *device, tts_error *err)
{
    return stop_stream(device, false, err);
}

tts_status tts_device_flush(tts_device *device, tts_error *err)
{
    return stop_stream(device, true, err);
}

tts_status tts_device_drain(tts_device *device, tts_error *err)
{
    if (device->running && device->paced) {
        /* The wall clock, not the device, says when paced audio has been heard. */
        double remaining = (double)tts_device_queued(device) / device->sample_rate;
        nanosleep(&(struct timespec){(time_t)remaining, (long)(fmod(remaining, 1.0) * 1e9)}, NULL);
    }
    return stop_stream(device, false, err);
}

int tts_device_take_underflow(tts_device *device)
{
    int underflow = device->underflow;
    device->underflow = false;
    return underflow;
}

const char *tts_device_library_version(void)
{
    tts_error err;
    if (load_library(&err) != TTS_OK)
        return "PortAudio (" PORTAUDIO_LIBRARY " cannot be loaded)";
    return pa.GetVersionText();
}

tts_status tts_device_list(FILE *stream, tts_error *err)
{
    tts_status status = start_library(err);
    if (status != TTS_OK)
        return status;
    PaDeviceIndex count = pa.GetDeviceCount();
    PaDeviceIndex default_index = pa.GetDefaultOutputDevice();
    int listed = 0;
    for (PaDeviceIndex i = 0; i < count; i++) {
        if (!is_output(i))
            continue;
        const PaDeviceInfo *info = pa.GetDeviceInfo(i);
        const PaHostApiInfo *api = pa.GetHostApiInfo(info->hostApi);
        fprintf(stream, "%s%3d  %s  (%s, %d channels, %.0f Hz)\n", i == default_index ? "* " : "  ",
                i, info->name, api ? api->name : "?", info->maxOutputChannels,
                info->defaultSampleRate);
        listed++;
    }
    stop_library();
    if (listed == 0)
        return tts_error_set(err, TTS_ERR_DEVICE, "%s", TTS_NO_DEVICE_MESSAGE);
    return TTS_OK;
}

/* libsndfile's own float -> 16-bit conversion with clipping on (pcm.c,
 * f2les_clip_array): scale to 32 bits, round, keep the top 16 bits, which
 * floors where lrintf(x * 32768) would round. Doing the same here makes
 * the device hear exactly the samples -o writes. */
static int16_t float_to_sample(float value)
{
    float scaled = value * (8.0f * 0x10000000);
    if ((double)scaled >= 1.0 * 0x7FFFFFFF)
        return 32767;
    if ((double)scaled <= -8.0 * 0x10000000)
        return -32768;
    return (int16_t)((int)lrintf(scaled) >> 16);
}

static tts_status device_sink_write(tts_sink *sink, const float *frames, size_t count,
                                    tts_error *err)
{
    int16_t samples[CHUNK_FRAMES * 2];
    size_t channels = (size_t)sink->format.channels;
    while (count > 0) {
        size_t chunk = count < CHUNK_FRAMES ? count : CHUNK_FRAMES;
        for (size_t i = 0; i < chunk * channels; i++)
            samples[i] = float_to_sample(frames[i]);
        tts_status status = tts_device_write(sink->state, samples, chunk, err);
        if (status != TTS_OK)
            return status;
        frames += chunk * channels;
        count -= chunk;
    }
    return TTS_OK;
}

static tts_status device_sink_close(tts_sink *sink, tts_error *err)
{
    (void)sink;
    (void)err;
    return TTS_OK;
}

static const sink_handler device_sink_handler = {"device", "", 0, NULL, device_sink_write,
                                                 device_sink_close};

tts_status tts_device_sink_open(tts_device *device, tts_sink **out, tts_error *err)
{
    tts_sink *sink = calloc(1, sizeof *sink);
    if (sink == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    sink->handler = &device_sink_handler;
    sink->format = (tts_audio_format){.sample_rate = device->sample_rate, .channels = device->channels};
    sink->fd = -1;
    sink->to_stdout = 1; /* not a file: nothing to rename or remove */
    sink->signal_slot = -1;
    snprintf(sink->path, sizeof sink->path, "%s", device->name);
    sink->state = device;
    *out = sink;
    return TTS_OK;
}
