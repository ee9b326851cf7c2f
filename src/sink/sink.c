/* sink.c: picks the output handler for a path or --format, and makes every
 * file appear atomically: written under a temporary name in the same folder,
 * renamed when complete, removed on failure or interruption. */
#include "sink_internal.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/atomic.h"
#include "util/signals.h"

static const sink_handler *find_handler(const char *path, const char *format_name, int to_stdout)
{
    const char *wanted = format_name;
    if (wanted == NULL && !to_stdout) {
        const char *dot = strrchr(path, '.');
        const char *slash = strrchr(path, '/');
        struct stat existing;
        bool device = stat(path, &existing) == 0 && (S_ISCHR(existing.st_mode) ||
                                                     S_ISFIFO(existing.st_mode));
        if ((dot == NULL || (slash != NULL && dot < slash)) && !device)
            return NULL;
        /* a device or FIFO written in place takes a WAV stream unless its name says */
        wanted = dot == NULL || (slash != NULL && dot < slash) ? "wav" : dot + 1;
    }
    if (to_stdout)
        return wanted == NULL || strcasecmp(wanted, "wav") == 0 ? &tts_sink_wav_stream_handler
               : strcasecmp(wanted, "raw") == 0                  ? &tts_sink_raw_stream_handler
                                                                 : NULL;
    for (size_t i = 0; i < tts_sink_sndfile_handler_count; i++) {
        const sink_handler *handler = &tts_sink_sndfile_handlers[i];
        if (format_name != NULL) {
            if (strcasecmp(handler->name, wanted) == 0)
                return handler;
            continue;
        }
        char extensions[64];
        snprintf(extensions, sizeof extensions, "%s", handler->extensions);
        char *saveptr = NULL;
        for (char *extension = strtok_r(extensions, " ", &saveptr); extension;
             extension = strtok_r(NULL, " ", &saveptr))
            if (strcasecmp(extension, wanted) == 0)
                return handler;
    }
    return NULL;
}

/* The only rates libopus and LAME take. */
static const int opus_rates[] = {8000, 12000, 16000, 24000, 48000};
static const int mp3_rates[] = {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000};

int tts_sink_rate_for(const char *path, const char *format_name, int rate)
{
    const sink_handler *handler = find_handler(path, format_name, strcmp(path, "-") == 0);
    if (handler == NULL || strcmp(handler->name, "opus") != 0)
        return rate;
    for (size_t i = 0; i < sizeof opus_rates / sizeof opus_rates[0]; i++)
        if (rate <= opus_rates[i])
            return opus_rates[i];
    return 48000;
}

int tts_sink_rate_held(const char *path, const char *format_name, int rate,
                       const char **accepted)
{
    const sink_handler *handler = find_handler(path, format_name, strcmp(path, "-") == 0);
    bool mp3 = handler != NULL && strcmp(handler->name, "mp3") == 0;
    bool opus = handler != NULL && strcmp(handler->name, "opus") == 0;
    if (!mp3 && !opus)
        return 1;
    const int *rates = mp3 ? mp3_rates : opus_rates;
    size_t count = mp3 ? sizeof mp3_rates / sizeof *mp3_rates : sizeof opus_rates / sizeof *opus_rates;
    for (size_t i = 0; i < count; i++)
        if (rates[i] == rate)
            return 1;
    if (accepted != NULL)
        *accepted = mp3 ? "8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100 or 48000"
                        : "8000, 12000, 16000, 24000 or 48000";
    return 0;
}

int tts_sink_format_known(const char *path, const char *format_name)
{
    return find_handler(path, format_name, strcmp(path, "-") == 0) != NULL;
}

tts_status tts_sink_open(const char *path, const char *format_name, const tts_audio_format *format,
                         tts_sink **out, tts_error *err)
{
    int to_stdout = strcmp(path, "-") == 0;
    const sink_handler *handler = find_handler(path, format_name, to_stdout);
    if (handler == NULL)
        return tts_error_set(err, TTS_ERR_USAGE,
                             "%s: unknown audio format %s (use .wav .flac .ogg .opus .mp3 .aiff .raw)",
                             path, format_name ? format_name : "extension");
    tts_sink *sink = calloc(1, sizeof *sink);
    if (sink == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    sink->handler = handler;
    sink->format = *format;
    sink->to_stdout = to_stdout;
    sink->signal_slot = -1;
    sink->fd = -1;
    snprintf(sink->path, sizeof sink->path, "%s", path);
    tts_status status = TTS_OK;
    if (to_stdout) {
        sink->fd = STDOUT_FILENO;
    } else {
        status = tts_atomic_temporary(path, sink->temporary, sizeof sink->temporary, &sink->fd, err);
        if (status == TTS_OK && sink->temporary[0] != '\0')
            sink->signal_slot = tts_signals_track_temporary(sink->temporary);
    }
    if (status == TTS_OK)
        status = handler->open(sink, err);
    if (status != TTS_OK) {
        /* a handler that closed the descriptor itself set fd to -1 */
        if (!to_stdout && sink->fd >= 0)
            close(sink->fd);
        if (!to_stdout && sink->temporary[0] != '\0') {
            unlink(sink->temporary);
            tts_signals_untrack_temporary(sink->signal_slot);
        }
        free(sink);
        return status;
    }
    *out = sink;
    return TTS_OK;
}

#if defined(__SSE2__) && !defined(TTS_PORTABLE)
#include <emmintrin.h>

/* lrintf(s) >> 16, eight samples at a time: SSE2's conversion rounds as
 * lrintf does (to nearest, ties to even, in the default rounding mode), and
 * clipping the scaled samples to the largest float under 2^31 first keeps
 * the top 16 bits libsndfile keeps. */
void tts_sink_pcm16_from_float(const float *samples, int16_t *out, size_t count)
{
    const __m128 scale = _mm_set1_ps(2147483648.0f);
    const __m128 highest = _mm_set1_ps(2147483520.0f), lowest = _mm_set1_ps(-2147483648.0f);
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        __m128 low = _mm_mul_ps(_mm_loadu_ps(samples + i), scale);
        __m128 high = _mm_mul_ps(_mm_loadu_ps(samples + i + 4), scale);
        /* Operands in this order let NaN through, to become -32768 as in libsndfile. */
        low = _mm_max_ps(lowest, _mm_min_ps(highest, low));
        high = _mm_max_ps(lowest, _mm_min_ps(highest, high));
        __m128i packed = _mm_packs_epi32(_mm_srai_epi32(_mm_cvtps_epi32(low), 16),
                                         _mm_srai_epi32(_mm_cvtps_epi32(high), 16));
        _mm_storeu_si128((__m128i *)(out + i), packed);
    }
    for (; i < count; i++) {
        float scaled = samples[i] * 2147483648.0f;
        scaled = scaled > 2147483520.0f ? 2147483520.0f : scaled < -2147483648.0f ? -2147483648.0f : scaled;
        out[i] = (int16_t)(_mm_cvtss_si32(_mm_set_ss(scaled)) >> 16);
    }
}
#else
#include <math.h>

/* Elsewhere (and with TTS_PORTABLE, which make check-portable builds),
 * libsndfile's own formula a sample at a time; NaN becomes -32768 there. */
void tts_sink_pcm16_from_float(const float *samples, int16_t *out, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        float scaled = samples[i] * 2147483648.0f;
        long wide = scaled >= 2147483647.0f                  ? 2147483647L
                    : scaled <= -2147483648.0f || isnan(scaled) ? -2147483647L - 1
                                                             : lrintf(scaled);
        out[i] = (int16_t)(wide >> 16);
    }
}
#endif

/* Frames between two starts of writeback: some seconds of audio. */
#define WRITEBACK_FRAMES 262144

tts_status tts_sink_write(tts_sink *sink, const float *frames, size_t frame_count, tts_error *err)
{
    tts_status status = sink->handler->write(sink, frames, frame_count, err);
#ifdef SYNC_FILE_RANGE_WRITE
    /* The commit's fsync would wait for every page at once; starting
     * writeback as the file grows (without waiting) leaves it little to do. */
    sink->unsynced_frames += frame_count;
    if (status == TTS_OK && sink->temporary[0] != '\0' && sink->unsynced_frames >= WRITEBACK_FRAMES) {
        sync_file_range(sink->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
        sink->unsynced_frames = 0;
    }
#endif
    return status;
}

tts_status tts_sink_commit(tts_sink *sink, tts_error *err)
{
    tts_status status = sink->handler->close(sink, err);
    if (!sink->to_stdout && sink->temporary[0] != '\0') {
        if (status == TTS_OK && rename(sink->temporary, sink->path) != 0)
            status = tts_error_set(err, TTS_ERR_IO, "%s: cannot rename into place: %s", sink->path,
                                   strerror(errno));
        if (status != TTS_OK)
            unlink(sink->temporary);
        tts_signals_untrack_temporary(sink->signal_slot);
    }
    free(sink->cues);
    free(sink);
    return status;
}

void tts_sink_abort(tts_sink *sink)
{
    if (sink == NULL)
        return;
    sink->handler->close(sink, NULL);
    if (!sink->to_stdout && sink->temporary[0] != '\0') {
        unlink(sink->temporary);
        tts_signals_untrack_temporary(sink->signal_slot);
    }
    free(sink->cues);
    free(sink);
}

int tts_sink_holds_cues(const char *path, const char *format_name)
{
    const sink_handler *handler = find_handler(path, format_name, strcmp(path, "-") == 0);
    return handler != NULL && strcmp(handler->name, "wav") == 0 &&
           handler != &tts_sink_wav_stream_handler;
}

tts_status tts_sink_set_cues(tts_sink *sink, const tts_chapter *chapters, size_t count,
                             tts_error *err)
{
    tts_chapter *copy = count ? malloc(count * sizeof *copy) : NULL;
    if (count && copy == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    if (count)
        memcpy(copy, chapters, count * sizeof *copy);
    free(sink->cues);
    sink->cues = copy;
    sink->cue_count = count;
    return TTS_OK;
}


