/* parse.c: fuzzes every transcript format parser (tts_parse_input with the
 * format forced): byte 0 picks the format, the rest is the file. */
#include <stdio.h>

#include "fuzz.h"
#include "ttsread/report.h"

int fuzz_parse(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    tts_script script;
    if (!fuzz_parse_script(data + 1, size - 1, fuzz_format_of(data[0]), &script))
        return 0;
    fuzz_check_script(&script);
    static FILE *null_stream;
    if (null_stream == NULL)
        null_stream = fopen("/dev/null", "w");
    tts_error err;
    fuzz_require(tts_dump_json(null_stream, &script, NULL, NULL, &err) == TTS_OK,
                 "a parsed script prints as JSON");
    tts_script_free(&script);
    return 0;
}
