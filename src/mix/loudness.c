/* loudness.c: EBU R128 measurement through libebur128, used to calibrate
 * voice profiles (make calibrate) and by anyone who needs LUFS or dBTP. */
#include <ebur128.h>
#include <math.h>
#include <stdlib.h>

#include "ttsread/mix.h"

struct tts_loudness_meter {
    ebur128_state *state;
    int channels;
};

static tts_status open_meter(int sample_rate, int channels, int mode, tts_loudness_meter **out,
                             tts_error *err)
{
    tts_loudness_meter *meter = calloc(1, sizeof *meter);
    if (meter != NULL)
        meter->state = ebur128_init((unsigned)channels, (unsigned long)sample_rate, mode);
    if (meter == NULL || meter->state == NULL) {
        free(meter);
        return tts_error_set(err, TTS_ERR_NOMEM, "cannot start a loudness meter");
    }
    meter->channels = channels;
    *out = meter;
    return TTS_OK;
}

tts_status tts_loudness_meter_open(int sample_rate, int channels, tts_loudness_meter **out,
                                   tts_error *err)
{
    return open_meter(sample_rate, channels, EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK, out, err);
}

tts_status tts_loudness_meter_open_integrated(int sample_rate, int channels,
                                              tts_loudness_meter **out, tts_error *err)
{
    return open_meter(sample_rate, channels, EBUR128_MODE_I, out, err);
}

void tts_loudness_meter_add(tts_loudness_meter *meter, const float *frames, size_t count)
{
    ebur128_add_frames_float(meter->state, frames, count);
}

double tts_loudness_meter_integrated(tts_loudness_meter *meter)
{
    double loudness = -HUGE_VAL;
    ebur128_loudness_global(meter->state, &loudness);
    return loudness;
}

double tts_loudness_meter_true_peak(tts_loudness_meter *meter)
{
    double highest = 0;
    for (int c = 0; c < meter->channels; c++) {
        double peak = 0;
        if (ebur128_true_peak(meter->state, (unsigned)c, &peak) == EBUR128_SUCCESS && peak > highest)
            highest = peak;
    }
    return highest > 0 ? 20 * log10(highest) : -HUGE_VAL;
}

void tts_loudness_meter_close(tts_loudness_meter *meter)
{
    if (meter == NULL)
        return;
    ebur128_destroy(&meter->state);
    free(meter);
}
