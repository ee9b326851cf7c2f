/* sink.h: where mixed audio goes (audio files through libsndfile, a WAV
 * stream on stdout), each output kind one handler in a small table; plus the
 * timed captions and JSON written from the finished timeline. */
#ifndef TTSREAD_SINK_H
#define TTSREAD_SINK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ttsread/cast.h"
#include "ttsread/error.h"
#include "ttsread/script.h"

typedef struct tts_audio_format {
    int sample_rate;
    int channels;
    const char *title;   /* tag for formats that carry one, or NULL */
} tts_audio_format;

typedef struct tts_sink tts_sink;

/* Opens an audio sink for `path` ("-" = WAV on stdout). `format_name`
 * ("wav", "flac", "ogg", "opus", "mp3", "aiff", "raw") forces a format,
 * NULL picks it from the extension. Files are written to a temporary name
 * in the same folder and renamed by tts_sink_commit. */
tts_status tts_sink_open(const char *path, const char *format_name, const tts_audio_format *format,
                         tts_sink **out, tts_error *err);
/* Writes interleaved float frames in -1..1. */
tts_status tts_sink_write(tts_sink *sink, const float *frames, size_t frame_count, tts_error *err);
/* Finishes the file, renames it into place and frees the sink. */
tts_status tts_sink_commit(tts_sink *sink, tts_error *err);
/* Removes the temporary file and frees the sink; safe with NULL. */
void tts_sink_abort(tts_sink *sink);
/* The sample rate to write `path` at when `rate` is wanted: `rate` itself,
 * or the nearest rate the format accepts (Opus: 8, 12, 16, 24 or 48 kHz). */
int tts_sink_rate_for(const char *path, const char *format_name, int rate);
/* True when the format named by path's extension (or format_name) is known. */
int tts_sink_format_known(const char *path, const char *format_name);
/* The libsndfile in use ("libsndfile-1.2.0"), for --version. */
const char *tts_sink_library_version(void);

/* One turn's place in the output, in samples of the output rate. */
typedef struct tts_timeline_word {
    uint64_t start;
    uint64_t end;
    size_t offset;     /* byte offset in the turn's text */
    size_t length;
} tts_timeline_word;

typedef struct tts_timeline_turn {
    size_t turn;       /* index into script->turns */
    uint64_t start;
    uint64_t end;
} tts_timeline_turn;

typedef struct tts_timeline {
    int sample_rate;
    tts_timeline_turn *turns;  /* owned */
    size_t count;
    size_t capacity;
    uint64_t total_samples;
} tts_timeline;

void tts_timeline_free(tts_timeline *timeline);

/* Writes captions for the timeline: .vtt (with <v Speaker>), .srt or .json,
 * chosen by path's extension; atomically, like audio. */
tts_status tts_captions_write(const char *path, const tts_script *script,
                              const tts_timeline *timeline, tts_error *err);

/* Prints the script as the --dump json document (schema in DESIGN.md).
 * palette and cast may be NULL (then no "voice" objects). */
tts_status tts_dump_json(FILE *stream, const tts_script *script, const tts_palette *palette,
                         const tts_cast *cast, tts_error *err);

/* One line of a batch manifest (JSON, no newline): input, output, status
 * ("rendered", "failed", "skipped"), error, duration, bytes, and the speakers
 * with their voices when script is not NULL. The caller frees the string. */
char *tts_manifest_line(const char *input, const char *output, const char *status,
                        const char *error, double seconds, long long bytes,
                        const tts_script *script, const tts_palette *palette, const tts_cast *cast);

/* Atomic text output shared by captions and other text files: opens a
 * temporary file beside path; commit renames it into place. */
typedef struct tts_atomic_file {
    FILE *stream;
    char path[4096];
    char temporary[4096];
    int signal_slot;
} tts_atomic_file;

tts_status tts_atomic_open(const char *path, tts_atomic_file *out, tts_error *err);
tts_status tts_atomic_commit(tts_atomic_file *file, tts_error *err);
void tts_atomic_abort(tts_atomic_file *file);

#endif
