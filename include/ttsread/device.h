/* device.h: the audio output device (PortAudio, in src/sink/portaudio.c):
 * open, write 16-bit frames, pause, flush, drain; the player drives it. */
#ifndef TTSREAD_DEVICE_H
#define TTSREAD_DEVICE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ttsread/error.h"
#include "ttsread/sink.h"

/* The message for a machine without sound output, the same everywhere. */
#define TTS_NO_DEVICE_MESSAGE "no audio output device; use -o FILE to write audio instead"

typedef struct tts_device tts_device;

typedef struct tts_device_options {
    const char *name;   /* --device: an index or (part of) a name as --list-devices prints; NULL = default */
    int sample_rate;    /* wanted; the device's own rate when it refuses this one */
    int channels;       /* 1 or 2, as the caller writes them */
} tts_device_options;

/* While the device is full, a write calls wait(user, timeout_ms), which may
 * block up to timeout_ms (reading keys, say) and returns non-zero to abandon
 * the write (which then fails with TTS_ERR_INTERRUPTED). It is also called
 * with timeout 0 before each write, so input is noticed on devices that
 * never fill up. */
typedef int (*tts_device_wait)(void *user, int timeout_ms);

/* Starts the audio library (PortAudio probes ALSA, JACK and OSS: about
 * 5 ms) and opens the device as `options` say (the name is copied) on a
 * thread of its own, to overlap what comes before the first sound;
 * tts_device_open then takes the started library, and the opened device
 * when asked for the same. Its chatter is silenced by pointing fd 2 at
 * /dev/null until tts_device_warm_up_wait: the caller must wait before it
 * prints anything. */
void tts_device_warm_up(const tts_device_options *options);
/* Returns once the thread has finished, with stderr restored; at once when
 * none runs. */
void tts_device_warm_up_wait(void);
/* Waits, and stops the library when no tts_device_open took it. */
void tts_device_warm_up_release(void);

/* Starts the audio library, with its own chatter on stderr silenced, and
 * opens the output; TTS_ERR_DEVICE with TTS_NO_DEVICE_MESSAGE when there is
 * none. The stream starts with the first write. */
tts_status tts_device_open(const tts_device_options *options, tts_device **out, tts_error *err);
/* Drops what is queued, closes the device and stops the library; safe with NULL. */
void tts_device_close(tts_device *device);

int tts_device_sample_rate(const tts_device *device);
const char *tts_device_name(const tts_device *device);
/* Seconds between a write and its sound, as the device reports it. */
double tts_device_latency(const tts_device *device);
void tts_device_set_wait(tts_device *device, tts_device_wait wait, void *user);

/* Writes interleaved 16-bit frames (the channel count of the options). */
tts_status tts_device_write(tts_device *device, const int16_t *frames, size_t count,
                            tts_error *err);
/* Frames written but not heard yet. */
size_t tts_device_queued(tts_device *device);
/* Drops the next `frames` frames written instead of playing them. */
void tts_device_discard(tts_device *device, uint64_t frames);
/* Frames still to drop. */
uint64_t tts_device_discarding(const tts_device *device);
/* Plays out what is queued, then stops until the next write. */
tts_status tts_device_pause(tts_device *device, tts_error *err);
/* Drops what is queued, for a jump elsewhere. */
tts_status tts_device_flush(tts_device *device, tts_error *err);
/* Returns when everything written has been heard. */
tts_status tts_device_drain(tts_device *device, tts_error *err);
/* True (once) when the device ran dry since the last call: playback starved. */
int tts_device_take_underflow(tts_device *device);

/* Prints the output devices, one a line ("* " marks the default);
 * TTS_ERR_DEVICE when there is none. */
tts_status tts_device_list(FILE *stream, tts_error *err);
/* The PortAudio build in use, for --version. */
const char *tts_device_library_version(void);

/* A sink for tts_mix that plays on device (borrowed). Floats become 16-bit
 * samples exactly as libsndfile writes them, so what is heard is what -o
 * writes. Free with tts_sink_abort. */
tts_status tts_device_sink_open(tts_device *device, tts_sink **out, tts_error *err);

#endif
