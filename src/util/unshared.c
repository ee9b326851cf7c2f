/* unshared.c: anonymous mappings marked MADV_DONTFORK. The parent forks a
 * synthesis worker per turn; without this, every buffer it writes while
 * mixing was copied page by page after each fork (about 130 faults a turn). */
#include "util/unshared.h"

#include <sys/mman.h>

void *tts_unshared_alloc(size_t bytes)
{
    void *memory = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED)
        return NULL;
    if (madvise(memory, bytes, MADV_DONTFORK) != 0) {
        munmap(memory, bytes);
        return NULL;
    }
    return memory;
}

void *tts_unshared_resize(void *memory, size_t old_bytes, size_t new_bytes)
{
    if (memory == NULL)
        return tts_unshared_alloc(new_bytes);
    /* The mapping keeps its DONTFORK mark when it moves. */
    void *moved = mremap(memory, old_bytes, new_bytes, MREMAP_MAYMOVE);
    return moved == MAP_FAILED ? NULL : moved;
}

void tts_unshared_free(void *memory, size_t bytes)
{
    if (memory != NULL)
        munmap(memory, bytes);
}
