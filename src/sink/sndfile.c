/* sndfile.c: every audio file format goes through libsndfile: WAV, FLAC,
 * OGG/Vorbis, OGG/Opus, MP3, AIFF and headerless PCM. */
#include "sink_internal.h"

#include <sndfile.h>
#include <unistd.h>

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
    /* libsndfile closes the descriptor with the file (close_desc = TRUE). */
    SNDFILE *file = sf_open_fd(sink->fd, SFM_WRITE, &info, SF_TRUE);
    if (file == NULL)
        return tts_error_set(err, TTS_ERR_AUDIO, "%s: %s", sink->path, sf_strerror(NULL));
    /* Floats beyond full scale must clip, not wrap around. */
    sf_command(file, SFC_SET_CLIPPING, NULL, SF_TRUE);
    if (sink->format.title != NULL)
        sf_set_string(file, SF_STR_TITLE, sink->format.title);
    sf_set_string(file, SF_STR_SOFTWARE, "ttsread");
    sink->state = file;
    return TTS_OK;
}

static tts_status sndfile_write(tts_sink *sink, const float *frames, size_t count, tts_error *err)
{
    SNDFILE *file = sink->state;
    sf_count_t written = sf_writef_float(file, frames, (sf_count_t)count);
    if (written != (sf_count_t)count)
        return tts_error_set(err, TTS_ERR_AUDIO, "%s: write failed: %s", sink->path,
                             sf_strerror(file));
    return TTS_OK;
}

static tts_status sndfile_close(tts_sink *sink, tts_error *err)
{
    SNDFILE *file = sink->state;
    if (file == NULL) {
        close(sink->fd);
        return TTS_OK;
    }
    sink->state = NULL;
    /* sf_close reports nothing about the final header write: check errors first. */
    int error = sf_error(file);
    sf_write_sync(file);
    int closed = sf_close(file);
    if (error != SF_ERR_NO_ERROR || closed != 0)
        return tts_error_set(err, TTS_ERR_AUDIO, "%s: %s", sink->path,
                             sf_error_number(error ? error : closed));
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
