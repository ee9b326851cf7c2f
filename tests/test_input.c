/* test_input.c: decoding, refusing non-text and sniffing formats in src/input/input.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input/input_internal.h"
#include "ttsread/input.h"

static tts_status decode(const char *name, const char *bytes, size_t length, tts_input *out,
                         tts_error *err)
{
    tts_error_clear(err);
    return tts_input_from_bytes(name, (const unsigned char *)bytes, length, TTS_FORMAT_AUTO, out, err);
}

static void utf8_with_bom_loses_the_bom(void **state)
{
    (void)state;
    tts_input input;
    tts_error err;
    assert_int_equal(decode("a.txt", "\xEF\xBB\xBFHello", 8, &input, &err), TTS_OK);
    assert_string_equal(input.text, "Hello");
    assert_string_equal(input.charset, "UTF-8");
    assert_false(input.charset_guessed);
    tts_input_free(&input);
}

static void utf16_with_bom_is_converted(void **state)
{
    (void)state;
    tts_input input;
    tts_error err;
    static const char little[] = "\xFF\xFEH\0i\0 \0\xE9\0";
    assert_int_equal(decode("le.txt", little, sizeof little - 1, &input, &err), TTS_OK);
    assert_string_equal(input.text, "Hi \xC3\xA9");
    tts_input_free(&input);
    static const char big[] = "\xFE\xFF\0H\0i";
    assert_int_equal(decode("be.txt", big, sizeof big - 1, &input, &err), TTS_OK);
    assert_string_equal(input.text, "Hi");
    tts_input_free(&input);
}

static void windows_1252_is_converted(void **state)
{
    (void)state;
    tts_input input;
    tts_error err;
    /* Curly quotes (0x93 0x94) and e-acute (0xE9) are not UTF-8. */
    assert_int_equal(decode("w.txt", "\x93" "Caf\xE9\x94", 6, &input, &err), TTS_OK);
    assert_string_equal(input.text, "\xE2\x80\x9C" "Caf\xC3\xA9\xE2\x80\x9D");
    assert_string_equal(input.charset, "WINDOWS-1252");
    assert_true(input.charset_guessed); /* nothing named it: -v and the dumps say so */
    tts_input_free(&input);
    /* Plain UTF-8 is no guess. */
    assert_int_equal(decode("u.txt", "Caf\xC3\xA9", 5, &input, &err), TTS_OK);
    assert_string_equal(input.charset, "UTF-8");
    assert_false(input.charset_guessed);
    tts_input_free(&input);
}

static void html_meta_charset_is_honoured(void **state)
{
    (void)state;
    tts_input input;
    tts_error err;
    static const char page[] = "<html><head><meta charset=\"iso-8859-15\"></head><p>\xA4</p>";
    assert_int_equal(decode("p.html", page, sizeof page - 1, &input, &err), TTS_OK);
    assert_non_null(strstr(input.text, "\xE2\x82\xAC")); /* the euro sign in Latin-9 */
    assert_int_equal(input.format, TTS_FORMAT_HTML);
    assert_false(input.charset_guessed); /* the page named it */
    tts_input_free(&input);
}

/* A charset declared outside the bytes (HTTP Content-Type) decodes a page
 * that names none, loses to a <meta charset> and to a byte-order mark, and
 * is not trusted when the bytes are invalid in it. */
static void declared_charset_counts_when_the_page_names_none(void **state)
{
    (void)state;
    tts_input input;
    tts_error err;
    static const char greek[] = "<p>\xCA\xE1\xEB\xE7</p>"; /* "Καλη" in ISO-8859-7 */
    assert_int_equal(tts_input_decode_declared("http://h/g", (const unsigned char *)greek,
                                               sizeof greek - 1, TTS_FORMAT_AUTO, "ISO-8859-7",
                                               &input, &err), TTS_OK);
    assert_string_equal(input.text, "<p>\xCE\x9A\xCE\xB1\xCE\xBB\xCE\xB7</p>");
    assert_string_equal(input.charset, "ISO-8859-7");
    assert_false(input.charset_guessed); /* the server named it */
    tts_input_free(&input);
    /* The control: undeclared, the same bytes are Windows-1252 Latin letters. */
    assert_int_equal(decode("http://h/g", greek, sizeof greek - 1, &input, &err), TTS_OK);
    assert_string_equal(input.charset, "WINDOWS-1252");
    tts_input_free(&input);

    static const char meta[] = "<meta charset=\"iso-8859-15\"><p>\xA4</p>";
    assert_int_equal(tts_input_decode_declared("http://h/m", (const unsigned char *)meta,
                                               sizeof meta - 1, TTS_FORMAT_AUTO, "ISO-8859-7",
                                               &input, &err), TTS_OK);
    assert_non_null(strstr(input.text, "\xE2\x82\xAC")); /* Latin-9's euro, not Greek's */
    tts_input_free(&input);

    static const char bom[] = "\xEF\xBB\xBF<p>\xC3\xA9</p>";
    assert_int_equal(tts_input_decode_declared("http://h/b", (const unsigned char *)bom,
                                               sizeof bom - 1, TTS_FORMAT_AUTO, "ISO-8859-7",
                                               &input, &err), TTS_OK);
    assert_string_equal(input.text, "<p>\xC3\xA9</p>");
    tts_input_free(&input);

    /* A label the bytes break (0xFF is unassigned in ISO-8859-7): UTF-8, then Windows-1252. */
    static const char wrong[] = "<p>caf\xFF</p>";
    assert_int_equal(tts_input_decode_declared("http://h/w", (const unsigned char *)wrong,
                                               sizeof wrong - 1, TTS_FORMAT_AUTO, "ISO-8859-7",
                                               &input, &err), TTS_OK);
    assert_string_equal(input.charset, "WINDOWS-1252");
    assert_true(input.charset_guessed);
    tts_input_free(&input);

    assert_int_equal(tts_input_decode_declared("http://h/e", (const unsigned char *)"", 0,
                                               TTS_FORMAT_AUTO, NULL, &input, &err), TTS_ERR_EMPTY);
    assert_string_equal(err.message, "http://h/e: the page is empty");
}

static void urls_are_told_from_file_names(void **state)
{
    (void)state;
    assert_true(tts_input_is_url("http://example.org/a.html"));
    assert_true(tts_input_is_url("HTTPS://example.org"));
    assert_false(tts_input_is_url("http:/one-slash"));
    assert_false(tts_input_is_url("ftp://example.org/a.txt"));
    assert_false(tts_input_is_url("story.html"));
    assert_false(tts_input_is_url("-"));
}

static void binary_and_empty_inputs_are_refused(void **state)
{
    (void)state;
    tts_input input;
    tts_error err;
    assert_int_equal(decode("x.png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, &input, &err), TTS_ERR_BINARY);
    assert_string_equal(err.message, "x.png: not a text file (NUL byte at offset 8)");
    assert_int_equal(decode("u.txt", "H\0e\0l\0l\0o\0", 10, &input, &err), TTS_ERR_ENCODING);
    assert_non_null(strstr(err.message, "UTF-16 without a byte-order mark"));
    assert_int_equal(decode("e.txt", "", 0, &input, &err), TTS_ERR_EMPTY);
    assert_int_equal(decode("w.txt", " \n\t\r\n", 5, &input, &err), TTS_ERR_EMPTY);
    assert_string_equal(err.message, "w.txt: file holds only whitespace");
    assert_int_equal(decode("c.txt", "\x01\x02\x03\x04text", 8, &input, &err), TTS_ERR_BINARY);
}

static void files_missing_large_or_directories_are_refused(void **state)
{
    (void)state;
    tts_input input;
    tts_error err;
    tts_error_clear(&err);
    assert_int_equal(tts_input_read("/nonexistent/x.txt", 100, TTS_FORMAT_AUTO, &input, &err),
                     TTS_ERR_NOT_FOUND);
    assert_string_equal(err.message, "/nonexistent/x.txt: no such file");
    assert_int_equal(tts_input_read("/tmp", 100, TTS_FORMAT_AUTO, &input, &err), TTS_ERR_IO);
    assert_string_equal(err.message, "/tmp: is a directory");

    char path[] = "/tmp/test_input_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "0123456789ABCDEF", 16), 16);
    close(fd);
    assert_int_equal(tts_input_read(path, 10, TTS_FORMAT_AUTO, &input, &err), TTS_ERR_TOO_LARGE);
    assert_non_null(strstr(err.message, "over the 10-byte limit"));
    assert_int_equal(tts_input_read(path, 16, TTS_FORMAT_AUTO, &input, &err), TTS_OK);
    assert_int_equal(input.length, 16);
    tts_input_free(&input);
    unlink(path);
}

static void formats_are_sniffed_from_name_and_content(void **state)
{
    (void)state;
    static const struct {
        const char *name, *text;
        tts_format expected;
    } cases[] = {
        {"a.html", "plain words", TTS_FORMAT_HTML},
        {"a.md", "# Title", TTS_FORMAT_MARKDOWN},
        {"a.vtt", "x", TTS_FORMAT_VTT},
        {"a.srt", "x", TTS_FORMAT_SRT},
        {"a.fountain", "x", TTS_FORMAT_FOUNTAIN},
        {"-", "WEBVTT\n\n00:00.000 --> 00:01.000\nHi", TTS_FORMAT_VTT},
        {"-", "1\n00:00:01,000 --> 00:00:02,000\nHi", TTS_FORMAT_SRT},
        {"-", "<!DOCTYPE html><p>Hi</p>", TTS_FORMAT_HTML},
        {"-", "GREENE: Hello there.", TTS_FORMAT_TEXT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tts_input input;
        tts_error err;
        assert_int_equal(decode(cases[i].name, cases[i].text, strlen(cases[i].text), &input, &err), TTS_OK);
        if (input.format != cases[i].expected)
            fail_msg("case %zu (%s): format %s, expected %s", i, cases[i].name,
                     tts_format_name(input.format), tts_format_name(cases[i].expected));
        tts_input_free(&input);
    }
    assert_int_equal(tts_format_from_name("fountain"), TTS_FORMAT_FOUNTAIN);
    assert_int_equal(tts_format_from_name("docx"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_with_bom_loses_the_bom),
        cmocka_unit_test(utf16_with_bom_is_converted),
        cmocka_unit_test(windows_1252_is_converted),
        cmocka_unit_test(html_meta_charset_is_honoured),
        cmocka_unit_test(declared_charset_counts_when_the_page_names_none),
        cmocka_unit_test(urls_are_told_from_file_names),
        cmocka_unit_test(binary_and_empty_inputs_are_refused),
        cmocka_unit_test(files_missing_large_or_directories_are_refused),
        cmocka_unit_test(formats_are_sniffed_from_name_and_content),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
