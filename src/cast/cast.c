/* cast.c: loads voice profiles, the palette and cast files (INI files, read
 * through ini.c), writes cast files, and finds a page language's eSpeak voice. */
#include "ttsread/cast.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cast/cast_internal.h"
#include "ttsread/ini.h"
#include "util/atomic.h"
#include "util/strbuf.h"

static bool is_voices_directory(const char *path)
{
    char palette[PATH_MAX];
    snprintf(palette, sizeof palette, "%s/palette.ini", path);
    return access(palette, R_OK) == 0;
}

tts_status tts_voices_directory(char *path, size_t size, tts_error *err)
{
    const char *variable = getenv("TTSREAD_VOICES");
    if (variable != NULL && *variable != '\0') {
        snprintf(path, size, "%s", variable);
        if (!is_voices_directory(path))
            return tts_error_set(err, TTS_ERR_VOICE, "%s: no palette.ini in $TTSREAD_VOICES",
                                 variable);
        return TTS_OK;
    }
    /* The program's folder: build/ttsread -> voices/ (a checkout runs with
     * its own profiles), bin/ttsread -> share/ttsread/voices (an install,
     * wherever it was moved; after the user's own, which override it). */
    char program[PATH_MAX] = "";
    ssize_t length = readlink("/proc/self/exe", program, sizeof program - 1);
    char *slash = length > 0 ? memrchr(program, '/', (size_t)length) : NULL;
    if (slash != NULL) {
        *slash = '\0';
        snprintf(path, size, "%s/../voices", program);
        if (is_voices_directory(path))
            return TTS_OK;
    }
    const char *data_home = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (data_home != NULL && *data_home != '\0')
        snprintf(path, size, "%s/ttsread/voices", data_home);
    else if (home != NULL)
        snprintf(path, size, "%s/.local/share/ttsread/voices", home);
    if (((data_home && *data_home) || home) && is_voices_directory(path))
        return TTS_OK;
    if (slash != NULL) {
        snprintf(path, size, "%s/../share/ttsread/voices", program);
        if (is_voices_directory(path))
            return TTS_OK;
    }
    snprintf(path, size, "%s/voices", TTS_DATADIR);
    if (is_voices_directory(path))
        return TTS_OK;
    const char *data_dirs = getenv("XDG_DATA_DIRS");
    if (data_dirs == NULL || *data_dirs == '\0')
        data_dirs = "/usr/local/share:/usr/share";
    for (const char *start = data_dirs; *start;) {
        const char *end = strchr(start, ':');
        size_t part = end ? (size_t)(end - start) : strlen(start);
        snprintf(path, size, "%.*s/ttsread/voices", (int)part, start);
        if (part > 0 && is_voices_directory(path))
            return TTS_OK;
        start += part + (end != NULL);
    }
    return tts_error_set(err, TTS_ERR_VOICE,
                         "no voices directory found (set TTSREAD_VOICES or run make install)");
}

/* ---- word lists ---- */

static bool words_add(cast_words *words, const char *word, size_t length)
{
    char **grown = realloc(words->items, (words->count + 1) * sizeof *grown);
    if (grown == NULL)
        return false;
    words->items = grown;
    char *copy = tts_strndup(word, length);
    if (copy == NULL)
        return false;
    words->items[words->count++] = copy;
    return true;
}

/* Adds every word of a space- or comma-separated list. */
static bool words_add_list(cast_words *words, const char *list)
{
    for (const char *p = list; *p;) {
        size_t skip = strspn(p, ", \t"), length = strcspn(p + skip, ", \t");
        if (length > 0 && !words_add(words, p + skip, length))
            return false;
        p += skip + length;
    }
    return true;
}

static bool words_contain(const cast_words *words, const char *word)
{
    for (size_t i = 0; i < words->count; i++)
        if (strcasecmp(words->items[i], word) == 0)
            return true;
    return false;
}

static void words_free(cast_words *words)
{
    for (size_t i = 0; i < words->count; i++)
        free(words->items[i]);
    free(words->items);
    memset(words, 0, sizeof *words);
}

/* ---- settings of a voice ---- */

static bool parse_int(const char *value, int low, int high, int *out)
{
    char *end;
    errno = 0;
    long number = strtol(value, &end, 10);
    if (errno != 0 || end == value || *end != '\0' || number < low || number > high)
        return false;
    *out = (int)number;
    return true;
}

static bool parse_double(const char *value, double low, double high, double *out)
{
    char *end;
    double number = strtod(value, &end);
    if (end == value || *end != '\0' || !(number >= low && number <= high))
        return false;
    *out = number;
    return true;
}

static bool parse_gender(const char *value, tts_gender *out)
{
    if (strcasecmp(value, "male") == 0)
        *out = TTS_GENDER_MALE;
    else if (strcasecmp(value, "female") == 0)
        *out = TTS_GENDER_FEMALE;
    else if (strcasecmp(value, "unknown") == 0 || *value == '\0')
        *out = TTS_GENDER_UNKNOWN;
    else
        return false;
    return true;
}

static const char *const gender_names[] = {"unknown", "male", "female"};

/* True when eSpeak NG (as palette.ini describes it) has the language voice. */
static bool espeak_voice_known(const tts_palette_data *data, const char *voice)
{
    if (data == NULL || words_contain(&data->english, voice))
        return true;
    for (size_t i = 0; i < data->language_count; i++)
        if (strcasecmp(data->languages[i].voice, voice) == 0)
            return true;
    return false;
}

static bool copy_text(char *target, size_t size, const char *value)
{
    return snprintf(target, size, "%s", value) < (int)size;
}

/* Applies one `key = value` of a profile or cast file section. Returns the
 * setting's bit, or with err set 0 for a bad value and CAST_SET_NONE for an
 * unknown key (the caller prefixes "path:line: "). */
static unsigned voice_set(tts_voice *voice, const tts_palette_data *data, const char *key,
                          const char *value, tts_error *err)
{
    bool ok = true;
    const char *expected = "";
    unsigned setting = 0;
    if (strcmp(key, "label") == 0) {
        setting = CAST_SET_LABEL;
        snprintf(voice->label, sizeof voice->label, "%s", value);
    } else if (strcmp(key, "espeak") == 0) {
        setting = CAST_SET_ESPEAK;
        if (!espeak_voice_known(data, value)) {
            tts_error_set(err, TTS_ERR_VOICE, "unknown eSpeak NG voice '%s'", value);
            return 0;
        }
        ok = copy_text(voice->espeak, sizeof voice->espeak, value);
    } else if (strcmp(key, "variant") == 0) {
        setting = CAST_SET_VARIANT;
        if (data != NULL && *value != '\0' && !words_contain(&data->variants, value)) {
            tts_error_set(err, TTS_ERR_VOICE, "unknown eSpeak NG variant '%s'", value);
            return 0;
        }
        ok = copy_text(voice->variant, sizeof voice->variant, value);
    } else if (strcmp(key, "gender") == 0) {
        setting = CAST_SET_GENDER;
        ok = parse_gender(value, &voice->gender);
        expected = " (expected male, female or unknown)";
    } else if (strcmp(key, "pitch") == 0 || strcmp(key, "range") == 0) {
        setting = key[0] == 'p' ? CAST_SET_PITCH : CAST_SET_RANGE;
        ok = parse_int(value, 0, 99, key[0] == 'p' ? &voice->pitch : &voice->range);
        expected = " (expected 0 to 99)";
    } else if (strcmp(key, "rate") == 0) {
        setting = CAST_SET_RATE;
        ok = parse_int(value, 80, 450, &voice->rate);
        expected = " (expected 80 to 450 words a minute)";
    } else if (strcmp(key, "volume") == 0) {
        setting = CAST_SET_VOLUME;
        ok = parse_int(value, 0, 200, &voice->volume);
        expected = " (expected 0 to 200)";
    } else if (strcmp(key, "pan") == 0) {
        setting = CAST_SET_PAN;
        ok = parse_double(value, -1.0, 1.0, &voice->pan);
        expected = " (expected -1 to 1)";
    } else if (strcmp(key, "gain_db") == 0) {
        setting = CAST_SET_GAIN;
        ok = parse_double(value, -40.0, 40.0, &voice->gain_db);
        expected = " (expected -40 to 40)";
    } else {
        tts_error_set(err, TTS_ERR_VOICE, "unknown setting '%s'", key);
        return CAST_SET_NONE;
    }
    if (!ok) {
        tts_error_set(err, TTS_ERR_VOICE, "bad value '%s' for %s%s", value, key, expected);
        return 0;
    }
    return setting;
}

void tts_cast_voice_apply(tts_voice *voice, const tts_voice *from, unsigned settings)
{
    if (settings & CAST_SET_LABEL)
        memcpy(voice->label, from->label, sizeof voice->label);
    if (settings & CAST_SET_ESPEAK)
        memcpy(voice->espeak, from->espeak, sizeof voice->espeak);
    if (settings & CAST_SET_VARIANT)
        memcpy(voice->variant, from->variant, sizeof voice->variant);
    if (settings & CAST_SET_GENDER)
        voice->gender = from->gender;
    if (settings & CAST_SET_PITCH)
        voice->pitch = from->pitch;
    if (settings & CAST_SET_RANGE)
        voice->range = from->range;
    if (settings & CAST_SET_RATE)
        voice->rate = from->rate;
    if (settings & CAST_SET_VOLUME)
        voice->volume = from->volume;
    if (settings & CAST_SET_PAN)
        voice->pan = from->pan;
    if (settings & CAST_SET_GAIN)
        voice->gain_db = from->gain_db;
}

/* The settings in which two voices differ, as CAST_SET_* bits. */
static unsigned voice_differences(const tts_voice *a, const tts_voice *b)
{
    return (strcmp(a->label, b->label) ? CAST_SET_LABEL : 0) |
           (strcmp(a->espeak, b->espeak) ? CAST_SET_ESPEAK : 0) |
           (strcmp(a->variant, b->variant) ? CAST_SET_VARIANT : 0) |
           (a->gender != b->gender ? CAST_SET_GENDER : 0) |
           (a->pitch != b->pitch ? CAST_SET_PITCH : 0) |
           (a->range != b->range ? CAST_SET_RANGE : 0) | (a->rate != b->rate ? CAST_SET_RATE : 0) |
           (a->volume != b->volume ? CAST_SET_VOLUME : 0) | (a->pan != b->pan ? CAST_SET_PAN : 0) |
           (a->gain_db != b->gain_db ? CAST_SET_GAIN : 0);
}

/* What a profile file does not set: eSpeak's own English voice, mid pitch. */
static void voice_defaults(tts_voice *voice, const char *name)
{
    memset(voice, 0, sizeof *voice);
    snprintf(voice->name, sizeof voice->name, "%s", name);
    snprintf(voice->espeak, sizeof voice->espeak, "en");
    voice->pitch = 50;
    voice->range = 50;
    voice->rate = 175;
    voice->volume = 100;
}

/* ---- profiles and the palette ---- */

typedef struct profile_reader {
    tts_voice *voice;
    const tts_palette_data *data;
} profile_reader;

static bool profile_entry(void *user, const tts_ini_entry *entry, tts_error *err)
{
    profile_reader *reader = user;
    if (strcmp(entry->section, "voice") != 0) {
        tts_error_set(err, TTS_ERR_VOICE, "unknown section [%s] (expected [voice])",
                      entry->section);
        return false;
    }
    unsigned setting = voice_set(reader->voice, reader->data, entry->key, entry->value, err);
    return setting != 0 && setting != CAST_SET_NONE;
}

static tts_status load_profile(const char *directory, const tts_palette_data *data,
                               const char *name, tts_voice *voice, tts_error *err)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s.ini", directory, name);
    voice_defaults(voice, name);
    profile_reader reader = {voice, data};
    tts_status status = tts_ini_read(path, profile_entry, &reader, err);
    if (status == TTS_ERR_NOT_FOUND)
        return tts_error_set(err, TTS_ERR_VOICE, "%s: voice profile not found", path);
    if (status != TTS_OK)
        err->code = TTS_ERR_VOICE;
    return status == TTS_OK ? TTS_OK : TTS_ERR_VOICE;
}

typedef struct palette_reader {
    tts_strbuf narrator;
    tts_strbuf order;
    tts_strbuf clearest;
    tts_palette_data *data;
} palette_reader;

static bool add_language(tts_palette_data *data, const char *tag, const char *voice)
{
    cast_language *grown = realloc(data->languages, (data->language_count + 1) * sizeof *grown);
    if (grown == NULL)
        return false;
    data->languages = grown;
    cast_language *language = &data->languages[data->language_count++];
    snprintf(language->tag, sizeof language->tag, "%s", tag);
    snprintf(language->voice, sizeof language->voice, "%s", voice);
    for (char *c = language->tag; *c; c++)
        *c = (char)(*c == '_' ? '-' : tolower((unsigned char)*c));
    return true;
}

/* Multi-line values (indented continuation lines) arrive as repeated keys,
 * so lists are appended to, never replaced. */
static bool palette_entry(void *user, const tts_ini_entry *entry, tts_error *err)
{
    palette_reader *reader = user;
    const char *section = entry->section, *key = entry->key, *value = entry->value;
    bool ok = true, known = true;
    if (strcmp(section, "palette") == 0 && strcmp(key, "narrator") == 0)
        ok = tts_strbuf_append_string(&reader->narrator, value);
    else if (strcmp(section, "palette") == 0 && strcmp(key, "order") == 0)
        ok = tts_strbuf_printf(&reader->order, "%s,", value);
    else if (strcmp(section, "palette") == 0 && strcmp(key, "clearest") == 0)
        ok = tts_strbuf_printf(&reader->clearest, "%s,", value);
    else if (strcmp(section, "espeak") == 0 && strcmp(key, "english") == 0)
        ok = words_add_list(&reader->data->english, value);
    else if (strcmp(section, "espeak") == 0 && strcmp(key, "variants") == 0)
        ok = words_add_list(&reader->data->variants, value);
    else if (strcmp(section, "languages") == 0)
        ok = add_language(reader->data, key, value);
    else
        known = false;
    if (!known)
        tts_error_set(err, TTS_ERR_VOICE, "unknown key '%s' in [%s]", key, section);
    else if (!ok)
        tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    return known && ok;
}

static tts_status palette_add(tts_palette *palette, const char *directory, const char *name,
                              int *index, tts_error *err)
{
    int existing = tts_palette_find(palette, name);
    if (existing >= 0) {
        *index = existing;
        return TTS_OK;
    }
    tts_voice *grown = realloc(palette->voices, (palette->count + 1) * sizeof *grown);
    if (grown == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory loading voices");
    palette->voices = grown;
    tts_status status = load_profile(directory, palette->data, name,
                                     &palette->voices[palette->count], err);
    if (status != TTS_OK)
        return status;
    *index = (int)palette->count++;
    return TTS_OK;
}

static tts_status palette_add_order(tts_palette *palette, const char *directory, char *order,
                                    tts_error *err)
{
    char *saveptr = NULL;
    for (char *name = strtok_r(order, ", \t", &saveptr); name != NULL;
         name = strtok_r(NULL, ", \t", &saveptr)) {
        int index;
        tts_status status = palette_add(palette, directory, name, &index, err);
        if (status != TTS_OK)
            return status;
        int *grown = realloc(palette->order, (palette->order_count + 1) * sizeof *grown);
        if (grown == NULL)
            return tts_error_set(err, TTS_ERR_NOMEM, "out of memory loading voices");
        palette->order = grown;
        palette->order[palette->order_count++] = index;
    }
    return TTS_OK;
}

/* Marks the profiles of the `clearest` list; each must be offered in the order. */
static tts_status palette_mark_clearest(tts_palette *palette, const char *path, char *list,
                                        tts_error *err)
{
    palette->clearest = calloc(palette->count, sizeof *palette->clearest);
    if (palette->clearest == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory loading voices");
    char *saveptr = NULL;
    for (char *name = strtok_r(list, ", \t", &saveptr); name != NULL;
         name = strtok_r(NULL, ", \t", &saveptr)) {
        int index = tts_palette_find(palette, name);
        bool offered = false;
        for (size_t i = 0; index >= 0 && i < palette->order_count; i++)
            offered = offered || palette->order[i] == index;
        if (!offered)
            return tts_error_set(err, TTS_ERR_VOICE, "%s: clearest: '%s' is not in the order",
                                 path, name);
        palette->clearest[index] = 1;
    }
    return TTS_OK;
}

tts_status tts_palette_load(const char *directory, tts_palette *out, tts_error *err)
{
    memset(out, 0, sizeof *out);
    out->data = calloc(1, sizeof *out->data);
    if (out->data == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory loading voices");
    snprintf(out->data->directory, sizeof out->data->directory, "%s", directory);
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/palette.ini", directory);
    palette_reader reader = {TTS_STRBUF_INIT, TTS_STRBUF_INIT, TTS_STRBUF_INIT, out->data};
    tts_status status = tts_ini_read(path, palette_entry, &reader, err);
    if (status != TTS_OK && status != TTS_ERR_NOMEM)
        status = err->code = TTS_ERR_VOICE;
    else if (status == TTS_OK && (reader.narrator.length == 0 || reader.order.length == 0))
        status = tts_error_set(err, TTS_ERR_VOICE, "%s: expected [palette] with narrator and order",
                               path);
    if (status == TTS_OK)
        status = palette_add(out, directory, reader.narrator.data, &out->narrator, err);
    if (status == TTS_OK)
        status = palette_add_order(out, directory, reader.order.data, err);
    char none[] = "";
    if (status == TTS_OK)
        status = palette_mark_clearest(out, path, reader.clearest.data ? reader.clearest.data : none,
                                       err);
    tts_strbuf_free(&reader.narrator);
    tts_strbuf_free(&reader.order);
    tts_strbuf_free(&reader.clearest);
    if (status != TTS_OK)
        tts_palette_free(out);
    return status;
}

void tts_palette_free(tts_palette *palette)
{
    if (palette->data != NULL) {
        words_free(&palette->data->english);
        words_free(&palette->data->variants);
        free(palette->data->languages);
        tts_cast_first_names_free(palette->data);
        free(palette->data);
    }
    free(palette->voices);
    free(palette->order);
    free(palette->clearest);
    memset(palette, 0, sizeof *palette);
}

int tts_palette_find(const tts_palette *palette, const char *name)
{
    for (size_t i = 0; i < palette->count; i++)
        if (strcasecmp(palette->voices[i].name, name) == 0)
            return (int)i;
    return -1;
}

const char *tts_palette_language_voice(const tts_palette *palette, const char *lang)
{
    if (palette->data == NULL || lang == NULL)
        return NULL;
    char tag[32];
    snprintf(tag, sizeof tag, "%s", lang);
    for (char *c = tag; *c; c++)
        *c = (char)(*c == '_' ? '-' : tolower((unsigned char)*c));
    /* "pt-BR-x-foo" -> "pt-br-x-foo", "pt-br-x", "pt-br", "pt". */
    for (;;) {
        for (size_t i = 0; i < palette->data->language_count; i++)
            if (strcmp(palette->data->languages[i].tag, tag) == 0)
                return palette->data->languages[i].voice;
        char *dash = strrchr(tag, '-');
        if (dash == NULL)
            break;
        *dash = '\0';
    }
    /* A bare language ("fr") that only its regions list ("fr-fr = fr") is
     * read by the voice named like it, eSpeak NG's default for the language. */
    for (size_t i = 0; i < palette->data->language_count; i++)
        if (strcmp(palette->data->languages[i].voice, tag) == 0)
            return palette->data->languages[i].voice;
    return NULL;
}

/* ---- cast files ---- */

typedef struct cast_reader {
    const tts_palette *palette;
    cast_file *file;
} cast_reader;

static cast_entry *cast_file_entry(cast_file *file, const char *section)
{
    if (file->count > 0 && strcmp(file->entries[file->count - 1].name, section) == 0)
        return &file->entries[file->count - 1];
    cast_entry *grown = realloc(file->entries, (file->count + 1) * sizeof *grown);
    if (grown == NULL)
        return NULL;
    file->entries = grown;
    cast_entry *entry = &file->entries[file->count];
    memset(entry, 0, sizeof *entry);
    entry->profile = -1;
    entry->name = tts_strndup(section, strlen(section));
    if (entry->name == NULL)
        return NULL;
    file->count++;
    return entry;
}

static bool cast_entry_read(void *user, const tts_ini_entry *line, tts_error *err)
{
    cast_reader *reader = user;
    const char *key = line->key, *value = line->value;
    if (*line->section == '\0') {
        tts_error_set(err, TTS_ERR_CAST, "'%s' outside a [Speaker Name] section", key);
        return false;
    }
    /* Pronunciations for the series: the speak stage's lexicon reads them. */
    if (strcmp(line->section, "lexicon") == 0 || strncmp(line->section, "lexicon.", 8) == 0)
        return true;
    cast_entry *entry = cast_file_entry(reader->file, line->section);
    if (entry == NULL) {
        tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
        return false;
    }
    if (strcmp(key, "voice") == 0) {
        entry->profile = tts_palette_find(reader->palette, value);
        if (entry->profile < 0)
            tts_error_set(err, TTS_ERR_CAST, "unknown voice profile '%s'", value);
        return entry->profile >= 0;
    }
    if (strcmp(key, "alias") == 0) {
        if (!words_add(&entry->aliases, value, strlen(value))) {
            tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
            return false;
        }
        return true;
    }
    unsigned setting = voice_set(&entry->settings, reader->palette->data, key, value, err);
    if (setting == CAST_SET_NONE)
        tts_error_set(err, TTS_ERR_CAST,
                      "unknown key '%s' (expected voice, alias or a voice setting)", key);
    if (setting == CAST_SET_NONE || setting == 0)
        return false;
    entry->settings_made |= setting;
    return true;
}

void tts_cast_file_free(cast_file *file)
{
    for (size_t i = 0; i < file->count; i++) {
        free(file->entries[i].name);
        words_free(&file->entries[i].aliases);
    }
    free(file->entries);
    memset(file, 0, sizeof *file);
}

tts_status tts_cast_file_read(const tts_palette *palette, const char *path, cast_file *out,
                          tts_error *err)
{
    memset(out, 0, sizeof *out);
    cast_reader reader = {palette, out};
    tts_status status = tts_ini_read(path, cast_entry_read, &reader, err);
    if (status == TTS_OK)
        return TTS_OK;
    tts_cast_file_free(out);
    if (status == TTS_ERR_NOT_FOUND || status == TTS_ERR_IO) {
        char reason[sizeof err->message];
        snprintf(reason, sizeof reason, "%s", err->message);
        return tts_error_set(err, TTS_ERR_CAST, "cannot open cast file %s", reason);
    }
    return status == TTS_ERR_NOMEM ? status : (err->code = TTS_ERR_CAST);
}

/* ---- writing a cast ---- */

/* Section names and values must read back: no brackets, comment marks or
 * line breaks, and short enough for inih's line buffer. */
static bool ini_safe(const char *text, const char *forbidden)
{
    return strlen(text) < 180 && strpbrk(text, forbidden) == NULL && !isspace((unsigned char)*text);
}

/* The shortest decimal that reads back as the same double. */
static void write_number(FILE *file, const char *key, double value)
{
    char text[64];
    for (int digits = 6; digits <= 17; digits++) {
        snprintf(text, sizeof text, "%.*g", digits, value);
        if (strtod(text, NULL) == value)
            break;
    }
    fprintf(file, "%s = %s\n", key, text);
}

static void write_differences(FILE *file, const tts_voice *voice, unsigned differences)
{
    if ((differences & CAST_SET_LABEL) && ini_safe(voice->label, ";#\n\r"))
        fprintf(file, "label = %s\n", voice->label);
    if (differences & CAST_SET_ESPEAK)
        fprintf(file, "espeak = %s\n", voice->espeak);
    if (differences & CAST_SET_VARIANT)
        fprintf(file, "variant = %s\n", voice->variant);
    if (differences & CAST_SET_GENDER)
        fprintf(file, "gender = %s\n", gender_names[voice->gender]);
    if (differences & CAST_SET_PITCH)
        fprintf(file, "pitch = %d\n", voice->pitch);
    if (differences & CAST_SET_RANGE)
        fprintf(file, "range = %d\n", voice->range);
    if (differences & CAST_SET_RATE)
        fprintf(file, "rate = %d\n", voice->rate);
    if (differences & CAST_SET_VOLUME)
        fprintf(file, "volume = %d\n", voice->volume);
    if (differences & CAST_SET_PAN)
        write_number(file, "pan", voice->pan);
    if (differences & CAST_SET_GAIN)
        write_number(file, "gain_db", voice->gain_db);
}

/* One speaker's section: the profile, then what differs from it, leaving
 * out the eSpeak voice that the script's language put there. */
/* True when `alias` also names another speaker of the script ("LOPEZ" for two
 * Lopezes): written down, it would give that one this voice when read back. */
static bool names_another(const tts_script *script, const tts_speaker *speaker, const char *alias)
{
    for (size_t s = 0; s < script->speaker_count; s++) {
        const tts_speaker *other = &script->speakers[s];
        if (other == speaker)
            continue;
        if (strcasecmp(other->name, alias) == 0 || strcasecmp(other->id, alias) == 0)
            return true;
        for (size_t a = 0; a < other->alias_count; a++)
            if (strcasecmp(other->aliases[a], alias) == 0)
                return true;
    }
    return false;
}

static void write_section(FILE *file, const tts_palette *palette, const tts_script *script,
                          const char *section, const tts_speaker *speaker, int profile_index,
                          const tts_voice *voice, const char *language_voice, double staged_pan)
{
    const tts_voice *profile = &palette->voices[profile_index];
    fprintf(file, "\n[%s]\nvoice = %s\n", section, profile->name);
    for (size_t a = 0; speaker != NULL && a < speaker->alias_count; a++)
        if (ini_safe(speaker->aliases[a], ";#\n\r") &&
            !names_another(script, speaker, speaker->aliases[a]))
            fprintf(file, "alias = %s\n", speaker->aliases[a]);
    unsigned differences = voice_differences(voice, profile);
    if (language_voice != NULL && strcmp(voice->espeak, language_voice) == 0)
        differences &= ~(unsigned)CAST_SET_ESPEAK;
    /* Where the voice stands comes from the piece, not the profile: written
     * down only when a cast file moved it. */
    differences &= ~(unsigned)CAST_SET_PAN;
    if (voice->pan != staged_pan)
        differences |= CAST_SET_PAN;
    write_differences(file, voice, differences);
}

tts_status tts_cast_save(const tts_palette *palette, const tts_script *script,
                         const tts_cast *cast, const char *path, tts_error *err)
{
    double *pans = malloc((script->speaker_count + 1) * sizeof *pans);
    if (pans == NULL || !tts_cast_stage(script, pans)) {
        free(pans);
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory saving the cast");
    }
    tts_atomic_file atomic; /* no half-written cast file, even when interrupted */
    tts_status status = tts_atomic_open(path, &atomic, err);
    if (status != TTS_OK) {
        free(pans);
        return status;
    }
    FILE *file = atomic.stream;
    const char *language_voice = tts_palette_language_voice(palette, script->lang);
    fprintf(file, "# ttsread cast: [speaker name] -> voice profile (and any settings that\n"
                  "# differ from it); reuse with --cast\n");
    write_section(file, palette, script, TTS_NARRATOR_ID, NULL, cast->narrator,
                  tts_cast_voice(palette, cast, TTS_NARRATOR), language_voice,
                  pans[script->speaker_count]);
    for (size_t s = 0; s < script->speaker_count; s++) {
        const tts_speaker *speaker = &script->speakers[s];
        /* speaker_matches also accepts the id, which is always safe to write. */
        const char *section = ini_safe(speaker->name, "[];#\n\r") ? speaker->name : speaker->id;
        write_section(file, palette, script, section, speaker, cast->voices[s],
                      tts_cast_voice(palette, cast, (int)s), language_voice, pans[s]);
    }
    free(pans);
    return tts_atomic_commit(&atomic, err);
}
