/* sndfile.c: every audio file format goes through libsndfile: WAV, FLAC,
 * OGG/Vorbis, OGG/Opus, MP3, AIFF and headerless PCM. */
#include "sink_internal.h"
#include "util/strbuf.h"
#include "util/unshared.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sndfile.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* 16-bit samples wait here and reach the file in writes of 64 KiB: the
 * kernel's cost per write made 8 KiB writes cost twice as much. */
#define PENDING_SAMPLES 32768

typedef struct sndfile_state {
    SNDFILE *file;
    size_t pending_count;              /* samples, whole frames */
    int16_t pending[PENDING_SAMPLES];
} sndfile_state;

/* Encoder settings for speech, chosen by bench/formats.sh (the seed x10,
 * mono 22.05 kHz, 24 kHz for Opus; times real time on one core):
 * - FLAC: level 0 of 8 (libsndfile's default is 5). Lossless either way, and
 *   on speech level 0 came out no larger (192 kbit/s) at 3400x, not 2200x.
 * - Opus: 24 kHz, compression 0.75. libsndfile 1.2's ogg_opus.c maps the
 *   level to a VBR bitrate only, (1 - level) * 250 + 6 kbit/s per channel
 *   (68.5 here), always asks libopus for complexity 10 and accepts no
 *   SFC_SET_BITRATE_MODE. At 68.5 kbit/s libopus codes speech with CELT:
 *   ~150x; levels 0 to 0.6 (256 to 106 kbit/s) were no faster (~130x), 0.85
 *   (43 kbit/s) and the default (35) go to SILK at ~55x; 16 kHz gained 7 %.
 *   perf: a third of the time is the CPUID that opus_multistream_encode_float
 *   runs on every 20 ms packet to pick its code path, which traps to the
 *   hypervisor on a virtual machine; the rest is CELT itself. 200x would need
 *   the encoder without libsndfile (single-stream opus_encode_float, a lower
 *   complexity).
 * - MP3: compression 0.5, VBR about 69 kbit/s (the default is 80): 378x.
 * - Vorbis keeps libsndfile's quality 0.4 (52 kbit/s, 320x): lower saved
 *   little time for what it cost in quality.
 * A libsndfile that refuses a setting writes its default: the file is still
 * right, only larger or slower. */
static void set_speech_encoding(SNDFILE *file, int library_format)
{
    double level = -1;
    switch (library_format & SF_FORMAT_SUBMASK) {
    case SF_FORMAT_OPUS: level = 0.75; break;
    case SF_FORMAT_MPEG_LAYER_III: level = 0.5; break;
    default:
        if ((library_format & SF_FORMAT_TYPEMASK) == SF_FORMAT_FLAC)
            level = 0.0;
        break;
    }
    if (level >= 0)
        sf_command(file, SFC_SET_COMPRESSION_LEVEL, &level, sizeof level);
}

/* UTF-8 as ISO-8859-1, for MP3 tags: libsndfile 1.2.0 hands them to LAME,
 * which marks every ID3v2 frame ISO-8859-1, so UTF-8 bytes came back from
 * ffprobe and libsndfile as "JosÃ©". Characters beyond U+00FF become '?'.
 * The caller frees. */
static char *latin1_of(const char *text)
{
    size_t length = strlen(text);
    char *out = malloc(length + 1);
    if (out == NULL)
        return NULL;
    size_t used = 0;
    for (size_t i = 0; i < length;) {
        size_t sequence = tts_utf8_sequence(text + i, length - i);
        unsigned char lead = (unsigned char)text[i];
        if (sequence == 1)
            out[used++] = (char)lead;
        else if (sequence == 2 && lead <= 0xC3)
            out[used++] = (char)(((lead & 0x1F) << 6) | ((unsigned char)text[i + 1] & 0x3F));
        else
            out[used++] = '?';
        i += sequence ? sequence : 1;
    }
    out[used] = '\0';
    return out;
}

/* The title, speakers, language and source as tags, where the format has
 * them. libsndfile 1.2.0 writes the same strings in every tagged format
 * (measured, read back with ffprobe): WAV as LIST/INFO (INAM, IART, ICMT),
 * AIFF as NAME/AUTH/COMMENT chunks, FLAC, Vorbis and Opus as Vorbis
 * comments (TITLE, ARTIST, COMMENT), MP3 as ID3v2 frames; raw PCM has no
 * place for them. No field names the language or the source, so both go in
 * the comment, a line each ("language: en\nsource: story.txt"). */
static tts_status set_tags(SNDFILE *file, const tts_sink *sink, tts_error *err)
{
    if ((sink->handler->library_format & SF_FORMAT_TYPEMASK) == SF_FORMAT_RAW)
        return TTS_OK;
    const tts_audio_tags *tags = &sink->format.tags;
    char comment[4096 + 64] = "";
    size_t used = 0;
    if (tags->language != NULL && tags->language[0] != '\0')
        used += (size_t)snprintf(comment, sizeof comment, "language: %s", tags->language);
    if (tags->source != NULL && tags->source[0] != '\0' && used < sizeof comment)
        snprintf(comment + used, sizeof comment - used, "%ssource: %s", used ? "\n" : "",
                 tags->source);
    struct {
        int field;
        const char *value;
    } fields[] = {
        {SF_STR_TITLE, tags->title},
        {SF_STR_ARTIST, tags->artist},
        {SF_STR_COMMENT, comment},
        {SF_STR_SOFTWARE, "ttsread"},
    };
    bool latin1 = (sink->handler->library_format & SF_FORMAT_TYPEMASK) == SF_FORMAT_MPEG;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (fields[i].value == NULL || fields[i].value[0] == '\0')
            continue;
        char *converted = latin1 ? latin1_of(fields[i].value) : NULL;
        if (latin1 && converted == NULL)
            return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", sink->path);
        int failed = sf_set_string(file, fields[i].field, latin1 ? converted : fields[i].value);
        free(converted);
        if (failed)
            return tts_error_set(err, TTS_ERR_AUDIO, "%s: cannot write its tags: %s", sink->path,
                                 sf_strerror(file));
    }
    return TTS_OK;
}

static tts_status sndfile_open(tts_sink *sink, tts_error *err)
{
    SF_INFO info = {0};
    info.samplerate = sink->format.sample_rate;
    info.channels = sink->format.channels;
    info.format = sink->handler->library_format;
    if (!sf_format_check(&info))
        return tts_error_set(err, TTS_ERR_AUDIO, "%s: %s cannot hold %d Hz, %d channel(s)%s",
                             sink->path, sink->handler->name, info.samplerate, info.channels,
                             sink->handler->library_format & SF_FORMAT_OPUS
                                 ? " (Opus takes 8000, 12000, 16000, 24000 or 48000 Hz: use --rate)"
                                 : "");
    sndfile_state *state = tts_unshared_alloc(sizeof *state);
    if (state == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", sink->path);
    /* libsndfile closes the descriptor with the file (close_desc = TRUE). */
    SNDFILE *file = sf_open_fd(sink->fd, SFM_WRITE, &info, SF_TRUE);
    if (file == NULL) {
        tts_unshared_free(state, sizeof *state);
        return tts_error_set(err, TTS_ERR_AUDIO, "%s: %s", sink->path, sf_strerror(NULL));
    }
    /* Floats beyond full scale must clip, not wrap around. */
    sf_command(file, SFC_SET_CLIPPING, NULL, SF_TRUE);
    set_speech_encoding(file, sink->handler->library_format);
    tts_status status = set_tags(file, sink, err);
    if (status != TTS_OK) {
        sf_close(file);
        tts_unshared_free(state, sizeof *state);
        sink->fd = -1; /* closed with the file */
        return status;
    }
    state->file = file;
    state->pending_count = 0;
    sink->state = state;
    return TTS_OK;
}

static tts_status write_pending(tts_sink *sink, sndfile_state *state, tts_error *err)
{
    sf_count_t frames = (sf_count_t)(state->pending_count / (size_t)sink->format.channels);
    state->pending_count = 0;
    if (frames > 0 && sf_writef_short(state->file, state->pending, frames) != frames)
        return tts_error_set(err, TTS_ERR_AUDIO, "%s: write failed: %s", sink->path,
                             sf_strerror(state->file));
    return TTS_OK;
}

static tts_status sndfile_write(tts_sink *sink, const float *frames, size_t count, tts_error *err)
{
    sndfile_state *state = sink->state;
    size_t channels = (size_t)sink->format.channels;
    if ((sink->handler->library_format & SF_FORMAT_SUBMASK) != SF_FORMAT_PCM_16) {
        if (sf_writef_float(state->file, frames, (sf_count_t)count) != (sf_count_t)count)
            return tts_error_set(err, TTS_ERR_AUDIO, "%s: write failed: %s", sink->path,
                                 sf_strerror(state->file));
        return TTS_OK;
    }
    /* 16-bit samples converted here, as for `-o -`, then copied as they are. */
    size_t room_frames = PENDING_SAMPLES / channels;
    while (count > 0) {
        size_t pending_frames = state->pending_count / channels;
        size_t take = room_frames - pending_frames < count ? room_frames - pending_frames : count;
        tts_sink_pcm16_from_float(frames, state->pending + state->pending_count, take * channels);
        state->pending_count += take * channels;
        frames += take * channels;
        count -= take;
        if (pending_frames + take == room_frames) {
            tts_status status = write_pending(sink, state, err);
            if (status != TTS_OK)
                return status;
        }
    }
    return TTS_OK;
}

static void put_le32(FILE *stream, uint32_t value)
{
    unsigned char bytes[4] = {value & 0xFF, (value >> 8) & 0xFF, (value >> 16) & 0xFF, value >> 24};
    fwrite(bytes, 1, 4, stream);
}

/* Appends a "cue " chunk and its labels (LIST/adtl/labl) to the finished
 * WAV file and grows the RIFF size. Written by hand because libsndfile takes
 * cue points only before the first sample (SFC_SET_CUE fails with "file
 * already has audio data", even reopened with SFM_RDWR) while chapters are
 * known only after the last, and it writes no labels; it reads both back. */
static tts_status append_wav_cues(const char *path, const char *shown_path,
                                  const tts_chapter *cues, size_t count, tts_error *err)
{
    FILE *stream = fopen(path, "r+b");
    if (stream == NULL)
        return tts_error_set(err, TTS_ERR_IO, "%s: %s", shown_path, strerror(errno));
    fseek(stream, 0, SEEK_END);
    long size = ftell(stream);
    if (size & 1)
        fputc(0, stream); /* chunks start on even offsets */
    fwrite("cue ", 1, 4, stream);
    put_le32(stream, (uint32_t)(4 + 24 * count));
    put_le32(stream, (uint32_t)count);
    for (size_t c = 0; c < count; c++) {
        put_le32(stream, (uint32_t)(c + 1)); /* cue id, as the label names it */
        put_le32(stream, (uint32_t)cues[c].start);
        fwrite("data", 1, 4, stream);
        put_le32(stream, 0);
        put_le32(stream, 0);
        put_le32(stream, (uint32_t)cues[c].start);
    }
    uint32_t list_size = 4;
    for (size_t c = 0; c < count; c++) {
        uint32_t label = (uint32_t)(4 + strlen(cues[c].title) + 1);
        list_size += 8 + label + (label & 1);
    }
    fwrite("LIST", 1, 4, stream);
    put_le32(stream, list_size);
    fwrite("adtl", 1, 4, stream);
    for (size_t c = 0; c < count; c++) {
        uint32_t label = (uint32_t)(4 + strlen(cues[c].title) + 1);
        fwrite("labl", 1, 4, stream);
        put_le32(stream, label);
        put_le32(stream, (uint32_t)(c + 1));
        fwrite(cues[c].title, 1, label - 4, stream);
        if (label & 1)
            fputc(0, stream);
    }
    long end = ftell(stream);
    fseek(stream, 4, SEEK_SET);
    put_le32(stream, (uint32_t)(end - 8));
    int failed = ferror(stream) != 0;
    failed = fclose(stream) != 0 || failed;
    if (failed)
        return tts_error_set(err, TTS_ERR_IO, "%s: writing cue points failed: %s", shown_path,
                             strerror(errno));
    return TTS_OK;
}

static tts_status sndfile_close(tts_sink *sink, tts_error *err)
{
    sndfile_state *state = sink->state;
    if (state == NULL) {
        close(sink->fd);
        return TTS_OK;
    }
    sink->state = NULL;
    /* An aborted file (closed with no err) keeps no pending audio. */
    tts_status pending = err != NULL ? write_pending(sink, state, err) : TTS_OK;
    SNDFILE *file = state->file;
    tts_unshared_free(state, sizeof *state);
    /* sf_close reports nothing about the final header write: check errors first. */
    int error = sf_error(file);
    sf_write_sync(file);
    int closed = sf_close(file);
    if (pending != TTS_OK)
        return pending;
    if (error != SF_ERR_NO_ERROR || closed != 0)
        return tts_error_set(err, TTS_ERR_AUDIO, "%s: %s", sink->path,
                             sf_error_number(error ? error : closed));
    /* A device opened in place (no temporary) cannot be patched, and an
     * aborted file (closed with no err) needs none. */
    if (sink->cue_count > 0 && err != NULL && sink->temporary[0] != '\0' &&
        (sink->handler->library_format & SF_FORMAT_TYPEMASK) == SF_FORMAT_WAV)
        return append_wav_cues(sink->temporary, sink->path, sink->cues, sink->cue_count, err);
    return TTS_OK;
}

#define SNDFILE_HANDLER(name, extensions, format) \
    {name, extensions, format, sndfile_open, sndfile_write, sndfile_close}

const sink_handler tts_sink_sndfile_handlers[] = {
    SNDFILE_HANDLER("wav", "wav wave", SF_FORMAT_WAV | SF_FORMAT_PCM_16),
    SNDFILE_HANDLER("flac", "flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16),
    SNDFILE_HANDLER("ogg", "ogg oga", SF_FORMAT_OGG | SF_FORMAT_VORBIS),
    SNDFILE_HANDLER("opus", "opus", SF_FORMAT_OGG | SF_FORMAT_OPUS),
    SNDFILE_HANDLER("mp3", "mp3", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III),
    SNDFILE_HANDLER("aiff", "aiff aif", SF_FORMAT_AIFF | SF_FORMAT_PCM_16),
    SNDFILE_HANDLER("raw", "raw pcm", SF_FORMAT_RAW | SF_FORMAT_PCM_16),
};
const size_t tts_sink_sndfile_handler_count =
    sizeof tts_sink_sndfile_handlers / sizeof tts_sink_sndfile_handlers[0];

const char *tts_sink_library_version(void)
{
    return sf_version_string();
}

tts_status tts_sink_file_seconds(const char *path, double *seconds, tts_error *err)
{
    SF_INFO info = {0};
    SNDFILE *file = sf_open(path, SFM_READ, &info);
    if (file == NULL)
        return tts_error_set(err, TTS_ERR_AUDIO, "%s: %s", path, sf_strerror(NULL));
    *seconds = info.samplerate > 0 ? (double)info.frames / info.samplerate : 0;
    sf_close(file);
    return TTS_OK;
}
