/* input.c: fuzzes charset decoding and format sniffing (tts_input_from_bytes):
 * whatever the bytes, the result is UTF-8 text, or a named error. */
#include <string.h>

#include "fuzz.h"

int fuzz_input(const uint8_t *data, size_t size)
{
    /* The name matters to sniffing: try one that says nothing and one that does. */
    static const char *const names[] = {"fuzz", "fuzz.html"};
    for (size_t n = 0; n < sizeof names / sizeof names[0]; n++) {
        tts_input input;
        tts_error err;
        tts_error_clear(&err);
        if (tts_input_from_bytes(names[n], data, size, TTS_FORMAT_AUTO, &input, &err) != TTS_OK) {
            fuzz_require(strncmp(err.message, names[n], strlen(names[n])) == 0,
                         "an input error names the input");
            continue;
        }
        fuzz_require(input.text != NULL && input.text[input.length] == '\0',
                     "decoded text is NUL-terminated");
        fuzz_require(strlen(input.text) == input.length, "decoded text holds no NUL");
        fuzz_require(fuzz_valid_utf8(input.text, input.length), "decoded text is UTF-8");
        fuzz_require(input.format > TTS_FORMAT_AUTO && input.format <= TTS_FORMAT_PLAY,
                     "a format is sniffed");
        fuzz_require(input.charset != NULL, "the charset is known");
        tts_input_free(&input);
    }
    return 0;
}
