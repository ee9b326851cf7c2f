/* html.c: HTML5 page -> story blocks with gumbo (placeholder until the
 * extractor lands). */
#include "ttsread/extract.h"

#include <string.h>

tts_status tts_extract_html(const char *name, const char *html, size_t length,
                            tts_document *out, tts_error *err)
{
    (void)html;
    (void)length;
    memset(out, 0, sizeof *out);
    return tts_error_set(err, TTS_ERR_PARSE, "%s: HTML input is not supported yet", name);
}
