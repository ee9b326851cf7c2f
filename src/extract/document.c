/* document.c: the story document (title, language, text blocks) shared by
 * the HTML extractor and the plain-text splitter. */
#include "ttsread/extract.h"

#include <stdlib.h>
#include <string.h>

void tts_document_free(tts_document *document)
{
    for (size_t i = 0; i < document->block_count; i++)
        free(document->blocks[i].text);
    free(document->blocks);
    for (size_t i = 0; i < document->dropped_count; i++)
        free(document->dropped[i].text);
    free(document->dropped);
    free(document->title);
    free(document->lang);
    memset(document, 0, sizeof *document);
}
