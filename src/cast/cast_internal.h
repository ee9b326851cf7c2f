/* cast_internal.h: what the cast stage's files share: the palette's data
 * beyond its profiles (cast.c reads it) and the first-name table (identify.c). */
#ifndef TTSREAD_CAST_INTERNAL_H
#define TTSREAD_CAST_INTERNAL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "ttsread/cast.h"

#define CAST_FIRST_NAMES_FILE "first-names.tsv"

typedef struct cast_words {
    char **items;   /* (owned) */
    size_t count;
} cast_words;

typedef struct cast_language {
    char tag[32];   /* lower case: "pt-br" */
    char voice[64]; /* eSpeak NG voice: "pt-br" */
} cast_language;

typedef struct cast_first_name {
    const char *name;   /* points into the table's text */
    double female;      /* P(female): the share of women among those given the name */
} cast_first_name;

/* A first name says a gender when at least this share of those given it
 * have it: "Chris" (P(female) 0.14) is a man, "Shannon" (0.85) a woman,
 * "Taylor" (0.74) and "Casey" (0.41) say nothing. */
#define CAST_NAME_CONFIDENCE 0.8

struct tts_palette_data {
    char directory[PATH_MAX];
    cast_words english;        /* eSpeak NG's English voices ("en-us") */
    cast_words variants;       /* eSpeak NG's voice variants ("m3") */
    cast_language *languages;  /* (owned) */
    size_t language_count;
    /* The first-name table, read on first casting (identify.c). */
    bool first_names_loaded;
    char *first_names_text;    /* the file, names point into it (owned) */
    cast_first_name *first_names; /* sorted by lower-case name (owned) */
    size_t first_name_count;
};

/* The settings of a voice, as bits: which ones a cast file section made. */
enum {
    CAST_SET_LABEL = 1u << 0, CAST_SET_ESPEAK = 1u << 1, CAST_SET_VARIANT = 1u << 2,
    CAST_SET_GENDER = 1u << 3, CAST_SET_PITCH = 1u << 4, CAST_SET_RANGE = 1u << 5,
    CAST_SET_RATE = 1u << 6, CAST_SET_VOLUME = 1u << 7, CAST_SET_PAN = 1u << 8,
    CAST_SET_GAIN = 1u << 9, CAST_SET_NONE = 1u << 31, /* not a setting */
};

/* One [Speaker Name] section of a cast file. */
typedef struct cast_entry {
    char *name;             /* the section: a speaker's name or id, or "narrator" (owned) */
    cast_words aliases;     /* other labels of the same person */
    int profile;            /* palette index from `voice =`, or -1 */
    tts_voice settings;     /* inline settings; those made are flagged in settings_made */
    unsigned settings_made;
} cast_entry;

typedef struct cast_file {
    cast_entry *entries;    /* (owned) */
    size_t count;
} cast_file;

/* Reads a cast file, checking profiles, variants and values; errors are
 * "path:line: reason". Free with tts_cast_file_free. */
tts_status tts_cast_file_read(const tts_palette *palette, const char *path, cast_file *out,
                          tts_error *err);
void tts_cast_file_free(cast_file *file);

/* Copies the settings flagged in `settings` (CAST_SET_*) from one voice to another. */
void tts_cast_voice_apply(tts_voice *voice, const tts_voice *from, unsigned settings);

/* Reads directory/first-names.tsv into data unless done already. */
tts_status tts_cast_first_names_load(tts_palette_data *data, tts_error *err);
void tts_cast_first_names_free(tts_palette_data *data);
/* True when `length` bytes at name are a first name in the table; sets
 * *gender (TTS_GENDER_UNKNOWN below CAST_NAME_CONFIDENCE either way). */
bool tts_cast_first_name_gender(const tts_palette_data *data, const char *name, size_t length,
                            tts_gender *gender);
/* True when the name is in the table; sets *female to its P(female). */
bool tts_cast_first_name_female(const tts_palette_data *data, const char *name, size_t length,
                            double *female);

#endif
