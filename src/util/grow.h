/* grow.h: the one way an array grows: doubling, with the size checked for
 * overflow, so that no stage writes its own realloc loop. */
#ifndef TTSREAD_UTIL_GROW_H
#define TTSREAD_UTIL_GROW_H

#include <stdbool.h>
#include <stddef.h>

/* Makes room for `needed` elements of `size` bytes in *array, whose room is
 * *capacity elements: doubles it (from `first`) until it fits. False, with
 * *array and *capacity unchanged, when memory runs out or the size would
 * overflow. */
bool tts_grow(void **array, size_t *capacity, size_t needed, size_t size, size_t first);

/* TTS_GROW(items, capacity, count + 1, 16): the same for any pointer lvalue. */
#define TTS_GROW(array, capacity, needed, first) \
    tts_grow((void **)&(array), &(capacity), (needed), sizeof *(array), (first))

#endif
