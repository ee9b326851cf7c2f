/* support.c: what the fuzz targets share: picking a parser from a byte,
 * the invariants of a parsed script, and a private folder for files. */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ttsread/parse.h"

fuzz_target fuzz_target_named(const char *name)
{
    static const struct {
        const char *name;
        fuzz_target target;
    } targets[] = {
        {"input", fuzz_input}, {"html", fuzz_html},         {"parse", fuzz_parse},
        {"cast", fuzz_cast},   {"captions", fuzz_captions}, {"speak", fuzz_speak},
    };
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++)
        if (strcmp(targets[i].name, name) == 0)
            return targets[i].target;
    return NULL;
}

void fuzz_require(bool condition, const char *what)
{
    if (condition)
        return;
    fprintf(stderr, "fuzz invariant broken: %s\n", what);
    abort();
}

tts_format fuzz_format_of(uint8_t selector)
{
    return (tts_format)(TTS_FORMAT_TEXT + selector % (TTS_FORMAT_PLAY - TTS_FORMAT_TEXT + 1));
}

bool fuzz_parse_script(const uint8_t *data, size_t size, tts_format format, tts_script *script)
{
    tts_input input;
    tts_error err;
    tts_script_init(script);
    if (tts_input_from_bytes("fuzz", data, size, format, &input, &err) != TTS_OK)
        return false;
    fuzz_require(input.format == format, "a forced format is kept");
    tts_status status = tts_parse_input(&input, script, &err);
    tts_input_free(&input);
    if (status != TTS_OK) {
        fuzz_require(err.message[0] != '\0', "a failed parse says why");
        tts_script_free(script);
        return false;
    }
    return true;
}

bool fuzz_valid_utf8(const char *text, size_t length)
{
    const unsigned char *p = (const unsigned char *)text, *end = p + length;
    while (p < end) {
        unsigned char c = *p;
        size_t extra = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
                                     : c >= 0xF0 && c <= 0xF4 ? 3 : 4;
        if (extra == 4 || (size_t)(end - p) <= extra)
            return false;
        for (size_t k = 1; k <= extra; k++)
            if ((p[k] & 0xC0) != 0x80)
                return false;
        if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0) ||
            (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
            return false; /* overlong, surrogate, or past U+10FFFF */
        p += extra + 1;
    }
    return true;
}

static void require_text(const char *text, const char *what)
{
    fuzz_require(text != NULL, what);
    fuzz_require(fuzz_valid_utf8(text, strlen(text)), what);
}

void fuzz_check_script(const tts_script *script)
{
    fuzz_require(script->speaker_count <= TTS_SCRIPT_MAX_SPEAKERS, "at most the speaker limit");
    fuzz_require(script->turn_count <= TTS_SCRIPT_MAX_TURNS, "at most the turn limit");
    fuzz_require(script->turn_count > 0, "a parsed script has turns");
    if (script->title != NULL)
        require_text(script->title, "the title is UTF-8");
    require_text(script->lang, "the language is set, in UTF-8");
    for (size_t s = 0; s < script->speaker_count; s++) {
        const tts_speaker *speaker = &script->speakers[s];
        require_text(speaker->name, "a speaker's name is UTF-8");
        require_text(speaker->id, "a speaker's id is UTF-8");
        fuzz_require(speaker->id[0] != '\0', "a speaker's id is not empty");
        fuzz_require(strcmp(speaker->id, TTS_NARRATOR_ID) != 0, "no speaker takes the narrator's id");
        for (size_t other = 0; other < s; other++)
            fuzz_require(strcmp(script->speakers[other].id, speaker->id) != 0,
                         "speaker ids are unique");
        fuzz_require(speaker->alias_count <= TTS_SCRIPT_MAX_ALIASES, "at most the alias limit");
        for (size_t a = 0; a < speaker->alias_count; a++)
            require_text(speaker->aliases[a], "an alias is UTF-8");
        if (speaker->role != NULL)
            require_text(speaker->role, "a role is UTF-8");
    }
    for (size_t t = 0; t < script->turn_count; t++) {
        const tts_turn *turn = &script->turns[t];
        fuzz_require(turn->speaker == TTS_NARRATOR ||
                         (turn->speaker >= 0 && (size_t)turn->speaker < script->speaker_count),
                     "a turn's speaker exists");
        fuzz_require(turn->kind == TTS_TURN_TITLE || turn->kind == TTS_TURN_SPEECH ||
                         turn->kind == TTS_TURN_CUE,
                     "a turn's kind is known");
        require_text(turn->text, "a turn's text is UTF-8");
    }
    fuzz_require(script->unspoken_count <= TTS_SCRIPT_MAX_TURNS, "at most the unspoken limit");
    for (size_t u = 0; u < script->unspoken_count; u++) {
        const tts_unspoken *span = &script->unspoken[u];
        require_text(span->text, "unspoken text is UTF-8");
        fuzz_require(span->reason < TTS_UNSPOKEN_REASON_COUNT, "an unspoken reason is known");
        fuzz_require(span->length > 0 && strlen(span->text) <= span->length &&
                         strlen(span->text) <= TTS_UNSPOKEN_TEXT_MAX,
                     "unspoken text is cut, never grown");
        fuzz_require(u == 0 || script->unspoken[u - 1].offset <= span->offset,
                     "unspoken spans are in input order");
    }
}

/* ---- a private folder ---- */

static char temporary_directory[4096];

static void remove_temporary_directory(void)
{
    DIR *directory = opendir(temporary_directory);
    if (directory == NULL)
        return;
    char path[8192];
    for (struct dirent *entry; (entry = readdir(directory)) != NULL;) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", temporary_directory, entry->d_name);
        unlink(path);
    }
    closedir(directory);
    rmdir(temporary_directory);
}

const char *fuzz_temporary_directory(void)
{
    if (temporary_directory[0] != '\0')
        return temporary_directory;
    const char *base = getenv("TMPDIR");
    snprintf(temporary_directory, sizeof temporary_directory, "%s/ttsread-fuzz-XXXXXX",
             base && *base ? base : "/tmp");
    fuzz_require(mkdtemp(temporary_directory) != NULL, "a temporary folder can be made");
    atexit(remove_temporary_directory);
    return temporary_directory;
}

void fuzz_write_file(const char *path, const void *data, size_t size)
{
    FILE *file = fopen(path, "wb");
    fuzz_require(file != NULL, "a temporary file can be written");
    bool written = fwrite(data, 1, size, file) == size;
    fuzz_require(fclose(file) == 0 && written, "a temporary file can be written");
}

char *fuzz_read_file(const char *path, size_t *size)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        return NULL;
    char *data = NULL;
    size_t length = 0, capacity = 0;
    for (;;) {
        if (length + 4096 + 1 > capacity) {
            capacity = capacity ? capacity * 2 : 8192;
            char *grown = realloc(data, capacity);
            fuzz_require(grown != NULL, "memory for a file");
            data = grown;
        }
        size_t got = fread(data + length, 1, capacity - length - 1, file);
        length += got;
        if (got == 0)
            break;
    }
    fclose(file);
    data[length] = '\0';
    *size = length;
    return data;
}
