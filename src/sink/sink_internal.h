/* sink_internal.h: the handler table behind tts_sink, shared by the sink
 * files (one file per kind of output, like SoX's effects). */
#ifndef TTSREAD_SINK_INTERNAL_H
#define TTSREAD_SINK_INTERNAL_H

#include "ttsread/sink.h"

typedef struct sink_handler {
    const char *name;        /* "wav", "flac", ... as given to --format */
    const char *extensions;  /* space-separated, without dots */
    int library_format;      /* handler-specific (libsndfile's SF_FORMAT_* bits) */
    tts_status (*open)(tts_sink *sink, tts_error *err);
    tts_status (*write)(tts_sink *sink, const float *frames, size_t count, tts_error *err);
    tts_status (*close)(tts_sink *sink, tts_error *err); /* flush and release, before rename */
} sink_handler;

struct tts_sink {
    const sink_handler *handler;
    tts_audio_format format;
    int fd;                  /* the temporary file, or stdout */
    int to_stdout;
    char path[4096];         /* final name */
    char temporary[4096];    /* where it is written until commit */
    int signal_slot;
    void *state;             /* the handler's own */
    tts_chapter *cues;       /* written at close by handlers that can (owned) */
    size_t cue_count;
    size_t unsynced_frames;  /* written since writeback was last started */
};

/* Converts `count` samples to 16 bits as libsndfile 1.2 does with clipping
 * on (scaled to 32 bits, rounded to nearest even, clipped, top 16 bits
 * kept), for every 16-bit output: files and `-o -` then hold the same
 * samples. */
void tts_sink_pcm16_from_float(const float *samples, int16_t *out, size_t count);

extern const sink_handler tts_sink_sndfile_handlers[];
extern const size_t tts_sink_sndfile_handler_count;
extern const sink_handler tts_sink_wav_stream_handler;
extern const sink_handler tts_sink_raw_stream_handler;

#endif
