/* mix.h: lays turns end to end on one timeline: gaps between turns, each
 * voice's gain and stereo position, resampling; feeds the sinks as it goes. */
#ifndef TTSREAD_MIX_H
#define TTSREAD_MIX_H

#include <stddef.h>
#include <stdint.h>

#include "ttsread/cast.h"
#include "ttsread/error.h"
#include "ttsread/sink.h"

typedef struct tts_mix_options {
    int input_rate;       /* eSpeak NG's rate */
    int output_rate;      /* 0 = input_rate */
    int channels;         /* 1, or 2 to place voices by their pan */
    int turn_gap_ms;      /* between two turns of one speaker */
    int speaker_gap_ms;   /* at a change of speaker */
    int cue_gap_ms;       /* the pause a production cue stands for */
    int normalize;        /* apply each voice's calibrated gain, the target and the limiter */
    double loudness_lufs; /* target integrated loudness when normalizing */
    int trim;             /* drop each turn's leading and trailing near-silence
                           * (under TTS_TRIM_LEVEL), so the gaps are exact */
    int measure_first;    /* with normalize: limit the mix as it is made and hold it in
                           * a temporary file, measure its loudness, then scale it to
                           * the target exactly (files); without, the calibrated gains
                           * alone aim at it (live play) */
    int threads;          /* measure_first: 2 or more lets a pass over the whole mix
                           * measure on a second thread while it limits (-j) */
    double window_start;  /* seconds of the piece before which nothing is written */
    double window_end;    /* seconds of the piece after which nothing is written (0: none);
                           * the timeline then counts from window_start */
} tts_mix_options;

/* Voice profiles' gain_db bring each voice to this integrated loudness
 * (make calibrate measures them); the target shifts every voice alike. */
#define TTS_LOUDNESS_REFERENCE_LUFS (-16.0)
#define TTS_LOUDNESS_DEFAULT_LUFS (-16.0)
/* True peaks (between samples too, as BS.1770 measures them) stay under
 * -2 dBTP: meters whose oversampling filter differs (libebur128) read
 * a few tenths more near Nyquist, and publishers ask for -1 dBTP. */
#define TTS_LIMITER_CEILING_DBFS (-2.0)
/* --trim: eSpeak NG's samples this quiet (of 32768, about -60 dBFS) at a
 * turn's start or end are silence. */
#define TTS_TRIM_LEVEL 33

/* EBU R128 loudness of a stream (libebur128): integrated loudness and true peak. */
typedef struct tts_loudness_meter tts_loudness_meter;
tts_status tts_loudness_meter_open(int sample_rate, int channels, tts_loudness_meter **out,
                                   tts_error *err);
/* The same without true peak, which costs a 4x oversampling filter. */
tts_status tts_loudness_meter_open_integrated(int sample_rate, int channels,
                                              tts_loudness_meter **out, tts_error *err);
void tts_loudness_meter_add(tts_loudness_meter *meter, const float *frames, size_t count);
/* Integrated loudness in LUFS (-HUGE_VAL for silence). */
double tts_loudness_meter_integrated(tts_loudness_meter *meter);
/* Highest true peak of any channel, in dBTP. */
double tts_loudness_meter_true_peak(tts_loudness_meter *meter);
void tts_loudness_meter_close(tts_loudness_meter *meter);

#define TTS_MIX_MAX_SINKS 4

typedef struct tts_mix tts_mix;

/* sinks are borrowed; the mix writes every frame to each of them. */
tts_status tts_mix_open(const tts_mix_options *options, tts_sink *const *sinks, size_t sink_count,
                        tts_mix **out, tts_error *err);
/* Adds silence, in milliseconds of output. */
tts_status tts_mix_silence(tts_mix *mix, int milliseconds, tts_error *err);
/* Starts turn `turn` (an index into the script) spoken with `voice`. */
tts_status tts_mix_turn_begin(tts_mix *mix, size_t turn, const tts_voice *voice, tts_error *err);
tts_status tts_mix_audio(tts_mix *mix, const int16_t *samples, size_t count, tts_error *err);
/* Notes a word of the current turn, before its audio arrives (as eSpeak NG
 * reports them): it starts `sample` input samples after the turn's first
 * audio; offset/length point at it in the turn's text as written. A word
 * with the same span as the one before continues it ("1,200" said as three). */
tts_status tts_mix_word(tts_mix *mix, uint64_t sample, size_t offset, size_t length,
                        tts_error *err);
tts_status tts_mix_turn_end(tts_mix *mix, tts_error *err);
/* True once the mix is past options.window_end: later turns are not heard. */
int tts_mix_past_window(const tts_mix *mix);
/* Flushes the resampler; the timeline then covers every frame written. */
tts_status tts_mix_finish(tts_mix *mix, tts_error *err);
/* Why the loudness target was not reached (it would need peaks over the
 * ceiling), or "" (owned by the mix). */
const char *tts_mix_loudness_note(const tts_mix *mix);
/* The timeline so far (owned by the mix until tts_mix_close). */
const tts_timeline *tts_mix_timeline(const tts_mix *mix);
/* Moves the timeline to *out (then the caller's: tts_timeline_free),
 * leaving the mix an empty one. */
void tts_mix_take_timeline(tts_mix *mix, tts_timeline *out);
void tts_mix_close(tts_mix *mix);

#endif
