/* web.c: addresses, e-mail, handles, hashtags and emoji, said the way people
 * say them ("npr dot org") instead of character by character. */
#include <string.h>
#include <strings.h>

#include "speak_internal.h"

#define MAX_URL_BYTES 2048
#define MAX_SPOKEN_BYTES 512
#define MAX_READ_PATH_SEGMENTS 2
#define MAX_READ_SEGMENT_BYTES 20

typedef struct phrase {
    char text[MAX_SPOKEN_BYTES];
    size_t length;
    bool overflow;
} phrase;

static void phrase_add(phrase *out, const char *text, size_t length)
{
    if (out->length + length + 1 > sizeof out->text) {
        out->overflow = true;
        return;
    }
    memcpy(out->text + out->length, text, length);
    out->length += length;
    out->text[out->length] = '\0';
}

static void phrase_word(phrase *out, const char *word)
{
    if (out->length > 0)
        phrase_add(out, " ", 1);
    phrase_add(out, word, strlen(word));
}

static bool is_host_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || tts_speak_is_digit(c) || c == '-' ||
           c == '.';
}

/* Says a host name: "www.npr.org" -> "npr dot org" (or "npr.org" without a word for dot). */
static void say_host(const speak_language *language, const char *host, size_t length,
                     phrase *out)
{
    if (length > 4 && strncasecmp(host, "www.", 4) == 0) {
        host += 4;
        length -= 4;
    }
    if (language->dot == NULL) {
        if (out->length > 0)
            phrase_add(out, " ", 1);
        phrase_add(out, host, length);
        return;
    }
    size_t start = 0;
    bool first = true;
    for (size_t i = 0; i <= length; i++) {
        if (i < length && host[i] != '.')
            continue;
        if (i > start) { /* "a..b" has an empty label: nothing to say for it */
            if (!first)
                phrase_word(out, language->dot);
            if (out->length > 0)
                phrase_add(out, " ", 1);
            phrase_add(out, host + start, i - start);
            first = false;
        }
        start = i + 1;
    }
}

/* Does host[0, length) end in a top-level domain we know, after a name of two letters or more? */
static bool ends_in_known_domain(const char *host, size_t length)
{
    size_t dot = length;
    while (dot > 0 && host[dot - 1] != '.')
        dot--;
    if (dot < 3) /* at least "ab." before it */
        return false;
    for (const char *const *tld = tts_speak_top_level_domains; *tld; tld++)
        if (strlen(*tld) == length - dot && memcmp(*tld, host + dot, length - dot) == 0)
            return true;
    return false;
}

/* A short, plain path is read ("gotime.fm/245" -> "gotime dot fm slash 245"),
 * anything with a query or a long segment is not: nobody reads those out. */
static void say_path(const speak_language *language, const char *path, size_t length,
                     phrase *out)
{
    if (language->slash == NULL || length == 0)
        return;
    size_t segments = 0, segment_length = 0;
    for (size_t i = 1; i < length; i++) {
        unsigned char c = (unsigned char)path[i];
        if (c == '/') {
            segment_length = 0;
            continue;
        }
        if (!tts_speak_is_alnum(c) && c != '-')
            return;
        if (segment_length++ == 0)
            segments++;
        if (segment_length > MAX_READ_SEGMENT_BYTES || c >= 0x80)
            return;
    }
    if (segments == 0 || segments > MAX_READ_PATH_SEGMENTS)
        return;
    for (size_t i = 0; i < length;) {
        size_t next = i + 1;
        while (next < length && path[next] != '/')
            next++;
        if (next > i + 1) {
            phrase_word(out, language->slash);
            phrase_add(out, " ", 1);
            phrase_add(out, path + i + 1, next - i - 1);
        }
        i = next;
    }
}

/* Where a URL token ends: at a space or a mark that cannot be in it. The end
 * does not depend on where the token starts, so it is found once per token. */
static size_t url_token_end(rewriter *r, size_t at, size_t end)
{
    if (at >= r->token_start && at < r->token_end)
        return r->token_end;
    size_t limit = at + MAX_URL_BYTES < end ? at + MAX_URL_BYTES : end;
    size_t i = at;
    while (i < limit) {
        unsigned char c = (unsigned char)r->text[i];
        if (tts_speak_is_space(c) || c >= 0x80 || strchr("<>\"|)]}`", c) != NULL)
            break;
        i++;
    }
    r->token_start = at;
    r->token_end = i;
    return i;
}

static size_t trim_trailing_marks(const char *text, size_t at, size_t end)
{
    while (end > at && strchr(".,;:!?'*", text[end - 1]) != NULL)
        end--;
    return end;
}

static size_t say_phrase(rewriter *r, size_t at, size_t length, const phrase *spoken)
{
    if (spoken->overflow)
        return 0;
    tts_builder_say(&r->out, at, length, spoken->text);
    return length;
}

/* "https://www.npr.org/sections/news?x=1" -> "npr dot org". */
static size_t url(rewriter *r, size_t at, size_t end)
{
    const char *text = r->text;
    size_t host = at;
    static const char *const schemes[] = {"https://", "http://", "ftp://"};
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
        if (end - at > strlen(schemes[i]) && strncasecmp(text + at, schemes[i], strlen(schemes[i])) == 0)
            host = at + strlen(schemes[i]);
    if (host == at && !(end - at > 4 && strncasecmp(text + at, "www.", 4) == 0))
        return 0;
    size_t token_end = trim_trailing_marks(text, at, url_token_end(r, at, end));
    size_t host_end = host;
    while (host_end < token_end && is_host_byte((unsigned char)text[host_end]))
        host_end++;
    while (host_end > host && text[host_end - 1] == '.')
        host_end--;
    if (host_end == host) { /* "http://" and no host: nothing worth saying */
        tts_builder_space(&r->out, at, token_end - at);
        return token_end - at;
    }
    size_t port_end = host_end;
    if (port_end < token_end && text[port_end] == ':')
        while (++port_end < token_end && tts_speak_is_digit((unsigned char)text[port_end]))
            ;
    phrase spoken = {0};
    say_host(r->language, text + host, host_end - host, &spoken);
    if (port_end == token_end || text[port_end] == '/')
        say_path(r->language, text + port_end, token_end - port_end, &spoken);
    return say_phrase(r, at, token_end - at, &spoken);
}

static bool is_local_byte(unsigned char c)
{
    return is_host_byte(c) || c == '_' || c == '+' || c == '%';
}

/* "planetmoney@npr.org" -> "planetmoney at npr dot org". */
static size_t email(rewriter *r, size_t at, size_t end)
{
    const char *text = r->text;
    size_t i = at;
    while (i < end && i - at < MAX_URL_BYTES && is_local_byte((unsigned char)text[i]))
        i++;
    if (i == at || i >= end || text[i] != '@' || r->language->at == NULL)
        return 0;
    size_t local_end = i++, host = i;
    while (i < end && i - at < MAX_URL_BYTES && is_host_byte((unsigned char)text[i]))
        i++;
    while (i > host && (text[i - 1] == '.' || text[i - 1] == '-'))
        i--;
    if (memchr(text + host, '.', i - host) == NULL || (i < end && tts_speak_is_alnum((unsigned char)text[i])))
        return 0;
    phrase spoken = {0};
    size_t start = at;
    for (size_t k = at; k <= local_end; k++) {
        if (k < local_end && text[k] != '.' && text[k] != '_')
            continue;
        if (k > start) {
            if (spoken.length > 0)
                phrase_add(&spoken, " ", 1);
            phrase_add(&spoken, text + start, k - start);
        }
        if (k < local_end)
            phrase_word(&spoken, text[k] == '.' ? r->language->dot : r->language->underscore);
        start = k + 1;
    }
    phrase_word(&spoken, r->language->at);
    say_host(r->language, text + host, i - host, &spoken);
    return say_phrase(r, at, i - at, &spoken);
}

/* "tippin.me", "NPR.org/news": a bare host name ending in a known domain. */
static size_t bare_host(rewriter *r, size_t at, size_t end)
{
    const char *text = r->text;
    size_t i = at;
    while (i < end && i - at < MAX_URL_BYTES && is_host_byte((unsigned char)text[i]))
        i++;
    size_t host_end = i;
    while (host_end > at && (text[host_end - 1] == '.' || text[host_end - 1] == '-'))
        host_end--;
    if (memchr(text + at, '.', host_end - at) == NULL || !ends_in_known_domain(text + at, host_end - at))
        return 0;
    if (host_end < end && (tts_speak_is_alnum((unsigned char)text[host_end]) || text[host_end] == '@'))
        return 0;
    size_t token_end = host_end;
    if (host_end < end && text[host_end] == '/')
        token_end = trim_trailing_marks(text, at, url_token_end(r, host_end, end));
    phrase spoken = {0};
    say_host(r->language, text + at, host_end - at, &spoken);
    say_path(r->language, text + host_end, token_end - host_end, &spoken);
    return say_phrase(r, at, token_end - at, &spoken);
}

size_t tts_rule_web(rewriter *r, size_t at, size_t end)
{
    size_t used = url(r, at, end);
    if (used == 0)
        used = email(r, at, end);
    if (used == 0 && r->language->dot != NULL)
        used = bare_host(r, at, end);
    return used;
}

/* "@nickfountain" -> "at nickfountain"; "#192" -> "number 192"; "#tbt" -> "hashtag tbt". */
size_t tts_rule_handle(rewriter *r, size_t at, size_t end)
{
    const char *text = r->text;
    const speak_language *language = r->language;
    if (!tts_speak_word_start(r, at) || at + 1 >= end)
        return 0;
    unsigned char next = (unsigned char)text[at + 1];
    if (text[at] == '#') {
        if (next == ' ' && (at == 0 || text[at - 1] == '\n')) {
            tts_builder_space(&r->out, at, 1); /* a markdown heading */
            return 1;
        }
        const char *word = tts_speak_is_digit(next) ? language->number_sign
                                                : tts_speak_is_alnum(next) ? language->hashtag : NULL;
        if (word == NULL)
            return 0;
        tts_builder_say(&r->out, at, 1, word);
        tts_builder_space(&r->out, at + 1, 0);
        return 1;
    }
    size_t i = at + 1;
    while (i < end && i - at < 64 &&
           (tts_speak_is_alnum((unsigned char)text[i]) || text[i] == '_') && (unsigned char)text[i] < 0x80)
        i++;
    if (i == at + 1 || language->at == NULL || (i < end && text[i] == '@'))
        return 0;
    phrase spoken = {0};
    phrase_word(&spoken, language->at);
    size_t start = at + 1;
    for (size_t k = at + 1; k <= i; k++) {
        if (k < i && text[k] != '_')
            continue;
        if (k > start) {
            phrase_add(&spoken, " ", 1);
            phrase_add(&spoken, text + start, k - start);
        }
        if (k < i && language->underscore != NULL)
            phrase_word(&spoken, language->underscore);
        start = k + 1;
    }
    return say_phrase(r, at, i - at, &spoken);
}

static unsigned long decode_utf8(const char *text, size_t at, size_t end, size_t *length)
{
    unsigned char c = (unsigned char)text[at];
    size_t count = tts_speak_utf8_length(text, at, end);
    if (count == 1) {
        *length = 1;
        return c;
    }
    unsigned long value = c & (0x7f >> count);
    for (size_t i = 1; i < count; i++)
        value = (value << 6) | ((unsigned char)text[at + i] & 0x3f);
    *length = count;
    return value;
}

static bool is_emoji(unsigned long c)
{
    return (c >= 0x1f000 && c <= 0x1faff) || (c >= 0x2600 && c <= 0x27bf) ||
           (c >= 0x2b00 && c <= 0x2bff) || (c >= 0x2300 && c <= 0x23ff) ||
           (c >= 0xe0020 && c <= 0xe007f);
}

/* Joiners and selectors that glue emoji into one picture. */
static bool is_emoji_glue(unsigned long c)
{
    return c == 0x200d || c == 0xfe0f || c == 0xfe0e || c == 0x20e3;
}

size_t tts_rule_emoji(rewriter *r, size_t at, size_t end)
{
    size_t length, i = at;
    unsigned long c = decode_utf8(r->text, at, end, &length);
    if (!is_emoji(c) && !is_emoji_glue(c))
        return 0;
    while (i < end) {
        c = decode_utf8(r->text, i, end, &length);
        if (!is_emoji(c) && !is_emoji_glue(c))
            break;
        i += length;
    }
    if (r->options->emoji == TTS_EMOJI_NAME) {
        tts_builder_space(&r->out, at, 0);
        tts_builder_copy(&r->out, at, i - at);
        tts_builder_space(&r->out, i, 0);
    } else {
        tts_builder_space(&r->out, at, i - at);
    }
    return i - at;
}
