/* opus.c: Ogg Opus files, encoded with libopus and paged with libogg here
 * rather than by libsndfile (the only includer of both). */
#include "sink_internal.h"
#include "util/unshared.h"

#include <errno.h>
#include <ogg/ogg.h>
#include <opus.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

/* Why not libsndfile: it encodes through opus_multistream_encode_float,
 * which runs CPUID on every 20 ms packet to pick its code path; on a
 * virtual machine each CPUID traps to the hypervisor, a third of the time
 * (perf, the seed x10 at 24 kHz). It also fixes complexity 10 and offers
 * no way to change it. opus_encode_float, single-stream, did the same
 * packets at 237x real time instead of 165x.
 * Settings for speech (bench/formats.sh, the seed x10 at 24 kHz): 68.5
 * kbit/s per channel VBR, the bitrate libsndfile wrote at our compression
 * 0.75, where libopus codes speech with CELT (at 35 kbit/s it chooses SILK,
 * 3 times slower; 106 to 256 kbit/s were no faster); complexity 5 of 10:
 * 340x real time, where 10 made the same size at 240x, too close to the
 * 200x target on a busy machine. */
#define TTS_OPUS_BITRATE 68500
#ifndef TTS_OPUS_COMPLEXITY /* -DTTS_OPUS_COMPLEXITY=10 to compare */
#define TTS_OPUS_COMPLEXITY 5
#endif
#define PACKET_MS 20
#define MAX_PACKET_BYTES 4000
/* One stream per file: any serial number will do, and a fixed one makes
 * renders of the same text the same bytes. */
#define STREAM_SERIAL 0x74747372

typedef struct opus_state {
    OpusEncoder *encoder;
    ogg_stream_state stream;
    int factor;               /* 48000 / rate: granule positions count 48 kHz samples */
    int frame;                /* samples per channel in a packet */
    uint64_t preskip;         /* the encoder's delay, in 48 kHz samples */
    uint64_t given;           /* samples per channel written to the sink */
    uint64_t encoded;         /* samples per channel in packets, padding included */
    ogg_int64_t packet_number;
    int filled;               /* samples per channel waiting in `pending` */
    float pending[48000 / 1000 * PACKET_MS * 2];
    unsigned char packet[MAX_PACKET_BYTES];
} opus_state;

static tts_status write_bytes(tts_sink *sink, const unsigned char *bytes, long length,
                              tts_error *err)
{
    while (length > 0) {
        ssize_t written = write(sink->fd, bytes, (size_t)length);
        if (written < 0 && errno == EINTR)
            continue;
        if (written < 0)
            return tts_error_set(err, TTS_ERR_IO, "%s: %s", sink->path, strerror(errno));
        bytes += written;
        length -= written;
    }
    return TTS_OK;
}

/* Writes the pages libogg has filled, or every page when `flush`. */
static tts_status write_pages(tts_sink *sink, opus_state *state, bool flush, tts_error *err)
{
    ogg_page page;
    while (flush ? ogg_stream_flush(&state->stream, &page) : ogg_stream_pageout(&state->stream, &page)) {
        tts_status status = write_bytes(sink, page.header, page.header_len, err);
        if (status == TTS_OK)
            status = write_bytes(sink, page.body, page.body_len, err);
        if (status != TTS_OK)
            return status;
    }
    return TTS_OK;
}

static tts_status add_packet(tts_sink *sink, opus_state *state, unsigned char *bytes, long length,
                             ogg_int64_t granule, bool last, tts_error *err)
{
    ogg_packet packet = {.packet = bytes,
                         .bytes = length,
                         .b_o_s = state->packet_number == 0,
                         .e_o_s = last,
                         .granulepos = granule,
                         .packetno = state->packet_number++};
    if (ogg_stream_packetin(&state->stream, &packet) != 0)
        return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", sink->path);
    return TTS_OK;
}

static void put_le32(unsigned char *at, uint32_t value)
{
    for (int i = 0; i < 4; i++)
        at[i] = (unsigned char)(value >> (8 * i));
}

/* Appends one Vorbis comment ("TITLE=..."), if it has a value and fits. */
static size_t put_comment(unsigned char *at, size_t room, const char *field, const char *value,
                          uint32_t *count)
{
    if (value == NULL || value[0] == '\0')
        return 0;
    size_t field_length = strlen(field), value_length = strlen(value);
    if (4 + field_length + value_length > room)
        return 0;
    put_le32(at, (uint32_t)(field_length + value_length));
    memcpy(at + 4, field, field_length);
    memcpy(at + 4 + field_length, value, value_length);
    (*count)++;
    return 4 + field_length + value_length;
}

/* The two header packets of RFC 7845: OpusHead, then OpusTags with the
 * same Vorbis comments libsndfile wrote (TITLE, ARTIST, COMMENT, ENCODER),
 * each on pages of their own. */
static tts_status write_headers(tts_sink *sink, opus_state *state, int rate, tts_error *err)
{
    unsigned char head[19] = "OpusHead";
    head[8] = 1; /* version */
    head[9] = (unsigned char)sink->format.channels;
    head[10] = (unsigned char)(state->preskip & 0xff);
    head[11] = (unsigned char)(state->preskip >> 8);
    put_le32(head + 12, (uint32_t)rate);
    /* output gain 0 and channel mapping family 0: bytes 16 to 18 stay 0 */
    tts_status status = add_packet(sink, state, head, sizeof head, 0, false, err);
    if (status == TTS_OK)
        status = write_pages(sink, state, true, err);
    if (status != TTS_OK)
        return status;

    static unsigned char tags[8192 + 4096]; /* written before any audio: one at a time */
    char comment[4096 + 64];
    tts_sink_tags_comment(&sink->format.tags, comment, sizeof comment);
    const char *vendor = opus_get_version_string();
    size_t used = 8, vendor_length = strlen(vendor);
    memcpy(tags, "OpusTags", 8);
    put_le32(tags + used, (uint32_t)vendor_length);
    memcpy(tags + used + 4, vendor, vendor_length);
    used += 4 + vendor_length;
    size_t count_at = used;
    used += 4;
    uint32_t count = 0;
    used += put_comment(tags + used, sizeof tags - used, "TITLE=", sink->format.tags.title, &count);
    used += put_comment(tags + used, sizeof tags - used, "ARTIST=", sink->format.tags.artist, &count);
    used += put_comment(tags + used, sizeof tags - used, "COMMENT=", comment, &count);
    used += put_comment(tags + used, sizeof tags - used, "ENCODER=", "ttsread", &count);
    put_le32(tags + count_at, count);
    status = add_packet(sink, state, tags, (long)used, 0, false, err);
    return status == TTS_OK ? write_pages(sink, state, true, err) : status;
}

static tts_status opus_open(tts_sink *sink, tts_error *err)
{
    int rate = sink->format.sample_rate, channels = sink->format.channels;
    if ((rate != 8000 && rate != 12000 && rate != 16000 && rate != 24000 && rate != 48000) ||
        channels < 1 || channels > 2)
        return tts_error_set(err, TTS_ERR_AUDIO,
                             "%s: opus cannot hold %d Hz, %d channel(s) (Opus takes 8000, 12000, "
                             "16000, 24000 or 48000 Hz: use --rate)",
                             sink->path, rate, channels);
    opus_state *state = tts_unshared_alloc(sizeof *state);
    if (state == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", sink->path);
    memset(state, 0, sizeof *state);
    int error = OPUS_OK, lookahead = 0;
    state->encoder = opus_encoder_create(rate, channels, OPUS_APPLICATION_AUDIO, &error);
    if (state->encoder == NULL) {
        tts_unshared_free(state, sizeof *state);
        return tts_error_set(err, TTS_ERR_AUDIO, "%s: %s", sink->path, opus_strerror(error));
    }
    opus_encoder_ctl(state->encoder, OPUS_SET_BITRATE(TTS_OPUS_BITRATE * channels));
    opus_encoder_ctl(state->encoder, OPUS_SET_COMPLEXITY(TTS_OPUS_COMPLEXITY));
    opus_encoder_ctl(state->encoder, OPUS_GET_LOOKAHEAD(&lookahead));
    state->factor = 48000 / rate;
    state->frame = rate / 1000 * PACKET_MS;
    state->preskip = (uint64_t)lookahead * (uint64_t)state->factor;
    ogg_stream_init(&state->stream, STREAM_SERIAL);
    tts_status status = write_headers(sink, state, rate, err);
    if (status != TTS_OK) { /* tts_sink_open closes the descriptor */
        ogg_stream_clear(&state->stream);
        opus_encoder_destroy(state->encoder);
        tts_unshared_free(state, sizeof *state);
        return status;
    }
    sink->state = state;
    return TTS_OK;
}

/* Encodes the pending packet; the last one carries the end of the audio as
 * its granule position, so that players drop the padding after it. */
static tts_status encode_pending(tts_sink *sink, opus_state *state, bool last, tts_error *err)
{
    opus_int32 length = opus_encode_float(state->encoder, state->pending, state->frame,
                                          state->packet, sizeof state->packet);
    if (length < 0)
        return tts_error_set(err, TTS_ERR_AUDIO, "%s: %s", sink->path, opus_strerror(length));
    state->encoded += (uint64_t)state->frame;
    state->filled = 0;
    uint64_t granule = last ? state->given * (uint64_t)state->factor + state->preskip
                            : state->encoded * (uint64_t)state->factor;
    tts_status status = add_packet(sink, state, state->packet, length, (ogg_int64_t)granule, last, err);
    return status == TTS_OK ? write_pages(sink, state, last, err) : status;
}

static tts_status opus_write(tts_sink *sink, const float *frames, size_t count, tts_error *err)
{
    opus_state *state = sink->state;
    size_t channels = (size_t)sink->format.channels;
    state->given += count;
    while (count > 0) {
        size_t take = (size_t)(state->frame - state->filled);
        take = take < count ? take : count;
        memcpy(state->pending + (size_t)state->filled * channels, frames, take * channels * sizeof *frames);
        state->filled += (int)take;
        frames += take * channels;
        count -= take;
        if (state->filled == state->frame) {
            tts_status status = encode_pending(sink, state, false, err);
            if (status != TTS_OK)
                return status;
        }
    }
    return TTS_OK;
}

static tts_status opus_close(tts_sink *sink, tts_error *err)
{
    opus_state *state = sink->state;
    tts_status status = TTS_OK;
    if (state != NULL && err != NULL) {
        /* Silence after the audio until the encoder's delay is out too. */
        uint64_t end = state->given * (uint64_t)state->factor + state->preskip;
        bool last = false;
        while (status == TTS_OK && !last) {
            size_t channels = (size_t)sink->format.channels;
            memset(state->pending + (size_t)state->filled * channels, 0,
                   (size_t)(state->frame - state->filled) * channels * sizeof(float));
            last = (state->encoded + (uint64_t)state->frame) * (uint64_t)state->factor >= end;
            status = encode_pending(sink, state, last, err);
        }
    }
    if (state != NULL) {
        ogg_stream_clear(&state->stream);
        opus_encoder_destroy(state->encoder);
        tts_unshared_free(state, sizeof *state);
        sink->state = NULL;
    }
    close(sink->fd);
    return status;
}

const sink_handler tts_sink_opus_handler = {"opus", "opus", 0, opus_open, opus_write, opus_close};
