/* cast.h: voice profiles (INI files in voices/) and the casting of every speaker to
 * one, distinct within a piece and stable for a name across pieces. */
#ifndef TTSREAD_CAST_H
#define TTSREAD_CAST_H

#include <stddef.h>

#include "ttsread/error.h"
#include "ttsread/script.h"

typedef struct tts_voice {
    char name[64];      /* profile name, the file's stem: "alex" */
    char label[128];    /* "American man, low-mid pitch" */
    char espeak[64];    /* eSpeak NG language voice: "en-us" */
    char variant[32];   /* eSpeak NG variant ("m3"), or "" */
    tts_gender gender;
    int pitch;          /* 0..99 */
    int range;          /* 0..99 */
    int rate;           /* words per minute, 80..450 */
    int volume;         /* 0..200 */
    double pan;         /* -1 (left) .. 1 (right) */
    double gain_db;     /* calibration gain applied when mixing */
} tts_voice;

typedef struct tts_palette {
    tts_voice *voices;  /* owned */
    size_t count;
    int narrator;       /* index of the narrator's profile */
    int *order;         /* profile indexes offered to speakers, in order (owned) */
    size_t order_count;
} tts_palette;

/* Which voices directory to use: $TTSREAD_VOICES, the voices/ folder beside
 * the build tree, $XDG_DATA_HOME/ttsread/voices, each of $XDG_DATA_DIRS, then
 * the compiled-in data directory. Writes the path to `path`. */
tts_status tts_voices_directory(char *path, size_t size, tts_error *err);

/* Loads palette.ini and every profile in `directory`. Free with tts_palette_free. */
tts_status tts_palette_load(const char *directory, tts_palette *out, tts_error *err);
void tts_palette_free(tts_palette *palette);
/* Index of the profile called name, or -1. */
int tts_palette_find(const tts_palette *palette, const char *name);

typedef struct tts_cast_options {
    const char *const *overrides;  /* "Speaker Name=profile" (from --voice) */
    size_t override_count;
    const char *cast_file;         /* --cast FILE, or NULL */
} tts_cast_options;

typedef struct tts_cast {
    int narrator;     /* palette index of the narrator's voice */
    int *voices;      /* palette index per speaker (owned) */
    size_t count;     /* == script->speaker_count */
} tts_cast;

/* Gives every speaker of script a profile: cast file and overrides first,
 * then a stable preferred profile per name, moved only to keep the piece's
 * voices distinct. Free with tts_cast_free. */
tts_status tts_cast_assign(const tts_palette *palette, const tts_script *script,
                           const tts_cast_options *options, tts_cast *out, tts_error *err);
void tts_cast_free(tts_cast *cast);

/* The palette index of the voice that reads turns of `speaker` (or the narrator). */
int tts_cast_voice_of(const tts_cast *cast, int speaker);

/* Writes the cast as an INI file readable by --cast. */
tts_status tts_cast_save(const tts_palette *palette, const tts_script *script,
                         const tts_cast *cast, const char *path, tts_error *err);

/* True when two profiles are told apart by ear: another gender, or pitch
 * settings at least TTS_CAST_MIN_PITCH_GAP apart. */
#define TTS_CAST_MIN_PITCH_GAP 25
int tts_voices_distinct(const tts_voice *a, const tts_voice *b);

#endif
