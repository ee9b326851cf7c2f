/* play.h: live playback for listeners: the player that reads a script
 * aloud on the audio device (device.h), with keys, a status line and resume. */
#ifndef TTSREAD_PLAY_H
#define TTSREAD_PLAY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ttsread/cast.h"
#include "ttsread/error.h"
#include "ttsread/render.h"
#include "ttsread/script.h"
#include "ttsread/device.h"
#include "ttsread/sink.h"

/* Where --start-at begins. */
typedef struct tts_play_start {
    size_t turn;        /* 1-based turn number, or 0 */
    double seconds;     /* position in the audio, when turn is 0 */
} tts_play_start;

/* Parses --start-at: a turn number ("12") or a time ("95s", "1:35",
 * "1:02:03"). Returns 0 when the text is neither. */
int tts_play_parse_start(const char *text, tts_play_start *out);

typedef struct tts_play_options {
    const char *device;     /* --device, or NULL */
    tts_play_start start;
    tts_play_start end;     /* --end-at: files only (the player refuses it) */
    int resume;             /* --resume: start where the last run of this piece quit */
    int quiet;              /* no status line */
    int verbose;            /* report device, rate and start latency */
    int no_media_keys;      /* --no-mpris: not on the D-Bus session bus */
} tts_play_options;

typedef struct tts_play_result {
    int quit;               /* the listener pressed q: play no further inputs */
} tts_play_result;

/* Reads script aloud on the audio device, the same audio as tts_render
 * writes. When render->output_path or captions_path is set, a child process
 * renders them meanwhile, as tts_render alone would. Keys come from stdin
 * when it is a terminal (raw mode, restored on every way out); the status
 * line goes to stderr when it is a terminal. */
tts_status tts_play(const tts_script *script, const tts_palette *palette, const tts_cast *cast,
                    const tts_render_options *render, const tts_play_options *options,
                    tts_play_result *result, tts_error *err);

/* For --version: whether the media keys (MPRIS) were built in (static text). */
const char *tts_play_media_keys_build(void);

#endif
