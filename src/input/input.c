/* input.c: reads one input (file or stdin) under a size cap, refuses bytes
 * that are not text, converts the charset to UTF-8 and sniffs the format. */
#include "ttsread/input.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input/input_internal.h"
#include "util/strbuf.h"

static const char *const format_names[] = {
    [TTS_FORMAT_AUTO] = "auto",       [TTS_FORMAT_TEXT] = "text",
    [TTS_FORMAT_HTML] = "html",       [TTS_FORMAT_MARKDOWN] = "markdown",
    [TTS_FORMAT_VTT] = "vtt",         [TTS_FORMAT_SRT] = "srt",
    [TTS_FORMAT_FOUNTAIN] = "fountain", [TTS_FORMAT_PLAY] = "play",
};

const char *tts_format_name(tts_format format)
{
    if ((size_t)format >= sizeof format_names / sizeof format_names[0])
        return "unknown";
    return format_names[format];
}

int tts_format_from_name(const char *name)
{
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
        if (strcmp(name, format_names[i]) == 0)
            return (int)i;
    if (strcmp(name, "md") == 0)
        return TTS_FORMAT_MARKDOWN;
    if (strcmp(name, "txt") == 0)
        return TTS_FORMAT_TEXT;
    return -1;
}

/* Converts `length` bytes from `charset` to UTF-8 with iconv.
 * Returns false when the bytes are not valid in that charset, or when iconv
 * let through what is not UTF-8 (glibc passes sequences past U+10FFFF). */
static bool convert_to_utf8(const char *charset, const unsigned char *bytes, size_t length,
                            char **out, size_t *out_length)
{
    iconv_t converter = iconv_open("UTF-8", charset);
    if (converter == (iconv_t)-1)
        return false;
    size_t capacity = length * 4 + 16;  /* a Latin byte becomes at most 3 UTF-8 bytes */
    char *result = malloc(capacity);
    if (result == NULL) {
        iconv_close(converter);
        return false;
    }
    char *in = (char *)bytes;
    size_t in_left = length;
    char *cursor = result;
    size_t out_left = capacity - 1;
    size_t status = iconv(converter, &in, &in_left, &cursor, &out_left);
    iconv_close(converter);
    size_t converted = (size_t)(cursor - result);
    if (status == (size_t)-1 || in_left != 0 || !tts_utf8_valid(result, converted) ||
        memchr(result, '\0', converted) != NULL) { /* U+0000 from UTF-16 */
        free(result);
        return false;
    }
    *cursor = '\0';
    *out = result;
    *out_length = converted;
    return true;
}

/* Finds a charset named in an HTML page's first bytes (<meta charset=...> or
 * <meta http-equiv="Content-Type" content="...; charset=...">). This is the
 * HTML5 "prescan" in miniature: gumbo only accepts UTF-8, so the bytes must
 * be converted before it sees them and no Debian library offers the prescan. */
static bool sniff_html_charset(const unsigned char *bytes, size_t length, char *charset,
                               size_t size)
{
    size_t limit = length < 4096 ? length : 4096;
    for (size_t i = 0; i + 8 < limit; i++) {
        if (strncasecmp((const char *)bytes + i, "charset", 7) != 0)
            continue;
        size_t k = i + 7;
        while (k < limit && isspace(bytes[k]))
            k++;
        if (k >= limit || bytes[k] != '=')
            continue;
        k++;
        while (k < limit && (isspace(bytes[k]) || bytes[k] == '"' || bytes[k] == '\''))
            k++;
        size_t n = 0;
        while (k < limit && n + 1 < size && (isalnum(bytes[k]) || strchr("-_:.", bytes[k])))
            charset[n++] = (char)bytes[k++];
        charset[n] = '\0';
        if (n > 0)
            return true;
    }
    return false;
}

static bool has_extension(const char *name, const char *extension)
{
    const char *dot = strrchr(name, '.');
    return dot != NULL && strcasecmp(dot + 1, extension) == 0;
}

static bool starts_with_ci(const char *text, const char *prefix)
{
    return strncasecmp(text, prefix, strlen(prefix)) == 0;
}

/* "  MACBETH. So foul and fair ..." or "1. Witch. When shall ...": a play
 * edition that runs the speech on after the label (indented up to 8). */
static bool is_inline_play_label(const char *line, size_t length)
{
    size_t i = 0;
    while (i < length && i <= 8 && line[i] == ' ')
        i++;
    if (starts_with_ci(line + i, "SCENE") || starts_with_ci(line + i, "ACT"))
        return false;
    if (i + 3 < length && isdigit((unsigned char)line[i]) && line[i + 1] == '.' &&
        line[i + 2] == ' ' && isupper((unsigned char)line[i + 3])) {
        size_t k = i + 4;
        while (k < length && islower((unsigned char)line[k]))
            k++;
        return k + 1 < length && line[k] == '.' && line[k + 1] == ' ';
    }
    size_t letters = 0, words = 1;
    for (; i < length; i++) {
        if (isupper((unsigned char)line[i]) || line[i] == '\'' || line[i] == '-' || line[i] == '&')
            letters += isupper((unsigned char)line[i]) != 0;
        else if (line[i] == ' ' && i + 1 < length && isupper((unsigned char)line[i + 1]) &&
                 words < 4)
            words++;
        else
            break;
    }
    /* The speech may be padded into a column: "BRYON.    Dude, what if". */
    size_t speech = i + 1;
    while (speech < length && line[speech] == ' ')
        speech++;
    return letters >= 2 && speech < length && line[i] == '.' && line[i + 1] == ' ';
}

/* A plain-text (.txt) file may still be a screenplay or a play: count the
 * lines that only those have, each after a blank line: scene headings
 * ("INT. HOUSE - DAY") and speaker lines of a play ("ROMEO."), and the
 * label-and-speech lines of older play editions. */
static tts_format sniff_script_layout(const char *text)
{
    size_t scene_headings = 0, play_labels = 0, inline_labels = 0;
    bool blank_before = true;
    for (const char *line = text; *line;) {
        size_t length = strcspn(line, "\r\n");
        const char *next = line + length;
        next += *next == '\r';
        next += *next == '\n';
        size_t letters = 0, lower = 0, spaces = 0;
        for (size_t i = 0; i < length; i++) {
            letters += isalpha((unsigned char)line[i]) != 0;
            lower += islower((unsigned char)line[i]) != 0;
            spaces += isspace((unsigned char)line[i]) != 0;
        }
        bool next_blank = *next == '\0' || *next == '\n' || *next == '\r';
        /* Screenplays copied from script sites keep the page's indentation:
         * "          EXT. FISHING PIER - DAWN". */
        size_t indent = strspn(line, " \t");
        if (blank_before && indent < length &&
            (starts_with_ci(line + indent, "INT. ") || starts_with_ci(line + indent, "EXT. ")))
            scene_headings++;
        if (blank_before && !next_blank && length <= 40 && letters >= 2 && lower == 0 &&
            line[length - 1] == '.' && isupper((unsigned char)line[0]))
            play_labels++;
        inline_labels += is_inline_play_label(line, length);
        blank_before = spaces == length;
        line = next;
    }
    if (scene_headings >= 2)
        return TTS_FORMAT_FOUNTAIN;
    return play_labels >= 4 || inline_labels >= 6 ? TTS_FORMAT_PLAY : TTS_FORMAT_TEXT;
}

static tts_format sniff_format(const char *name, const char *text)
{
    static const struct {
        const char *extension;
        tts_format format;
    } by_extension[] = {
        {"html", TTS_FORMAT_HTML},     {"htm", TTS_FORMAT_HTML},
        {"xhtml", TTS_FORMAT_HTML},    {"md", TTS_FORMAT_MARKDOWN},
        {"markdown", TTS_FORMAT_MARKDOWN}, {"vtt", TTS_FORMAT_VTT},
        {"srt", TTS_FORMAT_SRT},       {"fountain", TTS_FORMAT_FOUNTAIN},
    };
    for (size_t i = 0; i < sizeof by_extension / sizeof by_extension[0]; i++)
        if (has_extension(name, by_extension[i].extension))
            return by_extension[i].format;

    while (isspace((unsigned char)*text))
        text++;
    if (strncmp(text, "WEBVTT", 6) == 0)
        return TTS_FORMAT_VTT;
    if (starts_with_ci(text, "<!doctype html") || starts_with_ci(text, "<html") ||
        starts_with_ci(text, "<?xml") || starts_with_ci(text, "<head") ||
        starts_with_ci(text, "<body") || starts_with_ci(text, "<div") ||
        starts_with_ci(text, "<p>") || starts_with_ci(text, "<!--"))
        return TTS_FORMAT_HTML;
    /* SubRip: a cue number, then "00:00:01,000 --> 00:00:02,000". */
    const char *line = text;
    while (isdigit((unsigned char)*line))
        line++;
    if (line != text && (line[0] == '\n' || (line[0] == '\r' && line[1] == '\n'))) {
        line += line[0] == '\r' ? 2 : 1;
        if (strlen(line) > 17 && isdigit((unsigned char)line[0]) && line[2] == ':' &&
            strstr(line, "-->") != NULL && strstr(line, "-->") - line < 20)
            return TTS_FORMAT_SRT;
    }
    return sniff_script_layout(text);
}

/* Browsers read a page labelled Latin-1 (or ASCII) as Windows-1252. */
static const char *browser_charset(const char *named)
{
    return strcasecmp(named, "iso-8859-1") == 0 || strcasecmp(named, "latin1") == 0 ||
                   strcasecmp(named, "us-ascii") == 0
               ? "WINDOWS-1252"
               : named;
}

static bool is_utf8_name(const char *named)
{
    return strcasecmp(named, "utf-8") == 0 || strcasecmp(named, "utf8") == 0;
}

/* Decodes raw bytes to UTF-8: BOMs first, then a charset the page names,
 * then the one its server declared, then UTF-8, then Windows-1252 (the usual
 * charset of mislabelled pages). */
static tts_status decode(const char *name, const unsigned char *bytes, size_t length,
                         tts_format forced, const char *declared, tts_input *out, tts_error *err)
{
    char *text = NULL;
    size_t text_length = 0;
    const char *charset = NULL;
    bool guessed = false; /* the bytes name no charset and are not UTF-8 */

    if (length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) ||
                        (bytes[0] == 0xFE && bytes[1] == 0xFF))) {
        charset = bytes[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        if (!convert_to_utf8(charset, bytes + 2, length - 2, &text, &text_length))
            return tts_error_set(err, TTS_ERR_ENCODING, "%s: invalid %s text", name, charset);
    } else {
        if (length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) {
            bytes += 3;
            length -= 3;
            charset = "UTF-8";
        }
        const unsigned char *nul = memchr(bytes, '\0', length);
        if (nul != NULL) {
            size_t offset = (size_t)(nul - bytes);
            /* Every other byte NUL in ASCII text: UTF-16 that lost its byte-order mark. */
            if (length >= 4 && ((bytes[0] == 0 && bytes[2] == 0) || (bytes[1] == 0 && bytes[3] == 0)))
                return tts_error_set(err, TTS_ERR_ENCODING,
                                     "%s: looks like UTF-16 without a byte-order mark; "
                                     "convert it to UTF-8 first", name);
            return tts_error_set(err, TTS_ERR_BINARY,
                                 "%s: not a text file (NUL byte at offset %zu)", name, offset);
        }
        char named[64];
        bool looks_html = forced == TTS_FORMAT_HTML ||
                          (forced == TTS_FORMAT_AUTO && memchr(bytes, '<', length < 4096 ? length : 4096));
        bool page_names_one = charset == NULL && looks_html &&
                              sniff_html_charset(bytes, length, named, sizeof named);
        if (page_names_one && !is_utf8_name(named)) {
            const char *wanted = browser_charset(named);
            if (convert_to_utf8(wanted, bytes, length, &text, &text_length))
                charset = wanted;
        }
        /* The server's word (HTTP Content-Type) counts only when the page
         * itself is silent: a page saved elsewhere keeps its own label. */
        if (text == NULL && charset == NULL && !page_names_one && declared != NULL &&
            *declared != '\0' && !is_utf8_name(declared)) {
            const char *wanted = browser_charset(declared);
            if (convert_to_utf8(wanted, bytes, length, &text, &text_length))
                charset = wanted;
        }
        if (text == NULL && convert_to_utf8("UTF-8", bytes, length, &text, &text_length))
            charset = "UTF-8";
        guessed = text == NULL;
        if (text == NULL && convert_to_utf8("WINDOWS-1252", bytes, length, &text, &text_length))
            charset = "WINDOWS-1252";
        /* 0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned in Windows-1252. */
        if (text == NULL && convert_to_utf8("ISO-8859-1", bytes, length, &text, &text_length))
            charset = "ISO-8859-1";
        if (text == NULL)
            return tts_error_set(err, TTS_ERR_ENCODING, "%s: text encoding not recognized", name);
    }

    /* Control characters other than tab, newline, carriage return and form feed
     * mean a binary file that happened to contain no NUL. */
    size_t controls = 0;
    bool only_space = true;
    for (size_t i = 0; i < text_length; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
            controls++;
        if (!isspace(c))
            only_space = false;
    }
    if (controls > 0 && controls * 100 > text_length) {
        free(text);
        return tts_error_set(err, TTS_ERR_BINARY, "%s: not a text file (%zu control bytes)",
                             name, controls);
    }
    if (text_length == 0 || only_space) {
        free(text);
        return tts_error_set(err, TTS_ERR_EMPTY, "%s: %s", name,
                             text_length == 0 ? "file is empty" : "file holds only whitespace");
    }

    out->name = tts_strndup(name, strlen(name));
    if (out->name == NULL) {
        free(text);
        return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", name);
    }
    out->text = text;
    out->length = text_length;
    out->charset = charset;
    out->charset_guessed = guessed;
    out->format = forced != TTS_FORMAT_AUTO ? forced : sniff_format(name, text);
    return TTS_OK;
}

tts_status tts_input_from_bytes(const char *name, const unsigned char *bytes, size_t length,
                                tts_format forced, tts_input *out, tts_error *err)
{
    memset(out, 0, sizeof *out);
    return decode(name, bytes, length, forced, NULL, out, err);
}

tts_status tts_input_decode_declared(const char *name, const unsigned char *bytes, size_t length,
                                     tts_format forced, const char *declared, tts_input *out,
                                     tts_error *err)
{
    memset(out, 0, sizeof *out);
    if (length == 0)
        return tts_error_set(err, TTS_ERR_EMPTY, "%s: the page is empty", name);
    return decode(name, bytes, length, forced, declared, out, err);
}

/* A file, or stdin for "-". */
static tts_status read_local(const char *path, size_t max_bytes, tts_format forced,
                             tts_input *out, tts_error *err)
{
    memset(out, 0, sizeof *out);
    bool from_stdin = strcmp(path, "-") == 0;
    const char *name = from_stdin ? "<stdin>" : path;
    int fd = from_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return tts_error_set(err, errno == ENOENT ? TTS_ERR_NOT_FOUND : TTS_ERR_IO, "%s: %s",
                             name, errno == ENOENT ? "no such file" : strerror(errno));
    struct stat info;
    if (fstat(fd, &info) == 0) {
        if (S_ISDIR(info.st_mode)) {
            close(fd);
            return tts_error_set(err, TTS_ERR_IO, "%s: is a directory", name);
        }
        if (S_ISREG(info.st_mode) && (size_t)info.st_size > max_bytes) {
            close(fd);
            return tts_error_set(err, TTS_ERR_TOO_LARGE,
                                 "%s: file is %lld bytes, over the %zu-byte limit (see --max-input)",
                                 name, (long long)info.st_size, max_bytes);
        }
    }

    tts_strbuf bytes = TTS_STRBUF_INIT;
    char chunk[65536];
    tts_status status = TTS_OK;
    for (;;) {
        ssize_t got = read(fd, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            status = tts_error_set(err, TTS_ERR_IO, "%s: read failed: %s", name, strerror(errno));
            break;
        }
        if (got == 0)
            break;
        if (bytes.length + (size_t)got > max_bytes) {
            status = tts_error_set(err, TTS_ERR_TOO_LARGE,
                                   "%s: input is over the %zu-byte limit (see --max-input)",
                                   name, max_bytes);
            break;
        }
        if (!tts_strbuf_append(&bytes, chunk, (size_t)got)) {
            status = tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", name);
            break;
        }
    }
    if (!from_stdin)
        close(fd);
    if (status == TTS_OK) {
        if (bytes.length == 0)
            status = tts_error_set(err, TTS_ERR_EMPTY, "%s: file is empty", name);
        else
            status = decode(name, (const unsigned char *)bytes.data, bytes.length, forced, NULL,
                            out, err);
    }
    tts_strbuf_free(&bytes);
    return status;
}

bool tts_input_is_url(const char *path)
{
    return strncasecmp(path, "http://", 7) == 0 || strncasecmp(path, "https://", 8) == 0;
}

tts_status tts_input_open(const char *path, size_t max_bytes, double timeout_seconds,
                          tts_format forced, tts_input *out, tts_error *err)
{
    if (tts_input_is_url(path))
        return tts_input_fetch(path, max_bytes, timeout_seconds, forced, out, err);
    return read_local(path, max_bytes, forced, out, err);
}

tts_status tts_input_read(const char *path, size_t max_bytes, tts_format forced,
                          tts_input *out, tts_error *err)
{
    return tts_input_open(path, max_bytes, TTS_INPUT_DEFAULT_TIMEOUT, forced, out, err);
}

void tts_input_free(tts_input *input)
{
    free(input->name);
    free(input->text);
    memset(input, 0, sizeof *input);
}

tts_status tts_input_list_read(const char *path, char **lines, const char ***paths, size_t *count,
                               tts_error *err)
{
    *lines = NULL;
    *paths = NULL;
    *count = 0;
    FILE *file = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (file == NULL)
        return tts_error_set(err, TTS_ERR_NOT_FOUND, "%s: %s", path, strerror(errno));
    tts_strbuf storage = TTS_STRBUF_INIT;
    char *line = NULL;
    size_t capacity = 0, total = 0;
    ssize_t length;
    bool ok = true;
    while (ok && (length = getline(&line, &capacity, file)) >= 0) {
        while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r'))
            line[--length] = '\0';
        if (length > 0) {
            ok = tts_strbuf_append(&storage, line, (size_t)length + 1);
            total++;
        }
    }
    bool failed = ferror(file) != 0;
    free(line);
    if (file != stdin)
        fclose(file);
    if (failed) {
        tts_strbuf_free(&storage);
        return tts_error_set(err, TTS_ERR_IO, "%s: cannot read the list of inputs", path);
    }
    *paths = ok ? calloc(total + 1, sizeof **paths) : NULL;
    if (*paths == NULL) {
        tts_strbuf_free(&storage);
        return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", path);
    }
    for (size_t at = 0, i = 0; i < total; at += strlen(storage.data + at) + 1)
        (*paths)[i++] = storage.data + at;
    *count = total;
    *lines = storage.data; /* the caller's now */
    return TTS_OK;
}
