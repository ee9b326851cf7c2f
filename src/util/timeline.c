/* timeline.c: freeing the timeline that mix builds and the rest read. */
#include "ttsread/timeline.h"

#include <stdlib.h>
#include <string.h>

void tts_timeline_free(tts_timeline *timeline)
{
    for (size_t i = 0; i < timeline->count; i++)
        free(timeline->turns[i].words);
    free(timeline->turns);
    memset(timeline, 0, sizeof *timeline);
}
