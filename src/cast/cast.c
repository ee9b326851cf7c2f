/* cast.c: loads voice profiles and cast files (INI, read with inih) and
 * gives every speaker a voice that is distinct within the piece and stable
 * for the same name across pieces. */
#include "ttsread/cast.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

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
    /* Beside the program: build/ttsread -> voices/, bin/ttsread -> share/ttsread/voices. */
    char program[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", program, sizeof program - 1);
    if (length > 0) {
        program[length] = '\0';
        char *slash = strrchr(program, '/');
        if (slash != NULL) {
            *slash = '\0';
            snprintf(path, size, "%s/../voices", program);
            if (is_voices_directory(path))
                return TTS_OK;
            snprintf(path, size, "%s/../share/ttsread/voices", program);
            if (is_voices_directory(path))
                return TTS_OK;
        }
    }
    const char *data_home = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (data_home != NULL && *data_home != '\0')
        snprintf(path, size, "%s/ttsread/voices", data_home);
    else if (home != NULL)
        snprintf(path, size, "%s/.local/share/ttsread/voices", home);
    if (((data_home && *data_home) || home) && is_voices_directory(path))
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
    snprintf(path, size, "%s/voices", TTS_DATADIR);
    if (is_voices_directory(path))
        return TTS_OK;
    return tts_error_set(err, TTS_ERR_VOICE,
                         "no voices directory found (set TTSREAD_VOICES or run make install)");
}

typedef struct profile_reader {
    tts_voice *voice;
    const char *path;
    tts_error *err;
} profile_reader;

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
    if (end == value || *end != '\0' || number < low || number > high)
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

/* Applies one `key = value` of a profile; false (with err set) when bad. */
static bool voice_set(tts_voice *voice, const char *key, const char *value, tts_error *err)
{
    bool ok = true;
    if (strcmp(key, "label") == 0)
        snprintf(voice->label, sizeof voice->label, "%s", value);
    else if (strcmp(key, "espeak") == 0)
        ok = snprintf(voice->espeak, sizeof voice->espeak, "%s", value) < (int)sizeof voice->espeak;
    else if (strcmp(key, "variant") == 0)
        ok = snprintf(voice->variant, sizeof voice->variant, "%s", value) < (int)sizeof voice->variant;
    else if (strcmp(key, "gender") == 0)
        ok = parse_gender(value, &voice->gender);
    else if (strcmp(key, "pitch") == 0)
        ok = parse_int(value, 0, 99, &voice->pitch);
    else if (strcmp(key, "range") == 0)
        ok = parse_int(value, 0, 99, &voice->range);
    else if (strcmp(key, "rate") == 0)
        ok = parse_int(value, 80, 450, &voice->rate);
    else if (strcmp(key, "volume") == 0)
        ok = parse_int(value, 0, 200, &voice->volume);
    else if (strcmp(key, "pan") == 0)
        ok = parse_double(value, -1.0, 1.0, &voice->pan);
    else if (strcmp(key, "gain_db") == 0)
        ok = parse_double(value, -40.0, 40.0, &voice->gain_db);
    else {
        tts_error_set(err, TTS_ERR_VOICE, "unknown setting '%s'", key);
        return false;
    }
    if (!ok)
        tts_error_set(err, TTS_ERR_VOICE, "bad value '%s' for %s", value, key);
    return ok;
}

/* inih reports the failing line through ini_parse's result, so a handler
 * only notes the problem; the caller prefixes "path:line: ". */
static int profile_handler(void *user, const char *section, const char *key, const char *value)
{
    profile_reader *reader = user;
    if (strcmp(section, "voice") != 0) {
        tts_error_set(reader->err, TTS_ERR_VOICE, "unknown section [%s]", section);
        return 0;
    }
    return voice_set(reader->voice, key, value, reader->err);
}

/* Turns a handler's note into "path:line: note" (or "malformed line"). */
static tts_status prefix_line(tts_error *err, tts_status code, const char *path, int line)
{
    char note[sizeof err->message];
    snprintf(note, sizeof note, "%s", err != NULL && err->code != TTS_OK ? err->message
                                                                        : "malformed line");
    return tts_error_set(err, code, "%s:%d: %s", path, line, note);
}

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

static tts_status load_profile(const char *directory, const char *name, tts_voice *voice,
                               tts_error *err)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s.ini", directory, name);
    voice_defaults(voice, name);
    profile_reader reader = {voice, path, err};
    tts_error_clear(err);
    int result = ini_parse(path, profile_handler, &reader);
    if (result == -1)
        return tts_error_set(err, TTS_ERR_VOICE, "%s: voice profile not found", path);
    if (result != 0)
        return prefix_line(err, TTS_ERR_VOICE, path, result);
    return TTS_OK;
}

typedef struct palette_reader {
    char narrator[64];
    char order[4096];
    bool found;
} palette_reader;

static int palette_handler(void *user, const char *section, const char *key, const char *value)
{
    palette_reader *reader = user;
    if (strcmp(section, "palette") != 0)
        return 0;
    if (strcmp(key, "narrator") == 0)
        snprintf(reader->narrator, sizeof reader->narrator, "%s", value);
    else if (strcmp(key, "order") == 0)
        snprintf(reader->order, sizeof reader->order, "%s", value);
    else
        return 0;
    reader->found = true;
    return 1;
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
    tts_status status = load_profile(directory, name, &palette->voices[palette->count], err);
    if (status != TTS_OK)
        return status;
    *index = (int)palette->count++;
    return TTS_OK;
}

tts_status tts_palette_load(const char *directory, tts_palette *out, tts_error *err)
{
    memset(out, 0, sizeof *out);
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/palette.ini", directory);
    palette_reader reader = {0};
    int result = ini_parse(path, palette_handler, &reader);
    if (result == -1)
        return tts_error_set(err, TTS_ERR_VOICE, "%s: cannot open", path);
    if (result != 0 || !reader.found || reader.narrator[0] == '\0' || reader.order[0] == '\0')
        return tts_error_set(err, TTS_ERR_VOICE, "%s:%d: expected [palette] with narrator and order",
                             path, result);

    tts_status status = palette_add(out, directory, reader.narrator, &out->narrator, err);
    char *saveptr = NULL;
    for (char *name = strtok_r(reader.order, ", \t", &saveptr); name && status == TTS_OK;
         name = strtok_r(NULL, ", \t", &saveptr)) {
        int index;
        status = palette_add(out, directory, name, &index, err);
        if (status != TTS_OK)
            break;
        int *grown = realloc(out->order, (out->order_count + 1) * sizeof *grown);
        if (grown == NULL) {
            status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory loading voices");
            break;
        }
        out->order = grown;
        out->order[out->order_count++] = index;
    }
    if (status != TTS_OK)
        tts_palette_free(out);
    return status;
}

void tts_palette_free(tts_palette *palette)
{
    free(palette->voices);
    free(palette->order);
    memset(palette, 0, sizeof *palette);
}

int tts_palette_find(const tts_palette *palette, const char *name)
{
    for (size_t i = 0; i < palette->count; i++)
        if (strcasecmp(palette->voices[i].name, name) == 0)
            return (int)i;
    return -1;
}

int tts_voices_distinct(const tts_voice *a, const tts_voice *b)
{
    if (a->gender != b->gender && a->gender != TTS_GENDER_UNKNOWN &&
        b->gender != TTS_GENDER_UNKNOWN)
        return 1;
    return abs(a->pitch - b->pitch) >= TTS_CAST_MIN_PITCH_GAP;
}

/* FNV-1a: a fixed hash so a name prefers the same profile on every run. */
static uint32_t name_hash(const char *text)
{
    uint32_t hash = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        hash = (hash ^ *p) * 16777619u;
    return hash;
}

static bool speaker_matches(const tts_speaker *speaker, const char *name)
{
    if (strcasecmp(speaker->name, name) == 0 || strcasecmp(speaker->id, name) == 0)
        return true;
    for (size_t i = 0; i < speaker->alias_count; i++)
        if (strcasecmp(speaker->aliases[i], name) == 0)
            return true;
    return false;
}

typedef struct cast_reader {
    const tts_palette *palette;
    const tts_script *script;
    tts_cast *cast;
    const char *path;
    tts_error *err;
    char section[256];
    int speaker;          /* speaker the current section names, or -2 for none in this piece */
} cast_reader;

static int cast_handler(void *user, const char *section, const char *key, const char *value)
{
    cast_reader *reader = user;
    if (strcmp(reader->section, section) != 0) {
        snprintf(reader->section, sizeof reader->section, "%s", section);
        reader->speaker = -2;
        if (strcasecmp(section, TTS_NARRATOR_ID) == 0)
            reader->speaker = TTS_NARRATOR;
        for (size_t s = 0; s < reader->script->speaker_count && reader->speaker == -2; s++)
            if (speaker_matches(&reader->script->speakers[s], section))
                reader->speaker = (int)s;
    }
    if (strcmp(key, "voice") == 0) {
        int voice = tts_palette_find(reader->palette, value);
        if (voice < 0) {
            tts_error_set(reader->err, TTS_ERR_CAST, "unknown voice profile '%s'", value);
            return 0;
        }
        if (reader->speaker == TTS_NARRATOR)
            reader->cast->narrator = voice;
        else if (reader->speaker >= 0)
            reader->cast->voices[reader->speaker] = voice;
        return 1;
    }
    if (strcmp(key, "alias") == 0) {
        for (size_t s = 0; s < reader->script->speaker_count && reader->speaker == -2; s++)
            if (speaker_matches(&reader->script->speakers[s], value))
                reader->speaker = (int)s;
        return 1;
    }
    tts_error_set(reader->err, TTS_ERR_CAST, "unknown key '%s' (expected voice or alias)", key);
    return 0;
}

tts_status tts_cast_assign(const tts_palette *palette, const tts_script *script,
                           const tts_cast_options *options, tts_cast *out, tts_error *err)
{
    memset(out, 0, sizeof *out);
    out->narrator = palette->narrator;
    out->count = script->speaker_count;
    out->voices = malloc((script->speaker_count + 1) * sizeof *out->voices);
    if (out->voices == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory casting voices");
    for (size_t s = 0; s < script->speaker_count; s++)
        out->voices[s] = -1;

    if (options != NULL && options->cast_file != NULL) {
        cast_reader reader = {palette, script, out, options->cast_file, err, "", -2};
        tts_error_clear(err);
        int result = ini_parse(options->cast_file, cast_handler, &reader);
        if (result != 0) {
            if (result == -1)
                tts_error_set(err, TTS_ERR_CAST, "%s: cannot open cast file", options->cast_file);
            else
                prefix_line(err, TTS_ERR_CAST, options->cast_file, result);
            tts_cast_free(out);
            return TTS_ERR_CAST;
        }
    }
    for (size_t i = 0; options != NULL && i < options->override_count; i++) {
        const char *equals = strrchr(options->overrides[i], '=');
        if (equals == NULL) {
            tts_cast_free(out);
            return tts_error_set(err, TTS_ERR_USAGE, "--voice %s: expected NAME=PROFILE",
                                 options->overrides[i]);
        }
        int voice = tts_palette_find(palette, equals + 1);
        if (voice < 0) {
            tts_cast_free(out);
            return tts_error_set(err, TTS_ERR_VOICE, "--voice %s: unknown voice profile '%s'",
                                 options->overrides[i], equals + 1);
        }
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(equals - options->overrides[i]),
                 options->overrides[i]);
        if (strcasecmp(name, TTS_NARRATOR_ID) == 0)
            out->narrator = voice;
        for (size_t s = 0; s < script->speaker_count; s++)
            if (speaker_matches(&script->speakers[s], name))
                out->voices[s] = voice;
    }

    /* Speakers in order of first appearance; each takes its preferred profile
     * unless that one is too close to a voice already in the piece. */
    size_t order_count = palette->order_count;
    for (size_t s = 0; s < script->speaker_count; s++) {
        if (out->voices[s] >= 0 || order_count == 0)
            continue;
        const tts_speaker *speaker = &script->speakers[s];
        size_t preferred = name_hash(speaker->id) % order_count;
        int chosen = -1, fallback = -1;
        for (size_t step = 0; step < order_count && chosen < 0; step++) {
            int candidate = palette->order[(preferred + step) % order_count];
            const tts_voice *voice = &palette->voices[candidate];
            if (speaker->gender != TTS_GENDER_UNKNOWN && voice->gender != speaker->gender)
                continue;
            bool distinct = true, unused = true;
            for (size_t other = 0; other < script->speaker_count; other++) {
                if (other == s || out->voices[other] < 0)
                    continue;
                unused = unused && out->voices[other] != candidate;
                distinct = distinct && tts_voices_distinct(voice, &palette->voices[out->voices[other]]);
            }
            if (distinct)
                chosen = candidate;
            else if (unused && fallback < 0)
                fallback = candidate;
        }
        if (chosen < 0)
            chosen = fallback >= 0 ? fallback : palette->order[preferred];
        out->voices[s] = chosen;
    }
    return TTS_OK;
}

void tts_cast_free(tts_cast *cast)
{
    free(cast->voices);
    memset(cast, 0, sizeof *cast);
}

int tts_cast_voice_of(const tts_cast *cast, int speaker)
{
    return speaker == TTS_NARRATOR ? cast->narrator : cast->voices[speaker];
}

tts_status tts_cast_save(const tts_palette *palette, const tts_script *script,
                         const tts_cast *cast, const char *path, tts_error *err)
{
    FILE *file = fopen(path, "w");
    if (file == NULL)
        return tts_error_set(err, TTS_ERR_IO, "%s: %s", path, strerror(errno));
    fprintf(file, "# ttsread cast: [speaker name] -> voice profile; reuse with --cast\n");
    fprintf(file, "\n[%s]\nvoice = %s\n", TTS_NARRATOR_ID, palette->voices[cast->narrator].name);
    for (size_t s = 0; s < script->speaker_count; s++) {
        const tts_speaker *speaker = &script->speakers[s];
        fprintf(file, "\n[%s]\nvoice = %s\n", speaker->name, palette->voices[cast->voices[s]].name);
        for (size_t a = 0; a < speaker->alias_count; a++)
            if (strchr(speaker->aliases[a], '\n') == NULL)
                fprintf(file, "alias = %s\n", speaker->aliases[a]);
    }
    if (fclose(file) != 0)
        return tts_error_set(err, TTS_ERR_IO, "%s: %s", path, strerror(errno));
    return TTS_OK;
}
