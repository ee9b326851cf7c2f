/* html.c: fuzzes HTML extraction (tts_extract_html): pages the input stage
 * would pass (UTF-8, no NUL) go through the whole HTML parser, anything else
 * through the extractor alone, which must not crash on it either. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ttsread/extract.h"
#include "ttsread/parse.h"

int fuzz_html(const uint8_t *data, size_t size)
{
    char *html = malloc(size + 1);
    fuzz_require(html != NULL, "memory for the page");
    memcpy(html, data, size);
    html[size] = '\0';
    tts_error err;
    tts_error_clear(&err);
    if (fuzz_valid_utf8(html, size) && memchr(html, '\0', size) == NULL) {
        tts_input input = {.name = "fuzz.html", .text = html, .length = size,
                           .format = TTS_FORMAT_HTML, .charset = "UTF-8"};
        tts_script script;
        if (tts_parse_input(&input, &script, &err) == TTS_OK)
            fuzz_check_script(&script);
        else
            fuzz_require(strncmp(err.message, "fuzz.html: ", 11) == 0, "an HTML error names the page");
        tts_script_free(&script);
    } else {
        tts_document document;
        if (tts_extract_html("fuzz.html", html, size, &document, &err) == TTS_OK) {
            for (size_t b = 0; b < document.block_count; b++)
                fuzz_require(document.blocks[b].text != NULL && document.blocks[b].source_offset <= size,
                             "a block has text and an offset inside the page");
            tts_document_free(&document);
        }
    }
    free(html);
    return 0;
}
