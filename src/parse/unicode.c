/* unicode.c: letter case beyond ASCII, so that names in any script read
 * right ("JOSÉ ÁLVAREZ" -> "José Álvarez", "ИВАН ПЕТРОВ" is an upper-case
 * label). ICU's character properties do the work; only this file includes ICU. */
#include "parse_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

/* The code point at text[*at] (invalid bytes read as themselves, one byte
 * each, so nothing is lost); moves *at past it. */
static UChar32 next_code_point(const char *text, size_t length, size_t *at)
{
    int32_t i = (int32_t)*at;
    UChar32 c;
    U8_NEXT((const uint8_t *)text, i, (int32_t)length, c);
    if (c < 0) {
        c = (unsigned char)text[*at];
        i = (int32_t)*at + 1;
    }
    *at = (size_t)i;
    return c;
}

/* Appends c as UTF-8; false when out of memory. */
static bool append_code_point(tts_strbuf *out, UChar32 c)
{
    uint8_t bytes[U8_MAX_LENGTH];
    int32_t n = 0;
    UBool error = false;
    U8_APPEND((uint8_t *)bytes, n, U8_MAX_LENGTH, c, error);
    return !error && tts_strbuf_append(out, (const char *)bytes, (size_t)n);
}

tts_parse_letter tts_parse_letter_at(const char *text, size_t length, size_t *bytes)
{
    size_t at = 0;
    UChar32 c = next_code_point(text, length, &at);
    *bytes = at;
    if (c < 0x80)
        return isupper(c) ? TTS_PARSE_UPPER : islower(c) ? TTS_PARSE_LOWER : TTS_PARSE_OTHER;
    if (u_isupper(c) || u_istitle(c))
        return TTS_PARSE_UPPER;
    if (u_islower(c))
        return TTS_PARSE_LOWER;
    /* Han, Arabic, Hebrew, Thai ... letters have no case. */
    return u_isalpha(c) ? TTS_PARSE_UNCASED : TTS_PARSE_OTHER;
}

bool tts_parse_has_lower(const char *text)
{
    size_t length = strlen(text);
    for (size_t at = 0; at < length;) {
        size_t bytes;
        if (tts_parse_letter_at(text + at, length - at, &bytes) == TTS_PARSE_LOWER)
            return true;
        at += bytes;
    }
    return false;
}

/* The letter without its accents: "Á" -> "A", "ñ" -> "n". Only the marks of
 * the combining diacritics block go (Latin, Greek, Cyrillic accents); the
 * vowel signs of Indic scripts are letters of the name and stay. */
static UChar32 without_accents(UChar32 c)
{
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&status);
    if (U_FAILURE(status) || nfd == NULL)
        return c;
    UChar decomposed[8];
    int32_t length = unorm2_getDecomposition(nfd, c, decomposed, 8, &status);
    if (U_FAILURE(status) || length < 2 || U16_IS_LEAD(decomposed[0]))
        return c;
    for (int32_t i = 1; i < length; i++)
        if (decomposed[i] < 0x300 || decomposed[i] > 0x36F)
            return c;
    return decomposed[0];
}

size_t tts_parse_upper_key(char *out, size_t size, const char *text, size_t length)
{
    size_t n = 0;
    for (size_t at = 0; at < length && n + 1 < size;) {
        unsigned char byte = (unsigned char)text[at];
        if (byte < 0x80) {
            out[n++] = (char)toupper(byte);
            at++;
            continue;
        }
        UChar32 c = next_code_point(text, length, &at);
        if (c == 0x2019)
            c = '\''; /* "Editor’s" and "EDITOR'S" are one key */
        if (c >= 0x300 && c <= 0x36F)
            continue; /* an accent written apart: "Jose\u0301" is "José" */
        /* "MARÍA LÓPEZ" and "Maria Lopez" are one name, written with and without accents. */
        c = u_toupper(without_accents(c));
        uint8_t bytes[U8_MAX_LENGTH];
        int32_t count = 0;
        UBool error = false;
        U8_APPEND(bytes, count, U8_MAX_LENGTH, c, error);
        if (error || n + (size_t)count + 1 > size)
            break;
        memcpy(out + n, bytes, (size_t)count);
        n += (size_t)count;
    }
    out[n] = '\0';
    return n;
}

bool tts_parse_title_case_word(tts_strbuf *out, const char *word, size_t length)
{
    bool start = true;
    size_t letters = 0;
    for (size_t at = 0; at < length;) {
        size_t from = at;
        UChar32 c = next_code_point(word, length, &at);
        if (u_isalpha(c)) {
            /* "MCCAIN" -> "McCain": a capital again after "Mc". */
            bool upper = start || (letters == 2 && length > 3 && strncmp(word, "MC", 2) == 0);
            if (!append_code_point(out, upper ? u_totitle(c) : u_tolower(c)))
                return false;
            start = false;
            letters++;
            continue;
        }
        if (!tts_strbuf_append(out, word + from, at - from))
            return false;
        /* A new part starts after a hyphen, or after "O'" / "D'" (but not in "Kyron's"). */
        start = c == '-' || (c == '\'' && from == 1);
    }
    return true;
}

char *tts_parse_lower(const char *text)
{
    size_t length = strlen(text);
    tts_strbuf out = TTS_STRBUF_INIT;
    bool ok = tts_strbuf_append(&out, "", 0);
    for (size_t at = 0; at < length && ok;)
        ok = append_code_point(&out, u_tolower(next_code_point(text, length, &at)));
    if (!ok) {
        tts_strbuf_free(&out);
        return NULL;
    }
    return tts_strbuf_detach(&out);
}

size_t tts_name_key(char *out, size_t size, const char *text, size_t length)
{
    return tts_parse_upper_key(out, size, text, length);
}

size_t tts_text_columns(const char *text)
{
    size_t columns = 0, length = strlen(text);
    for (size_t at = 0; at < length;) {
        UChar32 c = next_code_point(text, length, &at);
        int category = u_charType(c);
        if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK ||
            category == U_FORMAT_CHAR || category == U_CONTROL_CHAR)
            continue; /* combining accents and joiners take no column */
        int width = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
        columns += width == U_EA_WIDE || width == U_EA_FULLWIDTH ? 2 : 1;
    }
    return columns;
}

void tts_language_name(const char *tag, char *out, size_t size)
{
    if (size == 0)
        return;
    snprintf(out, size, "%s", tag);
    char locale[64];
    UErrorCode status = U_ZERO_ERROR;
    uloc_forLanguageTag(tag, locale, (int32_t)sizeof locale, NULL, &status);
    if (U_FAILURE(status))
        return;
    UChar name[64];
    int32_t length = uloc_getDisplayLanguage(locale, "en", name, 64, &status);
    /* ICU answers a language it does not know with the code itself */
    if (U_FAILURE(status) || status == U_USING_DEFAULT_WARNING || length <= 0 || length >= 64)
        return;
    char utf8[192];
    int32_t bytes = 0;
    u_strToUTF8(utf8, (int32_t)sizeof utf8, &bytes, name, length, &status);
    if (U_SUCCESS(status) && bytes > 0 && (size_t)bytes < size && (size_t)bytes < sizeof utf8) {
        memcpy(out, utf8, (size_t)bytes);
        out[bytes] = '\0';
    }
}
