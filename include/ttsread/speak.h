/* speak.h: each turn's written text -> what a good reader would say
 * (editorial marks dropped, cues paused or read), filling turn->spoken. */
#ifndef TTSREAD_SPEAK_H
#define TTSREAD_SPEAK_H

#include "ttsread/error.h"
#include "ttsread/script.h"

typedef enum tts_cue_mode {
    TTS_CUES_PAUSE = 0, /* a production cue becomes a short pause */
    TTS_CUES_READ,      /* the narrator reads it */
    TTS_CUES_SKIP,      /* nothing at all */
} tts_cue_mode;

typedef struct tts_speak_options {
    tts_cue_mode cues;
    int announce;       /* 1: name a speaker before their first turn; 2: at every change */
} tts_speak_options;

/* Fills `spoken` for every turn of script (replacing any earlier value). */
tts_status tts_speak_script(tts_script *script, const tts_speak_options *options, tts_error *err);

#endif
