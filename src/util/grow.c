/* grow.c: doubling growth of arrays, overflow checked. */
#include "util/grow.h"

#include <stdint.h>
#include <stdlib.h>

bool tts_grow(void **array, size_t *capacity, size_t needed, size_t size, size_t first)
{
    if (needed <= *capacity)
        return true;
    size_t wanted = *capacity ? *capacity : (first ? first : 1);
    while (wanted < needed) {
        if (wanted > SIZE_MAX / 2)
            return false;
        wanted *= 2;
    }
    if (size != 0 && wanted > SIZE_MAX / size)
        return false;
    void *grown = realloc(*array, wanted * size);
    if (grown == NULL)
        return false;
    *array = grown;
    *capacity = wanted;
    return true;
}
