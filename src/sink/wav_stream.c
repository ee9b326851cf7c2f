/* wav_stream.c: WAV (or raw PCM) on stdout. libsndfile refuses to write WAV
 * to a pipe, so this writes the header by hand with the data size set to the
 * maximum, the convention streaming tools (sox, ffmpeg, aplay) accept. */
#include "sink_internal.h"

#include <errno.h>
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

/* Converted by the function 16-bit files use, so `-o -` matches `-o
 * file.wav` sample for sample; tests/e2e/output.sh checks it. */
static tts_status pcm_stream_write(tts_sink *sink, const float *frames, size_t count,
                                   tts_error *err)
{
    int16_t samples[4096];
    unsigned char bytes[sizeof samples];
    size_t total = count * (size_t)sink->format.channels;
    for (size_t done = 0; done < total;) {
        size_t block = total - done < 4096 ? total - done : 4096;
        tts_sink_pcm16_from_float(frames + done, samples, block);
        for (size_t i = 0; i < block; i++)
            put_u16(bytes + 2 * i, (uint16_t)samples[i]);
        tts_status status = write_bytes(sink, bytes, 2 * block, err);
        if (status != TTS_OK)
            return status;
        done += block;
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
