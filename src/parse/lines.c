/* lines.c: walks a text one line at a time, handing out a private copy of
 * each line without its "\r\n", so parsers may edit it in place. */
#include "parse_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void tts_line_reader_init(line_reader *reader, const char *text, size_t length)
{
    memset(reader, 0, sizeof *reader);
    reader->text = text;
    reader->length = length;
}

bool tts_line_reader_next(line_reader *reader)
{
    if (reader->position >= reader->length)
        return false;
    const char *start = reader->text + reader->position;
    const char *newline = memchr(start, '\n', reader->length - reader->position);
    size_t length = newline ? (size_t)(newline - start) : reader->length - reader->position;
    reader->offset = reader->position;
    reader->position += length + (newline != NULL);
    while (length > 0 && start[length - 1] == '\r')
        length--;
    reader->line.length = 0;
    /* Appending even zero bytes leaves a NUL-terminated buffer. */
    reader->failed = !tts_strbuf_append(&reader->line, start, length);
    return !reader->failed;
}

bool tts_line_is_blank(const char *line)
{
    return line[strspn(line, " \t\r\f\v")] == '\0';
}

void tts_line_reader_free(line_reader *reader)
{
    tts_strbuf_free(&reader->line);
}

bool tts_line_array_split(line_array *array, const char *text, size_t length)
{
    memset(array, 0, sizeof *array);
    size_t count = 1;
    for (size_t i = 0; i < length; i++)
        count += text[i] == '\n';
    array->text = malloc(length + 1);
    array->lines = malloc(count * sizeof *array->lines);
    array->offsets = malloc(count * sizeof *array->offsets);
    if (array->text == NULL || array->lines == NULL || array->offsets == NULL) {
        tts_line_array_free(array);
        return false;
    }
    memcpy(array->text, text, length);
    array->text[length] = '\0';
    for (size_t start = 0; start < length;) {
        char *line = array->text + start;
        char *newline = memchr(line, '\n', length - start);
        size_t line_length = newline ? (size_t)(newline - line) : length - start;
        line[line_length] = '\0';
        while (line_length > 0 && line[line_length - 1] == '\r')
            line[--line_length] = '\0';
        array->offsets[array->count] = start;
        array->lines[array->count++] = line;
        start += (newline ? (size_t)(newline - line) + 1 : length - start);
    }
    return true;
}

void tts_line_array_free(line_array *array)
{
    free(array->text);
    free(array->lines);
    free(array->offsets);
    memset(array, 0, sizeof *array);
}

bool tts_line_array_blank(const line_array *array, size_t i)
{
    return i >= array->count || tts_line_is_blank(array->lines[i]);
}

char *tts_line_trim(char *line)
{
    while (*line == ' ' || *line == '\t')
        line++;
    size_t length = strlen(line);
    while (length > 0 && isspace((unsigned char)line[length - 1]))
        line[--length] = '\0';
    return line;
}

tts_status tts_line_array_unspoken(tts_script *script, const line_array *array, const char *text,
                                   size_t length, size_t from, size_t to,
                                   tts_unspoken_reason reason, tts_error *err)
{
    if (to > array->count)
        to = array->count;
    tts_status status = TTS_OK;
    for (size_t i = from; i < to && status == TTS_OK;) {
        if (tts_line_array_blank(array, i)) {
            i++;
            continue;
        }
        size_t last = i;
        while (last + 1 < to && !tts_line_array_blank(array, last + 1))
            last++;
        size_t start = array->offsets[i];
        size_t end = last + 1 < array->count ? array->offsets[last + 1] : length;
        if (end > length)
            end = length;
        if (start < end)
            status = tts_script_add_unspoken(script, start, text + start, end - start, reason, err);
        i = last + 1;
    }
    return status;
}
