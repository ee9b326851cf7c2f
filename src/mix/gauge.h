/* gauge.h: integrated loudness (ITU-R BS.1770 / EBU R128, gated) in one
 * cheap streaming pass, for the loudness passes over the spooled mix. */
#ifndef TTSREAD_GAUGE_H
#define TTSREAD_GAUGE_H

#include <stddef.h>

typedef struct tts_loudness_gauge tts_loudness_gauge;

/* NULL when out of memory; channels 1 or 2 (both weighted 1, as BS.1770 does). */
tts_loudness_gauge *tts_loudness_gauge_new(int sample_rate, int channels);
void tts_loudness_gauge_free(tts_loudness_gauge *gauge);
/* Adds `count` interleaved frames. */
void tts_loudness_gauge_add(tts_loudness_gauge *gauge, const float *frames, size_t count);
/* The integrated loudness of every frame added, in LUFS (-HUGE_VAL for
 * silence); frames may still be added after. */
double tts_loudness_gauge_integrated(tts_loudness_gauge *gauge);

#endif
