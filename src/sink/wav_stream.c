/* wav_stream.c: WAV (or raw PCM) on stdout. libsndfile refuses to write WAV
 * to a pipe, so this writes the header by hand with the data size set to the
 * maximum, the convention streaming tools (sox, ffmpeg, aplay) accept. */
#include "sink_internal.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

static void put_u32(unsigned char *at, uint32_t value)
{
    for (int i = 0; i < 4; i++)
        at[i] = (unsigned char)(value >> (8 * i));
}

static void put_u16(unsigned char *at, uint16_t value)
{
    at[0] = (unsigned char)value;
    at[1] = (unsigned char)(value >> 8);
}

static tts_status write_bytes(tts_sink *sink, const void *bytes, size_t length, tts_error *err)
{
    const unsigned char *cursor = bytes;
    while (length > 0) {
        ssize_t written = write(sink->fd, cursor, length);
        if (written < 0 && errno == EINTR)
            continue;
        if (written < 0)
            return tts_error_set(err, errno == EPIPE ? TTS_ERR_CLOSED : TTS_ERR_IO,
                                 "standard output: %s", strerror(errno));
        cursor += written;
        length -= (size_t)written;
    }
    return TTS_OK;
}

static tts_status wav_stream_open(tts_sink *sink, tts_error *err)
{
    unsigned char header[44];
    uint16_t channels = (uint16_t)sink->format.channels;
    uint32_t rate = (uint32_t)sink->format.sample_rate;
    memcpy(header, "RIFF", 4);
    put_u32(header + 4, 0xFFFFFFFFu);
    memcpy(header + 8, "WAVEfmt ", 8);
    put_u32(header + 16, 16);
    put_u16(header + 20, 1); /* PCM */
    put_u16(header + 22, channels);
    put_u32(header + 24, rate);
    put_u32(header + 28, rate * channels * 2);
    put_u16(header + 32, (uint16_t)(channels * 2));
    put_u16(header + 34, 16);
    memcpy(header + 36, "data", 4);
    put_u32(header + 40, 0xFFFFFFFFu);
    return write_bytes(sink, header, sizeof header, err);
}

static tts_status raw_stream_open(tts_sink *sink, tts_error *err)
{
    (void)sink;
    (void)err;
    return TTS_OK;
}

/* The float -> 16-bit conversion libsndfile 1.2 applies with clipping on
 * (to 32 bits rounded to nearest, clipped, then the top 16 bits), so `-o -`
 * matches `-o file.wav` sample for sample; tests/e2e/output.sh checks it. */
static tts_status pcm_stream_write(tts_sink *sink, const float *frames, size_t count,
                                   tts_error *err)
{
    unsigned char bytes[8192];
    size_t total = count * (size_t)sink->format.channels, used = 0;
    for (size_t i = 0; i < total; i++) {
        float scaled = frames[i] * 2147483648.0f;
        long wide = scaled >= 2147483647.0f ? 2147483647L : scaled <= -2147483648.0f ? -2147483647L - 1
                                                                                   : lrintf(scaled);
        long value = wide >> 16;
        put_u16(bytes + used, (uint16_t)(int16_t)value);
        used += 2;
        if (used == sizeof bytes || i + 1 == total) {
            tts_status status = write_bytes(sink, bytes, used, err);
            if (status != TTS_OK)
                return status;
            used = 0;
        }
    }
    return TTS_OK;
}

static tts_status stream_close(tts_sink *sink, tts_error *err)
{
    (void)sink;
    (void)err;
    return TTS_OK;
}

const sink_handler tts_sink_wav_stream_handler = {
    "wav", "wav", 0, wav_stream_open, pcm_stream_write, stream_close,
};
const sink_handler tts_sink_raw_stream_handler = {
    "raw", "raw", 0, raw_stream_open, pcm_stream_write, stream_close,
};
