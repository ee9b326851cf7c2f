/* cast.c: fuzzes the cast stage's INI readers: byte 0 picks a cast file
 * (with a transcript and --voice overrides after "\n---\n" lines), a voice
 * profile, or palette.ini; the palette is the repository's voices/. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ttsread/cast.h"

static const char default_transcript[] =
    "Town Hall\n\nMARGARET OKAFOR, HOST: Good evening.\n\nDANIEL REYES: Thank you, Margaret.\n\n"
    "OKAFOR: Susan?\n\nSUSAN WU: The harvest suffers.\n\nREYES: I agree.\n";

static tts_palette palette;
static char voices[PATH_MAX];  /* a copy of voices/ whose files the fuzzer replaces */

static void copy_file(const char *from, const char *to)
{
    size_t size;
    char *data = fuzz_read_file(from, &size);
    fuzz_require(data != NULL, "the voices folder can be read");
    fuzz_write_file(to, data, size);
    free(data);
}

/* Loads the palette once, and copies voices/ into the private folder. */
static void set_up(void)
{
    if (palette.count > 0)
        return;
    const char *source = getenv("TTSREAD_VOICES");
    source = source && *source ? source : "voices";
    tts_error err;
    fuzz_require(tts_palette_load(source, &palette, &err) == TTS_OK,
                 "voices/ loads (set TTSREAD_VOICES)");
    snprintf(voices, sizeof voices, "%s", fuzz_temporary_directory());
    DIR *directory = opendir(source);
    fuzz_require(directory != NULL, "the voices folder can be listed");
    for (struct dirent *entry; (entry = readdir(directory)) != NULL;) {
        size_t length = strlen(entry->d_name);
        if (length < 5 || strcmp(entry->d_name + length - 4, ".ini") != 0)
            continue;
        char from[PATH_MAX * 2], to[PATH_MAX * 2];
        snprintf(from, sizeof from, "%s/%s", source, entry->d_name);
        snprintf(to, sizeof to, "%s/%s", voices, entry->d_name);
        copy_file(from, to);
    }
    closedir(directory);
}

/* Splits at the first "\n---\n": *rest is after it, or NULL. */
static size_t split(const char *text, size_t length, const char **rest, size_t *rest_length)
{
    const char *mark = memmem(text, length, "\n---\n", 5);
    if (mark == NULL) {
        *rest = NULL;
        *rest_length = 0;
        return length;
    }
    *rest = mark + 5;
    *rest_length = length - (size_t)(mark + 5 - text);
    return (size_t)(mark - text);
}

static bool parse_transcript(const char *text, size_t length, tts_script *script)
{
    if (text == NULL)
        return fuzz_parse_script((const uint8_t *)default_transcript, sizeof default_transcript - 1,
                                 TTS_FORMAT_TEXT, script);
    return fuzz_parse_script((const uint8_t *)text, length, TTS_FORMAT_TEXT, script);
}

static void check_cast(const tts_script *script, const tts_cast *cast)
{
    fuzz_require(cast->count == script->speaker_count, "every speaker is cast");
    for (size_t s = 0; s <= cast->count; s++) {
        int voice = s < cast->count ? cast->voices[s] : cast->narrator;
        fuzz_require(voice >= 0 && (size_t)voice < palette.count, "a cast voice is a profile");
        const tts_voice *spoken = &cast->spoken[s];
        fuzz_require(spoken->pitch >= 0 && spoken->pitch <= 99 && spoken->rate >= 80 &&
                         spoken->rate <= 450 && spoken->pan >= -1 && spoken->pan <= 1,
                     "a cast voice's settings are in range");
        fuzz_require(memchr(spoken->espeak, '\0', sizeof spoken->espeak) != NULL,
                     "a cast voice's eSpeak name ends");
    }
}

/* The cast file, the transcript and the overrides; then --save-cast's file
 * read back must give every speaker the same voice (cast.h promises it). */
static void fuzz_cast_file(const char *text, size_t length)
{
    const char *transcript, *overrides_text;
    size_t transcript_length, overrides_length;
    size_t cast_length = split(text, length, &transcript, &transcript_length);
    if (transcript != NULL)
        transcript_length = split(transcript, transcript_length, &overrides_text, &overrides_length);
    else
        overrides_text = NULL;
    char path[PATH_MAX + 16], saved[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/cast.ini", voices);
    snprintf(saved, sizeof saved, "%s/saved.ini", voices);
    fuzz_write_file(path, text, cast_length);

    char *override_copy = overrides_text ? strndup(overrides_text, overrides_length) : NULL;
    const char *overrides[16];
    size_t override_count = 0;
    for (char *line = override_copy, *next; line && override_count < 16; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (strchr(line, '=') != NULL) /* main.c refuses --voice without '=' */
            overrides[override_count++] = line;
    }

    tts_script script;
    if (parse_transcript(transcript, transcript_length, &script)) {
        tts_cast_options options = {overrides, override_count, path};
        tts_cast cast;
        tts_error err;
        if (tts_cast_assign(&palette, &script, &options, &cast, &err) == TTS_OK) {
            check_cast(&script, &cast);
            fuzz_require(tts_cast_save(&palette, &script, &cast, saved, &err) == TTS_OK,
                         "a cast can be saved");
            tts_script again;
            fuzz_require(parse_transcript(transcript, transcript_length, &again),
                         "a transcript parses twice");
            tts_cast_options reuse = {NULL, 0, saved};
            tts_cast second;
            if (tts_cast_assign(&palette, &again, &reuse, &second, &err) != TTS_OK) {
                fprintf(stderr, "%s\n", err.message);
                fuzz_require(false, "a saved cast reads back");
            }
            for (size_t s = 0; s <= cast.count; s++)
                fuzz_require(memcmp(&cast.spoken[s], &second.spoken[s], sizeof cast.spoken[s]) == 0,
                             "a saved cast gives every speaker the same voice");
            tts_cast_free(&second);
            tts_script_free(&again);
            tts_cast_free(&cast);
        } else {
            fuzz_require(err.message[0] != '\0', "a refused cast says why");
        }
        tts_script_free(&script);
    }
    free(override_copy);
}

/* One file of the voices folder replaced by the input, the palette loaded
 * from it, the file restored. */
static void fuzz_voices_file(const char *name, const char *text, size_t length)
{
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", voices, name);
    size_t original_size;
    char *original_text = fuzz_read_file(path, &original_size);
    fuzz_require(original_text != NULL, "the copied voices are there");
    fuzz_write_file(path, text, length);
    tts_palette loaded;
    tts_error err;
    if (tts_palette_load(voices, &loaded, &err) == TTS_OK) {
        fuzz_require(loaded.count > 0 && loaded.narrator >= 0 &&
                         (size_t)loaded.narrator < loaded.count,
                     "a loaded palette has its narrator");
        for (size_t i = 0; i < loaded.order_count; i++)
            fuzz_require(loaded.order[i] >= 0 && (size_t)loaded.order[i] < loaded.count,
                         "the palette's order names profiles");
        tts_palette_free(&loaded);
    } else {
        fuzz_require(err.message[0] != '\0', "a refused palette says why");
    }
    fuzz_write_file(path, original_text, original_size);
    free(original_text);
}

int fuzz_cast(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    set_up();
    const char *text = (const char *)data + 1;
    switch (data[0] % 3) {
    case 0: fuzz_cast_file(text, size - 1); break;
    case 1: fuzz_voices_file("alex.ini", text, size - 1); break;
    default: fuzz_voices_file("palette.ini", text, size - 1); break;
    }
    return 0;
}
