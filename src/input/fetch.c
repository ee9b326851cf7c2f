/* fetch.c: an http:// or https:// input, downloaded with libcurl (the only
 * file that includes it) under the same size cap as a file, a timeout, and a
 * one-line error per failure that names the URL. The bytes then go through
 * the same decoding as a file's, with the charset of the Content-Type header
 * for pages that name none. */
#include "ttsread/input.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "input/input_internal.h"
#include "util/library.h"
#include "util/signals.h"
#include "util/strbuf.h"

/* Enough for any site that moves its pages around; a loop ends here. */
#define MAX_REDIRECTS 10

/* libcurl and the two dozen libraries behind it (TLS, HTTP/2, Kerberos,
 * LDAP...) took 5 ms to load and start, a fifth of the time to the first
 * sound of `ttsread --play FILE`: it is opened here, when a URL is read,
 * not linked (the Makefile takes its compiler flags only). */
#define CURL_LIBRARY "libcurl.so.4"

typedef struct curl_functions {
    __typeof__(curl_easy_init) *easy_init;
    CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
    __typeof__(curl_easy_perform) *easy_perform;
    __typeof__(curl_easy_cleanup) *easy_cleanup;
    __typeof__(curl_easy_strerror) *easy_strerror;
} curl_functions;

static curl_functions curl_api;

/* Opens libcurl once per process; the handle stays open until exit. */
static tts_status load_curl(const char *url, tts_error *err)
{
    if (curl_api.easy_init != NULL)
        return TTS_OK;
    static const char *const names[] = {"easy_init",    "easy_setopt",  "easy_getinfo",
                                        "easy_perform", "easy_cleanup", "easy_strerror"};
    void *symbols[sizeof names / sizeof names[0]];
    char why[256];
    if (tts_library_open(CURL_LIBRARY, "curl_", names, sizeof names / sizeof names[0], symbols,
                         why, sizeof why) == NULL)
        return tts_error_set(err, TTS_ERR_IO, "%s: cannot download: %s", url, why);
    curl_api = (curl_functions){
        .easy_init = (__typeof__(curl_api.easy_init))symbols[0],
        .easy_setopt = (__typeof__(curl_api.easy_setopt))symbols[1],
        .easy_getinfo = (__typeof__(curl_api.easy_getinfo))symbols[2],
        .easy_perform = (__typeof__(curl_api.easy_perform))symbols[3],
        .easy_cleanup = (__typeof__(curl_api.easy_cleanup))symbols[4],
        .easy_strerror = (__typeof__(curl_api.easy_strerror))symbols[5],
    };
    return TTS_OK;
}

typedef struct download {
    tts_strbuf body;
    size_t max_bytes;
    bool too_large;       /* the write callback stopped the transfer at the cap */
    bool out_of_memory;
    char reason[128];     /* the last status line's reason phrase ("Not Found") */
} download;

static size_t on_body(char *data, size_t size, size_t count, void *user)
{
    download *state = user;
    size_t length = size * count;
    if (length > state->max_bytes - state->body.length) {
        state->too_large = true;
        return 0; /* anything but `length` makes curl abort with CURLE_WRITE_ERROR */
    }
    if (!tts_strbuf_append(&state->body, data, length)) {
        state->out_of_memory = true;
        return 0;
    }
    return length;
}

/* Keeps the reason phrase of each status line: curl reports the code alone,
 * and "404 Not Found" tells a user more than "404". */
static size_t on_header(char *data, size_t size, size_t count, void *user)
{
    download *state = user;
    size_t length = size * count;
    if (length > 5 && strncmp(data, "HTTP/", 5) == 0) {
        state->reason[0] = '\0';
        const char *space = memchr(data, ' ', length);            /* before the code */
        const char *end = data + length;
        if (space != NULL) {
            const char *reason = memchr(space + 1, ' ', (size_t)(end - space - 1));
            if (reason != NULL) {
                reason++;
                size_t n = (size_t)(end - reason);
                while (n > 0 && (reason[n - 1] == '\r' || reason[n - 1] == '\n'))
                    n--;
                if (n >= sizeof state->reason)
                    n = sizeof state->reason - 1;
                memcpy(state->reason, reason, n);
                state->reason[n] = '\0';
            }
        }
    }
    return length;
}

/* A signal (Ctrl-C, a batch's stop) ends the transfer at once rather than at
 * the timeout. */
static int on_progress(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    (void)user, (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    return tts_signals_pending() != 0;
}

/* HTTP/2 and later send no reason phrase: the common ones by code. */
static const char *reason_of(long code)
{
    switch (code) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
    }
}

/* "text/html; charset=\"windows-1252\"" -> mime "text/html", charset
 * "windows-1252" (empty when absent). */
static void split_content_type(const char *type, char *mime, size_t mime_size, char *charset,
                               size_t charset_size)
{
    mime[0] = charset[0] = '\0';
    if (type == NULL)
        return;
    size_t n = strcspn(type, "; \t");
    if (n >= mime_size)
        n = mime_size - 1;
    memcpy(mime, type, n);
    mime[n] = '\0';
    for (const char *at = strchr(type, ';'); at != NULL; at = strchr(at + 1, ';')) {
        const char *name = at + 1;
        while (*name == ' ' || *name == '\t')
            name++;
        if (strncasecmp(name, "charset=", 8) != 0)
            continue;
        const char *value = name + 8;
        value += *value == '"';
        size_t k = 0;
        while (k + 1 < charset_size &&
               (isalnum((unsigned char)value[k]) || strchr("-_:.", value[k]) != NULL) && value[k])
            k++;
        memcpy(charset, value, k);
        charset[k] = '\0';
        return;
    }
}

/* One message per way a download fails, each naming the URL. */
static tts_status failure(const char *url, CURLcode code, CURL *curl, const download *state,
                          const char *detail, double timeout_seconds, tts_error *err)
{
    long response = 0, os_errno = 0;
    curl_api.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
    curl_api.easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
    if (state->out_of_memory)
        return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", url);
    if (state->too_large || code == CURLE_FILESIZE_EXCEEDED)
        return tts_error_set(err, TTS_ERR_TOO_LARGE,
                             "%s: the page is over the %zu-byte limit (see --max-input)", url,
                             state->max_bytes);
    switch (code) {
    case CURLE_HTTP_RETURNED_ERROR: {
        const char *reason = state->reason[0] ? state->reason : reason_of(response);
        return tts_error_set(err, response == 404 || response == 410 ? TTS_ERR_NOT_FOUND : TTS_ERR_IO,
                             "%s: HTTP %ld%s%s", url, response, *reason ? " " : "", reason);
    }
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return tts_error_set(err, TTS_ERR_NOT_FOUND, "%s: cannot resolve the host name (DNS)", url);
    case CURLE_COULDNT_CONNECT:
        return tts_error_set(err, TTS_ERR_IO, "%s: cannot connect: %s", url,
                             os_errno == ECONNREFUSED ? "connection refused"
                             : os_errno != 0          ? strerror((int)os_errno)
                                                      : detail);
    case CURLE_OPERATION_TIMEDOUT:
        return tts_error_set(err, TTS_ERR_IO, "%s: timed out after %g s (see --timeout)", url,
                             timeout_seconds);
    case CURLE_TOO_MANY_REDIRECTS:
        return tts_error_set(err, TTS_ERR_IO, "%s: more than %d redirects", url, MAX_REDIRECTS);
    case CURLE_UNSUPPORTED_PROTOCOL:
        return tts_error_set(err, TTS_ERR_IO, "%s: redirected to a URL that is not http or https",
                             url);
    case CURLE_ABORTED_BY_CALLBACK:
        return tts_error_set(err, TTS_ERR_INTERRUPTED, "%s: interrupted", url);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        return tts_error_set(err, TTS_ERR_IO, "%s: TLS failed: %s", url, detail);
    default:
        return tts_error_set(err, TTS_ERR_IO, "%s: download failed: %s", url, detail);
    }
}

tts_status tts_input_fetch(const char *url, size_t max_bytes, double timeout_seconds,
                           tts_format forced, tts_input *out, tts_error *err)
{
    memset(out, 0, sizeof *out);
    tts_status loaded = load_curl(url, err);
    if (loaded != TTS_OK)
        return loaded;
    CURL *curl = curl_api.easy_init(); /* also initializes libcurl once per process */
    if (curl == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "%s: cannot start a download", url);
    download state = {TTS_STRBUF_INIT, max_bytes, false, false, ""};
    char detail[CURL_ERROR_SIZE] = "";
    long timeout_ms = timeout_seconds > 0 ? (long)(timeout_seconds * 1000 + 0.5) : 0;
    curl_api.easy_setopt(curl, CURLOPT_URL, url);
    curl_api.easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);
    /* No file://, ftp:// or the like behind a redirect: a page must not make
     * ttsread read a local file. */
    curl_api.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_api.easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_api.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_api.easy_setopt(curl, CURLOPT_MAXREDIRS, (long)MAX_REDIRECTS);
    curl_api.easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "gzip, deflate");
    /* A Content-Length over the cap is refused before the body comes; the
     * write callback catches the rest (no length, or compressed). */
    curl_api.easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max_bytes);
    curl_api.easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_api.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl_api.easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
    /* Signals stay ours (tts_signals_install); timeouts then rely on the
     * threaded resolver, not SIGALRM. */
    curl_api.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_api.easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_api.easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_api.easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_api.easy_setopt(curl, CURLOPT_WRITEDATA, &state);
    curl_api.easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_api.easy_setopt(curl, CURLOPT_HEADERDATA, &state);
    curl_api.easy_setopt(curl, CURLOPT_USERAGENT, "ttsread/" TTS_VERSION);

    CURLcode code = curl_api.easy_perform(curl);
    tts_status status;
    long response = 0;
    curl_api.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
    if (code != CURLE_OK || state.too_large || state.out_of_memory) {
        if (detail[0] == '\0')
            snprintf(detail, sizeof detail, "%s", curl_api.easy_strerror(code));
        status = failure(url, code, curl, &state, detail, timeout_seconds, err);
    } else if (response >= 300) { /* a redirect without a Location, or another odd answer */
        const char *reason = state.reason[0] ? state.reason : reason_of(response);
        status = tts_error_set(err, TTS_ERR_IO, "%s: HTTP %ld%s%s", url, response,
                               *reason ? " " : "", reason);
    } else {
        const char *type = NULL;
        curl_api.easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
        char mime[128], charset[64];
        split_content_type(type, mime, sizeof mime, charset, sizeof charset);
        if (forced == TTS_FORMAT_AUTO &&
            (strcasecmp(mime, "text/html") == 0 || strcasecmp(mime, "application/xhtml+xml") == 0))
            forced = TTS_FORMAT_HTML;
        status = tts_input_decode_declared(url, (const unsigned char *)state.body.data,
                                           state.body.length, forced,
                                           charset[0] ? charset : NULL, out, err);
    }
    curl_api.easy_cleanup(curl);
    tts_strbuf_free(&state.body);
    return status;
}
