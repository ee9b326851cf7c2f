/* strbuf.c: growable strings and small text helpers shared by the stages. */
#include "util/strbuf.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool strbuf_reserve(tts_strbuf *buffer, size_t extra)
{
    if (buffer->length + extra + 1 <= buffer->capacity)
        return true;
    if (extra > SIZE_MAX / 2 - buffer->length)
        return false;
    size_t capacity = buffer->capacity ? buffer->capacity : 64;
    while (capacity < buffer->length + extra + 1)
        capacity *= 2;
    char *data = realloc(buffer->data, capacity);
    if (data == NULL)
        return false;
    buffer->data = data;
    buffer->capacity = capacity;
    return true;
}

bool tts_strbuf_append(tts_strbuf *buffer, const char *text, size_t length)
{
    if (!strbuf_reserve(buffer, length))
        return false;
    if (length > 0)
        memcpy(buffer->data + buffer->length, text, length);
    buffer->length += length;
    buffer->data[buffer->length] = '\0';
    return true;
}

bool tts_strbuf_append_string(tts_strbuf *buffer, const char *text)
{
    return tts_strbuf_append(buffer, text, strlen(text));
}

bool tts_strbuf_append_char(tts_strbuf *buffer, char c)
{
    return tts_strbuf_append(buffer, &c, 1);
}

bool tts_strbuf_printf(tts_strbuf *buffer, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    va_list copy;
    va_copy(copy, args);
    int needed = vsnprintf(NULL, 0, format, copy);
    va_end(copy);
    bool ok = needed >= 0 && strbuf_reserve(buffer, (size_t)needed);
    if (ok) {
        vsnprintf(buffer->data + buffer->length, (size_t)needed + 1, format, args);
        buffer->length += (size_t)needed;
    }
    va_end(args);
    return ok;
}

char *tts_strbuf_detach(tts_strbuf *buffer)
{
    char *data = buffer->data;
    if (data == NULL)
        data = calloc(1, 1);
    buffer->data = NULL;
    buffer->length = buffer->capacity = 0;
    return data;
}

void tts_strbuf_free(tts_strbuf *buffer)
{
    free(buffer->data);
    buffer->data = NULL;
    buffer->length = buffer->capacity = 0;
}

char *tts_strndup(const char *text, size_t length)
{
    char *copy = malloc(length + 1);
    if (copy == NULL)
        return NULL;
    memcpy(copy, text, length);
    copy[length] = '\0';
    return copy;
}

char *tts_slug(const char *name)
{
    size_t length = strlen(name);
    char *slug = malloc(length + 1);
    if (slug == NULL)
        return NULL;
    size_t out = 0;
    bool dash_pending = false;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (isalnum(*p) || *p >= 0x80) {
            if (dash_pending && out > 0)
                slug[out++] = '-';
            dash_pending = false;
            slug[out++] = (char)(*p < 0x80 ? tolower(*p) : *p);
        } else if (*p != '\'' && *p != '`') {
            dash_pending = true;
        }
    }
    slug[out] = '\0';
    if (out == 0) {
        free(slug);
        slug = tts_strndup("speaker", 7);
    }
    return slug;
}

char *tts_title_case(const char *name)
{
    char *copy = tts_strndup(name, strlen(name));
    if (copy == NULL)
        return NULL;
    bool word_start = true;
    for (unsigned char *p = (unsigned char *)copy; *p; p++) {
        if (isalpha(*p)) {
            *p = (unsigned char)(word_start ? toupper(*p) : tolower(*p));
            word_start = false;
        } else {
            /* Apostrophes keep the word going ("O'Neil" is the exception we accept
             * to get "Don't" and "Kyron's" right). */
            word_start = !(*p == '\'' || *p >= 0x80 || isdigit(*p));
        }
    }
    return copy;
}

void tts_collapse_whitespace(char *text)
{
    char *out = text;
    bool space_pending = false;
    for (const char *p = text; *p; p++) {
        unsigned char c = (unsigned char)*p;
        /* U+00A0 (no-break space) counts as whitespace for reading aloud. */
        if (c == 0xC2 && (unsigned char)p[1] == 0xA0) {
            space_pending = out != text;
            p++;
            continue;
        }
        if (isspace(c)) {
            space_pending = out != text;
            continue;
        }
        if (space_pending)
            *out++ = ' ';
        space_pending = false;
        *out++ = (char)c;
    }
    *out = '\0';
}

size_t tts_utf8_count(const char *text, size_t length)
{
    size_t count = 0;
    for (size_t i = 0; i < length; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            count++;
    return count;
}

size_t tts_utf8_sequence(const char *text, size_t available)
{
    const unsigned char *p = (const unsigned char *)text;
    if (available == 0)
        return 0;
    size_t length = p[0] < 0x80 ? 1 : p[0] >= 0xC2 && p[0] <= 0xDF ? 2
                    : p[0] >= 0xE0 && p[0] <= 0xEF             ? 3
                    : p[0] >= 0xF0 && p[0] <= 0xF4             ? 4 : 0;
    if (length == 0 || length > available)
        return 0;
    for (size_t k = 1; k < length; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0) ||
        (p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90))
        return 0;
    return length;
}

bool tts_utf8_valid(const char *text, size_t length)
{
    for (size_t i = 0, step; i < length; i += step)
        if ((step = tts_utf8_sequence(text + i, length - i)) == 0)
            return false;
    return true;
}

bool tts_utf8_repair(char *text)
{
    size_t length = strlen(text), out = 0;
    for (size_t i = 0; i < length;) {
        size_t step = tts_utf8_sequence(text + i, length - i);
        if (step == 0) {
            i++;
            continue;
        }
        memmove(text + out, text + i, step);
        out += step;
        i += step;
    }
    text[out] = '\0';
    return out != length;
}
