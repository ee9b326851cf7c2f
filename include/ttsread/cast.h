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

/* What palette.ini says about eSpeak NG (variant names, page language ->
 * eSpeak voice) and the first-name table, loaded on first casting. */
typedef struct tts_palette_data tts_palette_data;

typedef struct tts_palette {
    tts_voice *voices;  /* owned */
    size_t count;
    int narrator;       /* index of the narrator's profile */
    int *order;         /* profile indexes offered to speakers, in order (owned) */
    size_t order_count;
    unsigned char *clearest; /* per profile (count entries): 1 when palette.ini lists it
                              * as one of the clearest to a listener, offered first (owned) */
    tts_palette_data *data; /* (owned; its first-name table fills in on first use) */
} tts_palette;

/* Which voices directory to use, the first that holds palette.ini:
 * $TTSREAD_VOICES, the voices/ folder beside the build tree, the user's
 * $XDG_DATA_HOME/ttsread/voices, the installation's (share/ttsread/voices
 * beside bin/, then the compiled-in TTS_DATADIR), each of $XDG_DATA_DIRS.
 * Writes the path to `path`. */
tts_status tts_voices_directory(char *path, size_t size, tts_error *err);

/* Loads palette.ini and every profile in `directory` (not the first-name
 * table: casting loads it when first needed). Free with tts_palette_free. */
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
    int narrator;     /* palette index of the narrator's profile */
    int *voices;      /* palette index of each speaker's profile (owned) */
    size_t count;     /* == script->speaker_count */
    tts_voice *spoken; /* what synthesis uses: each speaker's profile with the cast
                        * file's settings and the script's language applied, then
                        * the narrator's at [count] (owned) */
    char **warnings;  /* one line each: a --voice name or cast file section that
                       * matches no speaker, with the closest name (owned) */
    size_t warning_count;
} tts_cast;

/* Completes what the parser could not know: the full name of a speaker
 * labelled by surname only, when the piece makes it reasonably certain
 * (GREENE -> "David Greene", id david-greene, alias GREENE kept), and each
 * speaker's gender when still unknown (title, role words, first-name table,
 * pronouns near the name). Loads the first-name table on first use. */
tts_status tts_cast_identify(const tts_palette *palette, tts_script *script, tts_error *err);

/* Gives every speaker of script a profile: tts_cast_identify first, then the
 * cast file and overrides, then a stable preferred profile per name (a hash
 * of its id) of the speaker's gender, moved only to keep the piece's voices
 * distinct and preferring the palette's clearest profiles (speakers of known
 * gender first, each group by number of turns, then order of appearance; the
 * later one moves). A script language other than English replaces every
 * profile's eSpeak voice, keeping variant and pitch. Free with tts_cast_free. */
tts_status tts_cast_assign(const tts_palette *palette, tts_script *script,
                           const tts_cast_options *options, tts_cast *out, tts_error *err);
void tts_cast_free(tts_cast *cast);

/* Where each voice stands in stereo, so that a conversation is heard as one:
 * speakers by order of first speech, the first centre-left (-TTS_CAST_STAGE_WIDTH),
 * the second centre-right, later ones between them (alternating sides, nearer
 * the centre), the narrator in the centre. Fills pans[0..speaker_count] (the
 * narrator's last). tts_cast_assign gives these to every voice whose pan no
 * cast file sets; a profile's own pan is not used. Returns false when out of
 * memory. */
#define TTS_CAST_STAGE_WIDTH 0.6
int tts_cast_stage(const tts_script *script, double *pans);

/* The palette index of the profile of `speaker` (or the narrator). */
int tts_cast_voice_of(const tts_cast *cast, int speaker);
/* The voice that reads turns of `speaker` (or the narrator), as synthesized. */
const tts_voice *tts_cast_voice(const tts_palette *palette, const tts_cast *cast, int speaker);

/* The eSpeak NG voice that reads a page in language `lang` ("es", "pt-BR"),
 * or NULL when the profiles' own (English) voices read it. */
const char *tts_palette_language_voice(const tts_palette *palette, const char *lang);

/* Writes the cast as an INI file readable by --cast: each speaker's name,
 * aliases, profile and any settings that differ from it, so that feeding it
 * back reproduces the same voices. */
tts_status tts_cast_save(const tts_palette *palette, const tts_script *script,
                         const tts_cast *cast, const char *path, tts_error *err);

/* True when two profiles are told apart by ear: another gender, or pitch
 * settings at least TTS_CAST_MIN_PITCH_GAP apart. */
#define TTS_CAST_MIN_PITCH_GAP 25
int tts_voices_distinct(const tts_voice *a, const tts_voice *b);

#endif
